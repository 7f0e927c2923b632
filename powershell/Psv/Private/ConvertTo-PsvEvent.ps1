function ConvertTo-PsvEvent {
    <#
    .SYNOPSIS
    One psv event (a JSON object from `psv events --json`) as a Psv.Event object.
    .DESCRIPTION
    Time, Id, Event, Level, Target, Pid and Message come first and always exist; every
    other field of the event (command, verb, user, settings, ...) follows with its
    first letter capitalised.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [object] $InputObject
    )
    process {
        $known = 'time', 'id', 'event', 'level', 'target', 'pid', 'message'
        $e = [ordered]@{
            PSTypeName = 'Psv.Event'
            Time       = ConvertTo-PsvDateTime $InputObject.time
            Id         = [int]$InputObject.id
            Event      = [string]$InputObject.event
            Level      = [string]$InputObject.level
            Target     = $InputObject.target
            Pid        = $InputObject.pid
            Message    = [string]$InputObject.message
        }
        foreach ($p in $InputObject.PSObject.Properties) {
            if ($known -contains $p.Name) { continue }
            $e[$p.Name.Substring(0, 1).ToUpperInvariant() + $p.Name.Substring(1)] = $p.Value
        }
        [pscustomobject]$e
    }
}
