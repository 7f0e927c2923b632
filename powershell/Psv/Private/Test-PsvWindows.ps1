function Test-PsvWindows {
    <#
    .SYNOPSIS
    True on Windows (Windows PowerShell 5.1 or PowerShell 7), false elsewhere.
    .DESCRIPTION
    One place that asks which OS this is, so tests can Mock it to walk the Windows
    code paths on Linux.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param()
    [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}
