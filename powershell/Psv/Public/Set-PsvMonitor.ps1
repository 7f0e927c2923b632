function Set-PsvMonitor {
    <#
    .SYNOPSIS
    Changes monitor-wide settings of the running psv monitor.

    .DESCRIPTION
    Runs `psv set monitor.interval=...`. The change lasts until the monitor restarts or
    the configuration is reloaded; the configuration file is not edited.

    .PARAMETER Interval
    How often the monitor polls what it cannot watch by events (monitor.interval):
    a number of seconds, a psv duration (500ms, 2s) or a [TimeSpan].

    .PARAMETER ConfigPath
    The configuration file of the monitor. Defaults to $env:PSV_CONFIG.

    .PARAMETER PassThru
    Return the monitor's new Psv.MonitorStatus.

    .EXAMPLE
    Set-PsvMonitor -Interval 00:00:02 -PassThru

    Polls every two seconds and shows the monitor's settings.

    .INPUTS
    System.String (ConfigPath, by property name)

    .OUTPUTS
    Psv.MonitorStatus (with -PassThru)
    #>
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
