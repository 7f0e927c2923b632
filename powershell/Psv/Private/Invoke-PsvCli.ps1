function Invoke-PsvCli {
    <#
    .SYNOPSIS
    Runs psv with --json and returns its parsed output, or throws a psv ErrorRecord.
    .DESCRIPTION
    The only place that starts the psv executable. Adds -c CONFIG when a config path
    is given, captures stdout, stderr and the exit code, parses stdout as JSON (one
    document, or with -JsonLines one document per line, emitted as they arrive) and
    turns a non-zero exit code into an ErrorRecord (see New-PsvErrorRecord).
    The ErrorRecord is handed back through -Failure ([ref]) for the public cmdlet to
    write as its own error; it is not thrown, because a caught error would still land
    in the caller's -ErrorVariable a second time. Without -Failure it is thrown.
    -AcceptExitCode lists non-zero exit codes whose JSON output is still the answer
    (psv check exits 2 for an invalid file and says why in JSON).
    -OnProgress receives each progress line psv writes to stderr as JSON while it works
    (`psv stop --json`: {"stopping":true,"remaining":[...]}); those lines are not errors.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string[]] $Arguments,

        [AllowNull()]
        [string] $ConfigPath,

        [object] $TargetObject,

        [switch] $JsonLines,

        [int[]] $AcceptExitCode = @(),

        [scriptblock] $OnProgress,

        [ref] $Failure
    )

    if ($Failure) { $Failure.Value = $null }
    $exe = Get-PsvExecutable
    if ($exe.Problem) {
        $record = New-PsvExecutableError -Message $exe.Problem
        if ($Failure) { $Failure.Value = $record; return }
        $PSCmdlet.ThrowTerminatingError($record)
    }
    $argv = @($exe.PrefixArguments) + $Arguments
    if ($ConfigPath) { $argv += @('-c', $ConfigPath) }
    $argv += '--json'
    Write-Verbose ("psv: {0} {1}" -f $exe.FilePath, ($argv -join ' '))

    $stderr = [System.Collections.Generic.List[string]]::new()
    $stdout = [System.Text.StringBuilder]::new()
    $previousEncoding = $null
    if (Test-PsvWindows) {
        # psv writes UTF-8; the console code page would garble Japanese messages.
        try {
            $previousEncoding = [Console]::OutputEncoding
            [Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)
        }
        catch { $previousEncoding = $null }
    }
    try {
        # Native stderr arrives as ErrorRecords in the merged stream; nothing here may
        # turn it into a terminating error.
        $ErrorActionPreference = 'Continue'
        $PSNativeCommandUseErrorActionPreference = $false
        & $exe.FilePath @argv 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) {
                $line = $_.ToString()
                $progress = $null
                if ($OnProgress -and $line.StartsWith('{')) {
                    try { $progress = $line | ConvertFrom-Json } catch { $progress = $null }
                }
                if ($progress) { & $OnProgress $progress }
                else { $stderr.Add($line) }
            }
            elseif ($JsonLines) {
                $line = [string]$_
                if ($line.Trim()) {
                    try { $line | ConvertFrom-Json } catch { Write-Warning ($PsvStrings.NotJsonLine -f $line) }
                }
            }
            else {
                [void]$stdout.AppendLine([string]$_)
            }
        }
        $exitCode = $LASTEXITCODE
    }
    finally {
        if ($null -ne $previousEncoding) { [Console]::OutputEncoding = $previousEncoding }
    }

    $verb = $Arguments[0]
    if ($exitCode -ne 0 -and $AcceptExitCode -notcontains $exitCode) {
        $record = New-PsvErrorRecord -ExitCode $exitCode -Message ($stderr -join "`n") -TargetObject $TargetObject -Command $verb
        if ($Failure) { $Failure.Value = $record; return }
        $PSCmdlet.ThrowTerminatingError($record)
    }
    if ($JsonLines) { return }
    $text = $stdout.ToString()
    if (-not $text.Trim()) { return }
    try {
        $text | ConvertFrom-Json
    }
    catch {
        $record = New-PsvErrorRecord -ExitCode 1 -Message ($PsvStrings.NotJsonOutput -f $verb, $text.Trim()) -TargetObject $TargetObject -Command $verb
        if ($Failure) { $Failure.Value = $record; return }
        $PSCmdlet.ThrowTerminatingError($record)
    }
}
