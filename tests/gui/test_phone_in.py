"""The phone-in dialog: the keystroke budget of UI.md, the hold's countdown and expiry, Escape."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fixtures_app import FRIDAY, HOST, FakeClock, ask_for_slots, book_guest, press, rome, shortcut, table_id, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from maitred.controllers.session import StandSession
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.listing import ReservationQuery
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.ui.dialogs import messages
from maitred.ui.dialogs.phone_in import PhoneInDialog
from maitred.ui.main_window import MainWindow

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.usefixtures("no_modal_boxes")
S = ReservationStatus
Key = Qt.Key


def held(book: ReservationBook) -> list[Reservation]:
    return [r for r in book.listing.all(HOST, ReservationQuery()) if r.status is S.HELD]


def answer_questions(monkeypatch: pytest.MonkeyPatch, answer: bool) -> list[tuple[str, str, str | None]]:
    """Every confirmation the dialog asks (question, yes, no), answered `answer`."""
    asked: list[tuple[str, str, str | None]] = []

    def confirm(_parent: object, question: str, yes: str, no: str | None = None) -> bool:
        asked.append((question, yes, no))
        return answer

    monkeypatch.setattr(messages, "confirm", confirm)
    return asked


def open_phone_in(qtbot: QtBot, window: MainWindow) -> PhoneInDialog:
    shortcut(qtbot, window, "Ctrl+N")
    dialog = window.current_dialog
    assert isinstance(dialog, PhoneInDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_keystroke_budget_books_a_reserved_table(qtbot: QtBot, stand_window: MainWindow,
                                                     stand_book: ReservationBook) -> None:
    dialog = open_phone_in(qtbot, stand_window)
    ask_for_slots(qtbot, dialog, "4", "1930")
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


def test_escape_lets_the_held_table_go(qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_phone_in(qtbot, stand_window)
    ask_for_slots(qtbot, dialog, "2", "2015")
    press(qtbot, dialog, Key.Key_Return)
    hold = dialog.booking.hold
    assert hold is not None and stand_window.timeline_model.reservation(hold.id) is not None
    questions = answer_questions(monkeypatch, True)  # the host says: let it go
    press(qtbot, dialog, Key.Key_Escape)
    assert len(questions) == 1
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


# --- times gone by, a bare `730`, and Escape that asks before throwing a call away ----------------


def phone_in_at(qtbot: QtBot, session: StandSession, day: date = FRIDAY) -> PhoneInDialog:
    dialog = PhoneInDialog(session.phone_in(), day)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_at_1940_a_typed_1830_is_past_and_enter_enter_books_nothing(
        qtbot: QtBot, stand_window: MainWindow, stand_clock: FakeClock, stand_book: ReservationBook) -> None:
    stand_clock.now = rome(19, 40)
    dialog = open_phone_in(qtbot, stand_window)
    ask_for_slots(qtbot, dialog, "4", "1830")
    past = dialog.findChild(QPushButton, "slot:18:30")
    assert past is not None and "past" in past.text() and "passed" in past.toolTip(), "said in words, not colour"
    assert dialog.focusWidget() is dialog.time, "no past slot is offered as the free one"
    assert "18:30 has already passed" in dialog.time_note.text() and dialog.time_note.isVisible()
    assert "after now" in dialog.error.text()
    press(qtbot, dialog, Key.Key_Return)
    assert dialog.booking.hold is None and held(stand_book) == [], "Enter, Enter holds nothing in the past"


def test_with_later_slots_the_first_free_one_to_come_is_focused(
        qtbot: QtBot, stand_session: StandSession, stand_clock: FakeClock) -> None:
    stand_clock.now = rome(19, 40)
    dialog = phone_in_at(qtbot, stand_session)
    dialog.time.setText("1930")
    dialog.show_slots()
    assert "past" in dialog.findChild(QPushButton, "slot:19:30").text()
    assert dialog.focusWidget() is dialog.findChild(QPushButton, "slot:19:45")


def test_a_past_slot_is_held_only_after_the_host_says_so_and_keeps_clear_by_default(
        qtbot: QtBot, stand_session: StandSession, stand_clock: FakeClock, stand_book: ReservationBook,
        monkeypatch: pytest.MonkeyPatch) -> None:
    stand_clock.now = rome(19, 40)
    dialog = phone_in_at(qtbot, stand_session)
    dialog.time.setText("1830")
    dialog.show_slots()
    past = dialog.findChild(QPushButton, "slot:18:30")
    questions = answer_questions(monkeypatch, False)
    qtbot.mouseClick(past, Qt.MouseButton.LeftButton)
    assert questions[0][0].startswith("18:30 has already passed") and questions[0][1] == "Hold 18:30 anyway"
    assert dialog.booking.hold is None and not dialog.guest_box.isEnabled(), "the safe answer holds nothing"
    answer_questions(monkeypatch, True)
    qtbot.mouseClick(past, Qt.MouseButton.LeftButton)
    hold = dialog.booking.hold
    assert hold is not None and hold.start == rome(18, 30) and dialog.focusWidget() is dialog.name
    dialog.name.setText("Late Record")
    dialog.phone.setText("333 123 4567")
    dialog.book()
    assert stand_book.reservations.get(hold.id).status is S.RESERVED


def test_a_hold_that_ran_out_after_its_time_went_by_asks_before_holding_again(
        qtbot: QtBot, stand_session: StandSession, stand_clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    stand_clock.now = rome(19, 40)
    dialog = phone_in_at(qtbot, stand_session)
    dialog.time.setText("1945")
    dialog.show_slots()
    dialog.focusWidget().click()  # 19:45, still to come: no question
    first = dialog.booking.hold
    assert first is not None
    stand_clock.advance(minutes=10)  # 19:50: the hold ran out and 19:45 has gone by
    dialog.tick()
    questions = answer_questions(monkeypatch, False)
    dialog.hold_again.click()
    assert questions and questions[0][0].startswith("19:45 has already passed")
    assert dialog.booking.hold_lapsed() and dialog.booking.hold == first, "nothing held again"


def test_yesterday_is_past_too(qtbot: QtBot, stand_session: StandSession, stand_book: ReservationBook) -> None:
    dialog = phone_in_at(qtbot, stand_session, FRIDAY - timedelta(days=1))
    dialog.time.setText("1930")
    dialog.show_slots()
    assert all("past" in b.text() or not b.isEnabled() for b in dialog.slot_buttons)
    assert dialog.focusWidget() is dialog.time and "Thu 12 Jun 19:30 has already passed" in dialog.time_note.text()
    dialog.show_slots()
    assert dialog.booking.hold is None and held(stand_book) == []


def test_a_bare_730_at_a_dinner_place_means_1930_and_says_so(qtbot: QtBot, stand_window: MainWindow) -> None:
    dialog = open_phone_in(qtbot, stand_window)
    ask_for_slots(qtbot, dialog, "2", "730")
    assert dialog.focusWidget() is dialog.findChild(QPushButton, "slot:19:30")
    assert dialog.time_note.isVisible() and dialog.time_note.text() == "Taken as 19:30."
    press(qtbot, dialog, Key.Key_Return)
    hold = dialog.booking.hold
    assert hold is not None and hold.start == rome(19, 30)
    dialog.time.setText("1930")
    dialog.show_slots()
    assert not dialog.time_note.isVisible(), "a time read as typed needs no note"


def hold_with_a_name(qtbot: QtBot, window: MainWindow) -> PhoneInDialog:
    dialog = open_phone_in(qtbot, window)
    ask_for_slots(qtbot, dialog, "2", "2015")
    press(qtbot, dialog, Key.Key_Return)
    type_text(qtbot, dialog, "Anna Smith")
    return dialog


def test_escape_with_a_held_table_asks_and_keeps_the_call_by_default(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = hold_with_a_name(qtbot, stand_window)
    hold = dialog.booking.hold
    assert hold is not None
    tables = ", ".join(t.name for t in stand_window.session.location.table_management.tables
                       if t.id in hold.table_ids)
    questions = answer_questions(monkeypatch, False)
    press(qtbot, dialog, Key.Key_Escape)
    assert questions == [(f"Let go of {tables} at 20:15 and what you typed?", "Let go", "Back to the call")]
    assert dialog.isVisible() and dialog.booking.hold == hold and dialog.name.text() == "Anna Smith"
    assert [r.id for r in held(stand_book)] == [hold.id]
    qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)  # the button asks the same
    close_box(dialog)  # and so does the window's close box
    assert len(questions) == 3 and dialog.isVisible() and held(stand_book) != []
    answer_questions(monkeypatch, True)
    close_box(dialog)
    assert not dialog.isVisible() and held(stand_book) == []


def close_box(dialog: PhoneInDialog) -> None:
    """The title bar's close box, as the window system sends it (a spontaneous close event)."""
    window = dialog.windowHandle()
    assert window is not None
    QApplication.sendEvent(window, QCloseEvent())


def test_a_close_from_code_lets_go_without_asking(qtbot: QtBot, stand_window: MainWindow,
                                                 stand_book: ReservationBook) -> None:
    dialog = hold_with_a_name(qtbot, stand_window)  # no_modal_boxes: any question fails the test
    dialog.close()  # as the stand does when it closes, or a test's teardown
    assert not dialog.isVisible() and held(stand_book) == []


def test_escape_with_only_a_name_typed_asks_too(qtbot: QtBot, stand_session: StandSession,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = phone_in_at(qtbot, stand_session)
    dialog.name.setText("Anna Smith")
    questions = answer_questions(monkeypatch, False)
    press(qtbot, dialog, Key.Key_Escape)
    assert questions and "what you typed" in questions[0][0] and dialog.isVisible()


def test_escape_with_nothing_held_or_typed_closes_at_once(qtbot: QtBot, stand_window: MainWindow) -> None:
    dialog = open_phone_in(qtbot, stand_window)  # no_modal_boxes: any question fails the test
    type_text(qtbot, dialog, "4")
    press(qtbot, dialog, Key.Key_Tab)
    type_text(qtbot, dialog, "1930")
    press(qtbot, dialog, Key.Key_Escape)
    assert not dialog.isVisible()
