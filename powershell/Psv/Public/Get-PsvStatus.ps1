function Get-PsvStatus {
    <#
    .SYNOPSIS
    Gets the state of the targets of the running psv monitor.

    .DESCRIPTION
    Returns one Psv.TargetStatus object per target: Name, State (Stopped, Starting,
    Running, Backoff, Stopping, Exited, Failed), Pid, Uptime ([TimeSpan]), Restarts
    (within the retry window), RetriesAllowed, RetryWindow, LastExit, Paused, Kind,
    Adopted, Overrides (live changes made with Set-PsvTarget), and ConfigPath of the
    monitor, which lets you pipe the objects into Restart-PsvTarget and friends.
    Names may contain wildcards; a name without wildcards that psv does not know is an error.

    .PARAMETER Name
    Targets to show (default: all). Wildcards are allowed.

    .PARAMETER ConfigPath
    The configuration file of the monitor to ask. Defaults to $env:PSV_CONFIG.

    .EXAMPLE
    Get-PsvStatus -ConfigPath C:\psv\psv.yaml

    Shows every target as a table.

    .EXAMPLE
    Get-PsvStatus web*, worker | Format-List *

    Shows everything psv knows about the targets named web... and worker.

    .EXAMPLE
    Get-PsvStatus | Where-Object State -eq 'Failed' | Restart-PsvTarget

    Restarts every target that psv gave up on.

    .INPUTS
    System.String (Name, by value or by property name)

    .OUTPUTS
    Psv.TargetStatus
    #>
    [CmdletBinding()]
    [OutputType('Psv.TargetStatus')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [SupportsWildcards()]
        [string[]] $Name,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath
    )
    begin {
        $names = [System.Collections.Generic.List[string]]::new()
        $config = $null
    }
    process {
        foreach ($n in $Name) { $names.Add($n) }
        if ($ConfigPath) { $config = $ConfigPath }
    }
    end {
        $config = Resolve-PsvConfigPath $config
        $patterns = @($names | Where-Object { [WildcardPattern]::ContainsWildcardCharacters($_) })
        $exact = @($names | Where-Object { -not [WildcardPattern]::ContainsWildcardCharacters($_) } | Select-Object -Unique)
        $failure = $null
        if ($patterns.Count -eq 0) {
            Get-PsvTargetStatus -Name $exact -ConfigPath $config -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure) }
            return
        }
        # Wildcards: ask for every target and filter here; exact names must still exist.
        $all = @(Get-PsvTargetStatus -ConfigPath $config -Failure ([ref]$failure))
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        foreach ($n in $exact) {
                if (-not ($all | Where-Object Name -eq $n)) {
                    $known = ($all | ForEach-Object Name) -join ', '
                    $PSCmdlet.WriteError((New-PsvErrorRecord -ExitCode 2 -Message "unknown target '$n'; known targets: $known" -TargetObject $n -Command 'status'))
                }
            }
        $all | Where-Object {
            $t = $_
            ($exact -contains $t.Name) -or ($patterns | Where-Object { $t.Name -like $_ })
        }
    }
}
