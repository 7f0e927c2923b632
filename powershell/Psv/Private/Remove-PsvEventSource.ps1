function Remove-PsvEventSource {
    <#
    .SYNOPSIS
    Windows only: unregisters an Event Log source (its past events stay in the log).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $Source
    )
    [System.Diagnostics.EventLog]::DeleteEventSource($Source)
}
