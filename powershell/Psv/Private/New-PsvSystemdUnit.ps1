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
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [string] $Description,

        [Parameter(Mandatory)]
        [string[]] $Command,

        [Parameter(Mandatory)]
        [string[]] $ReloadCommand
    )
    # systemd expands %-specifiers in command lines.
    $exec = (Format-PsvCommandLine -Word $Command) -replace '%', '%%'
    $reload = (Format-PsvCommandLine -Word $ReloadCommand) -replace '%', '%%'
    @(
        '# Written by Install-PsvService (Psv PowerShell module).'
        '[Unit]'
        "Description=$Description"
        'Documentation=man:psv(1)'
        'After=network-online.target'
        'Wants=network-online.target'
        ''
        '[Service]'
        'Type=simple'
        "ExecStart=$exec"
        "ExecReload=$reload"
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
    ) -join "`n"
}
