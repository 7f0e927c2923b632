function Get-PsvEvent {
    <#
    .SYNOPSIS
    Gets the events of the psv monitor: starts, downs, restarts, retry over, operator commands.

    .DESCRIPTION
    Runs `psv events` and returns Psv.Event objects: Time ([DateTime], local), Id (the
    stable event ID also used in the Event Log / syslog), Event (its name, e.g.
    TargetDown), Level (Information, Warning, Error), Target, Pid, Message, and every
    other field of the event. When no monitor runs, the events are read from the
    configuration's event file. With -Wait, new events stream until Ctrl+C.

    .PARAMETER Since
    Only events since this time ([DateTime]) or this long ago ([TimeSpan], or a psv
    duration such as 10m).

    .PARAMETER Target
    Only events of this target.

    .PARAMETER Level
    Only events of these levels.

    .PARAMETER Last
    At most this many past events (the newest). Default 1000.

    .PARAMETER Wait
    Keep returning new events as they happen, until Ctrl+C.

    .PARAMETER ConfigPath
    The configuration file of the monitor. Defaults to $env:PSV_CONFIG.

    .EXAMPLE
    Get-PsvEvent -Since (New-TimeSpan -Minutes 10)

    The events of the last ten minutes.

    .EXAMPLE
    Get-PsvEvent -Target web -Level Warning, Error -Since (Get-Date).Date

    Today's warnings and errors about web.

    .EXAMPLE
    Get-PsvEvent -Wait -Since 0s | Where-Object Event -eq 'TargetDown'

    Watches for targets going down, as they happen.

    .INPUTS
    None

    .OUTPUTS
    Psv.Event
    #>
    [CmdletBinding()]
    [OutputType('Psv.Event')]
    param(
        [object] $Since,

        [string] $Target,

        [ValidateSet('Information', 'Warning', 'Error')]
        [string[]] $Level,

        [ValidateRange(1, [int]::MaxValue)]
        [int] $Last = 1000,

        [switch] $Wait,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath
    )
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        $arguments = @('events', '--limit', [string]$Last)
        if ($PSBoundParameters.ContainsKey('Since')) {
            $value = $Since
            if ($value -is [string] -and $value -notmatch '^([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+$') {
                $parsed = [timespan]::Zero
                $date = [datetime]::MinValue
                if ([timespan]::TryParse($value, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$parsed)) { $value = $parsed }
                elseif ([datetime]::TryParse($value, [ref]$date)) { $value = $date }
                else {
                    $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                            [System.ArgumentException]::new("-Since '$value' is neither a time, a TimeSpan nor a psv duration such as 10m."),
                            'PsvBadSince', [System.Management.Automation.ErrorCategory]::InvalidArgument, $value))
                }
            }
            $sinceText = if ($value -is [datetime]) { $value.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture) }
            elseif ($value -is [timespan]) { ConvertTo-PsvDuration $value }
            elseif ($value -is [string]) { $value }
            else {
                $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                        [System.ArgumentException]::new("-Since takes a [DateTime] or a [TimeSpan], not a $($value.GetType().Name)."),
                        'PsvBadSince', [System.Management.Automation.ErrorCategory]::InvalidArgument, $value))
            }
            $arguments += @('--since', $sinceText)
        }
        if ($Target) { $arguments += @('--target', $Target) }
        if ($Wait) { $arguments += '--follow' }
        $failure = $null
        Invoke-PsvCli -Arguments $arguments -ConfigPath $config -TargetObject $config -JsonLines -Failure ([ref]$failure) |
            ConvertTo-PsvEvent |
            Where-Object { -not $Level -or $Level -contains $_.Level }
        if ($failure) { $PSCmdlet.WriteError($failure) }
    }
}
