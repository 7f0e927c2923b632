function Get-PsvStatus {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    [OutputType('Psv.TargetStatus')]
    param(
        [Parameter(Position = 0, ParameterSetName = 'Name', ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [SupportsWildcards()]
        [string[]] $Name,

        # Not from the pipeline: status objects carry both Name and Group, and piping
        # them must select the named targets, not their whole groups.
        [Parameter(Mandatory, ParameterSetName = 'Group')]
        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        [string[]] $Group,

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
    begin {
        $remoteNames = [System.Collections.Generic.List[string]]::new()
        $names = [System.Collections.Generic.List[string]]::new()
        $config = $null
    }
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            foreach ($n in $Name) { if ($n) { $remoteNames.Add($n) } }
            return
        }
        foreach ($n in $Name) { $names.Add($n) }
        if ($ConfigPath) { $config = $ConfigPath }
    }
    end {
        if (Test-PsvRemote $PSBoundParameters) {
            $override = @{}
            if ($remoteNames.Count -gt 0) { $override.Name = [string[]]$remoteNames }
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Override $override -Target ($remoteNames -join ', ')
            return
        }
        $config = Resolve-PsvConfigPath $config
        $failure = $null
        $hasPattern = @($names | Where-Object { [WildcardPattern]::ContainsWildcardCharacters($_) }).Count -gt 0
        if ($PSCmdlet.ParameterSetName -eq 'Name' -and -not $hasPattern) {
            # Exact names: psv itself checks them.
            Get-PsvTargetStatus -Name @($names | Select-Object -Unique) -ConfigPath $config -Failure ([ref]$failure)
            if ($failure) { $PSCmdlet.WriteError($failure) }
            return
        }
        # Wildcards or groups: ask for everything and select here.
        $status = Invoke-PsvCli -Arguments @('status') -ConfigPath $config -TargetObject $config -Failure ([ref]$failure)
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        $all = @(ConvertTo-PsvTargetStatus -Status $status)
        $select = @{ ConfigPath = $status.monitor.config; Command = 'status'; Cmdlet = $PSCmdlet }
        if ($PSCmdlet.ParameterSetName -eq 'Group') {
            $groups = @(Select-PsvName -Name $Group -Known @(@($status.groups) | Where-Object { $null -ne $_ }).name -Noun group @select)
            $all | Where-Object { $null -ne $_.Group -and $groups -contains $_.Group }
            return
        }
        $targets = @(Select-PsvName -Name $names -Known $all.Name -Noun target @select)
        $all | Where-Object { $targets -contains $_.Name }
    }
}
