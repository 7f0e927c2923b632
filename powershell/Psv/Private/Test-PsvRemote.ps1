function Test-PsvRemote {
    <#
    .SYNOPSIS
    Whether a cmdlet was asked to run on other machines (-ComputerName or -Session).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Parameters)
    $Parameters.Keys -contains 'ComputerName' -or $Parameters.Keys -contains 'Session'
}
