function ConvertFrom-PsvDuration {
    <#
    .SYNOPSIS
    The one reader of durations: a [TimeSpan], a number of seconds, or text such as 30s, 5m, 1h30m, 2d, 500ms or 00:01:30; $null for nothing.
    .DESCRIPTION
    Every duration parameter of the module goes through here, so that 30, '30s',
    (New-TimeSpan -Seconds 30) and '00:00:30' mean the same everywhere. A bare number
    typed on the command line (30, 2d, 0s: PowerShell reads these as numbers) is read
    from the text the user typed: PowerShell keeps it, and [string] returns it, so 2d
    is two days and not the decimal 2. Throws a FormatException naming -ParameterName
    for anything else, and for negative spans.
    #>
    [CmdletBinding()]
    [OutputType([timespan])]
    param(
        [AllowNull()]
        [object] $Value,

        [string] $ParameterName = 'Duration'
    )
    if ($null -eq $Value -or '' -eq $Value) { return $null }
    if ($Value -is [timespan]) { $span = $Value }
    else {
        $text = ([string]$Value).Trim()
        $invariant = [System.Globalization.CultureInfo]::InvariantCulture
        $span = $null
        $parsed = [timespan]::Zero
        if ($text -match '^[0-9]+(\.[0-9]+)?$') {
            $span = [timespan]::FromMilliseconds([double]::Parse($text, $invariant) * 1000)
        }
        elseif ($text -match '^([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+$') {
            $unitMs = @{ ms = 1; s = 1000; m = 60000; h = 3600000; d = 86400000 }
            $total = 0.0
            foreach ($m in [regex]::Matches($text, '([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)')) {
                $total += [double]::Parse($m.Groups[1].Value, $invariant) * $unitMs[$m.Groups[2].Value]
            }
            $span = [timespan]::FromMilliseconds($total)
        }
        elseif ($text -match ':' -and [timespan]::TryParse($text, $invariant, [ref]$parsed)) {
            $span = $parsed
        }
        if ($null -eq $span) {
            throw [System.FormatException]::new(($PsvStrings.NotADuration -f $ParameterName, $text))
        }
    }
    if ($span -lt [timespan]::Zero) {
        throw [System.FormatException]::new(($PsvStrings.NegativeDuration -f $ParameterName, $span))
    }
    $span
}
