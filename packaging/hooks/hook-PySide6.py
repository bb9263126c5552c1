"""PyInstaller's own hook for the PySide6 package, minus its OpenGL extras for Windows."""

import importlib.util
import os

import PyInstaller


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_BUILTIN_HOOKS = os.path.join(os.path.dirname(PyInstaller.__file__), "hooks")
_builtin = _load("_builtin_hook_PySide6", os.path.join(_BUILTIN_HOOKS, "hook-PySide6.py"))
qt_trim = _load("qt_trim", os.path.join(os.path.dirname(__file__), "qt_trim.py"))

hiddenimports = list(getattr(_builtin, "hiddenimports", []))
binaries = [(source, dest) for source, dest in getattr(_builtin, "binaries", []) if qt_trim.extra_binary_wanted(source)]
datas = list(getattr(_builtin, "datas", []))

# Whatever else the built-in hook declares (none of it in PyInstaller 6.x, but it may grow).
for _name in ("excludedimports", "module_collection_mode", "warn_on_missing_hiddenimports", "hook"):
    if hasattr(_builtin, _name):
        globals()[_name] = getattr(_builtin, _name)
