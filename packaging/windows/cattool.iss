; Inno Setup script: cattool's Windows installer (Start-menu shortcut, optional desktop
; icon, uninstaller in "Installed apps"). Build the one-folder app first, on Windows:
;
;   py -3.11 -m venv .venv
;   .venv\Scripts\python -m pip install -e . -r packaging\requirements.txt
;   .venv\Scripts\python -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\cattool.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\cattool.iss
;
; -> dist\cattool-0.1.0-windows-setup.exe. See packaging/README.md.
; AppVersion defaults to pyproject.toml's version (tests/packaging checks they agree);
; pass /DAppVersion=... to override it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "cattool"
#define AppExe "cattool.exe"
#define AppCli "cattool-cli.exe"

[Setup]
; A fixed AppId keeps upgrades in place (never change it).
AppId={{6F1C2A3E-5B0D-4C47-9A8E-2D7C1B9E4F30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=cattool
AppComments=Deadlines, cases and documents for saving an Asset of Community Value
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default (no administrator rights); the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-windows-setup
SetupIconFile=..\icons\cattool.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The cases live in %LOCALAPPDATA%\cattool: neither installing nor uninstalling touches them.

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder app (cattool.exe, cattool-cli.exe and _internal\).
Source: "..\..\dist\cattool\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale (no stale files from older versions).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Deadlines and documents for saving an Asset of Community Value"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
