function Send-PsvHeartbeat {
    <#
    .SYNOPSIS
    Tells the psv monitor that targets are alive (stall.heartbeat), and optionally ready.

    .DESCRIPTION
    Runs `psv heartbeat`. A target with stall.heartbeat in its configuration must
    signal at least that often, or psv counts it as stalled: it records an incident,
    kills the process and restarts it. A program can signal itself (WATCHDOG=1 to
    PSV_NOTIFY); Send-PsvHeartbeat lets a script do it instead: a scheduled job that
    checks the work is really progressing, or a PowerShell worker loop.
    -Ready also says the target is ready (READY=1), for a target with readyAfter:
    notify, whose dependants start only then.
    Names come from -Name or from the pipeline (any object with a Name property, such
    as Get-PsvStatus output, whose ConfigPath also selects the monitor); a group name
    signals every member. All names are sent to psv in one call per monitor at the end
    of the pipeline. Nothing is returned: a heartbeat that did not arrive is an error.
    A heartbeat changes no configuration and is harmless to repeat, so there is no
    -WhatIf.

    .PARAMETER Name
    The targets that are alive. Accepts pipeline input by value and by property name.

    .PARAMETER Ready
    Also say that the targets are ready (for readyAfter: notify).

    .PARAMETER ConfigPath
    The configuration file of the monitor. Defaults to $env:PSV_CONFIG.

    .EXAMPLE
    Send-PsvHeartbeat -Name batch -ConfigPath C:\psv\psv.yaml

    Tells the monitor that the target batch is alive.

    .EXAMPLE
    # check-batch.ps1, run every minute by a scheduled task (or a systemd timer) while
    # batch has stall: { heartbeat: 3m }: the heartbeat stops when the output stalls.
    $newest = Get-ChildItem D:\batch\out -File | Sort-Object LastWriteTime | Select-Object -Last 1
    if ($newest.LastWriteTime -gt (Get-Date).AddMinutes(-2)) {
        Send-PsvHeartbeat -Name batch -ConfigPath C:\psv\psv.yaml -ErrorAction Stop
    }

    A watchdog script: as long as batch keeps writing files, the heartbeat keeps
    arriving; when it stops writing, psv restarts it after three minutes.

    .EXAMPLE
    while ($true) { Invoke-MyWork; Send-PsvHeartbeat -Name worker; Start-Sleep -Seconds 10 }

    A PowerShell worker run as a psv target that signals after every round of work
    (the monitor is found through $env:PSV_CONFIG).

    .EXAMPLE
    Send-PsvHeartbeat -Name db -Ready

    Says db is up and ready, so that the targets that depend on it start.

    .INPUTS
    System.String (Name, by value and by property name; ConfigPath, by property name)

    .OUTPUTS
    None
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

        [switch] $Ready,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath
    )
    begin {
        $requests = [System.Collections.Generic.List[object]]::new()
    }
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        foreach ($n in $Name) { $requests.Add([pscustomobject]@{ Name = $n; ConfigPath = $config }) }
    }
    end {
        foreach ($batch in ($requests | Group-Object -Property ConfigPath)) {
            $names = @($batch.Group.Name | Select-Object -Unique)
            $arguments = @('heartbeat') + $names
            if ($Ready) { $arguments += '--ready' }
            $failure = $null
            $null = Invoke-PsvCli -Arguments $arguments -ConfigPath $batch.Group[0].ConfigPath -TargetObject $names -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure) }
        }
    }
}
