function Get-PsvGroup {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding()]
    [OutputType('Psv.GroupStatus')]
    param(
        [Parameter(Position = 0, ValueFromPipeline)]
        [SupportsWildcards()]
        [string[]] $Name,

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
        $names = [System.Collections.Generic.List[string]]::new()
        $config = $null
    }
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            foreach ($n in $Name) { if ($n) { $remoteNames.Add($n) } }
            return
        }
        foreach ($n in $Name) { $names.Add($n) }
        if ($ConfigPath) { $config = $ConfigPath }
    }
    end {
        if (Test-PsvRemote $PSBoundParameters) {
            $override = @{}
            if ($remoteNames.Count -gt 0) { $override.Name = [string[]]$remoteNames }
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Override $override -Target ($remoteNames -join ', ')
            return
        }
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
