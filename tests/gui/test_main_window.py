"""The stand's window: walk-ins, drag and drop, status keys, undo, requests, day and search."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fixtures_app import (
    FRIDAY,
    FakeClock,
    book_guest,
    press,
    request_online,
    rome,
    shortcut,
    table_id,
    type_text,
)
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from maitred.controllers.details import ReservationEdit
from maitred.controllers.moves import MoveCheck
from maitred.controllers.session import StandSession
from maitred.domain.errors import Unavailable
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.staff import DEFAULT_PIN
from maitred.services.book import ReservationBook
from maitred.ui.dialogs import messages, move_conflict
from maitred.ui.dialogs.shortcuts import SHORTCUTS, ShortcutsDialog, native_keys
from maitred.ui.dialogs.walk_in import WalkInDialog
from maitred.ui.main_window import MainWindow

pytest_plugins = ["fixtures_app"]
S = ReservationStatus
Key = Qt.Key


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.session.day.is_loading() and not window.session.runner.is_busy())


def drag(qtbot: QtBot, window: MainWindow, reservation: Reservation, to_table: str, to_start: datetime) -> None:
    """Press on a block, move it to another lane and time, release: as a host's finger would."""
    timeline = window.timeline
    viewport = timeline.viewport()
    timeline.select_reservation(reservation.id)
    start = timeline.point_in(reservation.id, 0.3)
    row = timeline.model().row_of_table(to_table)
    assert row is not None
    lane = timeline.lane_rect(row)
    shift = timeline.x_of(to_start) - timeline.x_of(reservation.start)
    end = QPoint(round(start.x() + shift), round(lane.center().y()))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        point = start + (end - start) * step / 5
        QTest.mouseMove(viewport, QPoint(round(point.x()), round(point.y())))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_walk_in_is_seated_at_the_suggested_table(qtbot: QtBot, stand_window: MainWindow,
                                                  stand_book: ReservationBook, stand_clock: FakeClock,
                                                  stand_restaurant: ReservationLocation) -> None:
    shortcut(qtbot, stand_window, "Ctrl+W")
    dialog = stand_window.current_dialog
    assert isinstance(dialog, WalkInDialog)
    type_text(qtbot, dialog, "3")
    assert "T3" in dialog.suggestion.text()
    press(qtbot, dialog, Key.Key_Return)
    seated = [r for r in stand_window.session.day.reservations() if r.source is Source.WALK_IN]
    assert len(seated) == 1
    walk_in = seated[0]
    assert (walk_in.status, walk_in.party_size, walk_in.start) == (S.SEATED, 3, stand_clock.now)
    assert walk_in.table_ids == (table_id(stand_restaurant, "T3"),)
    assert stand_window.timeline_model.reservation(walk_in.id) == walk_in
    assert stand_book.reservations.get(walk_in.id).status is S.SEATED


def test_walk_in_can_take_another_free_table(qtbot: QtBot, stand_window: MainWindow,
                                             stand_restaurant: ReservationLocation) -> None:
    dialog = stand_window.new_walk_in()
    assert isinstance(dialog, WalkInDialog)
    dialog.party.setValue(2)
    patio = next(b for b in dialog.table_buttons if b.objectName() == "table:P2")
    patio.click()
    walk_in = next(r for r in stand_window.session.day.reservations() if r.source is Source.WALK_IN)
    assert walk_in.table_ids == (table_id(stand_restaurant, "P2"),) and walk_in.reservee is None


