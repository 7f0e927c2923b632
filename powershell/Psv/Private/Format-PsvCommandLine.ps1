function Format-PsvCommandLine {
    <#
    .SYNOPSIS
    Joins a program and its arguments into one command line, double-quoting words with spaces.
    .DESCRIPTION
    The quoting that both systemd's ExecStart= and Windows' CommandLineToArgvW read back
    for ordinary paths (no embedded double quotes).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [string[]] $Word
    )
    ($Word | ForEach-Object { if ($_ -match '[\s"]' -or $_ -eq '') { '"' + ($_ -replace '"', '\"') + '"' } else { $_ } }) -join ' '
}
