function Install-PsvService {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Psv.ServiceInstallation')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $ConfigPath,

        [ValidatePattern('^[A-Za-z0-9_.@-]+$')]
        [string] $Name = 'psv',

        [string] $DisplayName = 'psv process supervisor',

        [string] $ServiceDirectory,

        [string] $ServiceWrapperPath,

        [switch] $NoRestartOnFailure,

        [switch] $Clustered,

        [string] $UnitPath,

        [switch] $NoStart
    )
    process {
        $config = Resolve-PsvConfigPath $ConfigPath
        if (-not $config) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.ArgumentException]::new($PsvStrings.NoConfigService),
                    'PsvNoConfig', [System.Management.Automation.ErrorCategory]::InvalidArgument, $null))
        }
        $exe = Get-PsvExecutable
        if ($exe.Problem) { $PSCmdlet.ThrowTerminatingError((New-PsvExecutableError -Message $exe.Problem)) }
        $command = @($exe.FilePath) + @($exe.PrefixArguments) + @('run', '-c', $config)

        if (Test-PsvWindows) {
            # The monitor writes to the event source its configuration names: that one is registered.
            $check = Invoke-PsvConfigCheck -Path $config
            foreach ($w in $check.Warnings) { Write-Warning $w }
            if (-not $check.Ok) {
                foreach ($e in @($check.Failure) + @($check.Problems) | Where-Object { $_ }) { $PSCmdlet.WriteError($e) }
                return
            }
            if (-not $ServiceDirectory) { $ServiceDirectory = Join-Path $env:ProgramData 'psv\service' }
            if (-not $ServiceWrapperPath) { $ServiceWrapperPath = Join-Path (Split-Path -Parent $PSScriptRoot) 'bin\psv-service.exe' }
            $wrapper = Join-Path $ServiceDirectory "$Name.exe"
            $xmlPath = Join-Path $ServiceDirectory "$Name.xml"
            $definition = New-PsvWinSWConfig -Name $Name -DisplayName $DisplayName -Executable $exe.FilePath `
                -StartArgument (@($exe.PrefixArguments) + @('run', '-c', $config)) `
                -StopArgument (@($exe.PrefixArguments) + @('stop', '-c', $config)) `
                -LogPath (Join-Path $ServiceDirectory 'logs') -StartMode $(if ($Clustered) { 'Manual' } else { 'Automatic' }) `
                -RestartOnFailure:(-not ($NoRestartOnFailure -or $Clustered))
            $start = -not ($NoStart -or $Clustered)

            Register-PsvEventSource -Source $check.EventLog.Source -LogName $check.EventLog.LogName | Out-Null
            $action = if ($Clustered) { $PsvStrings.ActionInstallClustered } else { $PsvStrings.ActionInstall }
            if (-not $PSCmdlet.ShouldProcess(($PsvStrings.WhatWindowsService -f $Name, (Format-PsvCommandLine -Word $command)), $action)) { return }
            if (-not (Test-Path -LiteralPath $ServiceWrapperPath -PathType Leaf)) {
                $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                        [System.IO.FileNotFoundException]::new(($PsvStrings.NoServiceWrapper -f $ServiceWrapperPath), $ServiceWrapperPath),
                        'PsvNoServiceWrapper', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $ServiceWrapperPath))
            }
            New-Item -ItemType Directory -Path $ServiceDirectory -Force | Out-Null
            Copy-Item -LiteralPath $ServiceWrapperPath -Destination $wrapper -Force
            # WinSW 1.x is built for CLR 2.0; its .exe.config, beside it under its name, lets
            # it run on .NET 4 (all a current Windows Server has unless 3.5 is installed).
            if (Test-Path -LiteralPath "$ServiceWrapperPath.config" -PathType Leaf) {
                Copy-Item -LiteralPath "$ServiceWrapperPath.config" -Destination "$wrapper.config" -Force
            }
            Set-Content -LiteralPath $xmlPath -Value $definition -Encoding UTF8 -NoNewline
            Invoke-PsvServiceWrapper -WrapperPath $wrapper -Command install
            if ($start) { Invoke-PsvServiceWrapper -WrapperPath $wrapper -Command start }
            [pscustomobject]@{
                PSTypeName     = 'Psv.ServiceInstallation'
                Name           = $Name
                Platform       = 'Windows'
                DefinitionPath = $xmlPath
                CommandLine    = Format-PsvCommandLine -Word $command
                ConfigPath     = $config
                Clustered      = [bool]$Clustered
                Started        = $start
                EventSource    = $check.EventLog.Source
            }
            return
        }

        if (-not $UnitPath) { $UnitPath = "/etc/systemd/system/$Name.service" }
        $unitName = [System.IO.Path]::GetFileNameWithoutExtension($UnitPath)
        $unit = New-PsvSystemdUnit -Description $DisplayName -Command $command -Clustered:$Clustered `
            -ReloadCommand (@($exe.FilePath) + @($exe.PrefixArguments) + @('reload', '-c', $config))
        $action = if ($Clustered) { $PsvStrings.ActionWriteUnitClustered } else { $PsvStrings.ActionWriteUnit }
        if (-not $PSCmdlet.ShouldProcess(($PsvStrings.WhatSystemdUnit -f $UnitPath, (Format-PsvCommandLine -Word $command)), $action)) { return }
        $folder = Split-Path -Parent $UnitPath
        if ($folder -and -not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -Force | Out-Null }
        [System.IO.File]::WriteAllText($UnitPath, $unit, [System.Text.UTF8Encoding]::new($false))
        Invoke-PsvSystemctl daemon-reload
        # A clustered unit must not start at boot, also when an earlier install enabled it.
        if ($Clustered) { Invoke-PsvSystemctl disable $unitName }
        elseif ($NoStart) { Invoke-PsvSystemctl enable $unitName }
        else { Invoke-PsvSystemctl enable --now $unitName }
        [pscustomobject]@{
            PSTypeName     = 'Psv.ServiceInstallation'
            Name           = $unitName
            Platform       = 'Linux'
            DefinitionPath = $UnitPath
            CommandLine    = Format-PsvCommandLine -Word $command
            ConfigPath     = $config
            Clustered      = [bool]$Clustered
            Started        = -not ($NoStart -or $Clustered)
        }
    }
}
