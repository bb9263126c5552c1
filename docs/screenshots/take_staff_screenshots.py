"""Screenshots of the lock screen's PIN pad and the manager's change log, made the same way every time.

Run under a real X server at the stand's usual size, e.g.
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_staff_screenshots.py
It opens the demo evening (`demo_stand`: Friday 13 June 2025, loaded at 19:40 in Rome) at
1366×768; a few minutes later the first manager signs in and adds two hosts and a viewer, who seat
guests and mark a no-show from two stands over the next quarter of an hour (so the change log's
newest entries carry their own minutes, above the demo's loading). It saves pin-pad.png (the stand
locked, Anna picked) and change-log.png here.
"""

from __future__ import annotations

import sys
from datetime import timedelta

from demo_stand import NOW, demo_stand, save
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.staff import DEFAULT_PIN, Role
from maitred.ui.dialogs.change_log import ChangeLogDialog


def main() -> int:
    with demo_stand("host") as stand:
        session, staff = stand.session, stand.session.staff

        def minutes_later(minutes: int) -> None:
            stand.clock.now = NOW + timedelta(minutes=minutes)

        minutes_later(3)
        staff.require_sign_in()
        manager = staff.members()[0]
        staff.set_terminal("front door")
        staff.sign_in(manager.id, DEFAULT_PIN)
        admin = session.staff_admin()
        anna = admin.add("Anna", Role.HOST, "2468", "2468")
        admin.add("Marco", Role.HOST, "1357", "1357")
        admin.add("Vera", Role.VIEWER, "1111", "1111")
        window = stand.open_window()
        staff.lock()
        staff.sign_in(anna.id, "2468")
        arriving = [r for r in session.day.reservations() if r.status is ReservationStatus.RESERVED][:3]
        for minutes, reservation in zip((6, 9), arriving[:2], strict=False):
            minutes_later(minutes)
            session.actions.seat(reservation.id)
        staff.set_terminal("bar")
        if len(arriving) > 2:
            minutes_later(17)
            session.actions.no_show(arriving[2].id)
        staff.lock()
        stand.settle()
        screen = window.stand_staff.lock_screen
        assert screen is not None
        screen.pad.pick(anna.id)
        QTest.keyClicks(screen.pad.pin, "24")
        stand.settle()
        save(window, "pin-pad.png")
        screen.pad.pin.clear()
        screen.pad.pick(manager.id)
        QTest.keyClicks(screen.pad.pin, DEFAULT_PIN)
        QTest.keyClick(screen.pad.pin, Qt.Key.Key_Return)
        stand.settle()
        dialog = window.stand_staff.open_change_log()
        assert isinstance(dialog, ChangeLogDialog)
        dialog.resize(1100, 560)
        stand.settle()
        save(dialog, "change-log.png")
        dialog.accept()
    return 0


if __name__ == "__main__":
    sys.exit(main())
