function New-PsvExecutableError {
    <#
    .SYNOPSIS
    The ErrorRecord for "the psv executable cannot be found or run".
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [string] $Message
    )
    [System.Management.Automation.ErrorRecord]::new(
        [System.IO.FileNotFoundException]::new($Message), 'PsvExecutableNotFound',
        [System.Management.Automation.ErrorCategory]::ObjectNotFound, 'psv')
}
