function Register-PsvEventSource {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Config')]
    [OutputType('Psv.EventSource')]
    param(
        [Parameter(ParameterSetName = 'Config', Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $ConfigPath,

        [Parameter(ParameterSetName = 'Source', Mandatory)]
        [ValidateNotNullOrEmpty()]
        [string] $Source,

        [Parameter(ParameterSetName = 'Source')]
        [ValidateNotNullOrEmpty()]
        [string] $LogName = 'Application'
    )
    process {
        if (-not (Test-PsvWindows)) {
            $PSCmdlet.ThrowTerminatingError((New-PsvPlatformError -Message $PsvStrings.EventLogWindowsOnly))
        }
        $target = Resolve-PsvEventSource -ConfigPath $ConfigPath -Source $Source -LogName $LogName
        foreach ($e in $target.Errors) { $PSCmdlet.WriteError($e) }
        if (-not $target.Source) { return }

        $registeredIn = Get-PsvEventSourceLog -Source $target.Source
        if ($registeredIn -and $registeredIn -ne $target.LogName) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.InvalidOperationException]::new(($PsvStrings.EventSourceInOtherLog -f $target.Source, $registeredIn, $target.LogName)),
                    'PsvEventSourceInOtherLog', [System.Management.Automation.ErrorCategory]::ResourceExists, $target.Source))
            return
        }
        $created = $false
        if (-not $registeredIn) {
            if (-not $PSCmdlet.ShouldProcess(($PsvStrings.WhatEventSource -f $target.Source, $target.LogName), $PsvStrings.ActionRegister)) { return }
            New-PsvEventSource -Source $target.Source -LogName $target.LogName
            $created = $true
        }
        [pscustomobject]@{
            PSTypeName = 'Psv.EventSource'
            Source     = $target.Source
            LogName    = $target.LogName
            Created    = $created
            ConfigPath = $target.ConfigPath
        }
    }
}
