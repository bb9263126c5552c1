"""What the screenshot scripts share: the demo restaurant on a fixed evening, the stand's window
at its usual size, and saving what is on screen.

The book is a throw-away in-memory SQLite book with the demo restaurant of Friday 13 June 2025;
its clock stands at 19:40 in Rome until a script moves it (`stand.clock.now = ...`). The
window's remembered geometry and splitters go to a temporary file, never the user's settings.
Run the scripts under a real X server at the stand's usual size, e.g.
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from maitred.app import create_application, open_session
from maitred.bootstrap import open_book
from maitred.controllers.session import StandSession
from maitred.demo import load_demo
from maitred.services.book import ReservationBook
from maitred.ui.main_window import MainWindow

HERE = Path(__file__).resolve().parent
DAY = date(2025, 6, 13)
NOW = datetime(2025, 6, 13, 19, 40, tzinfo=ZoneInfo("Europe/Rome")).astimezone(UTC)
WIDTH, HEIGHT = 1366, 768  # the small touchscreen PC of UI.md


class Clock:
    """The book's clock, moved by a script that needs an earlier moment (e.g. who waited since when)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def settle(app: QApplication, rounds: int = 10) -> None:
    """Let layouts, timers and painting catch up before a grab."""
    for _ in range(rounds):
        app.processEvents()
        QTest.qWait(30)


def save(widget: QWidget | QPixmap, name: str) -> Path:
    path = HERE / name
    picture = widget if isinstance(widget, QPixmap) else widget.grab()
    picture.save(str(path))
    print(f"saved {path} ({picture.width()}×{picture.height()})")
    return path


def with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with a dialog drawn where it stands over it, framed, with its title (a grab shows
    one window only, and Xvfb has no window manager to draw frames)."""
    picture = window.grab()
    inside = dialog.grab()
    title = dialog.windowTitle()
    bar = 28
    corner = window.mapFromGlobal(dialog.mapToGlobal(QPoint(0, 0))) - QPoint(0, bar)
    frame = QRect(corner, QSize(inside.width(), inside.height() + bar))
    painter = QPainter(picture)
    painter.fillRect(frame.translated(4, 4), QColor(0, 0, 0, 60))  # a little shadow
    painter.fillRect(frame, dialog.palette().color(QPalette.ColorRole.Mid))
    painter.setPen(dialog.palette().color(QPalette.ColorRole.BrightText))
    font = QFont(dialog.font())
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(corner, QSize(inside.width(), bar)), Qt.AlignmentFlag.AlignCenter, title)
    painter.drawPixmap(corner + QPoint(0, bar), inside)
    painter.setPen(dialog.palette().color(QPalette.ColorRole.Dark))
    painter.drawRect(frame.adjusted(0, 0, -1, -1))
    painter.end()
    return picture


@dataclass
class DemoStand:
    app: QApplication
    clock: Clock
    book: ReservationBook
    session: StandSession
    folder: Path  # a temporary folder, gone when the stand is
    window: MainWindow | None = field(default=None)

    def open_window(self) -> MainWindow:
        """The stand's window at 1366×768, live (clock ticks, refresh), settled."""
        settings = QSettings(str(self.folder / "ui.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(self.session, settings)
        self.window.resize(WIDTH, HEIGHT)
        self.window.show()
        self.session.start()
        settle(self.app)
        return self.window

    def settle(self, rounds: int = 10) -> None:
        settle(self.app, rounds)


@contextmanager
def demo_stand(actor: str = "Anna") -> Iterator[DemoStand]:
    """The demo evening in a fresh book, a stand session on it for `actor`; closed afterwards."""
    app = create_application(sys.argv)
    clock = Clock(NOW)
    book = open_book("sqlite://", clock=clock)
    load_demo(book, DAY)
    session = open_session(book, actor)
    with tempfile.TemporaryDirectory() as folder:
        stand = DemoStand(app, clock, book, session, Path(folder))
        try:
            yield stand
        finally:
            if stand.window is not None:
                stand.window.close()
            session.stop()
            book.close()
