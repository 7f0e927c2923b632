function Uninstall-PsvService {
    # .ExternalHelp Psv-help.xml
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
            if ($PSCmdlet.ShouldProcess(($PsvStrings.WhatWindowsServiceName -f $Name), $PsvStrings.ActionUninstallService)) {
                if (-not (Test-Path -LiteralPath $wrapper -PathType Leaf)) {
                    $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                            [System.IO.FileNotFoundException]::new(($PsvStrings.ServiceNotInstalled -f $Name, $wrapper), $wrapper),
                            'PsvServiceNotInstalled', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $Name))
                }
                else {
                    try { Invoke-PsvServiceWrapper -WrapperPath $wrapper -Command stop } catch { Write-Verbose ($PsvStrings.ServiceStopFailed -f $_.Exception.Message) }
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
        if (-not $PSCmdlet.ShouldProcess(($PsvStrings.WhatSystemdUnitPath -f $UnitPath), $PsvStrings.ActionRemoveUnit)) { return }
        if (-not (Test-Path -LiteralPath $UnitPath -PathType Leaf)) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.IO.FileNotFoundException]::new(($PsvStrings.UnitNotInstalled -f $UnitPath), $UnitPath),
                    'PsvServiceNotInstalled', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $UnitPath))
            return
        }
        Invoke-PsvSystemctl disable --now $unitName
        Remove-Item -LiteralPath $UnitPath -Force
        Invoke-PsvSystemctl daemon-reload
    }
}
