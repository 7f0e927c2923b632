function Start-PsvMonitor {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Low')]
    [OutputType('Psv.MonitorStart')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName', 'Path')]
        [string] $ConfigPath,

        [object] $Timeout = [timespan]::FromSeconds(30),

        [switch] $PassThru,

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
        $wait = ConvertTo-PsvDurationArgument -Cmdlet $PSCmdlet -ParameterName Timeout -Value $Timeout
        if ($wait -lt [timespan]::FromSeconds(1) -or $wait -gt [timespan]::FromHours(1)) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.ArgumentOutOfRangeException]::new('Timeout', ($PsvStrings.TimeoutOutOfRange -f (ConvertTo-PsvDuration $wait))),
                    'PsvBadDuration', [System.Management.Automation.ErrorCategory]::InvalidArgument, $Timeout))
        }
        $config = Resolve-PsvConfigPath $ConfigPath
        if (-not $config) {
            $PSCmdlet.WriteError((New-PsvNoConfigError))
            return
        }
        if (-not $PSCmdlet.ShouldProcess($config, $PsvStrings.ActionStartMonitor)) { return }

        # Check first: each problem becomes its own error with file, line and column.
        $check = Invoke-PsvConfigCheck -Path $config
        foreach ($w in $check.Warnings) { Write-Warning $w }
        if ($check.Failure) { $PSCmdlet.WriteError($check.Failure); return }
        if (-not $check.Ok) {
            foreach ($p in $check.Problems) { $PSCmdlet.WriteError($p) }
            return
        }
        $failure = $null
        $r = Invoke-PsvCli -Arguments @('start', '--timeout', (ConvertTo-PsvDuration $wait)) -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        if ($r.alreadyRunning) {
            Write-Warning ($PsvStrings.MonitorAlreadyRunning -f $config, $r.pid)
        }
        if ($PassThru) {
            [pscustomobject]@{
                PSTypeName     = 'Psv.MonitorStart'
                Pid            = $r.pid
                AlreadyRunning = [bool]$r.alreadyRunning
                Control        = [string]$r.control
                Log            = $r.log
                ConfigPath     = $config
            }
        }
    }
}
