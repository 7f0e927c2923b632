function New-PsvWinSWConfig {
    <#
    .SYNOPSIS
    The XML configuration of the WinSW service wrapper that runs the psv monitor.
    .DESCRIPTION
    WinSW stops psv with Ctrl+C (psv then stops its targets) and kills it after the
    stop timeout. With -RestartOnFailure the Service Control Manager restarts the
    service 10 seconds after it fails, twice, then after a minute; the count resets
    after an hour without failures.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [string] $Name,

        [Parameter(Mandatory)]
        [string] $DisplayName,

        [Parameter(Mandatory)]
        [string] $Executable,

        [Parameter(Mandatory)]
        [string] $Arguments,

        [Parameter(Mandatory)]
        [string] $LogPath,

        [switch] $RestartOnFailure
    )
    $x = { param($s) [System.Security.SecurityElement]::Escape($s) }
    $lines = @(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<!-- Written by Install-PsvService (Psv PowerShell module). -->'
        '<service>'
        "  <id>$(& $x $Name)</id>"
        "  <name>$(& $x $DisplayName)</name>"
        '  <description>psv keeps the processes of this system alive and reports to the Event Log (source Psv).</description>'
        "  <executable>$(& $x $Executable)</executable>"
        "  <arguments>$(& $x $Arguments)</arguments>"
        '  <startmode>Automatic</startmode>'
        '  <stoptimeout>90 sec</stoptimeout>'
        "  <logpath>$(& $x $LogPath)</logpath>"
        '  <log mode="roll-by-size">'
        '    <sizeThreshold>10240</sizeThreshold>'
        '    <keepFiles>5</keepFiles>'
        '  </log>'
    )
    if ($RestartOnFailure) {
        $lines += @(
            '  <onfailure action="restart" delay="10 sec"/>'
            '  <onfailure action="restart" delay="10 sec"/>'
            '  <onfailure action="restart" delay="60 sec"/>'
            '  <resetfailure>1 hour</resetfailure>'
        )
    }
    else {
        $lines += '  <onfailure action="none"/>'
    }
    $lines += '</service>'
    ($lines -join "`r`n") + "`r`n"
}
