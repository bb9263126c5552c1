"""The waitlist tab, the returning guest in the phone-in dialog, the guest book, the day sheet's
print preview and PDF, CSV files and the reports, driven as a host drives them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fixtures_app import FRIDAY, HOST, FakeClock, book_guest, press, rome, shortcut, table_id, type_text
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from pytestqt.qtbot import QtBot

from maitred.controllers.session import StandSession
from maitred.domain.day_sheet import DaySheet
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.listing import ReservationQuery
from maitred.domain.location import ReservationLocation
from maitred.domain.waitlist import WaitStatus
from maitred.services.book import ReservationBook
from maitred.services.commands import ReservationPatch
from maitred.services.waitlist import WaitingPartyDraft
from maitred.ui.charts import BarChart, axis
from maitred.ui.day_sheet import day_sheet_document, day_sheet_html, print_sheet, write_pdf
from maitred.ui.dialogs import csv_files, guest_book, messages
from maitred.ui.dialogs.csv_files import ExportDialog, ImportDialog
from maitred.ui.dialogs.guest_book import GuestBookDialog
from maitred.ui.dialogs.phone_in import PhoneInDialog
from maitred.ui.dialogs.waitlist import AddWaitingPartyDialog, SeatWaitingPartyDialog
from maitred.ui.main_window import MainWindow
from maitred.ui.reports import ReportsDialog, percent
from maitred.ui.waitlist_panel import PartyRole, WaitlistPanel

pytest_plugins = ["fixtures_app"]
S = ReservationStatus
Key = Qt.Key


def panel_of(window: MainWindow) -> WaitlistPanel:
    panel = window.front_of_house.waitlist
    assert panel is not None
    return panel


def fill_the_room(book: ReservationBook, location: ReservationLocation) -> list:
    """Every table taken from 18:00 for the evening, the two-tops until 19:30 only."""
    made = []
    for name, party, hours in (("T1", 2, 1.5), ("T2", 2, 1.5), ("P1", 2, 1.5), ("P2", 2, 1.5), ("T3", 4, 5),
                               ("T4", 4, 5), ("T5", 4, 5), ("T6", 6, 5)):
        reservation = book_guest(book, location, rome(18, 0), party, f"Guest {name}", (table_id(location, name),),
                                 S.SEATED)
        end = reservation.start + timedelta(hours=hours)
        made.append(book.reservations.update(HOST, reservation.id, reservation.revision, ReservationPatch(end=end)))
    return made


@pytest.fixture
def evening(stand_clock: FakeClock) -> FakeClock:
    stand_clock.now = rome(19, 0)
    return stand_clock


# --- the waitlist ------------------------------------------------------------------------------


def test_a_party_joins_the_waitlist_in_a_few_keys_with_a_quote_from_the_room(
        qtbot: QtBot, evening: FakeClock, stand_book: ReservationBook, stand_restaurant, stand_window) -> None:
    fill_the_room(stand_book, stand_restaurant)
    panel = panel_of(stand_window)
    shortcut(qtbot, stand_window, "Ctrl+Shift+W")
    dialog = panel.dialog
    assert isinstance(dialog, AddWaitingPartyDialog)
    qtbot.waitExposed(dialog)
    assert stand_window.side.currentWidget() is panel
    type_text(qtbot, dialog, "2")
    assert "About 30 min" in dialog.quote_label.text() and "19:30" in dialog.quote_label.text()
    press(qtbot, dialog, Key.Key_Tab)
    type_text(qtbot, dialog, "Rossi")
    press(qtbot, dialog, Key.Key_Return)
    assert not dialog.isVisible()
    party = stand_window.session.waitlist.parties()[0]
    assert (party.name, party.party_size, party.quoted_ready) == ("Rossi", 2, rome(19, 30))
    assert stand_window.side.tabText(stand_window.side.indexOf(panel)) == "Waitlist (1)"
    index = panel.model.index(0)
    assert "Rossi · 2" in index.data() and "30 min" in index.data()
    assert "Rossi (2) is on the waitlist" in stand_window.statusBar().currentMessage()


def test_a_party_needs_a_name_and_the_host_may_quote_by_hand(qtbot: QtBot, stand_session: StandSession) -> None:
    dialog = AddWaitingPartyDialog(stand_session.waitlist)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add()
    assert dialog.isVisible() and "name" in dialog.error.text() and dialog.focusWidget() is dialog.name
    assert "No wait" in dialog.quote_label.text()
    dialog.name.setText("Bianchi")
    dialog.own_quote.setChecked(True)
    dialog.minutes.setValue(25)
    dialog.party_size.setValue(40)
    assert "No table or combination seats 40" in dialog.quote_label.text() and dialog.minutes.value() == 25
    dialog.add()
    assert dialog.party is not None and dialog.party.quoted_ready == stand_session.waitlist.now() + timedelta(
        minutes=25)


def test_the_countdown_turns_into_late_in_red_when_the_quote_passes(
        qtbot: QtBot, evening: FakeClock, stand_window: MainWindow) -> None:
    desk = stand_window.session.waitlist
    desk.add("Rossi", 2, quote_minutes=10)
    panel = panel_of(stand_window)
    index = panel.model.index(0)
    evening.advance(minutes=4)
    stand_window.session.clock.tick()
    assert "6 min" in index.data() and not index.data(PartyRole.OVERDUE)
    evening.advance(minutes=7, seconds=30)
    stand_window.session.clock.tick()
    assert "2 min late" in index.data() and index.data(PartyRole.OVERDUE)
    assert "1 past their quote" in panel.summary.text()
    panel.view.viewport().repaint()  # the delegate paints the late row (red, with a clock)


def test_seating_a_waiting_party_books_a_seated_walk_in_on_the_table_chosen(
        qtbot: QtBot, evening: FakeClock, stand_book: ReservationBook, stand_window: MainWindow) -> None:
    desk = stand_window.session.waitlist
    party = desk.add("Anna Rossi", 2, "333 123 4567", "window")
    panel = panel_of(stand_window)
    panel.view.setFocus()
    panel.select(party.id)
    press(qtbot, panel, Key.Key_Return)
    dialog = panel.dialog
    assert isinstance(dialog, SeatWaitingPartyDialog)
    qtbot.waitExposed(dialog)
    assert [b.objectName() for b in dialog.buttons][:2] == ["seat:P1", "seat:P2"]
    assert dialog.focusWidget() is dialog.buttons[0]
    press(qtbot, dialog, Key.Key_Return)
    seated = [r for r in stand_book.listing.all(HOST, ReservationQuery()) if r.source is Source.WALK_IN]
    assert len(seated) == 1 and seated[0].status is S.SEATED and seated[0].start == evening.now
    assert seated[0].reservee.phone == "+393331234567" and seated[0].team_message == "window"
    assert stand_window.timeline_model.reservation(seated[0].id) == seated[0]
    assert desk.parties() == () and panel.model.rowCount() == 0
    assert stand_book.waitlist.get(party.id).status is WaitStatus.SEATED
    assert "seated at P1" in stand_window.statusBar().currentMessage()


def test_a_party_no_table_fits_now_is_told_to_wait(qtbot: QtBot, evening: FakeClock, stand_book, stand_restaurant,
                                                   stand_window: MainWindow) -> None:
    fill_the_room(stand_book, stand_restaurant)
    party = stand_window.session.waitlist.add("Rossi", 2)
    assert panel_of(stand_window).seat(party.id) is None
    assert "No table is free for 2" in stand_window.statusBar().currentMessage()


def test_a_table_that_frees_up_lights_up_the_first_party_it_fits(
        qtbot: QtBot, evening: FakeClock, stand_book, stand_restaurant, stand_window: MainWindow) -> None:
    taken = fill_the_room(stand_book, stand_restaurant)
    desk = stand_window.session.waitlist
    six = desk.add("Six", 6)
    evening.advance(seconds=20)
    two = desk.add("Two", 2)
    stand_window.session.day.load_now()
    stand_window.act(taken[0].id, S.FINISHED)  # T1's two guests get up
    assert desk.highlighted() == (two.id, (table_id(stand_restaurant, "T1"),))
    panel = panel_of(stand_window)
    row = panel.model.row_of(two.id)
    assert panel.model.index(row).data(PartyRole.FREED_TABLES) == "T1"
    assert panel.selected_id() == two.id
    qtbot.waitUntil(lambda: "T1 is free: first in line is Two (2)" in stand_window.statusBar().currentMessage())
    assert six.id != two.id
    panel.notify(two.id)
    assert next(p for p in stand_window.session.waitlist.parties() if p.id == two.id).notified == evening.now
    assert "told the table is ready" in stand_window.statusBar().currentMessage()
    panel.seat(two.id)
    assert panel.dialog is not None and panel.dialog.buttons[0].objectName() == "seat:T1"  # the lit table first
    panel.dialog.reject()


def test_a_party_that_leaves_goes_off_the_list(qtbot: QtBot, stand_window: MainWindow,
                                               stand_book: ReservationBook) -> None:
    party = stand_window.session.waitlist.add("Rossi", 2)
    panel = panel_of(stand_window)
    panel.select(party.id)
    qtbot.mouseClick(panel.left_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0 and not panel.left_button.isEnabled()
    assert stand_book.waitlist.get(party.id).status is WaitStatus.LEFT
    panel.mark_left(party.id)  # twice: refused in words
    assert "can't be done" in stand_window.statusBar().currentMessage()


def test_another_terminals_waitlist_shows_up_on_refresh(qtbot: QtBot, stand_window: MainWindow,
                                                       stand_book: ReservationBook) -> None:
    stand_window.session.live.poll()  # the counter as this stand last saw it
    stand_book.waitlist.add(HOST, WaitingPartyDraft(stand_window.session.location.id, 3, "Elsewhere"))
    with qtbot.waitSignal(stand_window.session.waitlist.changed, timeout=5000):
        stand_window.session.live.poll()
    assert panel_of(stand_window).model.rowCount() == 1


# --- a returning guest in the phone-in dialog ----------------------------------------------------


def hold_a_table(qtbot: QtBot, session: StandSession) -> PhoneInDialog:
    dialog = PhoneInDialog(session.phone_in(), FRIDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.time.setText("20:00")
    dialog.show_slots()
    dialog.focusWidget().click()
    assert dialog.booking.hold is not None
    return dialog


def test_three_digits_find_a_returning_guest_and_the_whole_number_fills_the_form(
        qtbot: QtBot, stand_session: StandSession, stand_book, stand_restaurant, stand_clock) -> None:
    earlier = book_guest(stand_book, stand_restaurant, rome(12, 0, FRIDAY - timedelta(days=7)), 2, "Anna Rossi",
                         status=S.NO_SHOW, phone="+393331234567")
    guest = stand_book.guests.by_phone("+393331234567")
    stand_book.guests.update(HOST, guest.id, guest.revision, first_name="Anna", last_name="Rossi",
                             email="anna@example.com", tags=["VIP", "Allergy: nuts"], notes="Likes T4")
    book_guest(stand_book, stand_restaurant, rome(12, 0, FRIDAY - timedelta(days=3)), 2, "Bruno Bianchi",
               phone="+393339990000")
    dialog = hold_a_table(qtbot, stand_session)
    dialog.phone.setFocus()
    type_text(qtbot, dialog, "33")
    assert dialog.returning.matches == [] and not dialog.returning.card.isVisible()
    type_text(qtbot, dialog, "3")
    assert [g.first_name for g in dialog.returning.matches] == ["Anna", "Bruno"]
    assert dialog.returning.model.stringList() == ["Anna Rossi · +393331234567", "Bruno Bianchi · +393339990000"]
    assert dialog.name.text() == "" and dialog.returning.current is None  # two could be meant: nothing filled
    type_text(qtbot, dialog, "1234567")
    card = dialog.returning.current
    assert card is not None and card.guest.id == guest.id
    assert (dialog.name.text(), dialog.email.text()) == ("Anna Rossi", "anna@example.com")
    text = dialog.returning.card.text()
    assert dialog.returning.card.isVisible() and "★ Returning guest: Anna Rossi" in text
    assert "VIP, Allergy: nuts" in text and "Likes T4" in text and "⚠ No-show on Fri 6 Jun" in text
    assert earlier.status is S.NO_SHOW


def test_a_guest_picked_from_the_list_fills_only_what_is_blank(qtbot: QtBot, stand_session, stand_book,
                                                               stand_restaurant) -> None:
    book_guest(stand_book, stand_restaurant, rome(12, 0, FRIDAY - timedelta(days=7)), 2, "Anna Rossi",
               status=S.FINISHED, phone="+393331234567")
    book_guest(stand_book, stand_restaurant, rome(12, 0, FRIDAY - timedelta(days=3)), 2, "Bruno Bianchi",
               phone="+393339990000")
    dialog = hold_a_table(qtbot, stand_session)
    dialog.name.setText("Annabella")
    dialog.phone.setFocus()
    type_text(qtbot, dialog, "333")
    completer = dialog.returning.completer
    completer.activated[type(completer.completionModel().index(0, 0))].emit(  # the host picks Bruno
        dialog.returning.model.index(1))
    assert dialog.phone.text() == "+393339990000" and dialog.name.text() == "Annabella"
    assert "Bruno Bianchi" in dialog.returning.card.text() and "no-show" not in dialog.returning.card.text().lower()
    dialog.phone.setFocus()
    dialog.phone.selectAll()
    type_text(qtbot, dialog, "333 999 0000")  # Bruno's whole number, typed again
    assert dialog.returning.current is not None and dialog.returning.current.guest.first_name == "Bruno"
    type_text(qtbot, dialog, "1")  # nobody's any more: the card goes, what was typed stays
    assert dialog.returning.current is None and dialog.name.text() == "Annabella"


def test_a_single_match_whose_name_fits_is_taken_at_once(qtbot: QtBot, stand_session, stand_book,
                                                          stand_restaurant) -> None:
    book_guest(stand_book, stand_restaurant, rome(12, 0, FRIDAY - timedelta(days=7)), 2, "Anna Rossi",
               phone="+393331234567")
    dialog = hold_a_table(qtbot, stand_session)
    dialog.name.setText("anna")
    dialog.phone.setFocus()
    type_text(qtbot, dialog, "3331")
    assert dialog.returning.current is not None and dialog.name.text() == "anna"
    press(qtbot, dialog, Key.Key_Backspace)
    press(qtbot, dialog, Key.Key_Backspace)
    type_text(qtbot, dialog, "99")
    assert dialog.returning.current is None and not dialog.returning.card.isVisible()


# --- the guest book ------------------------------------------------------------------------------


def test_the_guest_book_finds_edits_exports_merges_and_erases(
        qtbot: QtBot, stand_window: MainWindow, stand_book, stand_restaurant, stand_clock,
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    book_guest(stand_book, stand_restaurant, rome(12, 0, FRIDAY - timedelta(days=2)), 2, "Anna Rossi",
               status=S.FINISHED, phone="+393331234567")
    book_guest(stand_book, stand_restaurant, rome(12, 0, FRIDAY - timedelta(days=1)), 2, "Anna Rossi",
               status=S.FINISHED, phone="+393338887777")
    shortcut(qtbot, stand_window, "Ctrl+G")
    dialog = stand_window.current_dialog
    assert isinstance(dialog, GuestBookDialog)
    qtbot.waitExposed(dialog)
    assert dialog.results.count() == 2
    dialog.search.setText("888")
    dialog.find_guests()
    assert dialog.results.count() == 1 and dialog.card.guest.phone == "+393338887777"
    assert "1 visit" in dialog.record.text()
    dialog.add_tag("VIP")
    dialog.notes.setPlainText("Likes the corner")
    saved = dialog.save()
    assert saved is not None and saved.tags == ("VIP",) and dialog.error.text() == "Saved."
    assert dialog.results.item(0).text().startswith("★ ")
    monkeypatch.setattr(guest_book.QInputDialog, "getItem",
                        lambda *args: (next(a for a in args[3] if "3331234567" in a), True))
    dialog.merge()
    assert dialog.card.guest.other_phones == ("+393331234567",) and "both numbers" in dialog.error.text()
    target = tmp_path / "anna.json"
    monkeypatch.setattr(guest_book, "save_file_name", lambda *args: str(target))
    assert dialog.export() == target and '"+393338887777"' in target.read_text(encoding="utf-8")
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    assert dialog.erase()
    assert stand_book.guests.everybody() == [] and "2 reservations no longer name them" in dialog.error.text()
    dialog.reject()


def test_a_guest_with_a_booking_to_come_is_not_erased(qtbot: QtBot, stand_session, stand_book, stand_restaurant,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    book_guest(stand_book, stand_restaurant, rome(20, 0), 2, "Anna Rossi", phone="+393331234567")
    dialog = GuestBookDialog(stand_session.guests, text="Anna")
    qtbot.addWidget(dialog)
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    assert not dialog.erase() and "after the visit" in dialog.error.text()
    assert len(stand_book.guests.everybody()) == 1


# --- the day sheet ---------------------------------------------------------------------------------


def test_ctrl_p_opens_the_print_preview_of_the_day_shown(qtbot: QtBot, stand_window: MainWindow, stand_book,
                                                        stand_restaurant) -> None:
    book_guest(stand_book, stand_restaurant, rome(20, 0), 4, "Anna Rossi")
    shortcut(qtbot, stand_window, "Ctrl+P")
    dialog = stand_window.current_dialog
    assert isinstance(dialog, QPrintPreviewDialog)
    qtbot.waitExposed(dialog)
    assert "Day sheet" in dialog.windowTitle()
    dialog.reject()


def test_the_day_sheet_reads_the_day_vips_first_with_allergies_and_prints_to_pdf(
        qtbot: QtBot, stand_session: StandSession, stand_book, stand_restaurant, tmp_path: Path) -> None:
    book_guest(stand_book, stand_restaurant, rome(13, 0), 3, "Lunch Guest", phone="+393335550000")
    book_guest(stand_book, stand_restaurant, rome(19, 0), 2, "Bruno Bianchi", phone="+393339990000")
    book_guest(stand_book, stand_restaurant, rome(20, 30), 4, "Anna Rossi", phone="+393331234567")
    guest = stand_book.guests.by_phone("+393331234567")
    stand_book.guests.update(HOST, guest.id, guest.revision, first_name="Anna", last_name="Rossi", email=None,
                             tags=["VIP", "Allergy: nuts", "High chair"], notes="")
    sheet = stand_session.paperwork.day_sheet(FRIDAY)
    html = day_sheet_html(sheet, stand_session.location)
    assert html.index("Lunch") < html.index("Lunch Guest") < html.index("Dinner") < html.index("Anna Rossi") \
        < html.index("Bruno Bianchi")  # the VIP first in her service
    assert "★ Anna Rossi" in html and "⚠ Allergy: nuts" in html and "High chair" in html
    assert "9 covers, 3 parties, 1 VIPs" in html
    assert day_sheet_document(sheet, stand_session.location).pageCount() >= 1
    pdf = write_pdf(sheet, stand_session.location, tmp_path / "sheet.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "again.pdf"))
    print_sheet(sheet, stand_session.location, printer)
    assert (tmp_path / "again.pdf").exists()


def test_a_closed_day_without_bookings_says_so(stand_session: StandSession) -> None:
    monday_far = FRIDAY + timedelta(days=300)
    html = day_sheet_html(DaySheet("Trattoria", "Europe/Rome", monday_far, ()), stand_session.location)
    assert "closed and nobody is booked" in html


# --- CSV files ---------------------------------------------------------------------------------


def test_reservations_export_to_a_csv_file(qtbot: QtBot, stand_window: MainWindow, stand_book, stand_restaurant,
                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    book_guest(stand_book, stand_restaurant, rome(20, 0), 4, "Anna Rossi")
    target = tmp_path / "out.csv"
    monkeypatch.setattr(csv_files, "save_file_name", lambda *args: str(target))
    dialog = stand_window.front_of_house.export_csv()
    assert isinstance(dialog, ExportDialog)
    dialog.export()
    assert "Anna,Rossi" in target.read_text(encoding="utf-8-sig")
    assert "Exported to" in stand_window.statusBar().currentMessage()
    guests = ExportDialog(stand_window.session.paperwork, FRIDAY)
    qtbot.addWidget(guests)
    guests.guests.setChecked(True)
    guests.export()
    assert target.read_text(encoding="utf-8-sig").startswith("first_name,last_name,phone")
    guests.first.setDate(guests.last.date().addDays(1))
    guests.export()
    assert "before the last" in guests.error.text()


def test_an_import_previews_books_and_reports_the_rows_refused(
        qtbot: QtBot, stand_window: MainWindow, stand_book, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = tmp_path / "other-system.csv"
    source.write_text("Date,Time,Covers,Name,Phone,Table\n"
                      "2025-06-13,20:00,2,Anna Rossi,333 123 4567,T1\n"
                      "2025-06-13,20:00,2,Bruno Bianchi,333 999 0000,T1\n"
                      "2025-06-13,later,2,Carla Conti,333 555 0000,\n", encoding="utf-8")
    monkeypatch.setattr(csv_files, "open_file_name", lambda *args: str(source))
    monkeypatch.setattr("maitred.ui.front_of_house.open_file_name", lambda *args: str(source))
    dialog = stand_window.front_of_house.import_csv()
    assert isinstance(dialog, ImportDialog)
    assert dialog.book_button.text() == "Book 2 rows"
    assert "✗ “later” is not a time" in dialog.table.item(2, 5).text()
    results = dialog.book()
    assert results is not None and [r.line for r in results if r.reservation is not None] == [2]
    assert dialog.table.item(0, 5).text() == "✓ booked (T1)"
    assert dialog.table.item(1, 5).text() == "✗ no table can take this party at that time"
    assert "1 rows booked; 2 could not be taken" in dialog.summary.text()
    booked = results[0].reservation
    assert booked is not None and stand_window.timeline_model.reservation(booked.id) == booked
    dialog.reject()


def test_a_file_that_is_no_reservations_file_is_refused_in_words(stand_window: MainWindow, tmp_path: Path) -> None:
    wrong = tmp_path / "notes.csv"
    wrong.write_bytes("Nome,Telefono\nAnna,333\n".encode("latin-1"))
    assert stand_window.front_of_house.import_csv(str(wrong)) is None
    assert "needs a header row" in stand_window.statusBar().currentMessage()
    assert stand_window.front_of_house.import_csv(str(tmp_path / "missing.csv")) is None
    assert "could not be read" in stand_window.statusBar().currentMessage()


# --- reports ---------------------------------------------------------------------------------------


def test_the_reports_draw_covers_rates_turns_and_waits(qtbot: QtBot, stand_window: MainWindow, stand_book,
                                                      stand_restaurant, evening: FakeClock) -> None:
    book_guest(stand_book, stand_restaurant, rome(12, 30), 4, "Lunch", status=S.FINISHED)
    book_guest(stand_book, stand_restaurant, rome(18, 0), 2, "Dinner", status=S.SEATED)
    book_guest(stand_book, stand_restaurant, rome(18, 0), 2, "Missed", status=S.NO_SHOW)
    party = stand_window.session.waitlist.add("Rossi", 2, quote_minutes=10)
    evening.advance(minutes=14)
    stand_window.session.waitlist.seat(party.id)
    dialog = stand_window.front_of_house.open_reports()
    assert isinstance(dialog, ReportsDialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    last_day = {s.label: s.values[-1] for chart in (dialog.covers, dialog.rates, dialog.waits) for s in chart.series}
    assert last_day == {"Lunch": 4, "Dinner": 4, "No-shows": pytest.approx(1 / 3), "Cancellations": 0,
                        "Quoted": 10, "Actual": 14}
    assert dialog.covers.categories[-1] == "Fri 13" and "Fri 13 33 %" in dialog.rates.describe()
    assert "8 covers" in dialog.summary.text() and "1 parties waited" in dialog.summary.text()
    dialog.covers.repaint()
    dialog.rates.repaint()
    assert any("Lunch: 4" in text for text in dialog.covers.spot_texts())
    dialog.first.setDate(dialog.last.date().addDays(1))
    dialog.load()
    assert "before the last" in dialog.summary.text()
    dialog.reject()


def test_an_empty_chart_says_so_and_axes_are_round(qtbot: QtBot) -> None:
    chart = BarChart("Nothing")
    qtbot.addWidget(chart)
    chart.set_data(["Mon"], [])
    chart.show()
    chart.repaint()
    assert not chart.has_data() and chart.spot_texts() == []
    assert axis(85) == (100.0, 25.0) and axis(0.045) == pytest.approx((0.06, 0.02)) and axis(0) == (0.25, 0.25)
    assert [percent(v) for v in (0.045, 0.12, 0.0)] == ["4.5 %", "12 %", "0 %"]


def test_the_menus_and_keys_reach_everything(stand_window: MainWindow) -> None:
    in_menus = {item.objectName() for top in stand_window.menuBar().actions() if top.menu() is not None
                for item in top.menu().actions()}
    for name in ("print_day_sheet", "export_csv", "import_csv", "waitlist_add", "guests", "reports"):
        assert f"action:{name}" in in_menus
    keys = {name: [k.toString() for k in stand_window.actions_by_name[name].shortcuts()]
            for name in ("print_day_sheet", "waitlist_add", "guests")}
    assert keys == {"print_day_sheet": ["Ctrl+P"], "waitlist_add": ["Ctrl+Shift+W"], "guests": ["Ctrl+G"]}
