function Invoke-PsvTargetVerb {
    <#
    .SYNOPSIS
    The shared body of Suspend-, Resume-, Restart- and Reset-PsvTarget.
    .DESCRIPTION
    Takes the names collected in process{} (each with the monitor it belongs to),
    asks ShouldProcess once per name, and sends the confirmed names to psv in one
    call per monitor. With -PassThru it returns the new status of those targets.
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

        [switch] $All,

        [AllowNull()]
        [string] $ConfigPath,

        [switch] $PassThru
    )

    if ($All) {
        $batches = @([pscustomobject]@{ ConfigPath = $ConfigPath; Names = @(); All = $true })
    }
    else {
        $batches = foreach ($group in ($Request | Group-Object -Property ConfigPath)) {
            [pscustomobject]@{ ConfigPath = $group.Group[0].ConfigPath; Names = @($group.Group | ForEach-Object Name | Select-Object -Unique); All = $false }
        }
    }

    foreach ($batch in $batches) {
        $where = if ($batch.ConfigPath) { " (monitor of $($batch.ConfigPath))" } else { '' }
        if ($batch.All) {
            if (-not $Cmdlet.ShouldProcess("all psv targets$where", $Action)) { continue }
            $arguments = @($Verb, '--all')
        }
        else {
            $confirmed = @($batch.Names | Where-Object { $Cmdlet.ShouldProcess("psv target '$_'$where", $Action) })
            if ($confirmed.Count -eq 0) { continue }
            $arguments = @($Verb) + $confirmed
        }
        $failure = $null
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
