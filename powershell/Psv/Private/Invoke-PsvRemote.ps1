function Invoke-PsvRemote {
    <#
    .SYNOPSIS
    Runs one Psv cmdlet on other machines and hands back what each answers.
    .DESCRIPTION
    The cmdlets' -ComputerName (WinRM) and -Session (any PSSession: WinRM or SSH) end
    here. The same cmdlet runs on every machine at once (Invoke-Command, which needs the
    Psv module installed there), with the same parameters but these three. Each object
    that comes back keeps its Psv type name (so the format views apply) and gains a
    ComputerName property. A machine that cannot be reached, or whose cmdlet fails,
    yields an error record that names it; the others still answer.
    Confirmation (-WhatIf, -Confirm) is asked here, once per machine, never there.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        # The cmdlet's bound parameters ($PSBoundParameters).
        [Parameter(Mandatory)]
        [System.Collections.IDictionary] $Parameters,

        # Values gathered from the pipeline that replace the bound ones (e.g. Name).
        [System.Collections.IDictionary] $Override = @{},

        # What -WhatIf and -Confirm name on each machine.
        [string] $Target = ''
    )

    $command = $Cmdlet.MyInvocation.MyCommand.Name
    $remote = @{}
    foreach ($key in $Parameters.Keys) {
        # Where the errors and output go is decided here, where the caller is, not there.
        if ($key -in 'ComputerName', 'Session', 'Credential', 'WhatIf', 'Confirm', 'ThrottleLimit', 'ErrorAction', 'ErrorVariable',
            'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable') { continue }
        $value = $Parameters[$key]
        # A switch does not survive serialization as a switch: send what it says.
        if ($value -is [System.Management.Automation.SwitchParameter]) { $value = $value.IsPresent }
        $remote[$key] = $value
    }
    foreach ($key in $Override.Keys) { $remote[$key] = $Override[$key] }

    $sessions = @($Parameters['Session'] | Where-Object { $null -ne $_ })
    $computers = @($Parameters['ComputerName'] | Where-Object { $_ })
    if ($sessions.Count -gt 0 -and $computers.Count -gt 0) {
        $record = [System.Management.Automation.ErrorRecord]::new(
            [System.ArgumentException]::new($PsvStrings.RemoteBothTargets),
            'PsvRemoteBothTargets', [System.Management.Automation.ErrorCategory]::InvalidArgument, $null)
        $Cmdlet.ThrowTerminatingError($record)
    }

    if ($Cmdlet.MyInvocation.MyCommand.Parameters.ContainsKey('WhatIf')) {
        $machines = if ($sessions.Count -gt 0) { @($sessions) } else { @($computers) }
        $approved = @(foreach ($m in $machines) {
                $name = if ($m -is [System.Management.Automation.Runspaces.PSSession]) { $m.ComputerName } else { [string]$m }
                $what = if ($Target) { $PsvStrings.RemoteWhatOn -f $Target, $name } else { $PsvStrings.RemoteMachine -f $name }
                if ($Cmdlet.ShouldProcess($what, $command)) { $m }
            })
        if ($approved.Count -eq 0) { return }
        if ($sessions.Count -gt 0) { $sessions = $approved } else { $computers = $approved }
        $remote['Confirm'] = $false
    }

    $invoke = @{
        ScriptBlock  = {
            param($Command, $Arguments)
            Import-Module Psv -ErrorAction Stop
            & $Command @Arguments
        }
        ArgumentList = @($command, $remote)
        ErrorAction  = 'Continue'
    }
    if ($sessions.Count -gt 0) { $invoke.Session = $sessions }
    else {
        $invoke.ComputerName = $computers
        if ($Parameters['Credential']) { $invoke.Credential = $Parameters['Credential'] }
    }
    if ($Parameters['ThrottleLimit']) { $invoke.ThrottleLimit = $Parameters['ThrottleLimit'] }

    Invoke-Command @invoke 2>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.ErrorRecord]) {
            $Cmdlet.WriteError((ConvertTo-PsvRemoteError -Record $_))
            return
        }
        $item = $_
        if ($item -isnot [psobject]) { $item = [psobject]$item }
        $names = $item.PSObject.TypeNames
        $psvType = @($names | Where-Object { $_ -like 'Deserialized.Psv.*' }) | Select-Object -First 1
        if ($psvType) { $names.Insert(0, $psvType.Substring('Deserialized.'.Length)) }
        $computer = $item.PSComputerName
        Add-Member -InputObject $item -NotePropertyName ComputerName -NotePropertyValue $computer -Force
        $item
    }
}