def test_drag_to_a_free_table_moves_the_reservation(qtbot: QtBot, stand_window: MainWindow,
                                                    stand_book: ReservationBook,
                                                    stand_restaurant: ReservationLocation,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    t1, t2 = table_id(stand_restaurant, "T1"), table_id(stand_restaurant, "T2")
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Ada Lovelace", tables=(t1,))
    stand_window.session.day.refresh()
    qtbot.waitUntil(lambda: stand_window.timeline_model.reservation(r.id) is not None)
    asked: list[MoveCheck] = []
    monkeypatch.setattr(move_conflict, "ask", lambda *args: asked.append(args[1]) or False)
    drag(qtbot, stand_window, r, t2, rome(19, 30))
    moved = stand_book.reservations.get(r.id)
    assert (moved.table_ids, moved.start, moved.end - moved.start) == ((t2,), rome(19, 30), r.end - r.start)
    assert asked == [], "a free table needs no question"
    assert stand_window.timeline_model.rows_of(moved) == [stand_window.timeline_model.row_of_table(t2)]
    shortcut(qtbot, stand_window, "Ctrl+Z")
    assert stand_book.reservations.get(r.id).table_ids == (t1,), "undo puts it back"


def test_drag_onto_a_taken_table_explains_and_may_book_anyway(qtbot: QtBot, stand_window: MainWindow,
                                                             stand_book: ReservationBook,
                                                             stand_restaurant: ReservationLocation,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    t1, t2 = table_id(stand_restaurant, "T1"), table_id(stand_restaurant, "T2")
    smith = book_guest(stand_book, stand_restaurant, rome(19), 2, "Ann Smith", tables=(t1,))
    jones = book_guest(stand_book, stand_restaurant, rome(19), 2, "Bob Jones", tables=(t2,))
    stand_window.session.day.refresh()
    qtbot.waitUntil(lambda: stand_window.timeline_model.reservation(jones.id) is not None)
    answers = iter([False, True])
    explained: list[list[str]] = []

    def ask(parent: object, check: MoveCheck, location: ReservationLocation, may: bool) -> bool:
        explained.append(move_conflict.explain(check, location))
        assert may, "the host stand (FULL scope) may book anyway"
        return next(answers)

    monkeypatch.setattr(move_conflict, "ask", ask)
    drag(qtbot, stand_window, smith, t2, rome(19))
    assert stand_book.reservations.get(smith.id).table_ids == (t1,), "declined: nothing moved"
    assert explained[0] == ["T2 is taken by Bob Jones (19:00–20:30)."]
    drag(qtbot, stand_window, smith, t2, rome(19))
    moved = stand_book.reservations.get(smith.id)
    assert moved.table_ids == (t2,) and moved.table_clashes[0].reservation_ids == (jones.id,)
    assert len(explained) == 2


def test_status_keys_seat_finish_and_undo(qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
                                          stand_restaurant: ReservationLocation) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(18, 30), 2, "Carla Bruni")
    stand_window.session.day.refresh()
    qtbot.waitUntil(lambda: stand_window.session.day.reservation(r.id) is not None)
    stand_window.timeline.setFocus()
    stand_window.timeline.select_reservation(r.id)
    stand_window.selected_id = r.id
    resets: list[bool] = []
    stand_window.timeline_model.modelReset.connect(lambda: resets.append(True))
    stand_window.side.arrivals_model.modelReset.connect(lambda: resets.append(True))
    shortcut(qtbot, stand_window, "S")
    assert stand_book.reservations.get(r.id).status is S.SEATED
    assert resets == [], "one reservation changed: no view reloads the whole day"
    assert stand_window.timeline_model.reservation(r.id).status is S.SEATED
    assert stand_window.actions_by_name["undo"].text() == "Undo seat Carla Bruni"
    shortcut(qtbot, stand_window, "F")
    assert stand_book.reservations.get(r.id).status is S.FINISHED
    shortcut(qtbot, stand_window, "Ctrl+Z")
    shortcut(qtbot, stand_window, "Ctrl+Z")
    assert stand_book.reservations.get(r.id).status is S.RESERVED
    assert not stand_window.actions_by_name["undo"].isEnabled()


def test_no_show_from_the_keyboard_and_a_refusal_in_one_sentence(qtbot: QtBot, stand_window: MainWindow,
                                                                  stand_book: ReservationBook,
                                                                  stand_restaurant: ReservationLocation,
                                                                  stand_clock: FakeClock) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(17, 0), 4, "Dino Zoff")
    stand_window.session.day.refresh()
    qtbot.waitUntil(lambda: stand_window.session.day.reservation(r.id) is not None)
    stand_window.selected_id = r.id
    stand_clock.advance(minutes=20)  # late by now: no question
    shortcut(qtbot, stand_window, "N")
    assert stand_book.reservations.get(r.id).status is S.NO_SHOW
    shortcut(qtbot, stand_window, "F")  # a no-show can't be finished: said in the status bar, no box
    assert stand_window.statusBar().currentMessage() == (
        "Dino Zoff is marked as a no-show: press S if they came after all.")


