function Uninstall-PsvService {
    <#
    .SYNOPSIS
    Stops and removes the psv service (Windows service, or systemd unit on Linux).

    .DESCRIPTION
    Windows: runs the WinSW wrapper's `stop` and `uninstall`, deletes the wrapper, its
    .exe.config and its XML, and with -RemoveEventSource unregisters the Event Log
    source the configuration names (-ConfigPath, else $env:PSV_CONFIG; 'Psv' when there
    is none; see Unregister-PsvEventSource). The events already logged stay.
    Linux: runs `systemctl disable --now NAME`, deletes the unit file and runs
    `systemctl daemon-reload`.
    Stopping the service stops the monitor and its targets.

    .PARAMETER Name
    The service name. Default 'psv'.

    .PARAMETER ServiceDirectory
    Windows: where Install-PsvService put the wrapper. Default $env:ProgramData\psv\service.

    .PARAMETER RemoveEventSource
    Windows: also unregister the Event Log source the configuration names.

    .PARAMETER ConfigPath
    Windows, with -RemoveEventSource: the configuration whose event source is
    unregistered. Defaults to $env:PSV_CONFIG; without either, the source 'Psv'.
    Accepts pipeline input by property name (the output of Install-PsvService).

    .PARAMETER UnitPath
    Linux: the unit file. Default /etc/systemd/system/NAME.service.

    .EXAMPLE
    Uninstall-PsvService -Confirm:$false

    Stops and removes the 'psv' service without asking.

    .EXAMPLE
    Install-PsvService C:\psv\app.yaml -Name psv-app -NoStart | Uninstall-PsvService -RemoveEventSource -WhatIf

    Windows: shows that the service psv-app and the event source app.yaml names would be removed.

    .EXAMPLE
    Get-Item /etc/systemd/system/psv.service | Uninstall-PsvService -WhatIf

    Shows what would be removed.

    .INPUTS
    System.String (UnitPath, by property name: FullName, DefinitionPath; ConfigPath, by property name)

    .OUTPUTS
    None
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    [OutputType([void])]
    param(
        [ValidatePattern('^[A-Za-z0-9_.@-]+$')]
        [string] $Name = 'psv',

        [string] $ServiceDirectory,

        [switch] $RemoveEventSource,

        [Parameter(ValueFromPipelineByPropertyName)]
        [Alias('FullName', 'DefinitionPath')]
        [string] $UnitPath,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath
    )
    process {
        if (Test-PsvWindows) {
            if (-not $ServiceDirectory) { $ServiceDirectory = Join-Path $env:ProgramData 'psv\service' }
            $wrapper = Join-Path $ServiceDirectory "$Name.exe"
            $xmlPath = Join-Path $ServiceDirectory "$Name.xml"
            if ($PSCmdlet.ShouldProcess("Windows service '$Name'", 'Stop and uninstall')) {
                if (-not (Test-Path -LiteralPath $wrapper -PathType Leaf)) {
                    $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                            [System.IO.FileNotFoundException]::new("The psv service '$Name' is not installed here: $wrapper does not exist.", $wrapper),
                            'PsvServiceNotInstalled', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $Name))
                }
                else {
                    try { Invoke-PsvServiceWrapper -WrapperPath $wrapper -Command stop } catch { Write-Verbose "stop: $($_.Exception.Message)" }
                    Invoke-PsvServiceWrapper -WrapperPath $wrapper -Command uninstall
                    Remove-Item -LiteralPath $wrapper, "$wrapper.config", $xmlPath -Force -ErrorAction SilentlyContinue
                }
            }
            if ($RemoveEventSource) {
                if (Resolve-PsvConfigPath $ConfigPath) { Unregister-PsvEventSource -ConfigPath $ConfigPath }
                else { Unregister-PsvEventSource -Source 'Psv' }
            }
            return
        }

        if (-not $UnitPath) { $UnitPath = "/etc/systemd/system/$Name.service" }
        $unitName = [System.IO.Path]::GetFileNameWithoutExtension($UnitPath)
        if (-not $PSCmdlet.ShouldProcess("systemd unit $UnitPath", 'Disable, stop and remove')) { return }
        if (-not (Test-Path -LiteralPath $UnitPath -PathType Leaf)) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.IO.FileNotFoundException]::new("The psv unit is not installed: $UnitPath does not exist.", $UnitPath),
                    'PsvServiceNotInstalled', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $UnitPath))
            return
        }
        Invoke-PsvSystemctl disable --now $unitName
        Remove-Item -LiteralPath $UnitPath -Force
        Invoke-PsvSystemctl daemon-reload
    }
}
