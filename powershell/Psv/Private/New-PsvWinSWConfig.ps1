function New-PsvWinSWConfig {
    <#
    .SYNOPSIS
    The XML configuration of the WinSW service wrapper that runs the psv monitor.
    .DESCRIPTION
    Stopping the service runs the stop command (`psv stop -c CONFIG`): psv stops its
    targets in dependency order, each within its stopTimeout, and exits; WinSW waits
    for the monitor to exit. Without a stop command WinSW would stop the process tree
    itself, and (by default in the WinSW 1.17 the module ships, and up to 2.9) kill
    psv's children, the targets, by parent process id before psv could stop them. stopparentprocessfirst and
    stoptimeout only matter where a WinSW falls back to that tree stop (WinSW 3 after
    the stop command, for what psv left behind): psv first, its children after.
    The arguments are <startargument>/<stopargument> elements, one per word, because
    WinSW appends <arguments> to the stop arguments, and the plural
    <startarguments>/<stoparguments> are unknown to WinSW 1.x. WinSW leaves a quoted
    word as it is and quotes a word with spaces, so each word is given already quoted.
    With -RestartOnFailure the Service Control Manager restarts the service 10 seconds
    after it fails, twice, then after a minute; the count resets after an hour without
    failures. Without it the failure action is none: the service stays stopped.
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
        [string[]] $StartArgument,

        [Parameter(Mandatory)]
        [string[]] $StopArgument,

        [Parameter(Mandatory)]
        [string] $LogPath,

        [ValidateSet('Automatic', 'Manual')]
        [string] $StartMode = 'Automatic',

        [switch] $RestartOnFailure
    )
    # Element text only: quotes stay readable (a quoted word is how WinSW is told not to quote it again).
    $x = { param($s) $s.Replace('&', '&amp;').Replace('<', '&lt;').Replace('>', '&gt;') }
    $lines = @(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<!-- Written by Install-PsvService (Psv PowerShell module). -->'
        '<service>'
        "  <id>$(& $x $Name)</id>"
        "  <name>$(& $x $DisplayName)</name>"
        "  <description>$(& $x $PsvStrings.ServiceDescription)</description>"
        "  <executable>$(& $x $Executable)</executable>"
    )
    $lines += foreach ($word in $StartArgument) { "  <startargument>$(& $x (Format-PsvCommandLine -Word $word))</startargument>" }
    $lines += "  <stopexecutable>$(& $x $Executable)</stopexecutable>"
    $lines += foreach ($word in $StopArgument) { "  <stopargument>$(& $x (Format-PsvCommandLine -Word $word))</stopargument>" }
    $lines += @(
        '  <stopparentprocessfirst>true</stopparentprocessfirst>'
        '  <stoptimeout>90 sec</stoptimeout>'
        "  <startmode>$StartMode</startmode>"
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
