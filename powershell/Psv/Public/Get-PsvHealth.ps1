function Get-PsvHealth {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding()]
    [OutputType('Psv.Health')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName', 'Path')]
        [string[]] $ConfigPath,

        [ValidateScript({ $_ -gt [timespan]::Zero })]
        [Nullable[timespan]] $Timeout
    )
    process {
        # Without -ConfigPath: one round for $env:PSV_CONFIG.
        foreach ($p in @(if ($ConfigPath) { $ConfigPath } else { '' })) {
            $failure = $null
            $health = Invoke-PsvHealth -ConfigPath $p -Timeout $Timeout -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure) } else { $health }
        }
    }
}
