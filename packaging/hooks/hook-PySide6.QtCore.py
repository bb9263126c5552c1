"""PyInstaller's hook for PySide6.QtCore, minus the plugins and translations Maitre D never loads."""

import importlib.util
import os

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

_spec = importlib.util.spec_from_file_location("qt_trim", os.path.join(os.path.dirname(__file__), "qt_trim.py"))
qt_trim = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qt_trim)

hiddenimports, binaries, datas = qt_trim.trim(add_qt6_dependencies(__file__))
