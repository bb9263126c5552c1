"""The files of packaging/ as modules, for the tests: they are loaded by path (PyInstaller's hooks,
the spec and build.py do so too), as packaging/ is no package."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load(relative: str) -> ModuleType:
    """`load("hooks/qt_trim.py")`: packaging/hooks/qt_trim.py, run as a module of its own."""
    path = ROOT / "packaging" / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
