"""Ctrl+Z never undoes another party's action, status keys refuse in one sentence before asking
anything, a no-show before the party is late asks first, and the keys start on the timeline."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fixtures_app import (
    FRIDAY,
    HOST,
    FakeClock,
    ask_for_slots,
    book_guest,
    press,
    request_online,
    rome,
    shortcut,
    type_text,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.services.commands import ReservationPatch
from maitred.ui.dialogs import messages
from maitred.ui.dialogs.csv_files import ImportDialog
from maitred.ui.dialogs.phone_in import PhoneInDialog
from maitred.ui.dialogs.reservation_details import ReservationDetailsDialog
from maitred.ui.dialogs.shortcuts import SHORTCUTS, ShortcutsDialog
from maitred.ui.dialogs.walk_in import WalkInDialog
from maitred.ui.main_window import MainWindow

pytest_plugins = ["fixtures_app"]
S = ReservationStatus
Key = Qt.Key
REAL_CONFIRM = messages.confirm  # before `no_modal_boxes` replaces it


@pytest.fixture
def evening(stand_clock: FakeClock) -> FakeClock:
    """19:40 in Rome, the evening in full swing (as the audit found it)."""
    stand_clock.now = rome(19, 40)
    return stand_clock


def on_the_stand(qtbot: QtBot, window: MainWindow, reservation: Reservation) -> Reservation:
    """Another terminal's booking, shown on this stand's timeline and selected there."""
    window.session.day.refresh()
    qtbot.waitUntil(lambda: window.session.day.reservation(reservation.id) is not None)
    select(window, reservation)
    return reservation


def select(window: MainWindow, reservation: Reservation) -> None:
    window.timeline.select_reservation(reservation.id)
    window.selected_id = reservation.id


def said(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def undo_text(window: MainWindow) -> str:
    return window.actions_by_name["undo"].text()


# --- Ctrl+Z and the actions that can't be undone -------------------------------------------------


def test_ctrl_z_after_an_approval_says_so_and_leaves_the_seating_before_it(
        qtbot: QtBot, evening: FakeClock, stand_window: MainWindow, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation) -> None:
    luca = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(19, 30), 2,
                                                        "Luca Lombardi"))
    shortcut(qtbot, stand_window, "S")
    assert undo_text(stand_window) == "Undo seat Luca Lombardi"
    noah = request_online(stand_book, stand_restaurant, rome(20, 30), 6, "Noah Garcia")
    stand_window.session.requests.refresh()
    qtbot.waitUntil(lambda: stand_window.side.requests_count() == 1)
    stand_window.side.requests.select_reservation(noah.id)
    shortcut(qtbot, stand_window, "A")
    assert stand_book.reservations.get(noah.id).status is S.RESERVED
    assert undo_text(stand_window) == "Can't undo approving Noah Garcia"
    assert stand_window.actions_by_name["undo"].isEnabled(), "Ctrl+Z still answers"
    for _ in range(2):
        shortcut(qtbot, stand_window, "Ctrl+Z")
        assert said(stand_window) == ("Approving Noah Garcia can't be undone: if it was a mistake, cancel the "
                                      "booking (Delete).")
        assert stand_book.reservations.get(luca.id).status is S.SEATED, "the older seating is left alone"
        assert stand_book.reservations.get(noah.id).status is S.RESERVED


def test_a_decline_and_a_walk_in_are_barriers_too(qtbot: QtBot, evening: FakeClock, stand_window: MainWindow,
                                                  stand_book: ReservationBook, stand_restaurant: ReservationLocation,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    luca = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(19, 30), 2,
                                                        "Luca Lombardi"))
    shortcut(qtbot, stand_window, "S")
    ivo = request_online(stand_book, stand_restaurant, rome(21), 6, "Ivo Rossi")
    stand_window.session.requests.refresh()
    qtbot.waitUntil(lambda: stand_window.side.requests_count() == 1)
    stand_window.side.requests.select_reservation(ivo.id)
    monkeypatch.setattr(messages, "ask_decline_reason", lambda parent, guest: "private party")
    shortcut(qtbot, stand_window, "D")
    assert stand_book.reservations.get(ivo.id).status is S.DECLINED
    shortcut(qtbot, stand_window, "Ctrl+Z")
    assert said(stand_window).startswith("Declining Ivo Rossi can't be undone")
    shortcut(qtbot, stand_window, "Ctrl+W")
    dialog = stand_window.current_dialog
    assert isinstance(dialog, WalkInDialog)
    type_text(qtbot, dialog, "2")
    press(qtbot, dialog, Key.Key_Return)
    assert undo_text(stand_window) == "Can't undo seating the walk-in"
    shortcut(qtbot, stand_window, "Ctrl+Z")
    assert said(stand_window) == "Seating the walk-in can't be undone: press F to finish it and free the table."
    walk_in = next(r for r in stand_window.session.day.reservations() if r.source is Source.WALK_IN)
    assert stand_book.reservations.get(walk_in.id).status is S.SEATED
    assert stand_book.reservations.get(luca.id).status is S.SEATED


def test_a_party_seated_from_the_waitlist_is_a_barrier(qtbot: QtBot, evening: FakeClock, stand_window: MainWindow,
                                                       stand_book: ReservationBook,
                                                       stand_restaurant: ReservationLocation) -> None:
    luca = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(19, 30), 2,
                                                        "Luca Lombardi"))
    shortcut(qtbot, stand_window, "S")
    desk = stand_window.session.waitlist
    party = desk.add("Mia Rossi", 2)
    desk.seat(party.id, None, initiator=stand_window.front_of_house.waitlist)  # as the Waitlist tab does
    shortcut(qtbot, stand_window, "Ctrl+Z")
    assert said(stand_window) == ("Seating Mia Rossi from the waitlist can't be undone: press F to finish it and "
                                  "free the table.")
    assert stand_book.reservations.get(luca.id).status is S.SEATED


def test_a_phone_in_booked_is_a_barrier(qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
                                        stand_restaurant: ReservationLocation) -> None:
    luca = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(17), 2,
                                                        "Luca Lombardi"))
    shortcut(qtbot, stand_window, "S")
    shortcut(qtbot, stand_window, "Ctrl+N")
    dialog = stand_window.current_dialog
    assert isinstance(dialog, PhoneInDialog)
    qtbot.waitExposed(dialog)
    ask_for_slots(qtbot, dialog, "4", "1930")
    press(qtbot, dialog, Key.Key_Return)
    type_text(qtbot, dialog, "Anna Smith")
    press(qtbot, dialog, Key.Key_Tab)
    type_text(qtbot, dialog, "333 123 4567")
    press(qtbot, dialog, Key.Key_Return)
    assert not dialog.isVisible()
    shortcut(qtbot, stand_window, "Ctrl+Z")
    assert said(stand_window) == "Booking Anna Smith can't be undone: if it was a mistake, cancel it (Delete)."
    assert stand_book.reservations.get(luca.id).status is S.SEATED


def test_reservations_imported_from_a_file_are_a_barrier(qtbot: QtBot, stand_window: MainWindow,
                                                         stand_book: ReservationBook,
                                                         stand_restaurant: ReservationLocation,
                                                         tmp_path: Path) -> None:
    luca = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(17), 2,
                                                        "Luca Lombardi"))
    shortcut(qtbot, stand_window, "S")
    source = tmp_path / "other-system.csv"
    source.write_text("Date,Time,Covers,Name,Phone\n2025-06-13,20:00,2,Anna Rossi,333 123 4567\n", encoding="utf-8")
    dialog = stand_window.front_of_house.import_csv(str(source))
    assert isinstance(dialog, ImportDialog)
    assert dialog.book()
    dialog.reject()
    shortcut(qtbot, stand_window, "Ctrl+Z")
    assert said(stand_window) == "Importing reservations can't be undone: cancel the ones you don't want."
    assert stand_book.reservations.get(luca.id).status is S.SEATED


def test_an_undo_refused_is_said_in_the_status_bar_and_stays_on_top(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation) -> None:
    first = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(17), 2, "Ada Neri"))
    shortcut(qtbot, stand_window, "S")
    second = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(17), 2, "Bea Blu"))
    shortcut(qtbot, stand_window, "S")
    elsewhere = stand_book.reservations.get(second.id)
    stand_book.reservations.update(HOST, second.id, elsewhere.revision, ReservationPatch(team_message="window"))
    for _ in range(2):
        shortcut(qtbot, stand_window, "Ctrl+Z")
        assert said(stand_window) == ("Bea Blu was changed since (maybe at another terminal), so the last action "
                                      "on them can't be undone.")
        assert stand_book.reservations.get(first.id).status is S.SEATED


def test_f1_says_what_undo_covers(qtbot: QtBot, stand_window: MainWindow) -> None:
    shortcut(qtbot, stand_window, "F1")
    dialog = stand_window.current_dialog
    assert isinstance(dialog, ShortcutsDialog)
    row = next(i for i, s in enumerate(SHORTCUTS) if s.name == "undo")
    item = dialog.table.item(row, 1)
    assert item.text().startswith("Undo the last seat, finish, no-show, cancel or move (approving, declining")


# --- status keys on the wrong status -------------------------------------------------------------


def test_wrong_status_keys_say_what_to_do_before_asking_anything(
        qtbot: QtBot, evening: FakeClock, stand_window: MainWindow, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation) -> None:
    """`no_modal_boxes`: a decline reason, a confirmation or an error box would fail the test."""
    luca = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(19, 30), 2,
                                                        "Luca Lombardi"))
    shortcut(qtbot, stand_window, "F")
    assert said(stand_window) == "Luca Lombardi isn't seated yet: press S to seat them first."
    shortcut(qtbot, stand_window, "D")
    assert said(stand_window) == ("Luca Lombardi is booked, not a request: press Delete to cancel the booking "
                                  "instead.")
    shortcut(qtbot, stand_window, "S")
    shortcut(qtbot, stand_window, "A")
    assert said(stand_window) == "Luca Lombardi isn't a request waiting for approval: there's nothing to approve."
    shortcut(qtbot, stand_window, "Delete")
    assert said(stand_window) == ("Luca Lombardi is seated, so the booking can't be cancelled: press F when they "
                                  "leave.")
    shortcut(qtbot, stand_window, "N")
    assert said(stand_window) == "Luca Lombardi is seated, so they aren't a no-show: press F when they leave."
    assert stand_book.reservations.get(luca.id).status is S.SEATED, "A did not unseat them"


# --- a no-show before the party is late ----------------------------------------------------------


def test_a_no_show_before_the_party_is_late_asks_first(qtbot: QtBot, evening: FakeClock, stand_window: MainWindow,
                                                       stand_book: ReservationBook,
                                                       stand_restaurant: ReservationLocation,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    due = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(20), 2, "Noah Garcia"))
    asked: list[tuple[str, str, str | None]] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, question, yes, no=None: asked.append((question, yes, no))
                        or False)
    shortcut(qtbot, stand_window, "N")
    assert asked == [("Noah Garcia is booked for 20:00 and isn't late yet. Mark them as a no-show anyway?",
                      "Mark no-show", "Keep waiting")]
    assert stand_book.reservations.get(due.id).status is S.RESERVED
    evening.now = rome(20, 15)  # the grace the timeline marks a party late by (15 minutes)
    shortcut(qtbot, stand_window, "N")
    assert len(asked) == 1, "late: no question"
    assert stand_book.reservations.get(due.id).status is S.NO_SHOW


def test_enter_on_the_early_no_show_question_keeps_waiting(qtbot: QtBot, evening: FakeClock,
                                                           stand_window: MainWindow, stand_book: ReservationBook,
                                                           stand_restaurant: ReservationLocation,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    due = on_the_stand(qtbot, stand_window, book_guest(stand_book, stand_restaurant, rome(20), 2, "Noah Garcia"))
    monkeypatch.setattr(messages, "confirm", REAL_CONFIRM)
    defaults: list[str] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        default = box.defaultButton()
        defaults.append(default.text() if default is not None else "")
        qtbot.keyClick(box, Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    shortcut(qtbot, stand_window, "N")
    assert defaults == ["Keep waiting"]
    assert stand_book.reservations.get(due.id).status is S.RESERVED


# --- where the keys go ---------------------------------------------------------------------------


def test_the_timeline_has_the_keys_when_the_window_opens(qtbot: QtBot, stand_window: MainWindow) -> None:
    qtbot.waitUntil(lambda: stand_window.focusWidget() is stand_window.timeline)
    day = stand_window.session.day.day
    press(qtbot, stand_window, Key.Key_Space)
    press(qtbot, stand_window, Key.Key_Right)
    assert stand_window.session.day.day == day, "Space and the arrows never switch the day"


def test_the_timeline_has_the_keys_again_after_a_dialog(qtbot: QtBot, stand_window: MainWindow) -> None:
    stand_window.header.new_button.setFocus()
    stand_window.header.new_button.click()
    dialog = stand_window.current_dialog
    assert isinstance(dialog, PhoneInDialog)
    dialog.reject()
    qtbot.waitUntil(lambda: stand_window.current_dialog is None)
    assert stand_window.focusWidget() is stand_window.timeline


# --- search from the keyboard --------------------------------------------------------------------


def search_for(qtbot: QtBot, window: MainWindow, text: str) -> None:
    shortcut(qtbot, window, "Ctrl+F")
    assert window.focusWidget() is window.header.search
    type_text(qtbot, window, text)


@pytest.mark.parametrize("key", [Key.Key_Return, Key.Key_Down], ids=["Enter", "Down"])
def test_enter_or_down_in_the_search_goes_to_the_first_result_and_enter_opens_it(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation, key: Key) -> None:
    serra = book_guest(stand_book, stand_restaurant, rome(20), 2, "Marco Serra")
    search_for(qtbot, stand_window, "Serra")
    press(qtbot, stand_window, key)  # at once: before the search has even answered
    results = stand_window.side.results
    qtbot.waitUntil(lambda: stand_window.focusWidget() is results)
    assert results.currentIndex().row() == 0 and stand_window.selected_id == serra.id
    press(qtbot, stand_window, Key.Key_Return)
    assert isinstance(stand_window.current_dialog, ReservationDetailsDialog)


def test_esc_in_the_search_clears_it_and_gives_the_timeline_the_keys(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation) -> None:
    book_guest(stand_book, stand_restaurant, rome(20), 2, "Marco Serra")
    search_for(qtbot, stand_window, "Serra")
    qtbot.waitUntil(lambda: stand_window.side.results_model.rowCount() == 1)
    press(qtbot, stand_window, Key.Key_Escape)
    assert stand_window.header.search.text() == ""
    assert stand_window.side.count() == 3, "Arrivals, Requests, Waitlist: the results tab went"
    assert stand_window.focusWidget() is stand_window.timeline


def test_enter_on_a_search_that_finds_nobody_says_so(qtbot: QtBot, stand_window: MainWindow) -> None:
    search_for(qtbot, stand_window, "Nobody Here")
    press(qtbot, stand_window, Key.Key_Return)
    qtbot.waitUntil(lambda: said(stand_window) != "")
    assert said(stand_window) == "Nobody found for “Nobody Here”: check the spelling, or try the phone number."
    assert stand_window.focusWidget() is stand_window.header.search


def test_keys_on_a_search_result_of_another_day_ask_and_refuse_as_on_the_timeline(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation, monkeypatch: pytest.MonkeyPatch) -> None:
    serra = book_guest(stand_book, stand_restaurant, rome(20, day=FRIDAY + timedelta(days=2)), 2, "Marco Serra")
    search_for(qtbot, stand_window, "Serra")
    press(qtbot, stand_window, Key.Key_Return)
    qtbot.waitUntil(lambda: stand_window.selected_id == serra.id)
    press(qtbot, stand_window, Key.Key_F)
    assert said(stand_window) == "Marco Serra isn't seated yet: press S to seat them first."
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, question, yes, no=None: asked.append(question) or False)
    press(qtbot, stand_window, Key.Key_N)
    assert asked == ["Marco Serra is booked for 20:00 and isn't late yet. Mark them as a no-show anyway?"]
    assert stand_book.reservations.get(serra.id).status is S.RESERVED
