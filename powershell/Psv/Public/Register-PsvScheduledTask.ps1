function Register-PsvScheduledTask {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#MSFT_ScheduledTask')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $ConfigPath,

        [ValidateNotNullOrEmpty()]
        [string] $TaskName = 'psv',

        [ValidatePattern('^\\(.*\\)?$')]
        [string] $TaskPath = '\psv\'
    )
    process {
        if (-not (Test-PsvWindows)) {
            $PSCmdlet.ThrowTerminatingError((New-PsvPlatformError -Message ($PsvStrings.TaskSchedulerWindowsOnly -f 'Register-PsvScheduledTask', 'Install-PsvService')))
        }
        $config = Resolve-PsvConfigPath $ConfigPath
        if (-not $config) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.ArgumentException]::new($PsvStrings.NoConfigTask),
                    'PsvNoConfig', [System.Management.Automation.ErrorCategory]::InvalidArgument, $null))
        }
        $exe = Get-PsvExecutable
        if ($exe.Problem) { $PSCmdlet.ThrowTerminatingError((New-PsvExecutableError -Message $exe.Problem)) }
        $argument = Format-PsvCommandLine -Word (@($exe.PrefixArguments) + @('start', '-c', $config))
        $check = Invoke-PsvConfigCheck -Path $config
        foreach ($w in $check.Warnings) { Write-Warning $w }
        if (-not $check.Ok) {
            foreach ($e in @($check.Failure) + @($check.Problems) | Where-Object { $_ }) { $PSCmdlet.WriteError($e) }
            return
        }
        Register-PsvEventSource -Source $check.EventLog.Source -LogName $check.EventLog.LogName | Out-Null
        if (-not $PSCmdlet.ShouldProcess(($PsvStrings.WhatScheduledTask -f $TaskPath, $TaskName, $exe.FilePath, $argument), $PsvStrings.ActionRegister)) { return }
        Register-PsvWindowsTask -TaskName $TaskName -TaskPath $TaskPath -Execute $exe.FilePath -Argument $argument
    }
}
