function ConvertTo-PsvHashtable {
    <#
    .SYNOPSIS
    The properties of a JSON object (PSCustomObject) as an ordered dictionary.
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Specialized.OrderedDictionary])]
    param(
        [AllowNull()]
        [object] $InputObject
    )
    $table = [ordered]@{}
    if ($null -ne $InputObject) {
        foreach ($p in $InputObject.PSObject.Properties) { $table[$p.Name] = $p.Value }
    }
    $table
}
