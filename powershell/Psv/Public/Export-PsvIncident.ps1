function Export-PsvIncident {
    <#
    .SYNOPSIS
    Writes a psv failure incident as a zip file, to attach to a support case.

    .DESCRIPTION
    Runs `psv incidents export`: every file of the incident (summary, output tail,
    events, samples, stacks, memory dump) goes into one zip, under a folder named after
    the incident. Returns the zip file as a FileInfo.
    Ids come from -Id or from the pipeline (Psv.Incident objects from Get-PsvIncident,
    whose ConfigPath also selects the incident folder). An existing file is not
    overwritten without -Force.

    .PARAMETER Id
    The incident: its ID or a unique beginning of it. Accepts pipeline input by
    property name.

    .PARAMETER Path
    The zip file to write, or an existing folder to write ID.zip into. Defaults to
    ID.zip in the current location. Relative paths resolve against the current
    location.

    .PARAMETER ConfigPath
    The configuration file whose monitor.analysis.dir holds the incidents. Defaults to
    $env:PSV_CONFIG.

    .PARAMETER Force
    Overwrite the zip file if it exists.

    .EXAMPLE
    Export-PsvIncident -Id 20240131-235959-123-web -Path C:\support\web.zip -ConfigPath C:\psv\psv.yaml

    Writes the incident to C:\support\web.zip.

    .EXAMPLE
    Get-PsvIncident | Where-Object Time -gt (Get-Date).AddDays(-1) | Export-PsvIncident -Path C:\support

    Writes every incident of the last day into C:\support, one ID.zip each.

    .EXAMPLE
    Get-PsvIncident | Select-Object -Last 1 | Export-PsvIncident -WhatIf

    Shows which file the newest incident would be written to, without writing it.

    .INPUTS
    System.String (Id and ConfigPath, by property name)

    .OUTPUTS
    System.IO.FileInfo
    #>
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
