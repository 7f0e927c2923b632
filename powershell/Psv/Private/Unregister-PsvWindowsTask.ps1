function Unregister-PsvWindowsTask {
    <#
    .SYNOPSIS
    Windows only: removes a scheduled task without prompting.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $TaskName,

        [Parameter(Mandatory)]
        [string] $TaskPath
    )
    Unregister-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath -Confirm:$false
}
