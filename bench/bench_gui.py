"""GUI benchmark: start-up to the first painted window, a full timeline repaint, switching day.

    .venv/bin/python bench/bench_gui.py [--runs N] [--bytecode {cached,environment}]

With the busy restaurant of `busy_restaurant.py` (100 tables, 800 reservations on the day), in a
data folder of its own. Start-up is timed from launching a fresh Python process to the end of the
main window's first painted frame (its `QWindow` has painted), three ways, in turns in the same run:

- the window built as the application builds it (`open_book`, `open_session`, `MainWindow`, the
  garbage collector paused meanwhile as `maitred` pauses it), not locked, on the busy day: painted
  with the day's 800 reservations in it (the issue's figure);
- `python -m maitred --data-dir D`, as a host starts it: the stand opens locked (staff sign in
  with their PIN), so its first frame is the lock screen; then the time until the day's 800
  reservations (put on today here) are in the window behind it;
- an empty PySide6 window started the same way, the floor of any PySide6 window.

`--bytecode cached` (the default) runs the starts with Python's bytecode cached in a temporary
folder, as an installed copy has it (pip and the bundle ship compiled modules); `environment`
leaves it as this environment has it (with PYTHONDONTWRITEBYTECODE=1, as on the build machine,
every module of Maitre D is compiled again at each start). An untimed start of each kind comes
first. Everything runs offscreen. Prints a table and the machine; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from busy_restaurant import DAY, ON_THE_DAY, busy_location, fill_day
from machine import describe_machine

from maitred.bootstrap import open_book

EVENING = datetime(DAY.year, DAY.month, DAY.day, 17, 30, tzinfo=UTC)

#: Prints "painted" when the window's first frame is painted (its QWindow's paint follows its widgets').
FIRST_FRAME = """
from PySide6.QtCore import QEvent, QObject

class FirstFrame(QObject):
    def __init__(self, window, ready=lambda: True, then=lambda: None):
        super().__init__(window)
        self.ready, self.then = ready, then
        window.windowHandle().installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.ready():
            watched.removeEventFilter(self)
            print("painted", flush=True)
            self.then()
        return False
"""

EMPTY_WINDOW = FIRST_FRAME + """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1366, 768)
window.show()
spy = FirstFrame(window, then=lambda: app.exit(0))
app.exec()
"""

#: argv: database URL, the clock's ISO time, the window settings file, the reservations expected.
#: The garbage collector is paused and resumed as `maitred` does (maitred.__main__, app.run).
MAITRED_WINDOW = FIRST_FRAME + """
import gc
import sys
gc.disable()
from datetime import datetime
from PySide6.QtCore import QSettings
from maitred.app import create_application, open_session, start_up_done
from maitred.bootstrap import open_book
from maitred.ui.main_window import MainWindow
app = create_application(sys.argv)
now = datetime.fromisoformat(sys.argv[2])
book = open_book(sys.argv[1], clock=lambda: now)
session = open_session(book, "bench")
window = MainWindow(session, QSettings(sys.argv[3], QSettings.Format.IniFormat))
window.resize(1366, 768)
window.show()
start_up_done()
spy = FirstFrame(window, lambda: len(window.timeline_model.reservations()) >= int(sys.argv[4]), lambda: app.exit(0))
app.exec()
book.close()
"""

#: argv: the data folder, the reservations expected today. "painted" at the first frame (the lock
#: screen), "ready" once the day is in the window; then the window is closed as a host closes it.
MAITRED_START = FIRST_FRAME + """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

expected = int(sys.argv[2])
shown = QMainWindow.show

def show_and_watch(window):
    shown(window)
    def has_the_day():
        return len(window.timeline_model.reservations()) >= expected
    def ready(*_args):
        if has_the_day():
            print("ready", flush=True)
            QTimer.singleShot(0, window.close)
    def then():
        if has_the_day():
            ready()
        else:
            window.session.day.day_loaded.connect(ready)  # after the window's own slot
    window.first_frame = FirstFrame(window, then=then)

