function Get-PsvEvent {
    # .ExternalHelp Psv-help.xml
    [CmdletBinding()]
    [OutputType('Psv.Event')]
    param(
        [object] $Since,

        [string] $Target,

        [ValidateSet('Information', 'Warning', 'Error')]
        [string[]] $Level,

        [ValidateRange(1, [int]::MaxValue)]
        [int] $Last = 1000,

        [switch] $Wait,

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
        $arguments = @('events', '--limit', [string]$Last)
        if ($PSBoundParameters.ContainsKey('Since')) {
            $date = [datetime]::MinValue
            $text = [string]$Since
            # A time is a [DateTime] or text that reads as one and not as a duration (10, 2d, 00:10:00 are durations).
            $isDate = $Since -is [datetime] -or (
                $Since -isnot [timespan] -and $text -match '[-/T]' -and $text -notmatch '^[0-9.:]+$' -and
                [datetime]::TryParse($text, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AssumeLocal, [ref]$date))
            if ($isDate) {
                if ($Since -is [datetime]) { $date = $Since }
                $sinceText = $date.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)
            }
            else {
                $sinceText = ConvertTo-PsvDuration (ConvertTo-PsvDurationArgument -Cmdlet $PSCmdlet -ParameterName Since -Value $Since -ErrorId PsvBadSince)
            }
            $arguments += @('--since', $sinceText)
        }
        if ($Target) { $arguments += @('--target', $Target) }
        if ($Level) { $arguments += @('--level', ($Level -join ',')) }
        if ($Wait) { $arguments += '--follow' }
        # Piped objects may name the same monitor many times: each is read once, at the end.
        $configs = [System.Collections.Generic.List[string]]::new()
    }
    process {
        if (Test-PsvRemote $PSBoundParameters) {
            foreach ($n in $Name) { if ($n) { $remoteNames.Add($n) } }
            return
        }
        $config = [string](Resolve-PsvConfigPath $ConfigPath)
        if (-not $configs.Contains($config)) { $configs.Add($config) }
    }
    end {
        if (Test-PsvRemote $PSBoundParameters) {
            $override = @{}
            if ($remoteNames.Count -gt 0) { $override.Name = [string[]]$remoteNames }
            Invoke-PsvRemote -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Override $override -Target ($remoteNames -join ', ')
            return
        }
        foreach ($config in $configs) {
            $failure = $null
            $count = 0
            Invoke-PsvCli -Arguments $arguments -ConfigPath $config -TargetObject $config -JsonLines -Failure ([ref]$failure) |
                ConvertTo-PsvEvent |
                ForEach-Object { $count++; $_ }
            if ($failure) { $PSCmdlet.WriteError($failure); continue }
            if ($Target -and $config -and $count -eq 0) {
                # No events of a target is normal; of a name the configuration does not know, a mistake.
                $check = Invoke-PsvConfigCheck -Path $config
                if ($check.Ok -and $check.Targets -notcontains $Target) {
                    $known = $check.Targets -join ', '
                    $PSCmdlet.WriteError((New-PsvErrorRecord -ExitCode 2 -Message ($PsvStrings.UnknownTarget -f $Target, $known) -TargetObject $Target -Command events))
                }
            }
        }
    }
}
