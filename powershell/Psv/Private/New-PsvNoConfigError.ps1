function New-PsvNoConfigError {
    <#
    .SYNOPSIS
    The ErrorRecord for "which configuration?": neither -ConfigPath nor $env:PSV_CONFIG names one.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param()
    [System.Management.Automation.ErrorRecord]::new(
        [System.ArgumentException]::new($PsvStrings.NoConfig),
        'PsvNoConfig', [System.Management.Automation.ErrorCategory]::InvalidArgument, $null)
}
