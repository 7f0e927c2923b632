function New-PsvEventSource {
    <#
    .SYNOPSIS
    Windows only: registers an Event Log source in a log (needs elevation).
    .DESCRIPTION
    [System.Diagnostics.EventLog]::CreateEventSource works in Windows PowerShell 5.1
    and PowerShell 7 alike (New-EventLog exists only in 5.1).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $Source,

        [Parameter(Mandatory)]
        [string] $LogName
    )
    $data = [System.Diagnostics.EventSourceCreationData]::new($Source, $LogName)
    [System.Diagnostics.EventLog]::CreateEventSource($data)
}
