function Set-PsvTarget {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType('Psv.TargetStatus')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

        [ValidateRange(0, [int]::MaxValue)]
        [int] $Retries,

        [object] $RetryWindow,

        [object] $RestartDelay,

        [ValidateScript({ $_ -ge 1 })]
        [double] $BackoffFactor,

        [object] $BackoffMax,

        [string] $RestartScript,

        [object] $RestartScriptTimeout,

        [ValidateSet('Continue', 'Stop', 'Failover')]
        [string] $OnRetryOver,

        [object] $StopTimeout,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

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
    begin {
        $keys = [ordered]@{
            Retries              = 'restart.retries'
            RetryWindow          = 'restart.window'
            RestartDelay         = 'restart.delay'
            BackoffFactor        = 'restart.backoff.factor'
            BackoffMax           = 'restart.backoff.max'
            RestartScript        = 'restart.script'
            RestartScriptTimeout = 'restart.scriptTimeout'
            OnRetryOver          = 'onRetryOver'
            StopTimeout          = 'stopTimeout'
        }
        $durations = 'RetryWindow', 'RestartDelay', 'BackoffMax', 'RestartScriptTimeout', 'StopTimeout'
        $settings = foreach ($parameter in $keys.Keys) {
            if (-not $PSBoundParameters.ContainsKey($parameter)) { continue }
            $value = $PSBoundParameters[$parameter]
            if ($durations -contains $parameter) { $value = ConvertTo-PsvDurationArgument -Cmdlet $PSCmdlet -ParameterName $parameter -Value $value }
            $text = if ($value -is [timespan]) { ConvertTo-PsvDuration $value }
            elseif ($value -is [double]) { $value.ToString([System.Globalization.CultureInfo]::InvariantCulture) }
            elseif ($parameter -eq 'OnRetryOver') { $value.ToLowerInvariant() }
            else { [string]$value }
            '{0}={1}' -f $keys[$parameter], $text
        }
        $settings = @($settings)
    }
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters
            return
        }
        if ($settings.Count -eq 0) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.ArgumentException]::new($PsvStrings.NothingToSet),
                    'PsvNothingToSet', [System.Management.Automation.ErrorCategory]::InvalidArgument, $Name))
            return
        }
        $config = Resolve-PsvConfigPath $ConfigPath
        foreach ($n in $Name) {
            if (-not $PSCmdlet.ShouldProcess(($PsvStrings.WhatTarget -f $n), ($PsvStrings.ActionSet -f ($settings -join ' ')))) { continue }
            $failure = $null
            $status = Invoke-PsvCli -Arguments (@('set', $n) + $settings) -ConfigPath $config -TargetObject $n -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure); continue }
            if ($PassThru) { ConvertTo-PsvTargetStatus -Status $status }
        }
    }
}
