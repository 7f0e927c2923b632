function Get-PsvGroup {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding()]
    [OutputType('Psv.GroupStatus')]
    param(
        [Parameter(Position = 0, ValueFromPipeline)]
        [SupportsWildcards()]
        [string[]] $Name,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath
    )
    begin {
        $names = [System.Collections.Generic.List[string]]::new()
        $config = $null
    }
    process {
        foreach ($n in $Name) { $names.Add($n) }
        if ($ConfigPath) { $config = $ConfigPath }
    }
    end {
        $config = Resolve-PsvConfigPath $config
        $failure = $null
        $status = Invoke-PsvCli -Arguments @('status') -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        $all = @(ConvertTo-PsvGroupStatus -Status $status)
        $selected = @(Select-PsvName -Name $names -Known $all.Name -Noun group -Command status -ConfigPath $status.monitor.config -Cmdlet $PSCmdlet)
        $all | Where-Object { $selected -contains $_.Name }
    }
}
