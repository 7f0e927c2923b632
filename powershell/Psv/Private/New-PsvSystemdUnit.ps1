function New-PsvSystemdUnit {
    <#
    .SYNOPSIS
    The text of a systemd unit that runs the psv monitor.
    .DESCRIPTION
    Restart=on-failure restarts psv after a crash, but RestartPreventExitStatus keeps it
    down after exit code 2 (invalid configuration: restarting cannot help) and 4 (psv
    triggered failover: this node must stay down for the cluster software).
    KillMode=process: on stop systemd signals only psv, which stops its targets itself;
    after a crash the targets keep running and the restarted monitor adopts them.

    -Clustered: the unit of a monitor that cluster software (Pacemaker's systemd:
    resource class, a CLUSTERPRO exec resource) starts, stops and restarts. Restart=no,
    so that systemd never undoes a failover exit or races the cluster's own recovery
    (Pacemaker also puts Restart=no in a drop-in, but other cluster software does
    not); no [Install] section, so that it cannot be enabled to start at boot outside
    the cluster; KillMode=mixed: on stop psv alone gets SIGTERM and stops its targets,
    and whatever is still in the unit once psv has exited (psv crashed, or a target
    outlived TimeoutStopSec) is killed, so that no target of the package keeps
    running on a node the cluster has moved it away from.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [string] $Description,

        [Parameter(Mandatory)]
        [string[]] $Command,

        [Parameter(Mandatory)]
        [string[]] $ReloadCommand,

        [switch] $Clustered
    )
    # systemd expands %-specifiers in command lines.
    $exec = (Format-PsvCommandLine -Word $Command) -replace '%', '%%'
    $reload = (Format-PsvCommandLine -Word $ReloadCommand) -replace '%', '%%'
    $head = @(
        "Description=$Description"
        'Documentation=man:psv(1)'
        'After=network-online.target'
        'Wants=network-online.target'
        ''
        '[Service]'
        'Type=simple'
        "ExecStart=$exec"
        "ExecReload=$reload"
    )
    $lines = if ($Clustered) {
        @(
            '# Written by Install-PsvService -Clustered (Psv PowerShell module).'
            '# The cluster software starts, stops and restarts this unit: it is not enabled at boot.'
            '[Unit]'
        ) + $head + @(
            '# The cluster decides what follows a failure; exit 4 (failover) leaves the unit failed.'
            'Restart=no'
            '# Stop: psv stops its targets; what is left once psv has exited is killed.'
            'KillMode=mixed'
            'TimeoutStopSec=90s'
            ''
        )
    }
    else {
        @(
            '# Written by Install-PsvService (Psv PowerShell module).'
            '[Unit]'
        ) + $head + @(
            'Restart=on-failure'
            'RestartSec=5s'
            '# 2: invalid configuration; 4: psv triggered failover. Neither may be restarted.'
            'RestartPreventExitStatus=2 4'
            'KillMode=process'
            'TimeoutStopSec=90s'
            ''
            '[Install]'
            'WantedBy=multi-user.target'
            ''
        )
    }
    $lines -join "`n"
}
