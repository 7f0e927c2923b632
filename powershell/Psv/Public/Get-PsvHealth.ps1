function Get-PsvHealth {
    <#
    .SYNOPSIS
    Gets the health of a psv monitor and its targets, as a cluster's monitor sees it.

    .DESCRIPTION
    Runs `psv health` (the check that cluster software calls every few seconds) and
    returns one Psv.Health object per configuration. State is what psv health's exit
    code means:
        Healthy     0  every target that should run is running (paused ones are named)
        Degraded    6  a target or group is restarting within its retry budget
        Failed      4  a target or group is over its retries, or a failover was
                       requested (Failover says which, through which adapter)
        NotRunning  3  no monitor answers for this configuration
    The object also carries ExitCode, Message (psv's one line, in English or Japanese
    like its events), MonitorPid, Control, TargetCount, the target names by state
    (Running, Degraded, Failed, Paused, Stopped), DegradedGroups, FailedGroups,
    Failover (a Psv.FailoverInfo: Scope, Name, Reason, Via, At, or $null) and
    ConfigPath. Degraded, Failed and NotRunning are answers, not errors; an error is
    written only when the health cannot be learnt (access denied, an invalid
    configuration, psv not found). See Test-PsvHealth for $true or $false.

    .PARAMETER ConfigPath
    The configuration file(s) of the monitors to ask: one monitor per cluster package,
    so several may run on one host. Accepts pipeline input (e.g. from Get-ChildItem).
    Defaults to $env:PSV_CONFIG.

    .PARAMETER Timeout
    How long psv may wait for the monitor's answer (psv's default is 10 seconds).

    .EXAMPLE
    Get-PsvHealth -ConfigPath C:\psv\app.yaml

    Shows the state of the monitor of app.yaml and its targets.

    .EXAMPLE
    Get-ChildItem C:\psv\*.yaml | Get-PsvHealth | Where-Object State -ne 'Healthy'

    The packages on this host that are restarting, failed or not running.

    .EXAMPLE
    (Get-PsvHealth -ConfigPath /etc/psv/app.yaml).Failover

    The failover the monitor handed to the cluster software (scope, name, reason,
    adapter and time), or nothing.

    .INPUTS
    System.String (ConfigPath, by value or by property name: FullName)

    .OUTPUTS
    Psv.Health
    #>
    [CmdletBinding()]
    [OutputType('Psv.Health')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName', 'Path')]
        [string[]] $ConfigPath,

        [ValidateScript({ $_ -gt [timespan]::Zero })]
        [Nullable[timespan]] $Timeout
    )
    process {
        # Without -ConfigPath: one round for $env:PSV_CONFIG.
        foreach ($p in @(if ($ConfigPath) { $ConfigPath } else { '' })) {
            $failure = $null
            $health = Invoke-PsvHealth -ConfigPath $p -Timeout $Timeout -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure) } else { $health }
        }
    }
}
