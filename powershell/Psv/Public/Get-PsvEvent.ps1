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
    Objects piped in (Get-PsvStatus output, for one) select the monitor by their
    ConfigPath; each monitor's events are returned once, however many objects name it.

    .PARAMETER Since
    Only events since this time ([DateTime], or text such as 2024-01-31T08:00) or this
    long ago: a number of seconds (10), a psv duration (30s, 10m, 1h, 2d) or a [TimeSpan].

    .PARAMETER Target
    Only events of this target. A name that is neither in the configuration nor in
    any event is an error.

    .PARAMETER Level
    Only events of these levels (applied before -Last).

    .PARAMETER Last
    At most this many past events (the newest of those -Level and -Target select). Default 1000.

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
    begin {
        $arguments = @('events', '--limit', [string]$Last)
        if ($PSBoundParameters.ContainsKey('Since')) {
            $date = [datetime]::MinValue
            $text = [string]$Since
            # A time is a [DateTime] or text that reads as one and not as a duration (10, 2d, 00:10:00 are durations).
            $isDate = $Since -is [datetime] -or (
                $Since -isnot [timespan] -and $text -match '[-/T]' -and $text -notmatch '^[0-9.:]+$' -and
                [datetime]::TryParse($text, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AssumeLocal, [ref]$date))
            if ($isDate) {
                if ($Since -is [datetime]) { $date = $Since }
                $sinceText = $date.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)
            }
            else {
                $sinceText = ConvertTo-PsvDuration (ConvertTo-PsvDurationArgument -Cmdlet $PSCmdlet -ParameterName Since -Value $Since)
            }
            $arguments += @('--since', $sinceText)
        }
        if ($Target) { $arguments += @('--target', $Target) }
        if ($Level) { $arguments += @('--level', ($Level -join ',')) }
        if ($Wait) { $arguments += '--follow' }
        # Piped objects may name the same monitor many times: each is read once, at the end.
        $configs = [System.Collections.Generic.List[string]]::new()
    }
    process {
        $config = [string](Resolve-PsvConfigPath $ConfigPath)
        if (-not $configs.Contains($config)) { $configs.Add($config) }
    }
    end {
        foreach ($config in $configs) {
            $failure = $null
            $count = 0
            Invoke-PsvCli -Arguments $arguments -ConfigPath $config -TargetObject $config -JsonLines -Failure ([ref]$failure) |
                ConvertTo-PsvEvent |
                ForEach-Object { $count++; $_ }
            if ($failure) { $PSCmdlet.WriteError($failure); continue }
            if ($Target -and $config -and $count -eq 0) {
                # No events of a target is normal; of a name the configuration does not know, a mistake.
                $check = Invoke-PsvConfigCheck -Path $config
                if ($check.Ok -and $check.Targets -notcontains $Target) {
                    $known = $check.Targets -join ', '
                    $PSCmdlet.WriteError((New-PsvErrorRecord -ExitCode 2 -Message "unknown target '$Target'; known targets: $known" -TargetObject $Target -Command events))
                }
            }
        }
    }
}
