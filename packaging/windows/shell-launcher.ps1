<#
.SYNOPSIS
  Make the clinic kiosk the shell of a Windows kiosk account (Shell Launcher), or undo it.

.DESCRIPTION
  Shell Launcher replaces Explorer with one program for the accounts you choose; when the program
  exits, Windows starts it again. It needs Windows 10/11 Enterprise, Education or IoT Enterprise.
  Run as administrator, after installing the kiosk (clinic-kiosk-setup-<version>.exe):

    .\shell-launcher.ps1 -KioskUser kiosk            # the account's shell becomes kiosk.exe
    .\shell-launcher.ps1 -KioskUser kiosk -Remove    # the account gets Explorer back

  The account should be a standard (non-administrator) local account that signs in automatically
  (Sysinternals Autologon, or the Winlogon AutoAdminLogon registry values). Administrators keep
  Explorer. Sign the kiosk account out and in again for the change to take effect.

  Not exercised on the Linux CI; the Windows workflow builds and smoke-tests the program only.
#>
param(
    [Parameter(Mandatory = $true)][string]$KioskUser,
    [string]$KioskExe = "$env:ProgramFiles\Clinic Kiosk\kiosk.exe",
    [switch]$Remove
)
$ErrorActionPreference = "Stop"

# The Shell Launcher feature (a restart may be needed the first time it is turned on).
$feature = Get-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
if ($feature.State -ne "Enabled") {
    Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -All -NoRestart | Out-Null
    Write-Host "Shell Launcher turned on; restart Windows if the next step fails, then run this again."
}

$launcher = [wmiclass]"\\localhost\root\standardcimv2\embedded:WESL_UserSetting"
$sid = (New-Object System.Security.Principal.NTAccount($KioskUser)).Translate(
    [System.Security.Principal.SecurityIdentifier]).Value

if ($Remove) {
    $launcher.RemoveCustomShell($sid) | Out-Null
    Write-Host "$KioskUser gets Explorer again."
    exit 0
}

if (-not (Test-Path $KioskExe)) { throw "$KioskExe not found: install the kiosk first" }
# Everyone else keeps Explorer.
$launcher.SetDefaultShell("explorer.exe", 0) | Out-Null
# Exit action 0: restart the shell (the kiosk) whenever it exits. (1 restarts the device, 2 shuts it
# down, 3 does nothing.)
$launcher.SetCustomShell($sid, "`"$KioskExe`"", $null, $null, 0) | Out-Null
$launcher.SetEnabled($true) | Out-Null
Write-Host "$KioskUser now signs in to the clinic kiosk ($KioskExe), restarted whenever it exits."
