function Get-PsvEventSourceLog {
    <#
    .SYNOPSIS
    Windows only: the log an Event Log source is registered in, or '' when it is not registered.
    .DESCRIPTION
    One mockable wrapper over [System.Diagnostics.EventLog]::LogNameFromSourceName, so
    that Pester can walk the registration paths on Linux. It answers "registered?" and
    "where?" at once: a source lives in exactly one log.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [string] $Source
    )
    [System.Diagnostics.EventLog]::LogNameFromSourceName($Source, '.')
}
