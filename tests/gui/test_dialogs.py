"""Reservation details, location settings, and the item models (checked with qtmodeltester)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from fixtures_app import FRIDAY, FakeClock, book_guest, request_online, rome, table_id
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QComboBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from maitred.controllers.details import TableChoice
from maitred.controllers.session import StandSession
from maitred.domain.availability import TableConflict
from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.ui.dialogs import messages
from maitred.ui.dialogs.phone_in import PhoneInDialog
from maitred.ui.dialogs.reservation_details import ReservationDetailsDialog
from maitred.ui.dialogs.settings import SettingsDialog, row_of, section_of
from maitred.ui.dialogs.table_choice import TableChoiceModel
from maitred.ui.dialogs.waitlist import AddWaitingPartyDialog
from maitred.ui.dialogs.walk_in import WalkInDialog
from maitred.ui.main_window import MainWindow
from maitred.ui.party_size import PartySizePicker
from maitred.ui.side_panel import ReservationListModel, ReservationRole

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.usefixtures("no_modal_boxes")
S = ReservationStatus


def details(qtbot: QtBot, session: StandSession, reservation: Reservation) -> ReservationDetailsDialog:
    dialog = ReservationDetailsDialog(session, reservation.id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# --- details --------------------------------------------------------------------------------


def test_details_offer_exactly_the_lifecycle_moves(qtbot: QtBot, stand_session: StandSession,
                                                   stand_book: ReservationBook,
                                                   stand_restaurant: ReservationLocation) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Nina Simone")
    dialog = details(qtbot, stand_session, r)
    assert set(dialog.status_buttons) == {S.SEATED, S.CANCELED, S.NO_SHOW}
    assert dialog.first_name.text() == "Nina" and dialog.phone.text() == "+393331234567"
    dialog.status_buttons[S.SEATED].click()
    assert stand_book.reservations.get(r.id).status is S.SEATED
    assert set(dialog.status_buttons) == {S.FINISHED, S.RESERVED}, "seated: finish, or undo the seating"
    assert dialog.status_buttons[S.RESERVED].text() == "Unseat (back to reserved)"
    entries = [dialog.history.topLevelItem(i).text(2) for i in range(dialog.history.topLevelItemCount())]
    assert entries[0] == "Booked · (Reserved)" and entries[-1] == "Reserved → Seated"
    assert dialog.history.topLevelItem(1).text(1) == "host"


def test_details_decline_asks_why(qtbot: QtBot, stand_session: StandSession, stand_book: ReservationBook,
                                  stand_restaurant: ReservationLocation, monkeypatch: pytest.MonkeyPatch) -> None:
    request = request_online(stand_book, stand_restaurant, rome(20), 6, "Olga")
    dialog = details(qtbot, stand_session, request)
    assert set(dialog.status_buttons) == {S.RESERVED, S.DECLINED, S.CANCELED}
    assert dialog.decline_reason.isHidden(), "no reason row before anything was declined"
    monkeypatch.setattr(messages, "ask_decline_reason", lambda parent, guest: None)
    dialog.status_buttons[S.DECLINED].click()
    assert stand_book.reservations.get(request.id).status is S.REQUESTED, "backing out changes nothing"
    monkeypatch.setattr(messages, "ask_decline_reason", lambda parent, guest: "kitchen closed")
    dialog.status_buttons[S.DECLINED].click()
    assert stand_book.reservations.get(request.id).decline_reason == "kitchen closed"
    assert dialog.decline_reason.text() == "kitchen closed" and not dialog.decline_reason.isHidden()


def test_details_show_which_tables_fit_and_why_not(qtbot: QtBot, stand_session: StandSession,
                                                   stand_book: ReservationBook,
                                                   stand_restaurant: ReservationLocation) -> None:
    t3, t4 = table_id(stand_restaurant, "T3"), table_id(stand_restaurant, "T4")
    r = book_guest(stand_book, stand_restaurant, rome(19), 4, "Pia", tables=(t3,))
    book_guest(stand_book, stand_restaurant, rome(19), 4, "Quentin", tables=(t4,))
    dialog = details(qtbot, stand_session, r)
    model = dialog.table_model
    texts = {model.choice(i).name: model.data(model.index(i)) for i in range(model.rowCount())}
    assert texts["T3"].startswith("✓ T3") and texts["T3"].endswith("free")
    assert texts["T4"].endswith("taken") and texts["T1"].endswith("too small for 4")
    assert texts["T6"].endswith("free") and "3–6 seats" in texts["T6"]
    assert texts["T4+T5"].endswith("taken, too big for 4")
    assert dialog.tables.currentIndex().row() == model.row_of((t3,))


def test_details_save_a_move_and_book_anyway(qtbot: QtBot, stand_session: StandSession,
                                             stand_book: ReservationBook, stand_restaurant: ReservationLocation,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    t3, t4 = table_id(stand_restaurant, "T3"), table_id(stand_restaurant, "T4")
    r = book_guest(stand_book, stand_restaurant, rome(19), 4, "Rita", tables=(t3,))
    other = book_guest(stand_book, stand_restaurant, rome(20), 4, "Sam", tables=(t4,))
    dialog = details(qtbot, stand_session, r)
    dialog.notes.setText("window seat")
    dialog.time.setTime(QTime(19, 15))
    dialog.check_tables()
    assert dialog.save()
    saved = stand_book.reservations.get(r.id)
    assert saved.start == rome(19, 15) and saved.team_message == "window seat" and saved.table_ids == (t3,)
    dialog.check_tables()
    dialog.tables.setCurrentIndex(dialog.table_model.index(dialog.table_model.row_of((t4,))))
    monkeypatch.setattr(messages, "confirm", lambda *args: False)
    assert not dialog.save()
    assert "No table is free" in dialog.error.text()
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    assert dialog.save()
    moved = stand_book.reservations.get(r.id)
    assert moved.table_ids == (t4,) and moved.table_clashes[0].reservation_ids == (other.id,)


def test_details_follow_a_change_made_elsewhere(qtbot: QtBot, stand_session: StandSession,
                                                stand_book: ReservationBook,
                                                stand_restaurant: ReservationLocation) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Tom")
    dialog = details(qtbot, stand_session, r)
    stand_session.actions.seat(r.id)
    assert dialog.reservation.status is S.SEATED and dialog.notice.isVisible()


# --- settings -------------------------------------------------------------------------------


def test_settings_refusals_are_shown_in_their_section(qtbot: QtBot, stand_session: StandSession,
                                                      stand_book: ReservationBook,
                                                      stand_restaurant: ReservationLocation) -> None:
    dialog = SettingsDialog(stand_session.settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tables.cell(1, 0).setText("T1")
    dialog.turnover_rules.add_row([6, 10, 150])
    assert not dialog.save()
    assert dialog.isVisible()
    assert dialog.errors["tables"].text() == "Row 2: Two tables are called T1. Correct it and save again."
    assert dialog.errors["turnover"].text() == (
        "Row 2: Two turnover rules cover the same party size. Correct it and save again.")
    assert not dialog.errors["restaurant"].isVisible()
    assert dialog.tables.table.currentRow() == 1
    assert stand_book.locations.get(stand_restaurant.id) == stand_restaurant, "nothing was saved"
    dialog.name.setText("  ")
    dialog.tables.cell(1, 0).setText("T2")
    dialog.turnover_rules.table.selectRow(1)
    dialog.turnover_rules.remove_selected()
    assert not dialog.save()
    assert dialog.errors["restaurant"].text() == "The restaurant needs a name. Correct it and save again."
    assert dialog.tabs.currentIndex() == 0


def test_settings_saved_reach_the_window(qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook,
                                         stand_restaurant: ReservationLocation) -> None:
    dialog = stand_window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    dialog.tables.add_row(["T20", 1, 2, "Patio", True, True])
    dialog.name.setText("Trattoria Nuova")
    assert dialog.save()
    qtbot.waitUntil(lambda: not stand_window.session.day.is_loading())
    saved = stand_book.locations.get(stand_restaurant.id)
    assert saved.info.name == "Trattoria Nuova" and saved.table_management.tables[-1].name == "T20"
    assert stand_window.header.restaurant.text() == "Trattoria Nuova"
    assert stand_window.timeline_model.row_of_table(saved.table_management.tables[-1].id) is not None
    assert saved.table_management.tables[-1].id in stand_window.map.table_ids()


def test_settings_add_table_offers_the_next_name_in_the_last_area(qtbot: QtBot, stand_session: StandSession) -> None:
    dialog = SettingsDialog(stand_session.settings)
    qtbot.addWidget(dialog)
    dialog.tables.add_button.click()
    key, values = dialog.tables.rows()[-1]
    assert (key, values) == ("", ["P3", 1, 4, "Patio", True, True])  # after P1, P2 on the patio
    area = dialog.tables.cell(len(dialog.tables.rows()) - 1, 3)
    assert isinstance(area, QComboBox) and area.isEditable()
    assert [area.itemText(i) for i in range(area.count())] == ["Main", "Patio"]  # the areas in use offered


@pytest.mark.parametrize("which", ["phone-in", "walk-in", "waitlist"])
def test_the_party_size_picker_is_one_widget_in_the_three_dialogs(qtbot: QtBot, stand_session: StandSession,
                                                                  which: str) -> None:
    dialog: PhoneInDialog | WalkInDialog | AddWaitingPartyDialog
    if which == "phone-in":
        dialog = PhoneInDialog(stand_session.phone_in(), FRIDAY)
    elif which == "walk-in":
        dialog = WalkInDialog(stand_session.walk_in())
    else:
        dialog = AddWaitingPartyDialog(stand_session.waitlist)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    picker = dialog.party_picker
    assert isinstance(picker, PartySizePicker) and dialog.focusWidget() is picker.spin  # type the size at once
    assert picker.focusProxy() is picker.spin  # Alt+G lands in the number box
    assert [n for n, b in picker.buttons.items() if b.isChecked()] == [2]
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus and b.height() >= 32 for b in picker.buttons.values())
    qtbot.mouseClick(picker.buttons[5], Qt.MouseButton.LeftButton)
    assert picker.value() == 5 and [n for n, b in picker.buttons.items() if b.isChecked()] == [5]
    qtbot.mouseClick(picker.buttons[5], Qt.MouseButton.LeftButton)  # again: stays shown pressed
    assert picker.buttons[5].isChecked()
    picker.spin.selectAll()
    qtbot.keyClicks(picker.spin, "12")
    assert picker.value() == 12 and not any(b.isChecked() for b in picker.buttons.values())
    if isinstance(dialog, WalkInDialog):
        qtbot.mouseClick(picker.buttons[3], Qt.MouseButton.LeftButton)
        assert "T3" in dialog.suggestion.text()  # the free tables for three
    dialog.reject()


def test_settings_paths_pick_sections_and_rows() -> None:
    assert section_of("configuration.onlineReservations.turnoverTimeRules[3].minutes") == "turnover"
    assert section_of("configuration.onlineReservations.businessSchedule.specialHourPeriod[0]") == "special"
    assert section_of("configuration.onlineReservations.partySize") == "online"
    assert section_of("location.timeZone") == "restaurant"
    assert row_of("configuration.tableManagement.tableDefinitions[12].name") == 12
    assert row_of("location.name") is None


# --- the item models ------------------------------------------------------------------------


def test_reservation_list_model_stays_consistent(qtmodeltester: ModelTester, stand_book: ReservationBook,
                                                 stand_restaurant: ReservationLocation, stand_clock: FakeClock) -> None:
    model = ReservationListModel(show_date=True)
    model.set_location(stand_restaurant)
    model.set_now(stand_clock.now)
    a = book_guest(stand_book, stand_restaurant, rome(19), 2, "Ann")
    b = book_guest(stand_book, stand_restaurant, rome(20), 4, "Ben")
    c = book_guest(stand_book, stand_restaurant, rome(21), 3, "Cy")
    qtmodeltester.check(model)
    model.sync([a, c])
    model.sync([a, b, c])
    assert [r.id for r in model.reservations()] == [a.id, b.id, c.id]
    model.sync([a, replace(b, party_size=5), c])
    assert model.data(model.index(1)) == "20:00  Ben · 5"  # the date and tables go on the second line
    assert model.data(model.index(1), ReservationRole.SECOND_LINE).startswith("Fri 13 Jun · ")
    assert model.data(model.index(1), Qt.ItemDataRole.ToolTipRole).startswith("20:00  Ben · 5 · Fri 13 Jun · ")
    same_day = ReservationListModel()
    same_day.set_location(stand_restaurant)
    same_day.sync([a])
    assert same_day.data(same_day.index(0), ReservationRole.SECOND_LINE) == ""
    assert same_day.data(same_day.index(0)).startswith("19:00  Ann · 2 · ")
    model.sync([replace(c, start=rome(18)), a, b])  # reordered: rebuilt
    model.sync([])
    assert model.rowCount() == 0


def test_table_choice_model_stays_consistent(qtmodeltester: ModelTester) -> None:
    model = TableChoiceModel()
    qtmodeltester.check(model)
    model.set_choices([
        TableChoice(("t1",), "T1", 1, 2, (TableConflict.TOO_BIG,)),
        TableChoice(("t2",), "T2", 1, 4, (), is_current=True),
        TableChoice(("t3", "t4"), "T3+T4", 5, 8, (TableConflict.RESERVED, TableConflict.TOO_SMALL)),
    ], 4)
    assert [model.choice(i).name for i in range(3)] == ["T2", "T1", "T3+T4"]
    assert model.data(model.index(2)) == "✗ T3+T4 · 5–8 seats — taken, too big for 4"


def test_side_panel_arrivals_due_together_keep_their_booking_order(
        stand_book: ReservationBook, stand_restaurant: ReservationLocation, stand_clock: FakeClock) -> None:
    from maitred.ui.side_panel import upcoming_arrivals

    booked = []
    for name in ("Ann", "Bea", "Cy", "Dan", "Eve", "Flo"):
        booked.append(book_guest(stand_book, stand_restaurant, rome(20), 2, name))
        stand_clock.advance(seconds=30)
    assert upcoming_arrivals(list(reversed(booked)), stand_clock.now, FRIDAY, FRIDAY) == booked


def test_side_panel_arrivals_skip_the_past(stand_book: ReservationBook, stand_restaurant: ReservationLocation,
                                           stand_clock: FakeClock) -> None:
    from maitred.ui.side_panel import summarise_day, upcoming_arrivals

    gone = book_guest(stand_book, stand_restaurant, rome(12), 2, "Lunch")
    late = book_guest(stand_book, stand_restaurant, rome(16, 45), 2, "Late")
    later = book_guest(stand_book, stand_restaurant, rome(19), 5, "Later")
    day = [gone, late, later]
    assert upcoming_arrivals(day, stand_clock.now, FRIDAY, FRIDAY) == [late, later]
    assert upcoming_arrivals(day, stand_clock.now, FRIDAY, FRIDAY + timedelta(days=1)) == []
    summary = summarise_day(day, stand_clock.now, FRIDAY, FRIDAY, 0)
    assert (summary.covers, summary.seated, summary.next_arrival) == (9, 0, later)
