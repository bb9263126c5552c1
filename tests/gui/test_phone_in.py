"""The phone-in dialog: the keystroke budget of UI.md, the hold's countdown and expiry, Escape."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fixtures_app import FRIDAY, HOST, FakeClock, book_guest, press, rome, shortcut, table_id, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from maitred.controllers.session import StandSession
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.listing import ReservationQuery
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.ui.dialogs.phone_in import PhoneInDialog
from maitred.ui.main_window import MainWindow

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.usefixtures("no_modal_boxes")
S = ReservationStatus
Key = Qt.Key


def held(book: ReservationBook) -> list[Reservation]:
    return [r for r in book.listing.all(HOST, ReservationQuery()) if r.status is S.HELD]


def open_phone_in(qtbot: QtBot, window: MainWindow) -> PhoneInDialog:
    shortcut(qtbot, window, "Ctrl+N")
    dialog = window.current_dialog
    assert isinstance(dialog, PhoneInDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_keystroke_budget_books_a_reserved_table(qtbot: QtBot, stand_window: MainWindow,
                                                     stand_book: ReservationBook) -> None:
    dialog = open_phone_in(qtbot, stand_window)
    type_text(qtbot, dialog, "4")
    press(qtbot, dialog, Key.Key_Tab)
    type_text(qtbot, dialog, "1930")
    press(qtbot, dialog, Key.Key_Return)
    assert dialog.slot_buttons, "Enter shows the slots"
    assert dialog.focusWidget() is dialog.findChild(QPushButton, "slot:19:30"), "the nearest free slot has the focus"
    press(qtbot, dialog, Key.Key_Return)
    hold = dialog.booking.hold
    assert hold is not None and hold.status is S.HELD and hold.source is Source.OFFLINE
    assert "10:00 left" in dialog.hold_label.text()
    assert dialog.focusWidget() is dialog.name
    type_text(qtbot, dialog, "Anna Smith")
    press(qtbot, dialog, Key.Key_Tab)
    type_text(qtbot, dialog, "333 123 4567")
    press(qtbot, dialog, Key.Key_Return)
    assert not dialog.isVisible()
    booked = stand_book.reservations.get(hold.id)
    assert booked.status is S.RESERVED and booked.party_size == 4 and booked.start == rome(19, 30)
    assert booked.reservee.first_name == "Anna" and booked.reservee.last_name == "Smith"
    assert booked.reservee.phone == "+393331234567"
    model = stand_window.timeline_model
    assert model.reservation(hold.id) == booked, "the timeline shows the booked row at once"
    assert model.rows_of(booked) == [model.row_of_table(booked.table_ids[0])]


def test_the_countdown_follows_the_clock_and_a_lapsed_hold_can_be_taken_again(
        qtbot: QtBot, stand_session: StandSession, stand_clock: FakeClock, stand_book: ReservationBook) -> None:
    dialog = PhoneInDialog(stand_session.phone_in(), FRIDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.party.setValue(2)
    dialog.time.setText("20:00")
    dialog.show_slots()
    dialog.focusWidget().click()
    first = dialog.booking.hold
    assert first is not None and dialog.countdown.isActive()
    stand_clock.advance(minutes=9, seconds=1)
    dialog.tick()
    assert "0:59 left" in dialog.hold_label.text()
    stand_clock.advance(seconds=59)
    dialog.tick()
    assert "ran out" in dialog.hold_label.text()
    assert dialog.hold_again.isVisible() and not dialog.book_button.isEnabled()
    dialog.name.setText("Late Caller")
    dialog.book()
    assert stand_book.reservations.get(first.id).status is S.HELD, "a lapsed hold is never booked"
    dialog.hold_again.click()
    second = dialog.booking.hold
    assert second is not None and second.id != first.id and second.start == first.start
    assert "10:00 left" in dialog.hold_label.text() and dialog.book_button.isEnabled()
    dialog.phone.setText("333 000 1111")
    dialog.book()
    assert stand_book.reservations.get(second.id).status is S.RESERVED


def test_escape_lets_the_held_table_go(qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook) -> None:
    dialog = open_phone_in(qtbot, stand_window)
    type_text(qtbot, dialog, "2")
    press(qtbot, dialog, Key.Key_Tab)
    type_text(qtbot, dialog, "2015")
    press(qtbot, dialog, Key.Key_Return)
    press(qtbot, dialog, Key.Key_Return)
    hold = dialog.booking.hold
    assert hold is not None and stand_window.timeline_model.reservation(hold.id) is not None
    press(qtbot, dialog, Key.Key_Escape)
    assert not dialog.isVisible()
    assert held(stand_book) == []
    assert stand_window.timeline_model.reservation(hold.id) is None, "the released hold leaves the timeline"


def test_full_and_closed_slots_are_disabled_with_their_reason(
        qtbot: QtBot, stand_session: StandSession, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation) -> None:
    for name in ("T1", "T2", "P1", "P2", "T3", "T4", "T5"):
        book_guest(stand_book, stand_restaurant, rome(18, 0), 2, f"Early {name}",
                   tables=(table_id(stand_restaurant, name),))
    dialog = PhoneInDialog(stand_session.phone_in(), FRIDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.party.setValue(2)
    dialog.time.setText("18:30")
    dialog.show_slots()
    closed = dialog.findChild(QPushButton, "slot:17:30")
    full = dialog.findChild(QPushButton, "slot:18:00")
    assert not closed.isEnabled() and "closed" in closed.text() and "closed" in closed.toolTip()
    assert not full.isEnabled() and "full" in full.text() and "taken" in full.toolTip()
    later = dialog.findChild(QPushButton, "slot:19:30")  # the early parties leave at 19:30
    assert later.isEnabled() and dialog.focusWidget() is later


def test_a_wrong_phone_number_is_said_in_a_sentence_and_the_hold_stays(
        qtbot: QtBot, stand_session: StandSession, stand_book: ReservationBook) -> None:
    dialog = PhoneInDialog(stand_session.phone_in(), FRIDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.time.setText("1945")
    dialog.show_slots()
    dialog.focusWidget().click()
    dialog.name.setText("Bo")
    dialog.phone.setText("12")
    dialog.book()
    assert dialog.isVisible() and dialog.booking.hold is not None
    assert dialog.error.isVisible() and dialog.error.text().startswith("Check the phone number")
    assert "Traceback" not in dialog.error.text()
    assert dialog.focusWidget() is dialog.phone
    dialog.reject()
    assert held(stand_book) == []


def test_a_time_it_can_not_read_is_explained(qtbot: QtBot, stand_session: StandSession) -> None:
    dialog = PhoneInDialog(stand_session.phone_in(), FRIDAY + timedelta(days=1))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.time.setText("dinner")
    dialog.show_slots()
    assert dialog.slot_buttons == [] and "1930" in dialog.error.text()
