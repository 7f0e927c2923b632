function Get-PsvIncident {
    <#
    .SYNOPSIS
    Gets the failure incidents psv recorded: what failed, when, why, and the evidence kept.

    .DESCRIPTION
    Runs `psv incidents`. For every failure of a target (an exit, a stall, a failed
    probe) psv keeps an incident folder under monitor.analysis.dir: a summary, the tail
    of the target's output, the monitor's recent events, resource samples and, for a
    hung process, thread stacks and a memory dump. The incidents are read from that
    folder, so no monitor needs to run.
    Returns Psv.Incident objects, oldest first: Id, Time ([DateTime], local), Target,
    Kind (exit, stall, ...), Reason, Capture (full or light), Size (bytes), HasDump,
    Damaged (the capture was interrupted), Folder and ConfigPath. With -Id, the one
    incident also carries every field of its summary (Pid, ExitCode, Signal, StartedAt,
    FailedAt, Uptime, Command, CommandLine, Cwd, Restarts, Host, Captured, Skipped,
    Notes, ...) and Files, its files with their sizes.
    Export-PsvIncident writes one as a zip file for a support case.

    .PARAMETER Id
    The incident to show in detail: its ID or a unique beginning of it. Accepts
    pipeline input by property name (Psv.Incident objects).

    .PARAMETER ConfigPath
    The configuration file whose monitor.analysis.dir holds the incidents. Defaults to
    $env:PSV_CONFIG.

    .EXAMPLE
    Get-PsvIncident -ConfigPath C:\psv\psv.yaml

    Lists every incident as a table.

    .EXAMPLE
    Get-PsvIncident | Where-Object Target -eq 'web' | Select-Object -Last 1 | Get-PsvIncident | Format-List *

    Everything recorded about the latest failure of web.

    .EXAMPLE
    Get-PsvIncident 20240131-235959-123-web | ForEach-Object { Get-Content (Join-Path $_.Folder 'output.log') -Tail 20 }

    The last lines the target wrote before it failed.

    .INPUTS
    System.String (Id and ConfigPath, by property name)

    .OUTPUTS
    Psv.Incident
    #>
    [CmdletBinding()]
    [OutputType('Psv.Incident')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $Id,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath
    )
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        if (-not $config) {
            $PSCmdlet.WriteError((New-PsvNoConfigError))
            return
        }
        $failure = $null
        $detail = $null
        if ($Id) {
            $detail = Invoke-PsvCli -Arguments @('incidents', $Id) -ConfigPath $config -TargetObject $Id -Failure ([ref]$failure)
            if ($failure) {
                $PSCmdlet.WriteError($failure)
                return
            }
        }
        $entries = @(Invoke-PsvCli -Arguments @('incidents') -ConfigPath $config -TargetObject $config -Failure ([ref]$failure) | Where-Object { $null -ne $_ })
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        if ($detail) {
            $entry = $entries | Where-Object id -eq $detail.id | Select-Object -First 1
            if (-not $entry) {
                # Deleted between the two calls (keep/maxSize): what the summary says is all there is.
                $entry = [pscustomobject]@{ id = $detail.id; time = $detail.summary.failedAt; target = $detail.summary.target; kind = $detail.summary.kind; reason = $detail.summary.reason; capture = $detail.summary.capture; bytes = 0; hasDump = $false; damaged = $null -eq $detail.summary }
            }
            ConvertTo-PsvIncident -Entry $entry -Folder $detail.folder -Detail $detail -ConfigPath $config
            return
        }
        if ($entries.Count -eq 0) { return }
        # The list does not name the folder; one incident's folder names the one they all share.
        $first = Invoke-PsvCli -Arguments @('incidents', $entries[-1].id) -ConfigPath $config -TargetObject $entries[-1].id -Failure ([ref]$failure)
        $dir = if ($first) { Split-Path -Parent $first.folder } else { $null }
        foreach ($e in $entries) {
            $folder = if ($dir) { Join-Path $dir $e.id } else { $null }
            ConvertTo-PsvIncident -Entry $e -Folder $folder -ConfigPath $config
        }
    }
}
