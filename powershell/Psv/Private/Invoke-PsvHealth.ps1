function Invoke-PsvHealth {
    <#
    .SYNOPSIS
    Runs `psv health --json` for one config; returns a Psv.Health, or hands back an ErrorRecord.
    .DESCRIPTION
    An empty -ConfigPath means $env:PSV_CONFIG; with neither, the failure is PsvNoConfig.
    Exit codes 3 (not running), 4 (failed) and 6 (degraded) are answers, not errors:
    psv prints the health JSON with them. Anything else non-zero (1, 2, 5) means the
    health could not be learnt, and comes back through -Failure as psv's error.
    #>
    [CmdletBinding()]
    [OutputType('Psv.Health')]
    param(
        [AllowEmptyString()]
        [string] $ConfigPath,

        [Nullable[timespan]] $Timeout,

        [Parameter(Mandatory)]
        [ref] $Failure
    )
    $Failure.Value = $null
    $file = Resolve-PsvConfigPath $ConfigPath
    if (-not $file) {
        $Failure.Value = New-PsvNoConfigError
        return
    }
    $arguments = @('health')
    if ($null -ne $Timeout) { $arguments += @('--timeout', (ConvertTo-PsvDuration $Timeout)) }
    $failed = $null
    $json = Invoke-PsvCli -Arguments $arguments -ConfigPath $file -TargetObject $file -AcceptExitCode 3, 4, 6 -Failure ([ref]$failed)
    if ($failed) {
        $Failure.Value = $failed
        return
    }
    if ($null -eq $json -or $null -eq $json.state) {
        $Failure.Value = New-PsvErrorRecord -ExitCode 1 -Command health -TargetObject $file `
            -Message ($PsvStrings.NoHealthReport -f $file)
        return
    }
    ConvertTo-PsvHealth -Health $json -ConfigPath $file
}
