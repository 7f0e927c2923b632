function Set-PsvMonitor {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Psv.MonitorStatus')]
    param(
        [Parameter(Mandatory)]
        [object] $Interval,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

        [switch] $PassThru,

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
        $config = Resolve-PsvConfigPath $ConfigPath
        $span = ConvertTo-PsvDurationArgument -Cmdlet $PSCmdlet -ParameterName Interval -Value $Interval
        $setting = 'monitor.interval={0}' -f (ConvertTo-PsvDuration $span)
        $what = if ($config) { $PsvStrings.WhatMonitorOf -f $config } else { $PsvStrings.WhatMonitor }
        if (-not $PSCmdlet.ShouldProcess($what, ($PsvStrings.ActionSet -f $setting))) { return }
        $failure = $null
        $status = Invoke-PsvCli -Arguments @('set', $setting) -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
        if ($failure) { $PSCmdlet.WriteError($failure); return }
        if ($PassThru) { ConvertTo-PsvMonitorStatus -Status $status }
    }
}
