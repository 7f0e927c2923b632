function Set-PsvTarget {
    <#
    .SYNOPSIS
    Changes the restart parameters of a running psv target.

    .DESCRIPTION
    Runs `psv set NAME key=value ...`. The change applies at once to the running
    monitor and lasts until the monitor restarts or the configuration is reloaded;
    the configuration file is not edited. Get-PsvStatus shows live changes in Overrides.
    Durations take a number of seconds (30), a psv duration (500ms, 30s, 5m, 1h30m,
    2d) or a [TimeSpan]; they are sent as psv durations. A restart script that does
    not exist is refused at once.

    .PARAMETER Name
    The target(s) to change. Accepts pipeline input by value and by property name.

    .PARAMETER Retries
    Restarts allowed within the retry window (restart.retries).

    .PARAMETER RetryWindow
    The grace window in which restarts are counted (restart.window).

    .PARAMETER RestartDelay
    Wait before each restart (restart.delay).

    .PARAMETER BackoffFactor
    Each consecutive restart waits this many times longer (restart.backoff.factor).

    .PARAMETER BackoffMax
    The longest wait the backoff may reach (restart.backoff.max).

    .PARAMETER RestartScript
    A script run before each restart (restart.script), relative to the config file's folder.

    .PARAMETER RestartScriptTimeout
    How long the restart script may run (restart.scriptTimeout).

    .PARAMETER OnRetryOver
    What to do when the retries are used up: Continue (keep restarting), Stop (give up;
    state Failed) or Failover (escalate to the cluster software).

    .PARAMETER StopTimeout
    Grace period between terminate and kill when the target is stopped (stopTimeout).

    .PARAMETER ConfigPath
    The configuration file of the monitor. Defaults to $env:PSV_CONFIG.

    .PARAMETER PassThru
    Return the new Psv.TargetStatus of each target changed.

    .EXAMPLE
    Set-PsvTarget -Name web -Retries 5 -RestartDelay 00:00:02 -OnRetryOver Continue

    Lets web restart five times, two seconds apart, and never give up.

    .EXAMPLE
    Get-PsvStatus worker* | Set-PsvTarget -StopTimeout (New-TimeSpan -Seconds 30) -PassThru

    Gives every worker 30 seconds to stop, and shows the result.

    .INPUTS
    System.String (Name and ConfigPath, by property name)

    .OUTPUTS
    Psv.TargetStatus (with -PassThru)
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Psv.TargetStatus')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

        [ValidateRange(0, [int]::MaxValue)]
        [int] $Retries,

        [object] $RetryWindow,

        [object] $RestartDelay,

        [ValidateScript({ $_ -ge 1 })]
        [double] $BackoffFactor,

        [object] $BackoffMax,

        [string] $RestartScript,

        [object] $RestartScriptTimeout,

        [ValidateSet('Continue', 'Stop', 'Failover')]
        [string] $OnRetryOver,

        [object] $StopTimeout,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

        [switch] $PassThru
    )
    begin {
        $keys = [ordered]@{
            Retries              = 'restart.retries'
            RetryWindow          = 'restart.window'
            RestartDelay         = 'restart.delay'
            BackoffFactor        = 'restart.backoff.factor'
            BackoffMax           = 'restart.backoff.max'
            RestartScript        = 'restart.script'
            RestartScriptTimeout = 'restart.scriptTimeout'
            OnRetryOver          = 'onRetryOver'
            StopTimeout          = 'stopTimeout'
        }
        $durations = 'RetryWindow', 'RestartDelay', 'BackoffMax', 'RestartScriptTimeout', 'StopTimeout'
        $settings = foreach ($parameter in $keys.Keys) {
            if (-not $PSBoundParameters.ContainsKey($parameter)) { continue }
            $value = $PSBoundParameters[$parameter]
            if ($durations -contains $parameter) { $value = ConvertTo-PsvDurationArgument -Cmdlet $PSCmdlet -ParameterName $parameter -Value $value }
            $text = if ($value -is [timespan]) { ConvertTo-PsvDuration $value }
            elseif ($value -is [double]) { $value.ToString([System.Globalization.CultureInfo]::InvariantCulture) }
            elseif ($parameter -eq 'OnRetryOver') { $value.ToLowerInvariant() }
            else { [string]$value }
            '{0}={1}' -f $keys[$parameter], $text
        }
        $settings = @($settings)
    }
    process {
        if ($settings.Count -eq 0) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.ArgumentException]::new('Nothing to change: give at least one of -Retries, -RetryWindow, -RestartDelay, -BackoffFactor, -BackoffMax, -RestartScript, -RestartScriptTimeout, -OnRetryOver, -StopTimeout.'),
                    'PsvNothingToSet', [System.Management.Automation.ErrorCategory]::InvalidArgument, $Name))
            return
        }
        $config = Resolve-PsvConfigPath $ConfigPath
        foreach ($n in $Name) {
            if (-not $PSCmdlet.ShouldProcess("psv target '$n'", "Set $($settings -join ' ')")) { continue }
            $failure = $null
            $status = Invoke-PsvCli -Arguments (@('set', $n) + $settings) -ConfigPath $config -TargetObject $n -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure); continue }
            if ($PassThru) { ConvertTo-PsvTargetStatus -Status $status }
        }
    }
}
