function Invoke-PsvTargetVerb {
    <#
    .SYNOPSIS
    The shared body of Suspend-, Resume-, Restart- and Reset-PsvTarget.
    .DESCRIPTION
    Takes the names collected in process{} (each with the monitor it belongs to, and
    with -Group meaning group names), expands wildcards against the monitor's names,
    writes one error per unknown name and acts on the rest (as Stop-Service does), asks
    ShouldProcess once per name, and sends the confirmed names to psv in one call per
    monitor. psv takes a group name in place of
    target names; group names are checked against the monitor's groups first, so that
    -Group never acts on a target of that name. With -PassThru it returns the new
    status of the targets acted on (a group's members).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory)]
        [ValidateSet('pause', 'resume', 'restart', 'reset')]
        [string] $Verb,

        [Parameter(Mandatory)]
        [string] $Action,

        [object[]] $Request = @(),

        [switch] $Group,

        [switch] $All,

        [AllowNull()]
        [string] $ConfigPath,

        [switch] $PassThru
    )

    if ($All) {
        $batches = @([pscustomobject]@{ ConfigPath = $ConfigPath; Names = @(); All = $true })
    }
    else {
        # Member enumeration, not ForEach-Object Name: under -WhatIf, ForEach-Object
        # -MemberName only reports what it would do and returns nothing.
        $batches = foreach ($batch in ($Request | Group-Object -Property ConfigPath)) {
            [pscustomobject]@{ ConfigPath = $batch.Group[0].ConfigPath; Names = @($batch.Group.Name | Select-Object -Unique); All = $false }
        }
    }

    foreach ($batch in $batches) {
        $failure = $null
        # The monitor's names first: wildcards expand against them, -All shows what it
        # touches, and an unknown name is one error while the known ones are acted on.
        $status = Invoke-PsvCli -Arguments @('status') -ConfigPath $batch.ConfigPath -TargetObject $batch.ConfigPath -Failure ([ref]$failure)
        if ($failure) {
            $Cmdlet.WriteError($failure)
            continue
        }
        $targetNames = @(@($status.targets) | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_.name })
        if ($batch.All) {
            $what = if ($batch.ConfigPath) { $PsvStrings.WhatAllTargetsOf -f ($targetNames -join ', '), $batch.ConfigPath }
            else { $PsvStrings.WhatAllTargets -f ($targetNames -join ', ') }
            if (-not $Cmdlet.ShouldProcess($what, $Action)) { continue }
            $arguments = @($Verb, '--all')
        }
        elseif ($batch.Names.Count -eq 0) {
            continue
        }
        elseif ($Group) {
            $groups = @(@($status.groups) | Where-Object { $null -ne $_ })
            $known = @(Select-PsvName -Name $batch.Names -Known $groups.name -Noun group -Command $Verb -ConfigPath $status.monitor.config -Cmdlet $Cmdlet)
            $confirmed = @($known | Where-Object {
                    $members = ($groups | Where-Object name -eq $_).members -join ', '
                    $what = if ($batch.ConfigPath) { $PsvStrings.WhatGroupOf -f $_, $members, $batch.ConfigPath } else { $PsvStrings.WhatGroup -f $_, $members }
                    $Cmdlet.ShouldProcess($what, $Action)
                })
            if ($confirmed.Count -eq 0) { continue }
            $arguments = @($Verb) + $confirmed
        }
        else {
            # psv takes a group's name in place of target names (Get-PsvGroup output pipes in by Name).
            $groupNames = @(@($status.groups) | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_.name })
            $known = @(Select-PsvName -Name $batch.Names -Known ($targetNames + $groupNames) -Noun target -Command $Verb -ConfigPath $status.monitor.config -Cmdlet $Cmdlet)
            $confirmed = @($known | Where-Object {
                    $what = if ($batch.ConfigPath) { $PsvStrings.WhatTargetOf -f $_, $batch.ConfigPath } else { $PsvStrings.WhatTarget -f $_ }
                    $Cmdlet.ShouldProcess($what, $Action)
                })
            if ($confirmed.Count -eq 0) { continue }
            $arguments = @($Verb) + $confirmed
        }
        $target = if ($batch.All) { 'all' } else { $confirmed }
        $result = Invoke-PsvCli -Arguments $arguments -ConfigPath $batch.ConfigPath -TargetObject $target -Failure ([ref]$failure)
        if ($failure) {
            $Cmdlet.WriteError($failure)
            continue
        }
        $names = @($result.targets)
        if ($PassThru -and $names.Count -gt 0) {
            Get-PsvTargetStatus -Name $names -ConfigPath $batch.ConfigPath -Failure ([ref]$failure)
            if ($failure) { $Cmdlet.WriteError($failure) }
        }
    }
}
