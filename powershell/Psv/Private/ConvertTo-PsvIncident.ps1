function ConvertTo-PsvIncident {
    <#
    .SYNOPSIS
    One incident of `psv incidents --json` as a Psv.Incident object.
    .DESCRIPTION
    Id, Time, Target, Kind, Reason, Capture, Size (bytes), HasDump, Damaged, Folder
    and ConfigPath always exist. With -Detail (the JSON of `psv incidents ID`), every
    field of the incident's summary follows with its first letter capitalised; fields
    named ...At become local [DateTime]s and fields named ...Ms become [TimeSpan]s
    without the suffix (uptimeMs -> Uptime), and Files lists the incident's files.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [object] $Entry,

        [AllowNull()]
        [string] $Folder,

        [AllowNull()]
        [object] $Detail,

        [AllowNull()]
        [string] $ConfigPath
    )
    $incident = [ordered]@{
        PSTypeName = 'Psv.Incident'
        Id         = [string]$Entry.id
        Time       = ConvertTo-PsvDateTime $Entry.time
        Target     = [string]$Entry.target
        Kind       = $Entry.kind
        Reason     = $Entry.reason
        Capture    = $Entry.capture
        Size       = [long]$Entry.bytes
        HasDump    = [bool]$Entry.hasDump
        Damaged    = [bool]$Entry.damaged
        Folder     = $Folder
        ConfigPath = $ConfigPath
    }
    if ($null -ne $Detail) {
        $known = 'id', 'target', 'kind', 'reason', 'capture'
        if ($null -ne $Detail.summary) {
            foreach ($p in $Detail.summary.PSObject.Properties) {
                if ($known -contains $p.Name) { continue }
                $key = $p.Name.Substring(0, 1).ToUpperInvariant() + $p.Name.Substring(1)
                $value = $p.Value
                if ($key -cmatch '^(.+)Ms$' -and $null -ne $value) {
                    $key = $Matches[1]
                    $value = [timespan]::FromMilliseconds([double]$value)
                }
                elseif ($key -cmatch '.At$' -and $null -ne $value) {
                    $value = ConvertTo-PsvDateTime $value
                }
                $incident[$key] = $value
            }
        }
        $incident['Files'] = @(foreach ($f in @($Detail.files)) {
                if ($null -ne $f) { [pscustomobject]@{ PSTypeName = 'Psv.IncidentFile'; File = [string]$f.file; Size = [long]$f.bytes } }
            })
    }
    [pscustomobject]$incident
}