QMainWindow.show = show_and_watch
from maitred.__main__ import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def launch(script: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from launching a fresh interpreter to each line it prints ("painted", "ready")."""
    begin = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    seen: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        seen.setdefault(line.split()[0], time.perf_counter() - begin)
    try:
        _, errors = child.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        child.kill()
        _, errors = child.communicate()
    if "painted" not in seen:
        raise RuntimeError(f"the window never painted:\n{errors}")
    return seen


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


def build_book(folder: Path) -> date:
    """The busy restaurant in `folder`'s book: its 800 reservations on the benchmark day and today
    (`maitred` opens on today); returns today."""
    book = open_book(None, data_dir=folder, clock=lambda: EVENING)
    location = busy_location(book)
    fill_day(book, location)
    today = datetime.now(ZoneInfo(location.info.time_zone)).date()  # noqa: TID251 - the day `maitred` opens on
    if today not in (DAY, DAY + timedelta(days=1)):
        fill_day(book, location, today)
    book.close()
    return today


def child_environment(bytecode: str, folder: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if bytecode == "cached":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    return env


def bytecode_note(bytecode: str) -> str:
    if bytecode == "cached":
        return "bytecode cached (in a temporary folder, as an installed copy has it)"
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return "bytecode as this environment has it: PYTHONDONTWRITEBYTECODE=1, Maitre D compiled at each start"
    return "bytecode as this environment has it (__pycache__ beside the sources)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bytecode", choices=("cached", "environment"), default="cached")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        build_book(folder)
        url = f"sqlite:///{folder / 'maitred.db'}"
        settings = folder / "bench-ui.ini"
        env = child_environment(args.bytecode, folder)
        window_args = [url, EVENING.isoformat(), str(settings), str(ON_THE_DAY)]
        start_args = [str(folder), str(ON_THE_DAY)]
        empty: list[float] = []
        ours: list[float] = []
        locked: list[float] = []
        ready: list[float] = []
        for run in range(args.runs + 1):  # in turns, so a busier moment of the machine weighs on all three
            e = launch(EMPTY_WINDOW, [], env)
            w = launch(MAITRED_WINDOW, window_args, env)
            s = launch(MAITRED_START, start_args, env)
            if run == 0:
                continue  # the untimed first start of each kind (caches, the first manager, bytecode)
            empty.append(e["painted"])
            ours.append(w["painted"])
            locked.append(s["painted"])
            ready.append(s.get("ready", float("nan")))
        repaints, switches, shown = in_process_figures(url, settings, args.runs)
    load_after = os.getloadavg()
    empty_ms = median_ms(empty)

    def row(measure: str, ms: float, target: str = "", ratio: bool = True, digits: int = 0) -> str:
        times = f"{ms / empty_ms:>8.1f}x" if ratio else f"{'':>9}"
        return f"{measure:<66}{ms:>10.{digits}f}{target:>10}{times}"

    print(describe_machine())
    print(f"load average {load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end (1 min); "
          f"{bytecode_note(args.bytecode)}")
    print(f"busy day: 100 tables, 40 combinations, {shown} reservations shown; {args.runs} runs each\n")
    print(f"{'measure':<66}{'median ms':>10}{'target':>10}{'ratio':>9}")
    print(row("start-up to the first painted window with the day's 800 bookings", median_ms(ours), "< 1500"))
    print(row("`maitred` start to its first painted window (the lock screen)", median_ms(locked)))
    print(row("  ... and to the day's 800 bookings in the window behind it", median_ms(ready)))
    print(row("empty PySide6 window, started and timed the same way", empty_ms))
    print(row("full timeline repaint", median_ms(repaints), "< 16", ratio=False, digits=1))
    print(row("switching day (load + paint)", median_ms(switches), "< 100", ratio=False, digits=1))


if __name__ == "__main__":
    main()
