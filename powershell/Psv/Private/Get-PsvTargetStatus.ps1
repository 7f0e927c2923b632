function Get-PsvTargetStatus {
    <#
    .SYNOPSIS
    Runs `psv status [NAMES] --json` and returns Psv.TargetStatus objects (a failure comes back through -Failure).
    #>
    [CmdletBinding()]
    param(
        [string[]] $Name = @(),

        [AllowNull()]
        [string] $ConfigPath,

        [Parameter(Mandatory)]
        [ref] $Failure
    )
    $target = if ($Name) { $Name } else { $ConfigPath }
    $status = Invoke-PsvCli -Arguments (@('status') + $Name) -ConfigPath $ConfigPath -TargetObject $target -Failure $Failure
    if ($null -ne $status) { ConvertTo-PsvTargetStatus -Status $status }
}
