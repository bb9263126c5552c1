"""Screenshots of the stand for the docs, made the same way every time.

Run under a real X server at the stand's usual size, e.g.
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_screenshots.py
It builds the demo restaurant in a temporary in-memory book on a fixed Friday at 19:40 in Rome,
opens the window at 1366×768 and saves main-window.png, phone-in.png, reservation-details.png
and settings.png here.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from maitred.app import create_application, open_session
from maitred.bootstrap import open_book
from maitred.demo import load_demo
from maitred.ui.dialogs.phone_in import PhoneInDialog
from maitred.ui.dialogs.reservation_details import ReservationDetailsDialog
from maitred.ui.dialogs.settings import SettingsDialog
from maitred.ui.main_window import MainWindow

HERE = Path(__file__).resolve().parent
DAY = date(2025, 6, 13)
NOW = datetime(2025, 6, 13, 19, 40, tzinfo=ZoneInfo("Europe/Rome")).astimezone(UTC)


def settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()
        QTest.qWait(30)


def save(widget: QWidget, name: str) -> Path:
    path = HERE / name
    widget.grab().save(str(path))
    print(f"saved {path} ({widget.width()}×{widget.height()})")
    return path


def main() -> int:
    app = create_application(sys.argv)
    book = open_book("sqlite://", clock=lambda: NOW)
    load_demo(book, DAY)
    session = open_session(book, "Anna")
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(session, QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat))
        window.resize(1366, 768)
        window.show()
        session.start()
        settle(app)
        arrivals = window.side.arrivals_model.reservations()
        if arrivals:  # the next arrival selected, as after a click in the Arrivals list
            window.side.arrivals.select_reservation(arrivals[0].id)
        settle(app)
        save(window, "main-window.png")

        phone_in = PhoneInDialog(session.phone_in(), DAY, window)
        phone_in.show()
        phone_in.activateWindow()  # so the focused slot is drawn as the host sees it
        settle(app)
        QTest.keyClicks(phone_in.party, "4")
        phone_in.time.setText("2145")  # near closing: free slots beside closed ones
        phone_in.time.setFocus()
        QTest.keyClick(phone_in.time, Qt.Key.Key_Return)
        settle(app)
        print(f"focused slot: {phone_in.focusWidget().objectName()}")
        save(phone_in, "phone-in.png")
        phone_in.reject()

        if arrivals:
            details = ReservationDetailsDialog(session, arrivals[0].id, window)
            details.show()
            settle(app)
            save(details, "reservation-details.png")
            details.reject()

        settings = SettingsDialog(session.settings, window)
        settings.show()
        settings.tabs.setCurrentIndex(4)
        settle(app)
        save(settings, "settings.png")
        settings.reject()
        window.close()
    book.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
