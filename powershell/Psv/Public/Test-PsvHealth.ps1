function Test-PsvHealth {
    <#
    .SYNOPSIS
    Tests whether a psv monitor is healthy: $true or $false.

    .DESCRIPTION
    Runs `psv health` and returns $true when the monitor answers and every target
    that should run is running (state Healthy, exit code 0), else $false. With
    -AllowDegraded a monitor that is restarting a target within its retry budget
    (Degraded, exit code 6) counts as healthy too: that is how cluster software reads
    psv health (psv's OCF agent answers OCF_SUCCESS to both), because restarting on
    this node is psv's job and only Failed (4) or NotRunning (3) calls for failover.
    When the health cannot be learnt at all (access denied, an invalid configuration,
    psv not found) the error is written and $false is returned.
    Get-PsvHealth returns the details.

    .PARAMETER ConfigPath
    The configuration file(s) of the monitors to test. Accepts pipeline input (e.g.
    from Get-ChildItem). Defaults to $env:PSV_CONFIG.

    .PARAMETER AllowDegraded
    Count a monitor that is restarting a target within its budget as healthy.

    .PARAMETER Timeout
    How long psv may wait for the monitor's answer (psv's default is 10 seconds).

    .EXAMPLE
    Test-PsvHealth -ConfigPath C:\psv\app.yaml

    True when every target of app.yaml's monitor is running.

    .EXAMPLE
    if (-not (Test-PsvHealth -ConfigPath /etc/psv/app.yaml -AllowDegraded -Timeout 00:00:05)) { exit 1 }

    The check of a cluster's custom monitor script: fails only when psv has given
    up (over its retries, failover requested) or is not running.

    .EXAMPLE
    Get-ChildItem C:\psv\*.yaml | Where-Object { -not ($_ | Test-PsvHealth) }

    The configuration files whose monitors are not healthy.

    .INPUTS
    System.String (ConfigPath, by value or by property name: FullName)

    .OUTPUTS
    System.Boolean
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName', 'Path')]
        [string[]] $ConfigPath,

        [switch] $AllowDegraded,

        [ValidateScript({ $_ -gt [timespan]::Zero })]
        [Nullable[timespan]] $Timeout
    )
    process {
        # Without -ConfigPath: one round for $env:PSV_CONFIG.
        foreach ($p in @(if ($ConfigPath) { $ConfigPath } else { '' })) {
            $failure = $null
            $health = Invoke-PsvHealth -ConfigPath $p -Timeout $Timeout -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure) }
            $null -ne $health -and ($health.State -eq 'Healthy' -or ($AllowDegraded -and $health.State -eq 'Degraded'))
        }
    }
}