def test_cancel_asks_first(qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
                           stand_restaurant: ReservationLocation, monkeypatch: pytest.MonkeyPatch) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(20), 2, "Eve Adams")
    stand_window.session.day.refresh()
    qtbot.waitUntil(lambda: stand_window.session.day.reservation(r.id) is not None)
    stand_window.selected_id = r.id
    answers = iter([False, True])
    questions: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, question, yes, no=None: questions.append(question)
                        or next(answers))
    shortcut(qtbot, stand_window, "Delete")
    assert stand_book.reservations.get(r.id).status is S.RESERVED
    shortcut(qtbot, stand_window, "Delete")
    assert stand_book.reservations.get(r.id).status is S.CANCELED
    assert questions == ["Cancel the reservation of Eve Adams?"] * 2
    model = stand_window.timeline_model
    row = model.rows_of(stand_book.reservations.get(r.id))[0]
    assert r.id not in [x.id for x in model.lane_reservations(row)], "cancelled ones are hidden by default"
    stand_window.actions_by_name["show_cancelled"].trigger()
    assert r.id in [x.id for x in model.lane_reservations(row)], "the View toggle shows them"


def test_requests_are_approved_and_declined_from_their_tab(qtbot: QtBot, stand_window: MainWindow,
                                                          stand_book: ReservationBook,
                                                          stand_restaurant: ReservationLocation,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = request_online(stand_book, stand_restaurant, rome(20), 6, "Gina")
    second = request_online(stand_book, stand_restaurant, rome(21, day=FRIDAY + timedelta(days=2)), 7, "Hugo")
    stand_window.session.requests.refresh()
    qtbot.waitUntil(lambda: stand_window.side.requests_count() == 2)
    side = stand_window.side
    assert side.tabText(side.indexOf(side.requests)) == "Requests (2)"
    assert "2 requests waiting" in stand_window.summary.text()
    side.setCurrentWidget(side.requests)
    requests = side.requests
    QTest.mouseClick(requests.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     requests.button_point(first.id, "approve"))
    assert stand_book.reservations.get(first.id).status is S.RESERVED
    assert side.tabText(side.indexOf(side.requests)) == "Requests (1)"
    monkeypatch.setattr(messages, "ask_decline_reason", lambda parent, guest: "fully booked that night")
    QTest.mouseClick(requests.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     requests.button_point(second.id, "decline"))
    declined = stand_book.reservations.get(second.id)
    assert declined.status is S.DECLINED and declined.decline_reason == "fully booked that night"
    assert side.requests_count() == 0 and side.tabText(side.indexOf(side.requests)) == "Requests"


def test_approve_key_acts_on_the_selected_request(qtbot: QtBot, stand_window: MainWindow,
                                                  stand_book: ReservationBook,
                                                  stand_restaurant: ReservationLocation) -> None:
    request = request_online(stand_book, stand_restaurant, rome(20, 30), 6, "Ivo")
    stand_window.session.requests.refresh()
    qtbot.waitUntil(lambda: stand_window.side.requests_count() == 1)
    stand_window.side.requests.select_reservation(request.id)
    assert stand_window.selected_id == request.id
    shortcut(qtbot, stand_window, "A")
    assert stand_book.reservations.get(request.id).status is S.RESERVED


def test_arrivals_list_seats_with_its_button(qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
                                            stand_restaurant: ReservationLocation) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Jo March")
    stand_window.session.day.refresh()
    qtbot.waitUntil(lambda: stand_window.side.arrivals_model.row_of(r.id) is not None)
    arrivals = stand_window.side.arrivals
    QTest.mouseClick(arrivals.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     arrivals.button_point(r.id, "seat"))
    assert stand_book.reservations.get(r.id).status is S.SEATED
    assert stand_window.side.arrivals_model.row_of(r.id) is None, "a seated party is no longer awaited"
    assert "2 seated" in stand_window.summary.text()


def test_status_bar_sums_up_the_day(qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
                                    stand_restaurant: ReservationLocation) -> None:
    book_guest(stand_book, stand_restaurant, rome(19), 4, "Kim Smith")
    seated = book_guest(stand_book, stand_restaurant, rome(16, 30), 3, "Lee Park", status=S.SEATED)
    stand_window.session.day.refresh()
    qtbot.waitUntil(lambda: stand_window.session.day.reservation(seated.id) is not None)
    assert stand_window.summary.text() == "7 covers today · 3 seated · next arrival 19:00 Kim Smith"
    assert stand_window.synced.text() == "● synced"


def test_days_change_with_the_keyboard(qtbot: QtBot, stand_window: MainWindow) -> None:
    shortcut(qtbot, stand_window, "Ctrl+Right")
    settle(qtbot, stand_window)
    assert stand_window.session.day.day == FRIDAY + timedelta(days=1)
    assert stand_window.timeline_model.day == FRIDAY + timedelta(days=1)
    assert "on Sat 14 Jun" in stand_window.summary.text()
    moment = stand_window.map.moment()
    assert moment is not None and moment == stand_window.timeline.selected_time(), "the same moment on both"
    shortcut(qtbot, stand_window, "Ctrl+Left")
    shortcut(qtbot, stand_window, "Ctrl+Left")
    settle(qtbot, stand_window)
    assert stand_window.session.day.day == FRIDAY - timedelta(days=1)
    shortcut(qtbot, stand_window, "Ctrl+T")
    settle(qtbot, stand_window)
    assert stand_window.session.day.day == FRIDAY and stand_window.header.date.date().day() == 13


def test_search_by_phone_opens_a_results_tab(qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
                                             stand_restaurant: ReservationLocation) -> None:
    wanted = book_guest(stand_book, stand_restaurant, rome(20, day=FRIDAY + timedelta(days=5)), 2, "Mia Wong",
                        phone="+39 333 999 8877")
    book_guest(stand_book, stand_restaurant, rome(20), 2, "Other Guest")
    shortcut(qtbot, stand_window, "/")
    assert stand_window.focusWidget() is stand_window.header.search
    type_text(qtbot, stand_window, "999 88")
    qtbot.waitUntil(lambda: stand_window.side.results_model.rowCount() == 1)
    assert stand_window.side.results_model.reservations()[0].id == wanted.id
    assert stand_window.side.currentWidget().findChild(type(stand_window.side.results)) is stand_window.side.results
    stand_window.header.search.clear()
    qtbot.waitUntil(lambda: stand_window.side.count() == 3)  # Arrivals, Requests, Waitlist: the results tab went


def test_a_table_picked_on_the_map_highlights_its_timeline_row(qtbot: QtBot, stand_window: MainWindow,
                                                              stand_restaurant: ReservationLocation) -> None:
    t4 = table_id(stand_restaurant, "T4")
    stand_window.map.table_clicked.emit(t4)
    assert stand_window.timeline._highlight_row == stand_window.timeline_model.row_of_table(t4)
    assert stand_window.map.highlighted_table() == t4
    moment = rome(20, 15)
    stand_window.timeline.time_selected.emit(moment)
    assert stand_window.map.moment() == moment, "the map shows the moment picked on the timeline"


def test_the_maps_chip_and_esc_bring_the_map_back_to_now(qtbot: QtBot, stand_window: MainWindow) -> None:
    stand_window.timeline.time_selected.emit(rome(22, 30))
    chip = stand_window.map.moment_chip
    assert not stand_window.map.shows_now() and chip.isVisible()
    QTest.mouseClick(chip, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(stand_window.map.shows_now)
    assert chip.isHidden()
    stand_window.timeline.time_selected.emit(rome(21, 0))
    stand_window.map.setFocus()
    QTest.keyClick(stand_window.map, Qt.Key.Key_Escape)
    qtbot.waitUntil(stand_window.map.shows_now)


def test_help_lists_every_shortcut(qtbot: QtBot, stand_window: MainWindow) -> None:
    shortcut(qtbot, stand_window, "F1")
    dialog = stand_window.current_dialog
    assert isinstance(dialog, ShortcutsDialog)
    assert dialog.listed_keys() == [native_keys(s) for s in SHORTCUTS]
    for s in SHORTCUTS:
        if s.keys and s.name in stand_window.actions_by_name:
            bound = stand_window.actions_by_name[s.name].shortcuts()
            assert bound == [QKeySequence(k) for k in s.keys], s.name


def test_geometry_and_splitters_are_remembered(qtbot: QtBot, stand_session: StandSession, tmp_path: object) -> None:
    path = f"{tmp_path}/view.ini"
    first = MainWindow(stand_session, QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.show()
    first.resize(first.minimumSizeHint().width(), 560)  # the offscreen screen is small: stay inside it
    qtbot.wait(20)
    total = sum(first.splitter.sizes())
    first.splitter.setSizes([total - 380, 380])
    first.actions_by_name["show_cancelled"].setChecked(True)
    sizes, size = first.splitter.sizes(), first.size()
    first.save_view()
    second = MainWindow(stand_session, QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.show()
    qtbot.wait(20)
    assert second.size() == size
    assert second.splitter.sizes() == sizes
    assert second.actions_by_name["show_cancelled"].isChecked() and second.timeline_model.show_cancelled


def test_floor_plan_edits_are_saved_when_editing_ends(qtbot: QtBot, stand_window: MainWindow,
                                                       stand_book: ReservationBook,
                                                       stand_restaurant: ReservationLocation) -> None:
    edit = stand_window.actions_by_name["edit_floor"]
    edit.trigger()
    assert stand_window.map.is_editing()
    new_id = stand_window.map.add_table(seats=6, area="Patio")
    edit.trigger()
    assert not stand_window.map.is_editing()
    qtbot.waitUntil(lambda: not stand_window.session.day.is_loading())
    saved = stand_book.locations.get(stand_restaurant.id)
    assert len(saved.table_management.tables) == len(stand_restaurant.table_management.tables) + 1
    assert new_id not in {t.id for t in stand_restaurant.table_management.tables}
    assert saved.revision == stand_restaurant.revision + 1


def test_save_and_finish_on_the_map_saves_and_a_refused_save_keeps_the_edits(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook, stand_restaurant: ReservationLocation,
        monkeypatch: pytest.MonkeyPatch) -> None:
    edit = stand_window.actions_by_name["edit_floor"]
    edit.trigger()
    new_id = stand_window.map.add_table(seats=4, area="Patio")
    done = stand_window.map.edit_bar.done_button
    assert done.text() == "Save and finish"

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise Unavailable("The reservation book is busy: try again in a moment.")

    monkeypatch.setattr(stand_window.session.settings, "save_floor_plan", refuse)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error: shown.append(str(error)))
    QTest.mouseClick(done, Qt.MouseButton.LeftButton)
    assert shown and "busy" in shown[0]
    assert edit.isChecked() and stand_window.map.is_editing(), "still editing"
    assert stand_window.map.is_layout_modified() and new_id in stand_window.map.table_ids(), "the edit is kept"
    assert stand_book.locations.get(stand_restaurant.id) == stand_restaurant

    monkeypatch.undo()
    QTest.mouseClick(done, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not stand_window.session.day.is_loading())
    assert not edit.isChecked() and not stand_window.map.is_editing()
    saved = stand_book.locations.get(stand_restaurant.id)
    assert saved.revision == stand_restaurant.revision + 1
    assert len(saved.table_management.tables) == len(stand_restaurant.table_management.tables) + 1


def test_a_window_opened_before_its_day_is_read_fills_in_when_it_is(
        qtbot: QtBot, stand_book: ReservationBook, stand_restaurant: ReservationLocation, tmp_path: object) -> None:
    """The application shows its (locked) window first and reads the day behind it."""
    guest = book_guest(stand_book, stand_restaurant, rome(19), 4, "Kim Smith")
    session = StandSession.open(stand_book)
    session.load(day=False)
    try:
        assert not session.day.loaded and not session.day.reservations()
        window = MainWindow(session, QSettings(f"{tmp_path}/ui.ini", QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        assert window.header.restaurant.text() == stand_restaurant.info.name
        assert window.header.date.date().day() == 13
        assert not window.timeline_model.reservations()
        session.day.load_now()
        assert session.day.loaded
        assert [r.id for r in window.timeline_model.reservations()] == [guest.id]
        assert window.timeline.block_rect(guest.id) is not None
        assert window.map.moment() == stand_book.clock(), "today the map follows now"
        assert window.summary.text().startswith("4 covers today")
    finally:
        session.stop()


def test_a_refresh_of_a_day_never_read_reads_it_whole(qtbot: QtBot, stand_book: ReservationBook,
                                                       stand_restaurant: ReservationLocation) -> None:
    guest = book_guest(stand_book, stand_restaurant, rome(19), 2, "Lee Park")
    session = StandSession.open(stand_book)
    try:
        with qtbot.waitSignal(session.day.day_loaded) as loaded:
            session.day.refresh()  # e.g. the first live poll, when reading the day at start-up failed
        assert [r.id for r in loaded.args[0].reservations] == [guest.id] and session.day.loaded
    finally:
        session.stop()


def test_ctrl_z_puts_an_edited_stay_back_and_says_where(qtbot: QtBot, stand_window: MainWindow,
                                                         stand_book: ReservationBook,
                                                         stand_restaurant: ReservationLocation) -> None:
    t1 = table_id(stand_restaurant, "T1")
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Ada Lovelace", tables=(t1,))
    stand_window.session.day.refresh()
    qtbot.waitUntil(lambda: stand_window.session.day.reservation(r.id) is not None)
    stand_window.session.actions.save_edit(r, ReservationEdit(start=rome(20, 30), end=rome(22)),
                                           initiator=stand_window)  # as the details dialog saves
    assert stand_window.actions_by_name["undo"].text() == "Undo changes to Ada Lovelace"
    shortcut(qtbot, stand_window, "Ctrl+Z")
    back = stand_book.reservations.get(r.id)
    assert (back.start, back.end, back.table_ids) == (r.start, r.end, (t1,))
    assert stand_window.statusBar().currentMessage() == "Undone: Ada Lovelace is back at 19:00 on T1."


def test_the_lock_screen_keeps_the_keys_and_signing_in_gives_them_to_the_timeline(
        qtbot: QtBot, stand_window: MainWindow) -> None:
    stand_window.session.staff.require_sign_in()
    screen = stand_window.stand_staff.lock_screen
    assert screen is not None and screen.isVisible()
    stand_window.focus_timeline()
    assert screen.pad.pin.hasFocus(), "nothing takes the keys from the PIN pad"
    type_text(qtbot, screen.pad, DEFAULT_PIN)
    press(qtbot, screen.pad, Key.Key_Return)
    assert not screen.isVisible()
    qtbot.waitUntil(lambda: stand_window.focusWidget() is stand_window.timeline)
