"""Build Maitre D for the OS this runs on: freeze it, smoke-test the frozen app, package it.

    python packaging/build.py                  # all three stages
    python packaging/build.py --stage freeze   # or one stage at a time (CI shows each)
    python packaging/build.py --stage smoke
    python packaging/build.py --stage check    # the checks of the smoke stage, without the smoke test
    python packaging/build.py --stage package

- freeze:  PyInstaller with packaging/maitred.spec → dist/maitred/ (and dist/Maitre D.app on macOS)
- smoke:   the frozen app with `--smoke-test` on a fresh data folder, offscreen, then the checks
- check:   (also run by smoke) `maitred serve --help` (the server's commands load), the online
           server answering HTTPS on a fresh data folder, and `maitred --bundle-check`: every
           module of src/maitred imports in the bundle, the day sheet prints to PDF and previews,
           the charts paint (packaging/bundle_check.py); no installer is made from a build that
           fails any of them
- package: Linux   dist/maitred-<version>-linux-<arch>.tar.gz (the folder, maitred.desktop, hicolor
                   icons and install.sh, which adds the menu entry for the user)
           Windows dist/MaitreD-<version>-windows-x64-setup.exe with Inno Setup's ISCC
                   (skipped with a warning when ISCC isn't installed, unless --require-installer)
           macOS   dist/MaitreD-<version>-macos-<arch>.dmg (packaging/macos/build_dmg.py)

Run it with the Python that has Maitre D and PyInstaller installed (the `dev` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SPEC = PACKAGING / "maitred.spec"
PACKAGE = ROOT / "src" / "maitred"
ICONS = ROOT / "resources" / "icons"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
APP_NAME = "Maitre D"
EXE_NAME = "maitred"
SMOKE_TEST_TIMEOUT = 300  # seconds: a first start on a slow CI machine, not a hang

IS_WIN = sys.platform == "win32"
IS_MAC = sys.platform == "darwin"


def version() -> str:
    """`maitred.__version__`, read from the source without importing the package."""
    text = (ROOT / "src" / "maitred" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
    if match is None:
        raise SystemExit("no __version__ in src/maitred/__init__.py")
    return match.group(1)


def frozen_folder(dist: Path) -> Path:
    return dist / EXE_NAME


def frozen_app(dist: Path) -> Path:
    return dist / f"{APP_NAME}.app"


def frozen_executable(dist: Path) -> Path:
    if IS_MAC:
        return frozen_app(dist) / "Contents" / "MacOS" / EXE_NAME
    return frozen_folder(dist) / (f"{EXE_NAME}.exe" if IS_WIN else EXE_NAME)


def console_executable(dist: Path) -> Path:
    """The executable with a stdout, for the server commands: a twin .exe on Windows."""
    if IS_WIN:
        return frozen_folder(dist) / f"{EXE_NAME}-console.exe"
    return frozen_executable(dist)


def machine() -> str:
    return {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(platform.machine().lower(), platform.machine())


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


# --- stages -----------------------------------------------------------------------------------

def freeze(dist: Path, work: Path, *, clean: bool) -> None:
    step(f"freeze Maitre D {version()} with PyInstaller")
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
               "--distpath", str(dist), "--workpath", str(work)]
    if clean:
        command.append("--clean")
    started = time.monotonic()
    subprocess.run(command, check=True, cwd=ROOT)
    folder = frozen_app(dist) if IS_MAC else frozen_folder(dist)
    print(f"{folder}: {mib(size_of(folder))}, frozen in {time.monotonic() - started:.0f} s")


def smoke_test(dist: Path) -> float:
    """Start the frozen app on an empty data folder: migrate, load the demo, build the window."""
    executable = frozen_executable(dist)
    step(f"smoke-test {executable}")
    if not executable.is_file():
        raise SystemExit(f"{executable} is missing: run the freeze stage first")
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="maitred-smoke-") as data:
        started = time.monotonic()
        try:
            result = subprocess.run(
                [str(executable), "--smoke-test", "--data-dir", data],
                env=environment, timeout=SMOKE_TEST_TIMEOUT, capture_output=True, text=True,
            )
        except subprocess.TimeoutExpired:
            raise SystemExit(f"smoke test FAILED: no exit after {SMOKE_TEST_TIMEOUT} s") from None
        elapsed = time.monotonic() - started
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        if result.returncode != 0:
            log = Path(data) / "maitred.log"
            if log.is_file():
                sys.stderr.write(f"--- {log}\n{log.read_text(encoding='utf-8', errors='replace')}")
            raise SystemExit(f"smoke test FAILED: exit code {result.returncode}")
    print(f"smoke test passed in {elapsed:.1f} s")
    run_checks(dist)
    return elapsed


def run_checks(dist: Path) -> None:
    """What the smoke test doesn't reach: the server's commands, the server, what loads late."""
    check_server_commands(dist)
    check_server(dist)
    check_bundle(dist)


def check_server_commands(dist: Path) -> None:
    """`maitred serve --help` imports the whole online server (uvicorn, starlette, cryptography)
    without opening a book: a missing module in the bundle shows here, not at a restaurant."""
    executable = console_executable(dist)
    result = subprocess.run([str(executable), "serve", "--help"], capture_output=True, text=True,
                            timeout=SMOKE_TEST_TIMEOUT)
    if result.returncode != 0 or "usage:" not in result.stdout:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"server commands FAILED: {executable.name} serve --help exited with {result.returncode}")
    print(f"server commands load ({executable.name} serve --help)")


def check_server(dist: Path) -> None:
    """`maitred serve` on a fresh data folder and a free port: it makes its certificate, starts
    uvicorn (whose event loop and HTTP protocol are imported by name at start) in two worker
    processes (fresh copies of the executable), answers HTTPS and stops cleanly on SIGTERM."""
    executable = console_executable(dist)
    step(f"online server: {executable.name} serve --port 0 --workers 2")
    with tempfile.TemporaryDirectory(prefix="maitred-serve-") as data:
        log = Path(data, "serve.log")
        with log.open("w", encoding="utf-8") as errors:
            server = subprocess.Popen([str(executable), "serve", "--data-dir", data, "--port", "0", "--workers", "2"],
                                      stdout=subprocess.PIPE, stderr=errors, text=True)
        timer = threading.Timer(SMOKE_TEST_TIMEOUT, server.kill)
        timer.start()
        try:
            try:
                url, certificate = server_address(server)
                # The self-signed certificate names 127.0.0.1: verify it as a website's backend would.
                context = ssl.create_default_context(cafile=certificate)
                with urllib.request.urlopen(f"{url}/openapi.json", context=context, timeout=30) as response:
                    paths = json.load(response).get("paths", {})
            except (OSError, ValueError) as error:
                stop(server)
                raise SystemExit(f"online server FAILED: {error}\n{log.read_text(encoding='utf-8')}") from None
            code = stop(server)
            if not paths:
                raise SystemExit(f"online server FAILED: no paths in /openapi.json\n{log.read_text(encoding='utf-8')}")
        finally:
            timer.cancel()
            if server.poll() is None:
                server.kill()
                server.wait()
        if code != 0 and not IS_WIN:  # `maitred serve` finishes its requests and exits 0 on SIGTERM
            raise SystemExit(f"online server FAILED to stop: exit code {code}\n{log.read_text(encoding='utf-8')}")
    print(f"{url}/openapi.json: {len(paths)} paths over HTTPS; stopped cleanly")


def server_address(server: subprocess.Popen[str]) -> tuple[str, str]:
    """The URL and the certificate file `maitred serve` prints once it accepts connections."""
    url = certificate = None
    assert server.stdout is not None
    for line in server.stdout:
        if line.startswith("Maitre D online bookings at "):
            url = line.split(" at ", 1)[1].strip()
        elif line.startswith("certificate "):
            certificate = line.split(" ", 1)[1].strip()
        if url and certificate:
            return url, certificate
    raise ValueError(f"it exited ({server.wait()}) without saying where it listens")


def stop(process: subprocess.Popen[str]) -> int:
    """SIGTERM (a service manager's stop), or TerminateProcess on Windows; the exit code."""
    if process.poll() is None:
        if IS_WIN:
            process.terminate()
        else:
            process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def maitred_modules(package: Path = PACKAGE) -> list[str]:
    """Every module of the maitred package, by dotted name (not the Alembic migrations, which
    travel as source files loaded by path)."""
    names = []
    for source in sorted(package.rglob("*.py")):
        relative = source.relative_to(package.parent).with_suffix("")
        if "migrations" in relative.parts or "__pycache__" in relative.parts:
            continue
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        names.append(".".join(parts))
    return names


def check_bundle(dist: Path) -> None:
    """`maitred --bundle-check`: every module imports, the day sheet prints, the charts paint."""
    executable = console_executable(dist)
    modules = maitred_modules()
    step(f"bundle check: {executable.name} --bundle-check ({len(modules)} modules)")
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([str(executable), "--bundle-check", *modules], env=environment,
                            capture_output=True, text=True, timeout=SMOKE_TEST_TIMEOUT)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"bundle check FAILED: exit code {result.returncode}")


