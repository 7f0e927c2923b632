function Get-PsvIncidentIdCompletion {
    <#
    .SYNOPSIS
    The incident IDs of a configuration that start with a word, newest first, as CompletionResults.
    .DESCRIPTION
    Used by the -Id completers of Get-PsvIncident and Export-PsvIncident, so that Tab
    offers incident IDs and not file names. Quietly returns nothing when psv is missing,
    no configuration is known, or anything else goes wrong: completion must never print errors.
    #>
    [CmdletBinding()]
    param(
        [AllowEmptyString()]
        [string] $WordToComplete = '',

        [AllowNull()]
        [string] $ConfigPath
    )
    try {
        $config = Resolve-PsvConfigPath $ConfigPath
        if (-not $config) { return }
        $word = $WordToComplete.Trim('''"')
        $failure = $null
        $entries = @(Invoke-PsvCli -Arguments @('incidents') -ConfigPath $config -Failure ([ref]$failure) | Where-Object { $null -ne $_ })
        if ($failure) {
            Write-Debug ($PsvStrings.IncidentCompletionFailed -f $failure.Exception.Message)
            return
        }
        [array]::Reverse($entries)
        foreach ($e in $entries) {
            if ($e.id -like "$word*") {
                [System.Management.Automation.CompletionResult]::new($e.id, $e.id, 'ParameterValue', "$($e.target): $($e.reason) ($($e.time))")
            }
        }
    }
    catch {
        Write-Debug ($PsvStrings.IncidentCompletionFailed -f $_.Exception.Message)
    }
}
