""""Left" on the waitlist sits next to Notify, so it can be undone: Undo under the list (or Ctrl+Z
in the Waitlist tab) puts the party back in its place in the queue, with its added time and quote."""

from __future__ import annotations

from fixtures_app import HOST, FakeClock, book_guest, rome
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.waitlist import WaitingParty, WaitStatus
from maitred.services.book import ReservationBook
from maitred.ui.main_window import MainWindow
from maitred.ui.waitlist_panel import WaitlistPanel

pytest_plugins = ["fixtures_app"]
S = ReservationStatus


def panel_of(window: MainWindow) -> WaitlistPanel:
    """The Waitlist tab, brought to the front as the host has it while working the door."""
    panel = window.front_of_house.waitlist
    assert panel is not None
    window.side.setCurrentWidget(panel)
    return panel


def three_waiting(window: MainWindow, clock: FakeClock) -> list[WaitingParty]:
    """Rossi, then Anna Bianchi, then Verdi, a few minutes apart, each quoted by hand."""
    parties = []
    for name, minutes in (("Rossi", 10), ("Anna Bianchi", 15), ("Verdi", 20)):
        parties.append(window.session.waitlist.add(name, 2, quote_minutes=minutes))
        clock.advance(minutes=3)
    return parties


def leave_with_the_button(qtbot: QtBot, panel: WaitlistPanel, party: WaitingParty) -> None:
    """Select the party and press Left, as the host does (the focus is in the tab)."""
    panel.select(party.id)
    panel.left_button.setFocus()
    qtbot.mouseClick(panel.left_button, Qt.MouseButton.LeftButton)


def test_undo_puts_the_party_back_in_its_place_with_its_added_time_and_quote(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook, stand_clock: FakeClock) -> None:
    rossi, bianchi, verdi = three_waiting(stand_window, stand_clock)
    panel = panel_of(stand_window)
    leave_with_the_button(qtbot, panel, bianchi)
    assert [p.id for p in panel.model.parties()] == [rossi.id, verdi.id]
    assert panel.undo_strip.isVisible() and panel.undo_note.text() == "Anna Bianchi left the waitlist."
    assert stand_window.statusBar().currentMessage().startswith("Anna Bianchi left the waitlist.")
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert [p.id for p in panel.model.parties()] == [rossi.id, bianchi.id, verdi.id]
    back = stand_book.waitlist.get(bianchi.id)
    assert (back.status, back.added, back.quoted_ready, back.left) == (
        WaitStatus.WAITING, bianchi.added, bianchi.quoted_ready, None)
    assert panel.selected_id() == bianchi.id and not panel.undo_strip.isVisible()
    assert "Anna Bianchi is back on the waitlist" in stand_window.statusBar().currentMessage()


def test_ctrl_z_in_the_waitlist_tab_undoes_the_left_before_the_window_undo(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook, stand_restaurant,
        stand_clock: FakeClock) -> None:
    guest = book_guest(stand_book, stand_restaurant, rome(17, 15), 2, "Lena Seated")
    stand_window.session.day.load_now()
    stand_window.session.actions.seat(guest.id)  # the window's Ctrl+Z would take this seating back
    rossi, bianchi, verdi = three_waiting(stand_window, stand_clock)
    panel = panel_of(stand_window)
    leave_with_the_button(qtbot, panel, verdi)
    focus = stand_window.focusWidget()
    assert focus is not None and panel.isAncestorOf(focus), "the focus stays in the tab"
    qtbot.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [p.id for p in panel.model.parties()] == [rossi.id, bianchi.id, verdi.id]
    assert stand_book.reservations.get(guest.id).status is S.SEATED, "the seating is not undone"
    focus = stand_window.focusWidget() or stand_window
    qtbot.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stand_book.reservations.get(guest.id).status is S.RESERVED, "nothing left here: the window's undo"


def test_the_undo_is_offered_for_a_few_minutes_only(qtbot: QtBot, stand_window: MainWindow,
                                                    stand_clock: FakeClock) -> None:
    rossi, _, _ = three_waiting(stand_window, stand_clock)
    panel = panel_of(stand_window)
    leave_with_the_button(qtbot, panel, rossi)
    panel.set_now(stand_clock.advance(minutes=2))
    assert panel.undo_strip.isVisible()
    panel.set_now(stand_clock.advance(minutes=2))
    assert not panel.undo_strip.isVisible() and panel.left_party is None
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rossi.id not in {p.id for p in panel.model.parties()}


def test_a_party_brought_back_at_another_stand_is_not_brought_back_twice(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook, stand_clock: FakeClock) -> None:
    rossi, _, _ = three_waiting(stand_window, stand_clock)
    panel = panel_of(stand_window)
    leave_with_the_button(qtbot, panel, rossi)
    stand_book.waitlist.bring_back(HOST, rossi.id)  # another stand, before this one has seen it
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert "Rossi can't be brought back" in stand_window.statusBar().currentMessage()
    assert not panel.undo_strip.isVisible()
    assert stand_book.waitlist.get(rossi.id).revision == 3  # added, left, back: nothing more


def test_the_list_catching_up_with_another_stand_ends_the_offer(
        qtbot: QtBot, stand_window: MainWindow, stand_book: ReservationBook, stand_clock: FakeClock) -> None:
    rossi, _, _ = three_waiting(stand_window, stand_clock)
    panel = panel_of(stand_window)
    leave_with_the_button(qtbot, panel, rossi)
    stand_window.session.live.poll()
    stand_book.waitlist.bring_back(HOST, rossi.id)
    with qtbot.waitSignal(stand_window.session.waitlist.changed, timeout=5000):
        stand_window.session.live.poll()
    assert panel.model.row_of(rossi.id) == 0 and not panel.undo_strip.isVisible()
