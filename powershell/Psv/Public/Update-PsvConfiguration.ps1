function Update-PsvConfiguration {
    <#
    .SYNOPSIS
    Makes the running psv monitor re-read its configuration file.

    .DESCRIPTION
    Runs `psv reload`: the monitor reads its file again and applies only the
    difference (added targets start, removed ones stop, changed ones restart with the
    new settings, the others are untouched). A file with problems is rejected and the
    running configuration kept; each problem is then written as an error with its
    file, line and column. Returns a Psv.ReloadResult (Added, Removed, Changed, Unchanged).

    .PARAMETER ConfigPath
    The configuration file of the monitor. Defaults to $env:PSV_CONFIG.

    .EXAMPLE
    Update-PsvConfiguration -ConfigPath C:\psv\psv.yaml

    Applies the edited file and lists what changed.

    .EXAMPLE
    if (Test-PsvConfig ./psv.yaml -Quiet) { Update-PsvConfiguration ./psv.yaml }

    Reloads only a file that passes the check.

    .INPUTS
    System.String (ConfigPath, by value or by property name)

    .OUTPUTS
    Psv.ReloadResult
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Psv.ReloadResult')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $ConfigPath
    )
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        $what = if ($config) { "psv monitor of $config" } else { 'psv monitor' }
        if (-not $PSCmdlet.ShouldProcess($what, 'Reload the configuration')) { return }
        $failure = $null
        $r = Invoke-PsvCli -Arguments @('reload') -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
        if ($failure) {
            $problems = @()
            if ($failure.Exception.Data['PsvExitCode'] -eq 2 -and $config) {
                # The monitor rejected the file and kept the old one: report each problem with its position.
                $problems = @((Invoke-PsvConfigCheck -Path $config).Problems)
            }
            if ($problems.Count -gt 0) {
                Write-Warning "The psv monitor rejected $config and keeps running with its previous configuration."
                foreach ($p in $problems) { $PSCmdlet.WriteError($p) }
            }
            else {
                $PSCmdlet.WriteError($failure)
            }
            return
        }
        [pscustomobject]@{
            PSTypeName = 'Psv.ReloadResult'
            Added      = [string[]]@($r.added)
            Removed    = [string[]]@($r.removed)
            Changed    = [string[]]@($r.changed)
            Unchanged  = [string[]]@($r.unchanged)
            ConfigPath = $config
        }
    }
}
