"""PyInstaller's hook for PySide6.QtPrintSupport (the day sheet), minus the plugins and translations
Maitre D never loads: it keeps the CUPS print-support plugin (see qt_trim.KEPT_PLUGINS)."""

import importlib.util
import os

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

_spec = importlib.util.spec_from_file_location("qt_trim", os.path.join(os.path.dirname(__file__), "qt_trim.py"))
qt_trim = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qt_trim)

hiddenimports, binaries, datas = qt_trim.trim(add_qt6_dependencies(__file__))
