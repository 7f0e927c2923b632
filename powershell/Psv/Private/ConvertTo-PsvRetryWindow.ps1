function ConvertTo-PsvRetryWindow {
    <#
    .SYNOPSIS
    The retry window of a target or group in psv's status JSON as a [TimeSpan].
    .DESCRIPTION
    psv sends the window both as milliseconds (windowMs) and as text (window). The
    number is read when present; a monitor older than windowMs sends only the text,
    which is parsed as a psv duration.
    #>
    [CmdletBinding()]
    [OutputType([timespan])]
    param(
        [Parameter(Mandatory)]
        [object] $Entry
    )
    if ($null -ne $Entry.windowMs) { return [timespan]::FromMilliseconds([double]$Entry.windowMs) }
    ConvertFrom-PsvDuration $Entry.window
}