def package(dist: Path, *, require_installer: bool) -> list[Path]:
    if IS_WIN:
        return windows_installer(dist, require=require_installer)
    if IS_MAC:
        return [mac_dmg(dist)]
    return [linux_tarball(dist)]


def linux_tarball(dist: Path) -> Path:
    folder = frozen_folder(dist)
    if not folder.is_dir():
        raise SystemExit(f"{folder} is missing: run the freeze stage first")
    top = f"{EXE_NAME}-{version()}"
    tarball = dist / f"{top}-linux-{machine()}.tar.gz"
    step(f"package {tarball.name}")

    def normalised(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    started = time.monotonic()
    with tarfile.open(tarball, "w:gz", compresslevel=6) as archive:
        archive.add(folder, arcname=top, filter=normalised)
        archive.add(PACKAGING / "linux" / "maitred.desktop", arcname=f"{top}/maitred.desktop", filter=normalised)
        archive.add(PACKAGING / "linux" / "install.sh", arcname=f"{top}/install.sh", filter=normalised)
        for size in HICOLOR_SIZES:
            archive.add(ICONS / f"maitred-{size}.png", filter=normalised,
                        arcname=f"{top}/share/icons/hicolor/{size}x{size}/apps/maitred.png")
    print(f"{tarball}: {mib(tarball.stat().st_size)} in {time.monotonic() - started:.0f} s")
    return tarball


def find_iscc() -> Path | None:
    """ISCC.exe from $ISCC, the PATH, or where the Inno Setup 6 installer (or choco) puts it."""
    candidates = [os.environ.get("ISCC", ""), shutil.which("iscc") or ""]
    for variable in ("PROGRAMFILES(X86)", "PROGRAMFILES", "LOCALAPPDATA"):  # Windows' variables ignore case
        base = os.environ.get(variable)
        if base:
            candidates += [str(Path(base, folder, "Inno Setup 6", "ISCC.exe")) for folder in ("", "Programs")]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def windows_installer(dist: Path, *, require: bool) -> list[Path]:
    folder = frozen_folder(dist)
    if not folder.is_dir():
        raise SystemExit(f"{folder} is missing: run the freeze stage first")
    iss = PACKAGING / "windows" / "maitred.iss"
    step(f"package with Inno Setup ({iss.name})")
    iscc = find_iscc()
    if iscc is None:
        message = "Inno Setup's ISCC.exe was not found (install it: choco install innosetup; or set ISCC)"
        if require:
            raise SystemExit(message)
        print(f"WARNING: {message}; no installer was made. The app is in {folder}")
        return []
    numbers = [int(n) for n in re.findall(r"\d+", version())[:4]]
    numbers += [0] * (4 - len(numbers))
    subprocess.run([
        str(iscc), "/Q",
        f"/DAppVersion={version()}",
        f"/DAppVersionInfo={'.'.join(map(str, numbers))}",
        f"/DBundleDir={folder}",
        f"/DOutputFolder={dist}",
        f"/DIconFile={ICONS / 'maitred.ico'}",
        str(iss),
    ], check=True)
    setup = dist / f"MaitreD-{version()}-windows-x64-setup.exe"
    print(f"{setup}: {mib(setup.stat().st_size)}")
    return [setup]


def mac_dmg(dist: Path) -> Path:
    app = frozen_app(dist)
    dmg = dist / f"MaitreD-{version()}-macos-{machine()}.dmg"
    step(f"package {dmg.name}")
    subprocess.run([sys.executable, str(PACKAGING / "macos" / "build_dmg.py"), "--app", str(app), "--out", str(dmg)],
                   check=True)
    return dmg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=version(), help="print the version to build and exit")
    parser.add_argument("--stage", choices=("all", "freeze", "smoke", "check", "package"), default="all")
    parser.add_argument("--no-smoke-test", action="store_true", help="with --stage all: freeze and package only")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache and work folder first")
    parser.add_argument("--require-installer", action="store_true",
                        help="fail, rather than warn, when the installer tool (ISCC) is missing")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work folder")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()

    try:
        if args.stage in ("all", "freeze"):
            freeze(dist, work, clean=args.clean)
        if args.stage == "smoke" or (args.stage == "all" and not args.no_smoke_test):
            smoke_test(dist)
        if args.stage == "check":
            run_checks(dist)
        artifacts = package(dist, require_installer=args.require_installer) if args.stage in ("all", "package") else []
    except subprocess.CalledProcessError as error:
        print(f"build FAILED: {' '.join(map(str, error.cmd))} exited with {error.returncode}", file=sys.stderr)
        return 1
    for artifact in artifacts:
        print(f"built {artifact} ({mib(artifact.stat().st_size)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
