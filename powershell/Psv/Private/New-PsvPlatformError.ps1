function New-PsvPlatformError {
    <#
    .SYNOPSIS
    An ErrorRecord for a cmdlet that does not apply on this operating system.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [string] $Message
    )
    [System.Management.Automation.ErrorRecord]::new(
        [System.PlatformNotSupportedException]::new($Message), 'PsvPlatformNotSupported',
        [System.Management.Automation.ErrorCategory]::NotImplemented, $null)
}
