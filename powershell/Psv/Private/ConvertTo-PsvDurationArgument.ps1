function ConvertTo-PsvDurationArgument {
    <#
    .SYNOPSIS
    A duration parameter's value as a [TimeSpan], or a terminating InvalidArgument error of the calling cmdlet.
    .DESCRIPTION
    The public cmdlets declare their duration parameters as [object] (a [timespan]
    parameter would turn -StopTimeout 30 into 30 ticks and refuse 1h) and read them
    here with ConvertFrom-PsvDuration; a value it cannot read stops the cmdlet with
    one PsvBadDuration error (or -ErrorId) before anything is changed.
    #>
    [CmdletBinding()]
    [OutputType([timespan])]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory)]
        [string] $ParameterName,

        [AllowNull()]
        [object] $Value,

        # Get-PsvEvent -Since keeps the id it always had.
        [string] $ErrorId = 'PsvBadDuration'
    )
    try {
        ConvertFrom-PsvDuration -Value $Value -ParameterName $ParameterName
    }
    catch {
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.ArgumentException]::new($_.Exception.Message, $ParameterName),
                $ErrorId, [System.Management.Automation.ErrorCategory]::InvalidArgument, $Value))
    }
}
