function Test-PsvHealth {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName', 'Path')]
        [string[]] $ConfigPath,

        [switch] $AllowDegraded,

        [ValidateScript({ $_ -gt [timespan]::Zero })]
        [Nullable[timespan]] $Timeout,

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
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters
            return
        }
        # Without -ConfigPath: one round for $env:PSV_CONFIG.
        foreach ($p in @(if ($ConfigPath) { $ConfigPath } else { '' })) {
            $failure = $null
            $health = Invoke-PsvHealth -ConfigPath $p -Timeout $Timeout -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure) }
            $null -ne $health -and ($health.State -eq 'Healthy' -or ($AllowDegraded -and $health.State -eq 'Degraded'))
        }
    }
}
