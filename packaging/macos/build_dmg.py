"""Put `Maitre D.app` on a compressed disk image with a link to /Applications (macOS, hdiutil).

Usage: `python packaging/macos/build_dmg.py [--app "dist/Maitre D.app"] [--out DMG]`
(`packaging/build.py` runs it after the frozen app has passed its smoke test). The version and
the file name come from the app's Info.plist; the image is UDZO (zlib), readable on every macOS.

The .app is ad-hoc signed by PyInstaller, not notarized: the first start of a downloaded copy
needs right-click → Open (or a Developer ID signature and notarization added here later).
"""

from __future__ import annotations

import argparse
import platform
import plistlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_APP = ROOT / "dist" / "Maitre D.app"
VOLUME_NAME = "Maitre D"
#: hdiutil on CI machines now and then fails with "Resource busy" while Spotlight or XProtect
#: looks at the fresh image; trying again a few seconds later works.
ATTEMPTS = 5


def app_version(app: Path) -> str:
    with (app / "Contents" / "Info.plist").open("rb") as file:
        return str(plistlib.load(file)["CFBundleShortVersionString"])


def default_dmg(app: Path) -> Path:
    return app.parent / f"MaitreD-{app_version(app)}-macos-{platform.machine()}.dmg"


def stage(app: Path, folder: Path) -> None:
    """The image's contents: the app (copied with ditto, which keeps symlinks, extended attributes
    and signatures) and a link to /Applications to drag it onto."""
    target = folder / app.name
    if shutil.which("ditto"):
        subprocess.run(["ditto", str(app), str(target)], check=True)
    else:  # not on macOS: only useful to try this script's staging elsewhere
        shutil.copytree(app, target, symlinks=True)
    (folder / "Applications").symlink_to("/Applications")


def run_hdiutil(arguments: list[str]) -> None:
    for attempt in range(1, ATTEMPTS + 1):
        result = subprocess.run(["hdiutil", *arguments], capture_output=True, text=True)
        if result.returncode == 0:
            return
        print(f"hdiutil {arguments[0]} failed (attempt {attempt}/{ATTEMPTS}): {result.stderr.strip()}", file=sys.stderr)
        if attempt < ATTEMPTS:
            time.sleep(5 * attempt)
    raise SystemExit(f"hdiutil {arguments[0]} kept failing")


def check_app(app: Path) -> None:
    if not (app / "Contents" / "Info.plist").is_file():
        raise SystemExit(f"{app} is not an app bundle (no Contents/Info.plist): build it with packaging/build.py")


def build_dmg(app: Path, dmg: Path, volume_name: str = VOLUME_NAME) -> Path:
    check_app(app)
    if shutil.which("hdiutil") is None:
        raise SystemExit("hdiutil is not here: disk images are made on macOS")
    dmg.parent.mkdir(parents=True, exist_ok=True)
    dmg.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="maitred-dmg-") as temporary:
        staging = Path(temporary) / "staging"
        staging.mkdir()
        stage(app, staging)
        run_hdiutil([
            "create", "-volname", volume_name, "-srcfolder", str(staging), "-fs", "HFS+",
            "-format", "UDZO", "-imagekey", "zlib-level=9", "-ov", str(dmg),
        ])
    run_hdiutil(["verify", str(dmg)])
    return dmg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=DEFAULT_APP, help=f"the .app bundle (default {DEFAULT_APP})")
    parser.add_argument("--out", type=Path, help="the .dmg to write (default: beside the app)")
    parser.add_argument("--volume-name", default=VOLUME_NAME)
    args = parser.parse_args(argv)
    check_app(args.app)
    dmg = build_dmg(args.app, args.out or default_dmg(args.app), args.volume_name)
    print(f"{dmg} ({dmg.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
