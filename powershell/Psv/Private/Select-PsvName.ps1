function Select-PsvName {
    <#
    .SYNOPSIS
    The known names that match the asked names (exact or with wildcards), in the order psv gave them.
    .DESCRIPTION
    Nothing asked selects every known name. A name with wildcards that matches nothing
    is quietly nothing (as with Get-ChildItem); an exact name that is not known is one
    InvalidArgument error, written through -Cmdlet, that lists the known names.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowEmptyCollection()]
        [string[]] $Name = @(),

        [AllowEmptyCollection()]
        [string[]] $Known = @(),

        [Parameter(Mandatory)]
        [ValidateSet('target', 'group')]
        [string] $Noun,

        [Parameter(Mandatory)]
        [string] $Command,

        [AllowNull()]
        [string] $ConfigPath,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )
    $Known = @($Known | Where-Object { $_ })
    if (@($Name | Where-Object { $_ }).Count -eq 0) { return $Known }
    foreach ($n in $Name | Select-Object -Unique) {
        if ([WildcardPattern]::ContainsWildcardCharacters($n) -or $Known -contains $n) { continue }
        $message = if ($Noun -eq 'group') {
            if (@($Known).Count -gt 0) { $PsvStrings.UnknownGroup -f $n, ($Known -join ', ') }
            elseif ($ConfigPath) { $PsvStrings.UnknownGroupNoneOf -f $n, $ConfigPath }
            else { $PsvStrings.UnknownGroupNone -f $n }
        }
        else {
            if (@($Known).Count -gt 0) { $PsvStrings.UnknownTarget -f $n, ($Known -join ', ') }
            elseif ($ConfigPath) { $PsvStrings.UnknownTargetNoneOf -f $n, $ConfigPath }
            else { $PsvStrings.UnknownTargetNone -f $n }
        }
        $Cmdlet.WriteError((New-PsvErrorRecord -ExitCode 2 -Message $message -TargetObject $n -Command $Command))
    }
    foreach ($k in $Known) {
        if ($Name | Where-Object { $k -like $_ }) { $k }
    }
}
