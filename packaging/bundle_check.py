"""`maitred --bundle-check MODULE...`, in the frozen app only: does the bundle hold what Maitre D
loads later than the smoke test looks?

The smoke test starts the window; much of the app loads only when asked for: the day sheet's
printing (QtPrintSupport, imported when Ctrl+P is pressed), the reports' charts, the online
server's dialog and the server itself. Trimming the bundle (excluded modules, Qt plugins, system
libraries) could take one of those away without the smoke test noticing. This check, run by
packaging/build.py against the freshly frozen app:

- imports every module given (build.py passes every module of src/maitred);
- writes a day sheet as a PDF with the app's own code, and lays out the print preview;
- checks that Qt's print support loads (on Linux: the bundled CUPS plugin, with the system's
  libcups, wherever there is one) and says which printers it sees (a build machine may have none);
- paints the reports' charts.

It prints one line per finding and exits 1 if anything failed. The online server is checked
from the outside (build.py starts `maitred serve` and talks HTTPS to it).
"""

from __future__ import annotations

import ctypes.util
import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

FLAG = "--bundle-check"


def import_all(names: list[str]) -> list[str]:
    failures = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # an ImportError, or whatever a missing library makes the module raise
            failures.append(f"import {name}: {traceback.format_exc(limit=1).strip().splitlines()[-1]}")
    return failures


def print_day_sheet(folder: Path) -> str:
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from maitred.domain.day_sheet import DaySheet
    from maitred.domain.location import LocationInfo, ReservationLocation
    from maitred.ui.day_sheet import preview_dialog, write_pdf

    location = ReservationLocation("bundle-check", LocationInfo("Bundle check", "Europe/Rome"))
    sheet = DaySheet("Bundle check", "Europe/Rome", date(2026, 6, 12), ())
    pdf = write_pdf(sheet, location, folder / "day-sheet.pdf")
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF") or len(data) < 500:
        raise RuntimeError(f"the day sheet's PDF is not a PDF ({len(data)} bytes)")
    dialog = preview_dialog(sheet, location)
    preview = dialog.findChild(QPrintPreviewWidget)
    if preview is None:
        raise RuntimeError("the print preview has no preview widget")
    preview.updatePreview()
    pages = preview.pageCount()
    dialog.deleteLater()
    return f"day sheet: PDF {len(data)} bytes, preview {pages} page(s)"


def print_support() -> str:
    """Real printers: on Linux the bundled CUPS plugin must load wherever the system has libcups."""
    from PySide6.QtPrintSupport import QPrinterInfo

    printers = ", ".join(QPrinterInfo.availablePrinterNames()) or "none"  # loads the print-support plugin
    if not sys.platform.startswith("linux"):
        return f"printers: {printers}"
    with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
        loaded = maps.read()
    cups_plugin = "libcupsprintersupport.so" in loaded
    libcups = ctypes.util.find_library("cups")
    if libcups and not cups_plugin:
        raise RuntimeError(f"the system has {libcups} but Qt's CUPS print support did not load")
    support = "the CUPS plugin" if cups_plugin else "none (no libcups here: PDF only)"
    return f"print support: {support}; printers: {printers}"


def paint_charts() -> str:
    from maitred.ui.charts import BarChart, LineChart, Series

    painted = []
    for chart in (BarChart("Covers", stacked=True), LineChart("Waits")):
        chart.set_data(["Mon", "Tue"], [Series("Lunch", (12.0, 20.0)), Series("Dinner", (30.0, None))])
        chart.resize(520, 300)
        if chart.grab().isNull():
            raise RuntimeError(f"{type(chart).__name__} painted nothing")
        painted.append(type(chart).__name__)
    return f"charts: {', '.join(painted)} painted"


def main(modules: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = import_all(modules)
    print(f"imported {len(modules) - len(failures)} of {len(modules)} modules", flush=True)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="maitred-bundle-check-") as folder:
        checks: list[Callable[[], str]] = [lambda: print_day_sheet(Path(folder)), print_support, paint_charts]
        for check in checks:
            try:
                print(check(), flush=True)
            except Exception:
                failures.append(traceback.format_exc().strip())
    app.processEvents()
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    print("bundle check " + ("FAILED" if failures else "passed"), flush=True)
    return 1 if failures else 0
