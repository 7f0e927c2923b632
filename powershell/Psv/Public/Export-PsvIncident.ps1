function Export-PsvIncident {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Low')]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $Id,

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty()]
        [string] $Path,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

        [switch] $Force,

        # Runs the cmdlet on these machines (PowerShell remoting over WinRM; the Psv module
        # must be installed there). Each object gets a ComputerName property.
        [ValidateNotNullOrEmpty()]
        [string[]] $ComputerName,

        # Runs the cmdlet in these sessions (New-PSSession: WinRM or SSH).
        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.Runspaces.PSSession[]] $Session,

        # The account for -ComputerName.
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty
    )
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters
            return
        }
        $config = Resolve-PsvConfigPath $ConfigPath
        if (-not $config) {
            $PSCmdlet.WriteError((New-PsvNoConfigError))
            return
        }
        # The full ID first: it names the default file, and -WhatIf names the real one.
        $failure = $null
        $incident = Invoke-PsvCli -Arguments @('incidents', $Id) -ConfigPath $config -TargetObject $Id -Failure ([ref]$failure)
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        $fullId = [string]$incident.id
        $file = if ($Path) { $PSCmdlet.GetUnresolvedProviderPathFromPSPath($Path) }
        else { Join-Path (Get-Location -PSProvider FileSystem).ProviderPath "$fullId.zip" }
        if (Test-Path -LiteralPath $file -PathType Container) { $file = Join-Path $file "$fullId.zip" }
        if ((Test-Path -LiteralPath $file -PathType Leaf) -and -not $Force) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.IO.IOException]::new(($PsvStrings.FileExists -f $file)),
                    'PsvFileExists', [System.Management.Automation.ErrorCategory]::ResourceExists, $file))
            return
        }
        if (-not $PSCmdlet.ShouldProcess($file, ($PsvStrings.ActionExportIncident -f $fullId))) { return }
        $result = Invoke-PsvCli -Arguments @('incidents', 'export', $fullId, '-o', $file) -ConfigPath $config -TargetObject $fullId -Failure ([ref]$failure)
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        Get-Item -LiteralPath $result.file
    }
}
