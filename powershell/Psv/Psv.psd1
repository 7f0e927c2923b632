@{
    RootModule           = 'Psv.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f6c39-2f1e-4a63-9d0a-7c1e6f4a2b8d'
    Author               = 'psv authors'
    CompanyName          = 'psv'
    Copyright            = '(c) psv authors.'
    Description          = 'Cmdlets for psv, the process supervisor: start and stop the monitor, see and control its targets, read its events, groups and failure incidents, ask for its health as a cluster monitor does, send heartbeats, check and reload its configuration, and install it as a service (Windows service or systemd unit, also under cluster software).'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('Psv.Format.ps1xml')
    FunctionsToExport    = @(
        'Export-PsvIncident'
        'Get-PsvEvent'
        'Get-PsvGroup'
        'Get-PsvHealth'
        'Get-PsvIncident'
        'Get-PsvStatus'
        'Install-PsvService'
        'Register-PsvEventSource'
        'Register-PsvScheduledTask'
        'Reset-PsvTarget'
        'Restart-PsvTarget'
        'Resume-PsvTarget'
        'Send-PsvHeartbeat'
        'Set-PsvMonitor'
        'Set-PsvTarget'
        'Start-PsvMonitor'
        'Stop-PsvMonitor'
        'Suspend-PsvTarget'
        'Test-PsvConfig'
        'Test-PsvHealth'
        'Uninstall-PsvService'
        'Unregister-PsvEventSource'
        'Unregister-PsvScheduledTask'
        'Update-PsvConfiguration'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('psv', 'process', 'supervisor', 'monitoring', 'restart', 'service', 'Windows', 'Linux')
            ProjectUri = ''
        }
    }
}
