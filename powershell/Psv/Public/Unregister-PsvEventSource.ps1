function Unregister-PsvEventSource {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High', DefaultParameterSetName = 'Config')]
    [OutputType([void])]
    param(
        # Not by property name: a piped Psv.EventSource also has a ConfigPath (often empty),
        # and its Source is the one to remove.
        [Parameter(ParameterSetName = 'Config', Position = 0)]
        [string] $ConfigPath,

        [Parameter(ParameterSetName = 'Source', Mandatory, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $Source
    )
    process {
        if (-not (Test-PsvWindows)) {
            $PSCmdlet.ThrowTerminatingError((New-PsvPlatformError -Message $PsvStrings.EventLogWindowsOnly))
        }
        $target = Resolve-PsvEventSource -ConfigPath $ConfigPath -Source $Source
        foreach ($e in $target.Errors) { $PSCmdlet.WriteError($e) }
        if (-not $target.Source) { return }

        $registeredIn = Get-PsvEventSourceLog -Source $target.Source
        if (-not $registeredIn) {
            Write-Verbose ($PsvStrings.EventSourceNotRegistered -f $target.Source)
            return
        }
        if (-not $PSCmdlet.ShouldProcess(($PsvStrings.WhatEventSourceKeep -f $target.Source, $registeredIn), $PsvStrings.ActionUnregister)) { return }
        Remove-PsvEventSource -Source $target.Source
    }
}
