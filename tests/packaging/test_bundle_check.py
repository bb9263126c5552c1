"""`maitred --bundle-check` (packaging/bundle_check.py), which packaging/build.py runs against the
frozen app: here against the source, so that it keeps up with the app it checks."""

from __future__ import annotations

import os
import subprocess
import sys

from packaging_files import ROOT, load

build = load("build.py")


def test_every_module_of_the_app_is_checked_and_not_the_migrations() -> None:
    modules = build.maitred_modules()
    assert len(modules) == len(set(modules))
    for late in ("maitred.ui.day_sheet", "maitred.ui.charts", "maitred.ui.dialogs.online_server",
                 "maitred.server.runner", "maitred.server.cli", "maitred.book_cli", "maitred"):
        assert late in modules
    assert not [m for m in modules if "migrations" in m or m.endswith("__init__")]


def test_the_launcher_runs_the_check_and_it_passes_on_the_source() -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "launcher.py"), "--bundle-check", *build.maitred_modules()],
        capture_output=True, text=True, timeout=300, env=environment, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"imported {len(build.maitred_modules())} of {len(build.maitred_modules())} modules" in lines
    assert any(line.startswith("day sheet: PDF ") for line in lines)
    assert any(line.startswith(("print support: ", "printers: ")) for line in lines)
    assert lines[-1] == "bundle check passed"


def test_a_module_missing_from_the_bundle_fails_the_check() -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "launcher.py"), "--bundle-check", "maitred.no_such_module"],
        capture_output=True, text=True, timeout=300, env=environment, cwd=ROOT,
    )
    assert result.returncode == 1
    assert "maitred.no_such_module" in result.stderr
    assert result.stdout.splitlines()[-1] == "bundle check FAILED"
