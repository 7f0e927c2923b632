function ConvertFrom-PsvDuration {
    <#
    .SYNOPSIS
    A psv duration (24h, 1h30m, 500ms, 1.5s, or a number of seconds) as a [TimeSpan]; $null for nothing.
    #>
    [CmdletBinding()]
    [OutputType([timespan])]
    param(
        [AllowNull()]
        [object] $Value
    )
    if ($null -eq $Value -or '' -eq $Value) { return $null }
    $text = [string]$Value
    $invariant = [System.Globalization.CultureInfo]::InvariantCulture
    if ($text -match '^[0-9]+(\.[0-9]+)?$') {
        return [timespan]::FromMilliseconds([double]::Parse($text, $invariant) * 1000)
    }
    if ($text -notmatch '^([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+$') {
        throw [System.FormatException]::new("'$text' is not a psv duration (e.g. 500ms, 5s, 2m, 24h).")
    }
    $unitMs = @{ ms = 1; s = 1000; m = 60000; h = 3600000; d = 86400000 }
    $total = 0.0
    foreach ($m in [regex]::Matches($text, '([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)')) {
        $total += [double]::Parse($m.Groups[1].Value, $invariant) * $unitMs[$m.Groups[2].Value]
    }
    [timespan]::FromMilliseconds($total)
}
