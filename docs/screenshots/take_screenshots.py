"""Screenshots of the stand for the docs, made the same way every time.

Run under a real X server at the stand's usual size, e.g.
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_screenshots.py
It opens the demo evening (`demo_stand`: Friday 13 June 2025, 19:40 in Rome) at 1366×768 and saves
main-window.png, phone-in.png, reservation-details.png, settings.png and map-edit.png (the floor
plan in edit mode, a table just added and the add-table dialog open for the next) here.
"""

from __future__ import annotations

import sys

from demo_stand import DAY, DemoStand, demo_stand, save, with_dialog
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from maitred.ui.dialogs.phone_in import PhoneInDialog
from maitred.ui.dialogs.reservation_details import ReservationDetailsDialog
from maitred.ui.dialogs.settings import NewTableDialog, SettingsDialog
from maitred.ui.main_window import MainWindow


def main_window(stand: DemoStand, window: MainWindow) -> None:
    arrivals = window.side.arrivals_model.reservations()
    if arrivals:  # the next arrival selected, as after a click in the Arrivals list
        window.side.arrivals.select_reservation(arrivals[0].id)
    stand.settle()
    save(window, "main-window.png")


def phone_in(stand: DemoStand, window: MainWindow) -> None:
    dialog = PhoneInDialog(stand.session.phone_in(), DAY, window)
    dialog.show()
    dialog.activateWindow()  # so the focused slot is drawn as the host sees it
    stand.settle()
    QTest.keyClicks(dialog.party, "4")
    dialog.time.setText("2145")  # near closing: free slots beside closed ones
    dialog.time.setFocus()
    QTest.keyClick(dialog.time, Qt.Key.Key_Return)
    stand.settle()
    print(f"focused slot: {dialog.focusWidget().objectName()}")
    save(dialog, "phone-in.png")
    dialog.reject()


def details(stand: DemoStand, window: MainWindow) -> None:
    arrivals = window.side.arrivals_model.reservations()
    if arrivals:
        dialog = ReservationDetailsDialog(stand.session, arrivals[0].id, window)
        dialog.show()
        stand.settle()
        save(dialog, "reservation-details.png")
        dialog.reject()


def settings(stand: DemoStand, window: MainWindow) -> None:
    dialog = SettingsDialog(stand.session.settings, window)
    dialog.show()
    dialog.tabs.setCurrentIndex(4)
    stand.settle()
    save(dialog, "settings.png")
    dialog.reject()


def map_edit(stand: DemoStand, window: MainWindow) -> None:
    """View → Edit floor plan: a round four-top just added beside T6 (selected, with its grips),
    then a right-click on the empty floor beside T10: "Add table here…". Nothing is saved."""
    edit = window.actions_by_name["edit_floor"]
    edit.trigger()
    floor = window.map
    stand.settle()
    first = floor.open_new_table_dialog(QPointF(570, 70))
    assert first is not None
    first.seats_min.setValue(2)
    first.shape.setCurrentIndex(first.shape.findData("ROUND"))
    first.accept()
    stand.settle()
    menu = floor.edit_menu(floor.mapFromScene(QPointF(570, 185)))
    assert menu is not None
    menu.actions()[0].trigger()
    stand.settle()
    dialog = next(d for d in floor.findChildren(NewTableDialog) if d.isVisible())
    dialog.move(window.mapToGlobal(QPoint(window.width() - dialog.width() - 40, 130)))
    stand.settle()
    save(with_dialog(window, dialog), "map-edit.png")
    dialog.reject()
    floor.revert_layout()
    edit.trigger()


def main() -> int:
    with demo_stand("Anna") as stand:
        window = stand.open_window()
        for shot in (main_window, phone_in, details, settings, map_edit):
            shot(stand, window)
    return 0


if __name__ == "__main__":
    sys.exit(main())
