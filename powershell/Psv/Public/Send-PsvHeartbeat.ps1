function Send-PsvHeartbeat {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

        [switch] $Ready,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath
    )
    begin {
        $requests = [System.Collections.Generic.List[object]]::new()
    }
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        foreach ($n in $Name) { $requests.Add([pscustomobject]@{ Name = $n; ConfigPath = $config }) }
    }
    end {
        foreach ($batch in ($requests | Group-Object -Property ConfigPath)) {
            $names = @($batch.Group.Name | Select-Object -Unique)
            $arguments = @('heartbeat') + $names
            if ($Ready) { $arguments += '--ready' }
            $failure = $null
            $null = Invoke-PsvCli -Arguments $arguments -ConfigPath $batch.Group[0].ConfigPath -TargetObject $names -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure) }
        }
    }
}
