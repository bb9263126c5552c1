"""Controllers without widgets: changes, day snapshots, actions and undo, holds, live refresh."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))  # the shared book fixtures
pytest_plugins = ["fixtures_app"]

from fixtures_app import (  # noqa: E402
    FRIDAY,
    HOST,
    FakeClock,
    book_guest,
    create_restaurant,
    request_online,
    rome,
    table_id,
)

from maitred.bootstrap import open_book  # noqa: E402
from maitred.controllers.actions import ChangedSince, NotUndoable, UndoImpossible, WalkInDraft  # noqa: E402
from maitred.controllers.changes import Changes  # noqa: E402
from maitred.controllers.details import ReservationEdit  # noqa: E402
from maitred.controllers.holds import MAX_WAIT_MS, HoldExpiryScheduler  # noqa: E402
from maitred.controllers.live_refresh import LiveRefresh  # noqa: E402
from maitred.controllers.phone_in import SlotBlocker  # noqa: E402
from maitred.controllers.search import matches  # noqa: E402
from maitred.controllers.session import StandSession  # noqa: E402
from maitred.domain.availability import TableConflict  # noqa: E402
from maitred.domain.errors import CanNotBeUpdated, TimeNotAvailable, Unavailable  # noqa: E402
from maitred.domain.lifecycle import ReservationStatus, Source  # noqa: E402
from maitred.domain.location import ReservationLocation  # noqa: E402
from maitred.domain.typed_time import parse_wall_time  # noqa: E402
from maitred.services.book import ReservationBook  # noqa: E402
from maitred.services.commands import ReservationPatch  # noqa: E402

S = ReservationStatus


@pytest.mark.parametrize(("typed", "expected"), [
    ("1930", time(19, 30)), ("19:30", time(19, 30)), ("19.30", time(19, 30)), ("930", time(9, 30)),
    ("19", time(19, 0)), ("7:30pm", time(19, 30)), ("7pm", time(19, 0)), ("12am", time(0, 0)),
    ("2460", None), ("25:00", None), ("dinner", None), ("", None), ("13pm", None), ("19h30", time(19, 30)),
    ("7.30 p.m.", time(19, 30)), ("noon", None),
])
def test_times_are_read_as_hosts_type_them(typed: str, expected: time | None) -> None:
    assert parse_wall_time(typed) == expected


def test_changes_name_the_days_they_touch(stand_book: ReservationBook, stand_restaurant: ReservationLocation) -> None:
    before = book_guest(stand_book, stand_restaurant, rome(19), 2, "Anna Rossi")
    after = stand_book.reservations.update(HOST, before.id, before.revision, ReservationPatch(
        start=rome(19, day=FRIDAY + timedelta(1))))
    changes = Changes.of("Europe/Rome", before=[before], after=[after])
    assert changes.days == {FRIDAY, FRIDAY + timedelta(days=1)}
    assert changes.reservation_ids == {before.id}
    assert changes.touches(FRIDAY) and not changes.touches(FRIDAY + timedelta(days=2))
    merged = changes.merged(Changes(removed_ids=frozenset({before.id})))
    assert merged.reservations == () and merged.removed_ids == {before.id}


def test_day_controller_follows_changes_one_reservation_at_a_time(
        qtbot: QtBot, stand_session: StandSession, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation) -> None:
    seen: list[Changes] = []
    stand_session.day.reservations_changed.connect(lambda changes, _who: seen.append(changes))
    loaded: list[object] = []
    stand_session.day.day_loaded.connect(loaded.append)
    r = book_guest(stand_book, stand_restaurant, rome(20), 2, "Ugo Bassi")
    seated = stand_session.actions.seat(r.id)  # not yet in the day: the change brings it in
    assert [c.reservations for c in seen] == [(seated,)]
    assert stand_session.day.reservation(r.id) == seated
    stand_session.actions.change_status(r.id, S.FINISHED)
    assert stand_session.day.reservation(r.id).status is S.FINISHED
    assert loaded == []  # no reload of the whole day for single changes
    elsewhere = book_guest(stand_book, stand_restaurant, rome(20, day=FRIDAY + timedelta(days=3)), 2, "Far Away")
    stand_session.feed.announce(Changes.of("Europe/Rome", after=[elsewhere]))
    assert stand_session.day.reservation(elsewhere.id) is None and len(seen) == 2


def test_refresh_announces_only_what_another_terminal_changed(
        qtbot: QtBot, stand_session: StandSession, stand_book: ReservationBook,
        stand_restaurant: ReservationLocation) -> None:
    kept = book_guest(stand_book, stand_restaurant, rome(19), 2, "Kept Same")
    stand_session.day.reload()
    qtbot.waitUntil(lambda: stand_session.day.reservation(kept.id) is not None)
    added = book_guest(stand_book, stand_restaurant, rome(21), 4, "New Comer")
    with qtbot.waitSignal(stand_session.day.reservations_changed) as blocker:
        stand_session.day.refresh()
    changes = blocker.args[0]
    assert [r.id for r in changes.reservations] == [added.id]
    assert not changes.removed_ids


def test_status_actions_and_undo_follow_the_lifecycle(stand_session: StandSession, stand_book: ReservationBook,
                                                     stand_restaurant: ReservationLocation) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Eva Neri")
    undo_states: list[tuple[bool, str]] = []
    stand_session.actions.undo_changed.connect(lambda ok, what: undo_states.append((ok, what)))
    assert stand_session.actions.seat(r.id).status is S.SEATED
    assert stand_session.actions.finish(r.id).status is S.FINISHED
    assert stand_session.actions.undo().status is S.SEATED
    assert stand_session.actions.undo().status is S.RESERVED
    assert undo_states[-1] == (False, "")
    with pytest.raises(UndoImpossible):
        stand_session.actions.undo()
    assert stand_session.actions.no_show(r.id).status is S.NO_SHOW
    assert stand_session.actions.undo().status is S.RESERVED


def test_undo_refuses_when_the_reservation_changed_since(stand_session: StandSession, stand_book: ReservationBook,
                                                         stand_restaurant: ReservationLocation) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Eva Neri")
    stand_session.actions.seat(r.id)
    other_terminal = stand_book.reservations.get(r.id)
    stand_book.reservations.update(HOST, r.id, other_terminal.revision, ReservationPatch(team_message="window"))
    with pytest.raises(UndoImpossible):
        stand_session.actions.undo()


def test_undo_only_goes_back_where_the_lifecycle_allows(stand_session: StandSession, stand_book: ReservationBook,
                                                        stand_restaurant: ReservationLocation) -> None:
    request = request_online(stand_book, stand_restaurant, rome(20), 6, "Big Party")
    assert request.status is S.REQUESTED
    stand_session.actions.approve(request.id)
    with pytest.raises(UndoImpossible):  # RESERVED → REQUESTED is no lifecycle move
        stand_session.actions.undo()
    second = request_online(stand_book, stand_restaurant, rome(21), 6, "Other Party")
    declined = stand_session.actions.decline(second.id, "  private event  ")
    assert declined.status is S.DECLINED and declined.decline_reason == "private event"
    with pytest.raises(UndoImpossible):  # DECLINED → REQUESTED neither ("approve after all" is no undo)
        stand_session.actions.undo()
    assert stand_session.actions.cancel(request.id).status is S.CANCELED
    assert stand_session.actions.undo_description() == ("CANCELED", "Big Party")
    assert stand_session.actions.undo().status is S.RESERVED


def test_moves_are_checked_and_may_be_booked_anyway(stand_session: StandSession, stand_book: ReservationBook,
                                                    stand_restaurant: ReservationLocation) -> None:
    t1, t2 = table_id(stand_restaurant, "T1"), table_id(stand_restaurant, "T2")
    smith = book_guest(stand_book, stand_restaurant, rome(19), 2, "Ann Smith", tables=(t1,))
    jones = book_guest(stand_book, stand_restaurant, rome(19, 30), 2, "Bob Jones", tables=(t2,))
    free = stand_session.actions.check_move(smith.id, (t1,), rome(20, 30))
    assert free.ok
    clash = stand_session.actions.check_move(smith.id, (t2,), rome(19))
    assert not clash.ok and clash.table_conflicts == (TableConflict.RESERVED,)
    assert [r.id for r in clash.problems[0].blocking] == [jones.id]
    with pytest.raises(TimeNotAvailable):
        stand_session.actions.move(smith.id, (t2,), rome(19))
    moved = stand_session.actions.move(smith.id, (t2,), rome(19), anyway=clash)
    assert moved.table_ids == (t2,) and moved.table_clashes
    assert stand_session.actions.undo().table_ids == (t1,)
    four = book_guest(stand_book, stand_restaurant, rome(13), 4, "Cara Four")
    too_small = stand_session.actions.check_move(four.id, (t1,), rome(13))
    assert TableConflict.TOO_BIG in too_small.table_conflicts


def test_walk_in_is_seated_now_at_the_suggested_table(stand_session: StandSession, stand_clock: FakeClock) -> None:
    suggestion = stand_session.walk_in().suggestion(3)
    assert suggestion is not None and suggestion.name == "T3"  # the smallest free table for three
    seated = stand_session.actions.seat_walk_in(WalkInDraft(3, suggestion.table_ids))
    assert (seated.status, seated.source, seated.start) == (S.SEATED, Source.WALK_IN, stand_clock.now)
    assert seated.reservee is None or not seated.reservee.display_name
    assert stand_session.walk_in().suggestion(3).name != "T3"


def test_phone_in_offers_and_holds_guest_tables_before_house_tables(
    qapp: object, stand_book: ReservationBook, stand_restaurant: ReservationLocation
) -> None:
    """The patio (kept for walk-ins here) comes first by name, but a phone-in gets T1."""
    house = stand_book.locations.update(
        HOST, stand_restaurant.id, stand_restaurant.revision,
        lambda loc: replace(loc, table_management=replace(loc.table_management, tables=tuple(
            replace(t, online_reservations=not t.name.startswith("P")) for t in loc.table_management.tables))))
    session = StandSession.open(stand_book)
    booking = session.phone_in()
    wanted = booking.wanted_start(FRIDAY, time(19, 30))
    choice = booking.nearest_free(booking.slots_around(wanted, 2), wanted)
    patio = {(table_id(house, "P1"),), (table_id(house, "P2"),)}
    assert choice is not None and set(choice.table_options[-2:]) == patio
    held = booking.take_hold(wanted, 2, choice.table_options[0])
    assert held.table_ids == (table_id(house, "T1"),)
    session.stop()


def test_phone_in_holds_books_and_releases(stand_session: StandSession, stand_clock: FakeClock) -> None:
    booking = stand_session.phone_in()
    wanted = booking.wanted_start(FRIDAY, time(19, 30))
    slots = booking.slots_around(wanted, 4)
    assert len(slots) == 9 and booking.nearest_free(slots, wanted).start == wanted
    held = booking.take_hold(wanted, 4)
    assert held.status is S.HELD and held.source is Source.OFFLINE and booking.seconds_left() == 600
    stand_clock.advance(minutes=4)
    assert booking.seconds_left() == 360
    booked = booking.book(first_name="Lia", last_name="Conti", phone="333 123 4567", notes="birthday")
    assert booked.status is S.RESERVED and booked.reservee.phone == "+393331234567"
    assert booked.team_message == "birthday" and booking.hold is None
    again = stand_session.phone_in()
    again.take_hold(wanted, 2)
    again.release()
    assert not [r for r in stand_session.day.reservations() if r.status is S.HELD]


def test_slots_say_why_they_are_not_free(stand_session: StandSession, stand_book: ReservationBook,
                                         stand_restaurant: ReservationLocation) -> None:
    booking = stand_session.phone_in()
    closed = booking.slots_around(booking.wanted_start(FRIDAY, time(16, 0)), 2, before=0, after=0)
    assert closed[0].blocker is SlotBlocker.CLOSED
    huge = booking.slots_around(booking.wanted_start(FRIDAY, time(19, 0)), 20, before=0, after=0)
    assert huge[0].blocker is SlotBlocker.NO_TABLE_FITS
    for name in ("T6", "T4", "T5", "T3"):  # the tables and combination for four
        tables = (table_id(stand_restaurant, name),)
        book_guest(stand_book, stand_restaurant, rome(19), 4, f"Guest {name}", tables=tables)
    full = booking.slots_around(booking.wanted_start(FRIDAY, time(19, 0)), 4, before=0, after=0)
    assert full[0].blocker is SlotBlocker.TAKEN and not full[0].available


def test_expired_hold_can_not_be_booked(stand_session: StandSession, stand_clock: FakeClock) -> None:
    booking = stand_session.phone_in()
    booking.take_hold(booking.wanted_start(FRIDAY, time(20, 0)), 2)
    stand_clock.advance(minutes=10)
    assert booking.hold_lapsed() and booking.seconds_left() == 0
    with pytest.raises(CanNotBeUpdated):
        booking.book(first_name="Too", phone="3331234567")


def test_scheduler_aims_at_the_next_deadline_and_sweeps(qtbot: QtBot, stand_session: StandSession,
                                                       stand_clock: FakeClock) -> None:
    scheduler: HoldExpiryScheduler = stand_session.holds
    assert HoldExpiryScheduler.wait_ms(None, stand_clock.now) == MAX_WAIT_MS
    assert HoldExpiryScheduler.wait_ms(stand_clock.now + timedelta(seconds=5), stand_clock.now) == 5001
    assert HoldExpiryScheduler.wait_ms(stand_clock.now - timedelta(seconds=5), stand_clock.now) == 0
    booking = stand_session.phone_in()
    held = booking.take_hold(booking.wanted_start(FRIDAY, time(20, 0)), 2)
    assert scheduler.timer.isActive() and scheduler.timer.interval() == MAX_WAIT_MS  # 10 min away: capped
    assert stand_session.day.reservation(held.id) is not None
    stand_clock.advance(minutes=9, seconds=59, microseconds=800_000)  # 0.2 s left by the stand_book's stand_clock
    scheduler.reschedule()
    assert scheduler.timer.interval() <= 201
    stand_clock.advance(seconds=1)
    removed: list[Changes] = []
    stand_session.day.reservations_changed.connect(lambda changes, _who: removed.append(changes))
    with qtbot.waitSignal(scheduler.swept, timeout=3000) as swept:
        pass  # the real timer fires by itself
    assert swept.args == [1]
    assert removed[-1].removed_ids == {held.id} and stand_session.day.reservation(held.id) is None


def test_scheduler_sweeps_nothing_before_the_deadline(stand_session: StandSession, stand_clock: FakeClock) -> None:
    booking = stand_session.phone_in()
    held = booking.take_hold(booking.wanted_start(FRIDAY, time(20, 0)), 2)
    stand_clock.advance(minutes=9)
    assert stand_session.holds.sweep() == 0
    assert stand_session.day.reservation(held.id) is not None


def test_live_refresh_sees_another_terminal(qtbot: QtBot, tmp_path: Path, stand_clock: FakeClock) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    here, there = open_book(url, clock=stand_clock), open_book(url, clock=stand_clock)
    try:
        location = create_restaurant(here)
        stand = StandSession.open(here)
        stand.load()
        stand.live.start()
        other = book_guest(there, location, rome(19, 45), 3, "Other Terminal")
        with qtbot.waitSignal(stand.day.reservations_changed, timeout=5000) as blocker:
            pass
        assert [r.id for r in blocker.args[0].reservations] == [other.id]
        assert stand.day.reservation(other.id) is not None
        stand.stop()
    finally:
        here.close()
        there.close()


def test_live_refresh_reports_an_unreachable_book(qtbot: QtBot, stand_book: ReservationBook) -> None:
    live = LiveRefresh(stand_book)
    states: list[bool] = []
    live.reachable_changed.connect(states.append)
    assert live.poll() is False

    def broken() -> int:
        raise Unavailable("gone")

    object.__setattr__(stand_book, "last_change_id", broken)
    assert live.poll() is False and states == [False]


def test_guest_search_matches_names_and_phone_digits(stand_book: ReservationBook,
                                                     stand_restaurant: ReservationLocation) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Anna Smith", phone="+39 333 765 4321")
    assert matches(r, "smith") and matches(r, "anna smi") and matches(r, "765 43") and matches(r, "3337654321")
    assert not matches(r, "jones") and not matches(r, "999") and not matches(r, "")


def _imports(folder: Path) -> dict[str, set[str]]:
    """Every module each file of a package imports (absolute names), read from the source."""
    import ast

    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
        found[path.name] = names
    return found


SOURCE = Path(__file__).resolve().parents[2] / "src" / "maitred"


@pytest.mark.parametrize(("package", "forbidden"), [
    ("controllers", ("PySide6.QtWidgets", "PySide6.QtGui", "maitred.ui", "maitred.store", "maitred.api",
                     "sqlalchemy")),
    ("ui", ("maitred.services", "maitred.store", "maitred.api", "maitred.bootstrap", "sqlalchemy")),
])
def test_the_layers_hold(package: str, forbidden: tuple[str, ...]) -> None:
    """DESIGN.md's layers, checked directly (import-linter can't forbid an external subpackage)."""
    for name, modules in _imports(SOURCE / package).items():
        bad = sorted(m for m in modules if m.startswith(forbidden))
        assert bad == [], f"{package}/{name} imports {bad}"


# --- undo: every action goes on the stack, as a way back or as a barrier ---------------------------


def test_an_approval_is_a_barrier_that_keeps_ctrl_z_off_the_older_seating(
        stand_session: StandSession, stand_book: ReservationBook, stand_restaurant: ReservationLocation) -> None:
    actions = stand_session.actions
    eva = book_guest(stand_book, stand_restaurant, rome(19), 2, "Eva Neri")
    actions.seat(eva.id)
    noah = request_online(stand_book, stand_restaurant, rome(20), 6, "Noah Garcia")
    announced: list[tuple[bool, str]] = []
    actions.undo_changed.connect(lambda ok, what: announced.append((ok, what)))
    actions.approve(noah.id)
    assert announced == [(True, "APPROVE")] and actions.can_undo()
    step = actions.next_undo()
    assert step is not None and (step.what, step.guest, step.can_be_undone) == ("APPROVE", "Noah Garcia", False)
    for _ in range(2):
        with pytest.raises(NotUndoable) as refused:
            actions.undo()
        assert refused.value.step == step, "the barrier stays on top"
    assert stand_book.reservations.get(eva.id).status is S.SEATED
    assert stand_book.reservations.get(noah.id).status is S.RESERVED


def test_walk_ins_and_cancelled_requests_are_barriers_a_cancelled_booking_is_not(
        stand_session: StandSession, stand_book: ReservationBook, stand_restaurant: ReservationLocation) -> None:
    actions = stand_session.actions
    actions.seat_walk_in(WalkInDraft(2, name="Mia"))
    assert actions.undo_description() == ("WALK_IN", "Mia") and not actions.next_undo().can_be_undone
    request = request_online(stand_book, stand_restaurant, rome(20), 6, "Big Party")
    actions.cancel(request.id)
    assert actions.undo_description() == ("CANCELED", "Big Party") and not actions.next_undo().can_be_undone
    booked = book_guest(stand_book, stand_restaurant, rome(21), 2, "Ugo Bassi")
    actions.cancel(booked.id)
    assert actions.next_undo().can_be_undone
    assert actions.undo().status is S.RESERVED, "CANCELED → RESERVED: the host's reinstatement"


def test_unseating_is_named_and_undone(stand_session: StandSession, stand_book: ReservationBook,
                                       stand_restaurant: ReservationLocation) -> None:
    r = book_guest(stand_book, stand_restaurant, rome(19), 2, "Eva Neri", status=S.SEATED)
    stand_session.actions.change_status(r.id, S.RESERVED)
    assert stand_session.actions.undo_description() == ("UNSEAT", "Eva Neri")
    assert stand_session.actions.undo().status is S.SEATED


def test_an_edit_of_the_stay_is_undone_and_an_edit_of_the_guest_is_a_barrier(
        stand_session: StandSession, stand_book: ReservationBook, stand_restaurant: ReservationLocation) -> None:
    actions = stand_session.actions
    t1 = table_id(stand_restaurant, "T1")
    before = book_guest(stand_book, stand_restaurant, rome(19), 2, "Eva Neri", tables=(t1,))
    edited = actions.save_edit(before, ReservationEdit(start=rome(20), end=rome(21, 30), party_size=4,
                                                       team_message="birthday"))
    assert (edited.party_size, edited.start) == (4, rome(20)) and edited.table_ids != (t1,)
    assert actions.undo_description() == ("EDIT", "Eva Neri") and actions.next_undo().can_be_undone
    back = actions.undo()
    assert (back.start, back.end, back.party_size, back.table_ids, back.team_message) == (
        before.start, before.end, 2, (t1,), None)
    actions.save_edit(back, ReservationEdit(phone="333 000 1111"))
    assert actions.undo_description() == ("GUEST_EDIT", "Eva Neri")
    with pytest.raises(NotUndoable):
        actions.undo()


def test_an_undo_refused_because_of_a_later_change_stays_on_top(
        stand_session: StandSession, stand_book: ReservationBook, stand_restaurant: ReservationLocation) -> None:
    actions = stand_session.actions
    first = book_guest(stand_book, stand_restaurant, rome(19), 2, "Ada Neri")
    second = book_guest(stand_book, stand_restaurant, rome(19), 2, "Bea Blu")
    actions.seat(first.id)
    seated = actions.seat(second.id)
    stand_book.reservations.update(HOST, second.id, seated.revision, ReservationPatch(team_message="window"))
    for _ in range(2):
        with pytest.raises(ChangedSince) as refused:
            actions.undo()
        assert refused.value.step is not None and refused.value.step.guest == "Bea Blu"
    assert stand_book.reservations.get(first.id).status is S.SEATED, "never reaches past it"


def test_actions_taken_elsewhere_on_the_stand_are_remembered_as_barriers(
        stand_session: StandSession, stand_book: ReservationBook, stand_restaurant: ReservationLocation) -> None:
    actions = stand_session.actions
    booked = book_guest(stand_book, stand_restaurant, rome(19), 2, "Anna Smith")
    actions.remember_not_undoable("BOOK", booked)
    assert actions.undo_description() == ("BOOK", "Anna Smith") and not actions.next_undo().can_be_undone
    actions.remember_not_undoable("IMPORT")
    with pytest.raises(NotUndoable) as refused:
        actions.undo()
    assert refused.value.step is not None and refused.value.step.what == "IMPORT"
