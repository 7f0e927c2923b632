function Resume-PsvTarget {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess, ConfirmImpact = 'Low')]
    [OutputType('Psv.TargetStatus')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Name', ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

        # Not from the pipeline: status objects carry both Name and Group, and piping
        # them must act on the named targets, not on their whole groups.
        [Parameter(Mandatory, ParameterSetName = 'Group')]
        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]] $Group,

        [Parameter(Mandatory, ParameterSetName = 'All')]
        [switch] $All,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $ConfigPath,

        [switch] $PassThru,

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
    begin {
        $remoteNames = [System.Collections.Generic.List[string]]::new()
        $requests = [System.Collections.Generic.List[object]]::new()
    }
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            foreach ($n in $Name) { if ($n) { $remoteNames.Add($n) } }
            return
        }
        $config = Resolve-PsvConfigPath $ConfigPath
        foreach ($n in @($Name) + @($Group) | Where-Object { $_ }) { $requests.Add([pscustomobject]@{ Name = $n; ConfigPath = $config }) }
    }
    end {
        if (Test-PsvRemote $PSBoundParameters) {
            $override = @{}
            if ($remoteNames.Count -gt 0) { $override.Name = [string[]]$remoteNames }
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Override $override -Target ($remoteNames -join ', ')
            return
        }
        Invoke-PsvTargetVerb -Cmdlet $PSCmdlet -Verb resume -Action $PsvStrings.ActionResume -Request $requests -Group:($PSCmdlet.ParameterSetName -eq 'Group') -All:$All -ConfigPath (Resolve-PsvConfigPath $ConfigPath) -PassThru:$PassThru
    }
}
