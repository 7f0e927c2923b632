function Get-PsvTargetNameCompletion {
    <#
    .SYNOPSIS
    Target (or with -Group, group) names of the running monitor that start with a word, as CompletionResults.
    .DESCRIPTION
    Used by the -Name, -Target and -Group argument completers. Quietly returns nothing when no monitor
    runs, psv is missing, or anything else goes wrong: completion must never print errors.
    #>
    [CmdletBinding()]
    param(
        [AllowEmptyString()]
        [string] $WordToComplete = '',

        [AllowNull()]
        [string] $ConfigPath,

        [switch] $Group
    )
    try {
        $word = $WordToComplete.Trim('''"')
        $failure = $null
        $status = Invoke-PsvCli -Arguments @('status') -ConfigPath (Resolve-PsvConfigPath $ConfigPath) -Failure ([ref]$failure)
        if ($failure) {
            Write-Debug ($PsvStrings.NameCompletionFailed -f $failure.Exception.Message)
            return
        }
        $items = if ($Group) { @($status.groups) } else { @($status.targets) }
        foreach ($t in $items | Where-Object { $null -ne $_ }) {
            if ($t.name -like "$word*") {
                $text = if ($t.name -match '[\s''"`$;,(){}@&|<>#]') { "'" + ($t.name -replace "'", "''") + "'" } else { $t.name }
                $tip = if ($Group) { "$($t.name): $($t.state) ($($t.members -join ', '))" } else { "$($t.name): $($t.state)" }
                [System.Management.Automation.CompletionResult]::new($text, $t.name, 'ParameterValue', $tip)
            }
        }
    }
    catch {
        Write-Debug ($PsvStrings.NameCompletionFailed -f $_.Exception.Message)
    }
}
