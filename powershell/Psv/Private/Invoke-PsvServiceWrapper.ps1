function Invoke-PsvServiceWrapper {
    <#
    .SYNOPSIS
    Windows only: runs the WinSW service wrapper (install, uninstall, start, stop, status).
    .DESCRIPTION
    WinSW reads the XML file that sits beside its exe with the same base name.
    Throws when the wrapper exits non-zero.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $WrapperPath,

        [Parameter(Mandatory)]
        [ValidateSet('install', 'uninstall', 'start', 'stop', 'status')]
        [string] $Command
    )
    Write-Verbose "$WrapperPath $Command"
    $output = & $WrapperPath $Command 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw [System.InvalidOperationException]::new(($PsvStrings.CommandFailed -f "$WrapperPath $Command", $LASTEXITCODE, ($output -join ' ')))
    }
    $output
}
