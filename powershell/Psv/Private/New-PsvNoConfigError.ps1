function New-PsvNoConfigError {
    <#
    .SYNOPSIS
    The ErrorRecord for "which configuration?": neither -ConfigPath nor $env:PSV_CONFIG names one.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param()
    [System.Management.Automation.ErrorRecord]::new(
        [System.ArgumentException]::new('Which configuration? Give -ConfigPath FILE or set $env:PSV_CONFIG.'),
        'PsvNoConfig', [System.Management.Automation.ErrorCategory]::InvalidArgument, $null)
}
