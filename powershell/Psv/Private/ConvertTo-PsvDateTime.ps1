function ConvertTo-PsvDateTime {
    <#
    .SYNOPSIS
    A psv timestamp (ISO 8601 text, or a DateTime ConvertFrom-Json already made) as local [DateTime].
    #>
    [CmdletBinding()]
    [OutputType([datetime])]
    param(
        [AllowNull()]
        [object] $Value
    )
    if ($null -eq $Value -or '' -eq $Value) { return $null }
    if ($Value -is [datetime]) {
        if ($Value.Kind -eq [System.DateTimeKind]::Unspecified) { return [datetime]::SpecifyKind($Value, [System.DateTimeKind]::Utc).ToLocalTime() }
        return $Value.ToLocalTime()
    }
    [datetime]::Parse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind).ToLocalTime()
}
