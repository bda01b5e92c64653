; Inno Setup 6 script: the Windows installer of the clinic kiosk.
;
; Build on Windows, after `pyinstaller kiosk.spec` (dist\kiosk\) and with the example config in
; build\config.example.yaml (`dist\kiosk\kiosk-cli.exe config --example`), from the repo root:
;   iscc /DAppVersion=0.1.0 packaging\windows\kiosk.iss
; Output: dist\clinic-kiosk-setup-<version>.exe. .github/workflows/windows.yml does all of this.
;
; Silent install (as administrator):
;   clinic-kiosk-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG=C:\Windows\Temp\clinic-kiosk-setup.log
; Silent uninstall (the config and logs in %ProgramData%\clinic-kiosk stay):
;   "C:\Program Files\Clinic Kiosk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; ... and remove the config and logs too:
;   "C:\Program Files\Clinic Kiosk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /PURGE
;
; Not exercised on the Linux CI: only the GitHub Actions Windows workflow builds and runs it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Clinic Kiosk"
#define BundleDir "..\..\dist\kiosk"
#define ConfigExample "..\..\build\config.example.yaml"

[Setup]
; Never change AppId: upgrades and uninstall find earlier installs by it.
AppId={{6F1C2B7E-3D4A-4C1B-9E0F-5A7B8C9D0E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Clinic kiosk team
DefaultDirName={autopf}\{#AppName}
DisableDirPage=auto
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=clinic-kiosk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
UninstallDisplayIcon={app}\kiosk.exe
UninstallDisplayName={#AppName}
; A running kiosk holds its files: close it (Restart Manager) instead of asking.
CloseApplications=force
RestartApplications=no
SetupLogging=yes
WizardStyle=modern

[Files]
; The whole PyInstaller bundle: kiosk.exe (no console window; what the kiosk account starts),
; kiosk-cli.exe (the same program with a console, for self-test, set-pin, config --example) and _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; IT's script that makes kiosk.exe the shell of a kiosk account (see the README).
Source: "shell-launcher.ps1"; DestDir: "{app}"; Flags: ignoreversion
; The commented example config, only if there is none yet (an upgrade keeps IT's config), and kept
; on uninstall unless /PURGE (or the question at an interactive uninstall) says otherwise.
Source: "{#ConfigExample}"; DestDir: "{commonappdata}\clinic-kiosk"; DestName: "config.yaml"; \
  Flags: onlyifdoesntexist uninsneveruninstall

[Dirs]
Name: "{commonappdata}\clinic-kiosk"; Flags: uninsneveruninstall
; Logs and the heartbeat (status.json, clinic_kiosk.prom): written by the kiosk account, read by IT.
Name: "{commonappdata}\clinic-kiosk\logs"; Permissions: users-modify; Flags: uninsneveruninstall

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\kiosk.exe"
Name: "{autoprograms}\{#AppName} self-test"; Filename: "{cmd}"; \
  Parameters: "/k ""{app}\kiosk-cli.exe"" self-test"; WorkingDir: "{app}"

[UninstallRun]
; Stop a running kiosk before its files go (Shell Launcher may start it again: uninstall while the
; kiosk account is signed out, e.g. remotely).
Filename: "{sys}\taskkill.exe"; Parameters: "/F /IM kiosk.exe"; Flags: runhidden; RunOnceId: "StopKiosk"

[Code]
var
  ConfigExisted: Boolean;

function ConfigFile(): String;
begin
  Result := ExpandConstant('{commonappdata}\clinic-kiosk\config.yaml');
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Lines: TArrayOfString;
  I: Integer;
begin
  if CurStep = ssInstall then
    ConfigExisted := FileExists(ConfigFile());
  // A new config: point log_dir at %ProgramData%\clinic-kiosk\logs (YAML single quotes: no escapes).
  if (CurStep = ssPostInstall) and (not ConfigExisted) and LoadStringsFromFile(ConfigFile(), Lines) then
  begin
    for I := 0 to GetArrayLength(Lines) - 1 do
      if Lines[I] = 'log_dir: null' then
        Lines[I] := 'log_dir: ''' + ExpandConstant('{commonappdata}\clinic-kiosk\logs') + '''';
    SaveStringsToUTF8File(ConfigFile(), Lines, False);
  end;
end;

function CmdLineHas(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then
      Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    Folder := ExpandConstant('{commonappdata}\clinic-kiosk');
    if CmdLineHas('/PURGE') or
       ((not UninstallSilent) and
        (MsgBox('Also delete the kiosk''s configuration and logs in ' + Folder + '?',
                mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES)) then
      DelTree(Folder, True, True, True);
  end;
end;
