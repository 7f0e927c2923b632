function Test-PsvEventSource {
    <#
    .SYNOPSIS
    Windows only: is the Event Log source registered?
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory)]
        [string] $Source
    )
    [System.Diagnostics.EventLog]::SourceExists($Source)
}
