"""GUI benchmark: start-up to the first painted window, a full timeline repaint, switching day.

    .venv/bin/python bench/bench_gui.py [--runs N]

With the busy restaurant of `busy_restaurant.py` (100 tables, 800 reservations on the day). The
start-up is timed from launching a fresh Python process to the timeline's first paint with the
day's reservations, next to an empty PySide6 window started the same way in the same run.
Everything runs offscreen. Prints a table and the machine; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from busy_restaurant import DAY, busy_location, fill_day
from machine import describe_machine

from maitred.bootstrap import open_book

EVENING = datetime(DAY.year, DAY.month, DAY.day, 17, 30, tzinfo=UTC)

EMPTY_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            app.exit(0)
        return False
spy = FirstPaint()
window.installEventFilter(spy)
window.resize(1366, 768)
window.show()
app.exec()
"""

MAITRED_WINDOW = """
import sys
from datetime import datetime
from PySide6.QtCore import QEvent, QObject, QSettings
from maitred.app import create_application, open_session
from maitred.bootstrap import open_book
from maitred.ui.main_window import MainWindow
app = create_application(sys.argv)
now = datetime.fromisoformat(sys.argv[2])
book = open_book(sys.argv[1], clock=lambda: now)
session = open_session(book, "bench")
window = MainWindow(session, QSettings(sys.argv[3], QSettings.Format.IniFormat))
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and window.timeline_model.rowCount() > 0:
            print("painted", len(session.day.reservations()), flush=True)
            app.exit(0)
        return False
spy = FirstPaint()
window.timeline.viewport().installEventFilter(spy)
window.resize(1366, 768)
window.show()
app.exec()
book.close()
"""


def time_to_first_paint(script: str, *args: str) -> float:
    """Seconds from launching a fresh interpreter to the window's first paint."""
    begin = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    elapsed = time.perf_counter() - begin
    if "painted" not in child.stdout:
        raise RuntimeError(f"the window never painted:\n{child.stdout}\n{child.stderr}")
    return elapsed


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def in_process_figures(url: str, settings: Path, runs: int) -> tuple[list[float], list[float], int]:
    """Full timeline repaints and day switches in one running window."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from maitred.app import create_application, open_session
    from maitred.ui.main_window import MainWindow

    app = create_application([sys.argv[0]])
    book = open_book(url, clock=lambda: EVENING)
    session = open_session(book, "bench")
    window = MainWindow(session, QSettings(str(settings), QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    viewport = window.timeline.viewport()
    for _ in range(5):  # let block pictures be drawn ahead, as they are while the host reads the screen
        viewport.repaint()
        app.processEvents()
    repaints = []
    for _ in range(runs * 3):
        begin = time.perf_counter()
        viewport.repaint()
        repaints.append(time.perf_counter() - begin)
    shown = len(session.day.reservations())
    switches = []
    loaded: list[object] = []
    session.day.day_loaded.connect(loaded.append)
    for i in range(runs):
        target = DAY + timedelta(days=1 if i % 2 == 0 else 0)
        loaded.clear()
        begin = time.perf_counter()
        window.go_to_day(target)
        while not loaded:
            app.processEvents()
            QApplication.sendPostedEvents()
        viewport.repaint()
        switches.append(time.perf_counter() - begin)
    window.close()
    session.stop()
    book.close()
    return repaints, switches, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        book = open_book(url, clock=lambda: EVENING)
        fill_day(book, busy_location(book))
        book.close()
        settings = Path(folder) / "ui.ini"
        empty = [time_to_first_paint(EMPTY_WINDOW) for _ in range(args.runs)]
        ours = [time_to_first_paint(MAITRED_WINDOW, url, EVENING.isoformat(), str(settings))
                for _ in range(args.runs)]
        repaints, switches, shown = in_process_figures(url, settings, args.runs)
    start_ms, empty_ms = median_ms(ours), median_ms(empty)
    print(describe_machine())
    print(f"busy day: 100 tables, 40 combinations, {shown} reservations shown; {args.runs} runs each\n")
    print(f"{'measure':<44}{'median ms':>10}{'target':>10}{'ratio':>9}")
    print(f"{'start-up to first painted window':<44}{start_ms:>10.0f}{'< 1500':>10}{start_ms / empty_ms:>8.1f}x")
    print(f"{'  empty PySide6 window, same way':<44}{empty_ms:>10.0f}{'':>10}{1:>8.1f}x")
    print(f"{'full timeline repaint':<44}{median_ms(repaints):>10.1f}{'< 16':>10}{'':>9}")
    print(f"{'switching day (load + paint)':<44}{median_ms(switches):>10.1f}{'< 100':>10}{'':>9}")


if __name__ == "__main__":
    main()
