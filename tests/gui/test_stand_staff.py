"""The window with staff signing in: the PIN pad by keyboard and by touch, Ctrl+L, what each role
may press, a host's override with a manager's PIN, the change log, the staff list, this stand's
settings, putting a copy back, being offline, and two stands on one book."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from fixtures_app import FRIDAY, FakeClock, book_guest, create_restaurant, press, rome, shortcut, table_id, type_text
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from maitred.bootstrap import book_backups, open_book
from maitred.controllers.session import StandSession
from maitred.controllers.stand_settings import StandPreferences
from maitred.domain.backups import BackupReason
from maitred.domain.errors import ReservationNotFound, Unavailable
from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.location import ReservationLocation
from maitred.domain.staff import DEFAULT_PIN, Role, StaffMember
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.ui import main_window as main_window_module
from maitred.ui.dialogs import messages, move_conflict, pin_pad
from maitred.ui.dialogs.change_log import ChangeLogDialog
from maitred.ui.dialogs.phone_in import PhoneInDialog
from maitred.ui.dialogs.pin_pad import ManagerPinDialog
from maitred.ui.dialogs.staff import StaffDialog
from maitred.ui.dialogs.stand_settings import StandSettingsDialog
from maitred.ui.main_window import MainWindow

pytest_plugins = ["fixtures_app"]

S = ReservationStatus
EVERYBODY_MAY = {"search", "open", "previous_day", "next_day", "today", "show_cancelled", "help", "quit"}


@pytest.fixture
def locked_window(stand_window: MainWindow) -> MainWindow:
    """The stand as the application starts it: staff sign in, the first manager exists."""
    stand_window.session.staff.require_sign_in()
    return stand_window


def sign_in(qtbot: QtBot, window: MainWindow, name: str, pin: str) -> None:
    """As a host at the keyboard: ↓ to their name if needed, the PIN, Enter."""
    screen = window.stand_staff.lock_screen
    assert screen is not None and screen.isVisible()
    screen.pad.pick(next(m.id for m in window.session.staff.members() if m.name == name))
    type_text(qtbot, screen.pad, pin)
    press(qtbot, screen.pad, Qt.Key.Key_Return)


def add(window: MainWindow, name: str, role: Role, pin: str) -> StaffMember:
    return window.session.staff_admin().add(name, role, pin, pin)


def enabled_actions(window: MainWindow) -> set[str]:
    return {name for name, action in window.actions_by_name.items() if action.isEnabled()}


def test_the_stand_starts_locked_and_a_pin_typed_at_the_keyboard_opens_it(qtbot: QtBot,
                                                                          locked_window: MainWindow) -> None:
    window = locked_window
    screen = window.stand_staff.lock_screen
    assert screen is not None and screen.isVisible() and screen.geometry() == window.rect()
    assert enabled_actions(window) == {"quit"} and window.header.staff.text() == "Locked"
    assert screen.pad.pin.hasFocus()
    type_text(qtbot, screen.pad, "9999")
    press(qtbot, screen.pad, Qt.Key.Key_Return)
    assert screen.isVisible() and "not right" in screen.pad.message.text()
    type_text(qtbot, screen.pad, DEFAULT_PIN)
    press(qtbot, screen.pad, Qt.Key.Key_Return)
    assert not screen.isVisible()
    assert window.header.staff.text() == "Manager · manager"
    assert window.stand_staff.pin_notice.isVisible() and "1234" in window.stand_staff.pin_notice.text()
    assert {"new", "seat", "settings", "staff", "change_log", "lock"} <= enabled_actions(window)


def test_the_pad_works_by_touch_and_arrows_pick_another_name(qtbot: QtBot, locked_window: MainWindow) -> None:
    window = locked_window
    press(qtbot, window, Qt.Key.Key_Escape)  # nothing happens: the pad stays
    screen = window.stand_staff.lock_screen
    assert screen is not None
    window.session.staff.sign_in(window.session.staff.members()[0].id, DEFAULT_PIN)
    add(window, "Anna", Role.HOST, "2468")
    window.session.staff.lock()
    assert screen.isVisible() and screen.pad.names.count() == 2
    assert screen.pad.member_id() == window.session.staff.last_member_id, "the last one is picked already"
    press(qtbot, screen.pad, Qt.Key.Key_Up)
    assert screen.pad.names.currentItem().text().startswith("Anna")
    for key in ("2", "4", "6", "9", "⌫", "8"):
        qtbot.mouseClick(screen.pad.key_buttons[key], Qt.MouseButton.LeftButton)
    assert screen.pad.pin.text() == "2468"
    assert all(b.minimumWidth() >= 32 and b.minimumHeight() >= 32 for b in screen.pad.key_buttons.values())
    qtbot.mouseClick(screen.pad.key_buttons["OK"], Qt.MouseButton.LeftButton)
    assert not screen.isVisible() and window.header.staff.text() == "Anna · host"
    assert "staff" not in enabled_actions(window) and "new" in enabled_actions(window)
    assert not window.stand_staff.pin_notice.isVisible()


def test_ctrl_l_locks_and_an_open_phone_in_waits_with_what_was_typed(qtbot: QtBot, locked_window: MainWindow) -> None:
    window = locked_window
    sign_in(qtbot, window, "Manager", DEFAULT_PIN)
    dialog = window.new_phone_in()
    assert isinstance(dialog, PhoneInDialog)
    dialog.time.setText("1930")
    dialog.name.setText("Carla Bianchi")
    window.activateWindow()
    window.actions_by_name["lock"].trigger()
    screen = window.stand_staff.lock_screen
    assert screen is not None and screen.isVisible() and not dialog.isVisible()
    assert window.session.idle.timer.isActive() is False
    sign_in(qtbot, window, "Manager", DEFAULT_PIN)
    assert dialog.isVisible() and window.current_dialog is dialog
    assert (dialog.time.text(), dialog.name.text()) == ("1930", "Carla Bianchi")
    dialog.reject()
    window.activateWindow()
    assert window.actions_by_name["lock"].shortcuts() == [QKeySequence("Ctrl+L")]
    shortcut(qtbot, window, "Ctrl+L")
    assert window.session.staff.locked


def test_a_viewer_sees_everything_and_can_press_nothing_that_changes_it(
        qtbot: QtBot, locked_window: MainWindow, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation) -> None:
    window = locked_window
    guest = book_guest(stand_book, stand_restaurant, rome(19), 2, "Anna Rossi")
    window.session.staff.sign_in(window.session.staff.members()[0].id, DEFAULT_PIN)
    add(window, "Vera", Role.VIEWER, "1111")
    window.session.staff.lock()
    sign_in(qtbot, window, "Vera", "1111")
    assert EVERYBODY_MAY | {"lock", "change_pin"} <= enabled_actions(window)
    changes = {"new", "walk_in", "seat", "finish", "no_show", "approve", "decline", "cancel", "undo", "settings",
               "edit_floor", "staff", "change_log", "stand_settings", "backup", "restore"}
    assert not changes & enabled_actions(window)
    assert not window.header.new_button.isEnabled() and not window.header.walk_in_button.isEnabled()
    window.session.day.load_now()
    details = window.open_details(guest.id)
    assert details is not None
    assert not details.save_button.isEnabled()  # type: ignore[attr-defined]
    assert not any(b.isEnabled() for b in details.status_buttons.values())  # type: ignore[attr-defined]


def test_a_host_booking_anyway_is_asked_for_a_managers_pin(qtbot: QtBot, locked_window: MainWindow,
                                                           stand_book: ReservationBook,
                                                           stand_restaurant: ReservationLocation,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    window = locked_window
    manager = window.session.staff.members()[0]
    window.session.staff.sign_in(manager.id, DEFAULT_PIN)
    add(window, "Anna", Role.HOST, "2468")
    t1 = table_id(stand_restaurant, "T1")
    book_guest(stand_book, stand_restaurant, rome(19), 2, "Early Bird", tables=(t1,))
    late = book_guest(stand_book, stand_restaurant, rome(21), 2, "Late Comer", tables=(table_id(stand_restaurant,
                                                                                                "T2"),))
    window.session.staff.lock()
    sign_in(qtbot, window, "Anna", "2468")
    window.session.day.load_now()
    monkeypatch.setattr(move_conflict, "ask", lambda *args: True)
    asked: list[str] = []

    def nobody_types(parent: object, staff: object, what: str) -> None:
        asked.append(what)

    monkeypatch.setattr(pin_pad, "ask_manager", nobody_types)
    window.request_move(late.id, [t1], rome(19, 30))
    assert asked == ["Booking anyway"] and stand_book.reservations.get(late.id).table_ids != (t1,)
    monkeypatch.setattr(pin_pad, "ask_manager",
                        lambda parent, staff, what: staff.approve(manager.id, DEFAULT_PIN))
    window.request_move(late.id, [t1], rome(19, 30))
    moved = stand_book.reservations.get(late.id)
    assert moved.table_ids == (t1,)
    assert stand_book.reservations.history(Caller(Role.MANAGER.scope), late.id)[-1].actor == "Manager"
    assert main_window_module.pin_pad is pin_pad


def test_the_managers_pin_dialog_lists_managers_and_checks_the_pin(qtbot: QtBot, locked_window: MainWindow) -> None:
    staff = locked_window.session.staff
    manager = staff.members()[0]
    staff.sign_in(manager.id, DEFAULT_PIN)
    add(locked_window, "Anna", Role.HOST, "2468")
    dialog = ManagerPinDialog(staff, "Booking anyway", locked_window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pad.names.count() == 1 and dialog.pad.member_id() == manager.id
    type_text(qtbot, dialog.pad, "1111")
    press(qtbot, dialog.pad, Qt.Key.Key_Return)
    assert dialog.approval is None and dialog.isVisible() and dialog.pad.message.text()
    type_text(qtbot, dialog.pad, DEFAULT_PIN)
    press(qtbot, dialog.pad, Qt.Key.Key_Return)
    assert dialog.approval is not None and dialog.approval.manager.member.id == manager.id
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_change_log_shows_who_changed_what_where_newest_first(qtbot: QtBot, locked_window: MainWindow,
                                                                  stand_book: ReservationBook,
                                                                  stand_restaurant: ReservationLocation) -> None:
    window = locked_window
    session = window.session
    session.staff.set_terminal("front door")
    sign_in(qtbot, window, "Manager", DEFAULT_PIN)
    anna = add(window, "Anna", Role.HOST, "2468")
    guest = book_guest(stand_book, stand_restaurant, rome(19), 2, "Carla Bianchi")
    session.day.load_now()
    session.actions.seat(guest.id)
    details = window.open_details(guest.id)
    assert details is not None
    last = details.history.topLevelItem(details.history.topLevelItemCount() - 1)  # type: ignore[attr-defined]
    assert last.text(1) == "Manager at front door"
    details.done(0)
    dialog = window.stand_staff.open_change_log()
    assert isinstance(dialog, ChangeLogDialog)
    rows = dialog.shown_rows()
    assert rows[0] == ["Fri 13 Jun 17:00", "Manager", "front door", "Carla Bianchi, Fri 13 Jun 19:00",
                       "Reserved → Seated"]
    assert [r[3:] for r in rows[-2:]] == [["Restaurant Trattoria Test", "Settings changed"],
                                          ["Restaurant Trattoria Test", "Restaurant created"]]
    assert any(r[3] == "Staff: Anna" and "host" in r[4] for r in rows)
    dialog.who.setCurrentIndex(dialog.who.findData("setup"))
    assert [r[3] for r in dialog.shown_rows()] == ["Staff: Manager"]
    assert not dialog.older_button.isEnabled() and not dialog.newer_button.isEnabled()
    dialog.who.setCurrentIndex(0)
    dialog.only_day.setChecked(True)
    assert dialog.shown_rows(), "today, in the book's clock, is the Friday of the changes"
    del anna


def test_the_staff_list_adds_regrades_and_lets_go(qtbot: QtBot, locked_window: MainWindow) -> None:
    window = locked_window
    sign_in(qtbot, window, "Manager", DEFAULT_PIN)
    dialog = window.stand_staff.open_staff()
    assert isinstance(dialog, StaffDialog)
    dialog.new_name.setText("Anna")
    dialog.new_pin.setText("2468")
    dialog.new_pin_again.setText("2469")
    assert dialog.add() is None and "not the same" in dialog.error.text()
    dialog.new_pin_again.setText("2468")
    added = dialog.add()
    assert added is not None and [m.name for m in dialog.members] == ["Anna", "Manager"]
    dialog.new_name.setText("anna")
    dialog.new_pin.setText("1357")
    dialog.new_pin_again.setText("1357")
    assert dialog.add() is None and "already" in dialog.error.text()
    dialog.select("Anna")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.MANAGER.value))
    dialog.give_role()
    assert dialog.selected().role is Role.MANAGER  # type: ignore[union-attr]
    dialog.toggle_active()
    assert dialog.selected().active is False and dialog.leave_button.text() == "Take back"  # type: ignore[union-attr]
    dialog.select("Manager")
    dialog.toggle_active()
    assert "last manager" in dialog.error.text()
    dialog.rename("Boss")
    assert [m.name for m in dialog.members] == ["Anna", "Boss"]


def test_this_stands_settings_dialog_saves_for_the_next_start(qtbot: QtBot, locked_window: MainWindow,
                                                              tmp_path: Path) -> None:
    window = locked_window
    checked: list[str] = []

    def probe(url: str) -> None:
        checked.append(url)
        if "down" in url:
            raise Unavailable("The reservation book's database can't be reached right now. Please try again.")

    settings = QSettings(str(tmp_path / "stand.ini"), QSettings.Format.IniFormat)
    window.session.use_preferences(StandPreferences(settings, window.session.staff, probe))
    sign_in(qtbot, window, "Manager", DEFAULT_PIN)
    dialog = window.stand_staff.open_stand_settings()
    assert isinstance(dialog, StandSettingsDialog)
    dialog.database.setText("postgresql+psycopg://maitred@down/maitred")
    assert not dialog.check() and "can't be reached" in dialog.error.text()
    dialog.database.setText("mysql://nope")
    assert not dialog.save() and "postgresql" in dialog.error.text()
    dialog.database.setText("postgresql+psycopg://maitred@10.0.0.5/maitred")
    assert dialog.check()
    dialog.terminal.setText("Bar")
    dialog.idle.setValue(2)
    assert dialog.save()
    assert settings.value("stand/databaseUrl") == "postgresql+psycopg://maitred@10.0.0.5/maitred"
    assert window.session.staff.terminal == "Bar" and window.session.idle.minutes == 2


def test_a_manager_puts_a_copy_back_from_the_menu(qtbot: QtBot, tmp_path: Path, stand_clock: FakeClock,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'maitred.db'}"
    book = open_book(url, clock=stand_clock)
    try:
        location = create_restaurant(book)
        backups = book_backups(url, data_dir=tmp_path, clock=stand_clock)
        assert backups is not None
        copy = backups.take(BackupReason.MANUAL)
        later = book_guest(book, location, rome(20), 2, "After The Copy")
        session = StandSession.open(book)
        session.load()
        session.staff.require_sign_in()
        session.use_backups(backups)
        window = MainWindow(session, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        assert not window.actions_by_name["restore"].isEnabled()
        session.staff.sign_in(session.staff.members()[0].id, DEFAULT_PIN)
        assert window.actions_by_name["restore"].isEnabled() and window.actions_by_name["backup"].isEnabled()
        monkeypatch.setattr(messages, "confirm", lambda *args: False)
        assert window.stand_staff.restore_copy(copy.path) is None
        monkeypatch.setattr(messages, "confirm", lambda *args: True)
        before = window.stand_staff.restore_copy(copy.path)
        assert before is not None and before.reason is BackupReason.BEFORE_RESTORE
        assert session.staff.locked and window.stand_staff.lock_screen.isVisible()  # type: ignore[union-attr]
        with pytest.raises(ReservationNotFound):  # booked after the copy: gone with the book it was in
            book.reservations.get(later.id)
        window.close()
        session.deleteLater()
    finally:
        book.close()


def test_offline_the_status_bar_says_so_and_a_dialog_keeps_what_was_typed(
        qtbot: QtBot, stand_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window = stand_window
    assert window.synced.text() == "● synced"
    dialog = window.new_phone_in()
    assert isinstance(dialog, PhoneInDialog)
    dialog.party.setValue(4)
    dialog.time.setText("2000")
    dialog.show_slots()
    free = next(b for b in dialog.slot_buttons if b.isEnabled())
    real_hold = window.session._book.reservations.hold

    def unreachable(*args: object, **kwargs: object) -> object:
        raise Unavailable("The reservation book's database can't be reached right now. Please try again.")

    book = window.session._book
    monkeypatch.setattr(book.reservations, "hold", unreachable)
    object.__setattr__(book, "last_change_id", unreachable)  # a frozen dataclass: patched by hand
    try:
        window.session.live.poll()
        assert window.synced.text() == "● offline" and "can't be reached" in window.statusBar().currentMessage()
        qtbot.mouseClick(free, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "busy or can't be reached" in dialog.error.text()
        assert (dialog.party.value(), dialog.time.text()) == (4, "2000")
    finally:
        object.__delattr__(book, "last_change_id")
    monkeypatch.setattr(book.reservations, "hold", real_hold)
    window.session.live.poll()
    assert window.synced.text() == "● synced"
    qtbot.mouseClick(next(b for b in dialog.slot_buttons if b.isEnabled()), Qt.MouseButton.LeftButton)
    assert dialog.booking.hold is not None and dialog.guest_box.isEnabled()


@pytest.fixture
def two_stands(qtbot: QtBot, tmp_path: Path, stand_clock: FakeClock) -> Iterator[tuple[MainWindow, MainWindow]]:
    """Two application instances on one SQLite file, each with its own book."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    books = [open_book(url, clock=stand_clock), open_book(url, clock=stand_clock)]
    create_restaurant(books[0])
    windows = []
    for number, book in enumerate(books):
        session = StandSession.open(book, actor=f"host {number}")
        session.load()
        window = MainWindow(session, QSettings(str(tmp_path / f"ui-{number}.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        session.start()
        windows.append(window)
    yield windows[0], windows[1]
    for window in windows:
        window.close()
        window.session.deleteLater()
    for book in books:
        book.close()


def test_a_booking_on_one_stand_shows_on_the_other_within_a_second(qtbot: QtBot,
                                                                   two_stands: tuple[MainWindow, MainWindow]) -> None:
    here, there = two_stands
    fetches: list[object] = []
    real_fetch = there.session.day._fetch

    def counting(*args: object) -> object:
        fetches.append(args)
        return real_fetch(*args)  # type: ignore[arg-type]

    there.session.day._fetch = counting  # type: ignore[method-assign]
    assert there.session.live.timer.interval() == 1000
    booking = here.session.phone_in()
    booking.take_hold(booking.wanted_start(FRIDAY, time(20, 0)), 2)
    booked = booking.book(first_name="Anna", phone="+393331234567")
    assert here.timeline_model.reservation(booked.id) is not None
    qtbot.waitUntil(lambda: there.timeline_model.reservation(booked.id) is not None, timeout=4000)
    assert there.timeline_model.reservation(booked.id).status is S.RESERVED  # type: ignore[union-attr]
    loads = len(fetches)
    there.go_to_day(FRIDAY.replace(day=20))  # the other stand looks at next Friday
    qtbot.waitUntil(lambda: there.session.day.day == FRIDAY.replace(day=20) and not there.session.day.is_loading())
    loads = len(fetches)
    moved = here.session.actions.seat(booked.id)
    assert moved.status is S.SEATED
    there.session.live.poll()  # the counter moved, but not on next Friday
    there.session.runner.wait()
    qtbot.wait(10)
    assert len(fetches) == loads, "a day that didn't change is not loaded again"
    assert there.timeline_model.reservation(booked.id) is None


def test_the_shortcut_list_names_ctrl_l(qtbot: QtBot, stand_window: MainWindow) -> None:
    dialog = stand_window.show_shortcuts()
    assert QKeySequence("Ctrl+L").toString(QKeySequence.SequenceFormat.NativeText) in \
        dialog.listed_keys()  # type: ignore[attr-defined]
