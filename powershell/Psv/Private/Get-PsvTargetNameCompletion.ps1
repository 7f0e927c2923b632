function Get-PsvTargetNameCompletion {
    <#
    .SYNOPSIS
    Target names of the running monitor that start with a word, as CompletionResults.
    .DESCRIPTION
    Used by the -Name argument completers. Quietly returns nothing when no monitor
    runs, psv is missing, or anything else goes wrong: completion must never print errors.
    #>
    [CmdletBinding()]
    param(
        [AllowEmptyString()]
        [string] $WordToComplete = '',

        [AllowNull()]
        [string] $ConfigPath
    )
    try {
        $word = $WordToComplete.Trim('''"')
        $failure = $null
        $status = Invoke-PsvCli -Arguments @('status') -ConfigPath (Resolve-PsvConfigPath $ConfigPath) -Failure ([ref]$failure)
        if ($failure) {
            Write-Debug "psv target completion: $($failure.Exception.Message)"
            return
        }
        foreach ($t in @($status.targets)) {
            if ($t.name -like "$word*") {
                $text = if ($t.name -match '[\s''"`$;,(){}@&|<>#]') { "'" + ($t.name -replace "'", "''") + "'" } else { $t.name }
                [System.Management.Automation.CompletionResult]::new($text, $t.name, 'ParameterValue', "$($t.name): $($t.state)")
            }
        }
    }
    catch {
        Write-Debug "psv target completion: $($_.Exception.Message)"
    }
}
