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
        [string] $ConfigPath,

        # Runs the cmdlet on these machines (PowerShell remoting over WinRM; the Psv module
        # must be installed there). Each object gets a ComputerName property.
        [ValidateNotNullOrEmpty()]
        [string[]] $ComputerName,

        # Runs the cmdlet in these sessions (New-PSSession: WinRM or SSH).
        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.Runspaces.PSSession[]] $Session,

        # The account for -ComputerName.
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty
    )
    begin {
        $remoteNames = [System.Collections.Generic.List[string]]::new()
        $requests = [System.Collections.Generic.List[object]]::new()
    }
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            foreach ($n in $Name) { if ($n) { $remoteNames.Add($n) } }
            return
        }
        $config = Resolve-PsvConfigPath $ConfigPath
        foreach ($n in $Name) { $requests.Add([pscustomobject]@{ Name = $n; ConfigPath = $config }) }
    }
    end {
        if (Test-PsvRemote $PSBoundParameters) {
            $override = @{}
            if ($remoteNames.Count -gt 0) { $override.Name = [string[]]$remoteNames }
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Override $override -Target ($remoteNames -join ', ')
            return
        }
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
