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
        $message = if (@($Known).Count -gt 0) { "unknown $Noun '$n'; known ${Noun}s: $($Known -join ', ')" }
        else { "unknown $Noun '$n': the monitor$(if ($ConfigPath) { " of $ConfigPath" }) has no ${Noun}s (they are defined under ${Noun}s: in its configuration)" }
        $Cmdlet.WriteError((New-PsvErrorRecord -ExitCode 2 -Message $message -TargetObject $n -Command $Command))
    }
    foreach ($k in $Known) {
        if ($Name | Where-Object { $k -like $_ }) { $k }
    }
}
