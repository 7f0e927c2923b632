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

        [switch] $Force
    )
    process {
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
                    [System.IO.IOException]::new("'$file' already exists. Use -Force to overwrite it, or -Path to name another file."),
                    'PsvFileExists', [System.Management.Automation.ErrorCategory]::ResourceExists, $file))
            return
        }
        if (-not $PSCmdlet.ShouldProcess($file, "Export psv incident $fullId")) { return }
        $result = Invoke-PsvCli -Arguments @('incidents', 'export', $fullId, '-o', $file) -ConfigPath $config -TargetObject $fullId -Failure ([ref]$failure)
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        Get-Item -LiteralPath $result.file
    }
}
