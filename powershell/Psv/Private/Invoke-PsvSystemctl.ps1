function Invoke-PsvSystemctl {
    <#
    .SYNOPSIS
    Runs systemctl with the given arguments; throws when it fails.
    .DESCRIPTION
    The one place the module calls systemctl, so tests can Mock it.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromRemainingArguments)]
        [string[]] $ArgumentList
    )
    Write-Verbose "systemctl $($ArgumentList -join ' ')"
    $output = & systemctl @ArgumentList 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw [System.InvalidOperationException]::new(($PsvStrings.CommandFailed -f "systemctl $($ArgumentList -join ' ')", $LASTEXITCODE, ($output -join ' ')))
    }
}
