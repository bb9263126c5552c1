; Inno Setup 6 script of Maitre D's Windows installer.
;
; Built by `python packaging/build.py` after PyInstaller has made dist\maitred\ and the frozen
; app has passed its smoke test; by hand:
;   ISCC /DAppVersion=0.1.0 packaging\windows\maitred.iss
; dist\maitred\ holds maitred.exe (the windowed app) and maitred-console.exe (the same
; program for the server commands: `maitred-console serve`, `maitred-console apikey ...`).
; Defines (all optional): AppVersion, AppVersionInfo (four numbers), BundleDir (the PyInstaller
; folder), OutputFolder, IconFile.
;
; The reservation book is never in {app}: it lives in the user's data folder
; (%LOCALAPPDATA%\MaitreD, from platformdirs), which this installer neither writes nor deletes,
; so uninstalling or upgrading Maitre D keeps every booking.

#define AppName "Maitre D"
#define ExeName "maitred.exe"
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppVersionInfo
  #define AppVersionInfo "0.0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\..\dist\maitred"
#endif
#ifndef OutputFolder
  #define OutputFolder AddBackslash(SourcePath) + "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\..\resources\icons\maitred.ico"
#endif

[Setup]
; Never change AppId: Windows recognises upgrades and the uninstaller by it.
AppId={{7EC36383-1D0B-4813-83CE-0D0FF4483C07}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName} contributors
AppComments=The host stand of a restaurant: reservations, walk-ins and the room, offline.
VersionInfoVersion={#AppVersionInfo}
VersionInfoProductVersion={#AppVersionInfo}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default (no administrator needed); the first page offers an install for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or later.
MinVersion=10.0
OutputDir={#OutputFolder}
OutputBaseFilename=MaitreD-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
LZMAUseSeparateProcess=yes
WizardStyle=modern
; Close a running Maitre D (Restart Manager) before replacing its files.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english:BookKept=Maitre D was removed. Your reservation book and its backups were kept in your AppData\Local\MaitreD folder: delete that folder yourself if you no longer need them.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; The previous version's libraries: a PyInstaller folder must not mix two versions of Qt or Python.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#ExeName}"; WorkingDir: "{app}"; Comment: "Reservations, walk-ins and the room"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#ExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] of user data, on purpose: see the top of this file.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(CustomMessage('BookKept'), mbInformation, MB_OK);
end;
