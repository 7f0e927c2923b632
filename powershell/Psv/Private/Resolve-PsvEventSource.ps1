function Resolve-PsvEventSource {
    <#
    .SYNOPSIS
    The Event Log source and log to (un)register: those given, else those a configuration names.
    .DESCRIPTION
    With -Source, that source in -LogName (default Application). Otherwise the
    configuration (-ConfigPath, else $env:PSV_CONFIG) is read through `psv check`, which
    answers monitor.events.eventlog with its defaults filled in (the schema is the one
    place they live). Returns {Source, LogName, ConfigPath, Errors}; Errors holds the
    ErrorRecords (no configuration, its problems, a failed psv call) for the public
    cmdlet to write as its own, and Source is then $null.
    #>
    [CmdletBinding()]
    param(
        [AllowEmptyString()]
        [AllowNull()]
        [string] $ConfigPath,

        [AllowEmptyString()]
        [AllowNull()]
        [string] $Source,

        [AllowEmptyString()]
        [AllowNull()]
        [string] $LogName
    )
    $result = [pscustomobject]@{ Source = $null; LogName = $null; ConfigPath = $null; Errors = @() }
    if ($Source) {
        $result.Source = $Source
        $result.LogName = if ($LogName) { $LogName } else { 'Application' }
        return $result
    }
    $config = Resolve-PsvConfigPath $ConfigPath
    if (-not $config) {
        $result.Errors = @(New-PsvNoConfigError)
        return $result
    }
    $result.ConfigPath = $config
    $check = Invoke-PsvConfigCheck -Path $config
    if ($check.Failure) { $result.Errors = @($check.Failure) }
    elseif (-not $check.Ok) { $result.Errors = @($check.Problems) }
    else {
        $result.Source = $check.EventLog.Source
        $result.LogName = $check.EventLog.LogName
    }
    $result
}
