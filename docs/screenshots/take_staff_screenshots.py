"""Screenshots of the lock screen's PIN pad and the manager's change log, made the same way every time.

Run under a real X server at the stand's usual size, e.g.
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_staff_screenshots.py
It builds the demo restaurant in a temporary in-memory book on a fixed Friday at 19:40 in Rome, signs
the first manager in, adds two hosts who seat and move guests from two stands, and saves
pin-pad.png (the stand locked, Anna picked) and change-log.png here.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from maitred.app import create_application, open_session
from maitred.bootstrap import open_book
from maitred.demo import load_demo
from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.staff import DEFAULT_PIN, Role
from maitred.ui.dialogs.change_log import ChangeLogDialog
from maitred.ui.main_window import MainWindow

HERE = Path(__file__).resolve().parent
DAY = date(2025, 6, 13)
NOW = datetime(2025, 6, 13, 19, 40, tzinfo=ZoneInfo("Europe/Rome")).astimezone(UTC)


def settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()
        QTest.qWait(30)


def save(widget: QWidget, name: str) -> None:
    path = HERE / name
    widget.grab().save(str(path))
    print(f"saved {path} ({widget.width()}×{widget.height()})")


def main() -> int:
    app = create_application(sys.argv)
    book = open_book("sqlite://", clock=lambda: NOW)
    load_demo(book, DAY)
    session = open_session(book, "host")
    staff = session.staff
    staff.require_sign_in()
    manager = staff.members()[0]
    staff.set_terminal("front door")
    staff.sign_in(manager.id, DEFAULT_PIN)
    admin = session.staff_admin()
    anna = admin.add("Anna", Role.HOST, "2468", "2468")
    admin.add("Marco", Role.HOST, "1357", "1357")
    admin.add("Vera", Role.VIEWER, "1111", "1111")
    window = MainWindow(session, QSettings())
    window.resize(1366, 740)
    window.show()
    settle(app)
    staff.lock()
    staff.sign_in(anna.id, "2468")
    arriving = [r for r in session.day.reservations() if r.status is ReservationStatus.RESERVED][:3]
    for reservation in arriving[:2]:
        session.actions.seat(reservation.id)
    staff.set_terminal("bar")
    if len(arriving) > 2:
        session.actions.no_show(arriving[2].id)
    staff.lock()
    settle(app)
    screen = window.stand_staff.lock_screen
    assert screen is not None
    screen.pad.pick(anna.id)
    QTest.keyClicks(screen.pad.pin, "24")
    settle(app)
    save(window, "pin-pad.png")
    screen.pad.pin.clear()
    screen.pad.pick(manager.id)
    QTest.keyClicks(screen.pad.pin, DEFAULT_PIN)
    QTest.keyClick(screen.pad.pin, Qt.Key.Key_Return)
    settle(app)
    dialog = window.stand_staff.open_change_log()
    assert isinstance(dialog, ChangeLogDialog)
    dialog.resize(1100, 560)
    settle(app)
    save(dialog, "change-log.png")
    dialog.accept()
    window.close()
    session.stop()
    book.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
