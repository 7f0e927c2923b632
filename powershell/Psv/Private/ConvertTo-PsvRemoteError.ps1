function ConvertTo-PsvRemoteError {
    <#
    .SYNOPSIS
    The same error, with the machine it came from at the start of its message.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $Record)

    $computer = $Record.OriginInfo.PSComputerName
    if (-not $computer -and $Record.TargetObject -is [System.Management.Automation.Runspaces.PSSession]) { $computer = $Record.TargetObject.ComputerName }
    if (-not $computer) { $computer = $Record.CategoryInfo.TargetName }
    $message = if ($Record.ErrorDetails -and $Record.ErrorDetails.Message) { $Record.ErrorDetails.Message } else { $Record.Exception.Message }
    $exception = [System.Exception]::new(("[{0}] {1}" -f $computer, $message), $Record.Exception)
    $exception.Data['PsvComputerName'] = $computer
    foreach ($key in $Record.Exception.Data.Keys) { $exception.Data[$key] = $Record.Exception.Data[$key] }
    $id = ($Record.FullyQualifiedErrorId -split ',')[0]
    $out = [System.Management.Automation.ErrorRecord]::new($exception, $id, $Record.CategoryInfo.Category, $computer)
    if ($Record.ErrorDetails -and $Record.ErrorDetails.RecommendedAction) {
        $out.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($exception.Message)
        $out.ErrorDetails.RecommendedAction = $Record.ErrorDetails.RecommendedAction
    }
    $out
}
