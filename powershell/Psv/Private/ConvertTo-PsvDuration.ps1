function ConvertTo-PsvDuration {
    <#
    .SYNOPSIS
    A [TimeSpan] as a psv duration: 2s, 1500ms, 1h30m, 0s.
    .DESCRIPTION
    Whole seconds are written with d/h/m/s parts; anything with a millisecond part is
    written in ms. Sub-millisecond ticks are rounded. Negative spans are refused.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [timespan] $TimeSpan
    )
    if ($TimeSpan -lt [timespan]::Zero) {
        throw [System.ArgumentOutOfRangeException]::new('TimeSpan', ($PsvStrings.NegativePsvDuration -f $TimeSpan))
    }
    $ms = [long][math]::Round($TimeSpan.TotalMilliseconds)
    if ($ms -eq 0) { return '0s' }
    if ($ms % 1000 -ne 0) { return "${ms}ms" }
    $seconds = [long]($ms / 1000)
    $parts = foreach ($unit in @(@('d', 86400), @('h', 3600), @('m', 60), @('s', 1))) {
        $n = [math]::Floor($seconds / $unit[1])
        if ($n -gt 0) {
            "$n$($unit[0])"
            $seconds -= $n * $unit[1]
        }
    }
    -join $parts
}
