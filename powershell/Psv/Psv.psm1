# The Psv module: PowerShell cmdlets over the psv executable (see about_Psv).
# One function per file: Private/ holds helpers, Public/ the exported cmdlets.

# The module's own messages ($PsvStrings.Key, filled in with -f): the English table
# first, then the UI culture's over it (ja-JP/Psv.strings.psd1), so that a culture
# without a table (Windows PowerShell 5.1 has no fallback of its own), or a key
# missing from one, reads English. Import-LocalizedData wants the full file name: it
# would read Psv.strings as Psv.psd1, the manifest.
$PsvStrings = @{}
Import-LocalizedData -BindingVariable PsvStrings -FileName Psv.strings.psd1 -BaseDirectory $PSScriptRoot -UICulture en-US -ErrorAction SilentlyContinue
$localizedStrings = $null
Import-LocalizedData -BindingVariable localizedStrings -FileName Psv.strings.psd1 -BaseDirectory $PSScriptRoot -ErrorAction Ignore
if ($localizedStrings) {
    foreach ($key in @($localizedStrings.Keys)) { $PsvStrings[$key] = $localizedStrings[$key] }
}

foreach ($folder in 'Private', 'Public') {
    foreach ($file in Get-ChildItem -Path (Join-Path $PSScriptRoot $folder) -Filter '*.ps1' -File) {
        . $file.FullName
    }
}

# Tab completion of target names from the running monitor (quietly none when none runs).
$completeTargetName = {
    param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)
    Get-PsvTargetNameCompletion -WordToComplete $wordToComplete -ConfigPath $fakeBoundParameters['ConfigPath']
}
Register-ArgumentCompleter -ParameterName Name -ScriptBlock $completeTargetName -CommandName @(
    'Get-PsvStatus', 'Suspend-PsvTarget', 'Resume-PsvTarget', 'Restart-PsvTarget', 'Reset-PsvTarget', 'Set-PsvTarget', 'Send-PsvHeartbeat'
)
Register-ArgumentCompleter -CommandName 'Get-PsvEvent' -ParameterName Target -ScriptBlock $completeTargetName

# ...and of group names.
$completeGroupName = {
    param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)
    Get-PsvTargetNameCompletion -Group -WordToComplete $wordToComplete -ConfigPath $fakeBoundParameters['ConfigPath']
}
Register-ArgumentCompleter -ParameterName Group -ScriptBlock $completeGroupName -CommandName @(
    'Get-PsvStatus', 'Suspend-PsvTarget', 'Resume-PsvTarget', 'Restart-PsvTarget', 'Reset-PsvTarget'
)
Register-ArgumentCompleter -CommandName 'Get-PsvGroup' -ParameterName Name -ScriptBlock $completeGroupName

# ...and of incident IDs (not file names).
$completeIncidentId = {
    param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)
    Get-PsvIncidentIdCompletion -WordToComplete $wordToComplete -ConfigPath $fakeBoundParameters['ConfigPath']
}
Register-ArgumentCompleter -ParameterName Id -ScriptBlock $completeIncidentId -CommandName 'Get-PsvIncident', 'Export-PsvIncident'

Export-ModuleMember -Function (Get-ChildItem -Path (Join-Path $PSScriptRoot 'Public') -Filter '*.ps1' -File).BaseName
