function Set-PsvMonitor {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Psv.MonitorStatus')]
    param(
        [Parameter(Mandatory)]
        [object] $Interval,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

        [switch] $PassThru
    )
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        $span = ConvertTo-PsvDurationArgument -Cmdlet $PSCmdlet -ParameterName Interval -Value $Interval
        $setting = 'monitor.interval={0}' -f (ConvertTo-PsvDuration $span)
        $what = if ($config) { "psv monitor of $config" } else { 'psv monitor' }
        if (-not $PSCmdlet.ShouldProcess($what, "Set $setting")) { return }
        $failure = $null
        $status = Invoke-PsvCli -Arguments @('set', $setting) -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
        if ($failure) { $PSCmdlet.WriteError($failure); return }
        if ($PassThru) { ConvertTo-PsvMonitorStatus -Status $status }
    }
}
