# Checks that the PowerShell test toolchain is the one scripts/setup-pwsh.sh installs.
Describe 'PowerShell test toolchain' {
    It 'runs on PowerShell 7.6.9' {
        $PSVersionTable.PSEdition | Should -Be 'Core'
        $PSVersionTable.PSVersion.ToString() | Should -BeExactly '7.6.9'
    }

    It 'uses Pester 5.7.1' {
        $pester = @(Get-Module -Name Pester)
        $pester.Count | Should -Be 1
        $pester[0].Version | Should -Be ([version]'5.7.1')
    }
}
