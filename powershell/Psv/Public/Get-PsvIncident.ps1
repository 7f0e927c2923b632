function Get-PsvIncident {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding()]
    [OutputType('Psv.Incident')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $Id,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

        # Runs the cmdlet on these machines (PowerShell remoting over WinRM; the Psv module
        # must be installed there). Each object gets a ComputerName property.
        [ValidateNotNullOrEmpty()]
        [string[]] $ComputerName,

        # Runs the cmdlet in these sessions (New-PSSession: WinRM or SSH).
        [ValidateNotNullOrEmpty()]
        [System.Management.Automation.Runspaces.PSSession[]] $Session,

        # The account for -ComputerName.
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty
    )
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters
            return
        }
        $config = Resolve-PsvConfigPath $ConfigPath
        if (-not $config) {
            $PSCmdlet.WriteError((New-PsvNoConfigError))
            return
        }
        $failure = $null
        $detail = $null
        if ($Id) {
            $detail = Invoke-PsvCli -Arguments @('incidents', $Id) -ConfigPath $config -TargetObject $Id -Failure ([ref]$failure)
            if ($failure) {
                $PSCmdlet.WriteError($failure)
                return
            }
        }
        $entries = @(Invoke-PsvCli -Arguments @('incidents') -ConfigPath $config -TargetObject $config -Failure ([ref]$failure) | Where-Object { $null -ne $_ })
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        if ($detail) {
            $entry = $entries | Where-Object id -eq $detail.id | Select-Object -First 1
            if (-not $entry) {
                # Deleted between the two calls (keep/maxSize): what the summary says is all there is.
                $entry = [pscustomobject]@{ id = $detail.id; time = $detail.summary.failedAt; target = $detail.summary.target; kind = $detail.summary.kind; reason = $detail.summary.reason; capture = $detail.summary.capture; bytes = 0; hasDump = $false; damaged = $null -eq $detail.summary }
            }
            ConvertTo-PsvIncident -Entry $entry -Folder $detail.folder -Detail $detail -ConfigPath $config
            return
        }
        if ($entries.Count -eq 0) { return }
        # The list does not name the folder; one incident's folder names the one they all share.
        $first = Invoke-PsvCli -Arguments @('incidents', $entries[-1].id) -ConfigPath $config -TargetObject $entries[-1].id -Failure ([ref]$failure)
        $dir = if ($first) { Split-Path -Parent $first.folder } else { $null }
        foreach ($e in $entries) {
            $folder = if ($dir) { Join-Path $dir $e.id } else { $null }
            ConvertTo-PsvIncident -Entry $e -Folder $folder -ConfigPath $config
        }
    }
}
