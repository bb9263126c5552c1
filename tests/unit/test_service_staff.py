"""The staff service and the change log service over a real in-memory book."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from unit_support import FakeClock

from maitred.bootstrap import open_book
from maitred.domain.change_log import KIND_STAFF, ChangeLogQuery
from maitred.domain.errors import CanNotBeUpdated, InvalidArgument, RevisionMismatch
from maitred.domain.lifecycle import Scope
from maitred.domain.staff import (
    DEFAULT_PIN,
    FIRST_MANAGER_NAME,
    NotPermitted,
    Permission,
    Role,
    StaffMember,
    WrongPin,
)
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.staff import SETUP_ACTOR, OnDuty, StaffMemberNotFound


@pytest.fixture
def book(clock: FakeClock) -> Iterator[ReservationBook]:
    opened = open_book("sqlite://", clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def manager(book: ReservationBook) -> OnDuty:
    first = book.staff.ensure_first_manager()
    assert first is not None
    return OnDuty(first, "front door")


def test_a_book_without_staff_gets_one_manager_with_pin_1234(book):
    first = book.staff.ensure_first_manager()
    assert first is not None and (first.name, first.role) == (FIRST_MANAGER_NAME, Role.MANAGER)
    assert book.staff.ensure_first_manager() is None, "only once"
    assert book.staff.sign_in(first.id, DEFAULT_PIN) == book.staff.get(first.id)
    [entry] = book.change_log.page(OnDuty(first), ChangeLogQuery()).entries
    assert (entry.kind, entry.actor, entry.operation, entry.before) == (KIND_STAFF, SETUP_ACTOR, "addStaffMember", None)


def test_signing_in_needs_the_members_own_pin(book, manager):
    anna = book.staff.add(manager, "Anna", Role.HOST, "2468")
    assert book.staff.sign_in(anna.id, "2468").name == "Anna"
    for member_id, pin in ((anna.id, "1234"), ("nobody", "2468")):
        with pytest.raises(WrongPin):
            book.staff.sign_in(member_id, pin)


def test_a_manager_adds_renames_and_regrades_staff_and_each_change_is_logged(book, manager, clock):
    anna = book.staff.add(manager, " Anna ", Role.HOST, "2468")
    assert (anna.name, anna.role, anna.active, anna.revision) == ("Anna", Role.HOST, True, 1)
    clock.advance(minutes=1)
    promoted = book.staff.change(manager, anna.id, anna.revision, name="Anna Rossi", role=Role.MANAGER)
    assert (promoted.name, promoted.role, promoted.revision, promoted.updated) == (
        "Anna Rossi", Role.MANAGER, 2, clock.now)
    assert book.staff.change(manager, anna.id, 2, role=Role.MANAGER) == promoted, "no change, no entry"
    page = book.change_log.page(manager, ChangeLogQuery(actor="Manager"))
    assert [e.operation for e in page.entries] == ["updateStaffMember", "addStaffMember"]
    latest = page.entries[0]
    assert (latest.terminal, latest.scope, latest.before, latest.after) == ("front door", Scope.FULL, anna, promoted)
    assert [m.name for m in book.staff.members()] == ["Anna Rossi", "Manager"]


def test_names_are_unique_whatever_the_case(book, manager):
    book.staff.add(manager, "Anna", Role.HOST, "2468")
    with pytest.raises(InvalidArgument, match="already"):
        book.staff.add(manager, "anna", Role.VIEWER, "1357")
    bob = book.staff.add(manager, "Bob", Role.HOST, "1357")
    with pytest.raises(InvalidArgument, match="already"):
        book.staff.change(manager, bob.id, bob.revision, name="ANNA")
    assert book.staff.change(manager, bob.id, bob.revision, name="BOB").name == "BOB"


def test_only_a_manager_still_on_the_list_manages_staff(book, manager):
    host = OnDuty(book.staff.add(manager, "Anna", Role.HOST, "2468"), "bar")
    assert manager.may(Permission.MANAGE_STAFF) and not host.may(Permission.MANAGE_STAFF)
    assert host.caller == Caller(Scope.FULL, actor="Anna", terminal="bar")
    with pytest.raises(NotPermitted):
        book.staff.add(host, "Bob", Role.HOST, "1357")
    second = book.staff.add(manager, "Carla", Role.MANAGER, "9999")
    carla = OnDuty(second)
    book.staff.change(manager, second.id, second.revision, role=Role.VIEWER)
    with pytest.raises(NotPermitted):  # her signed-in copy still says manager; the stored list does not
        book.staff.add(carla, "Bob", Role.HOST, "1357")
    ghost = OnDuty(StaffMember("gone", "Ghost", Role.MANAGER))
    with pytest.raises(NotPermitted):
        book.staff.add(ghost, "Bob", Role.HOST, "1357")


def test_the_last_manager_stays_a_manager(book, manager):
    with pytest.raises(CanNotBeUpdated, match="last manager"):
        book.staff.change(manager, manager.member.id, 1, role=Role.HOST)
    with pytest.raises(CanNotBeUpdated, match="last manager"):
        book.staff.change(manager, manager.member.id, 1, active=False)
    book.staff.add(manager, "Carla", Role.MANAGER, "9999")
    demoted = book.staff.change(manager, manager.member.id, 1, role=Role.HOST)
    assert demoted.role is Role.HOST


def test_a_member_who_left_can_not_sign_in_but_stays_listed(book, manager):
    anna = book.staff.add(manager, "Anna", Role.HOST, "2468")
    gone = book.staff.change(manager, anna.id, anna.revision, active=False)
    with pytest.raises(WrongPin):
        book.staff.sign_in(anna.id, "2468")
    assert [m.name for m in book.staff.members(active_only=True)] == ["Manager"]
    assert gone in book.staff.members()


def test_stale_and_unknown_members_are_refused(book, manager):
    anna = book.staff.add(manager, "Anna", Role.HOST, "2468")
    book.staff.change(manager, anna.id, anna.revision, role=Role.VIEWER)
    with pytest.raises(RevisionMismatch):
        book.staff.change(manager, anna.id, anna.revision, role=Role.MANAGER)
    with pytest.raises(StaffMemberNotFound):
        book.staff.get("nobody")
    with pytest.raises(StaffMemberNotFound):
        book.staff.change_pin(manager, "nobody", "1111")


def test_pins_change_for_oneself_or_by_a_manager(book, manager):
    anna = OnDuty(book.staff.add(manager, "Anna", Role.HOST, "2468"))
    bob = book.staff.add(manager, "Bob", Role.HOST, "1357")
    changed = book.staff.change_pin(anna, anna.member.id, "8642")
    assert changed.revision == 2 and book.staff.sign_in(anna.member.id, "8642")
    with pytest.raises(NotPermitted):
        book.staff.change_pin(anna, bob.id, "0000")
    book.staff.change_pin(manager, bob.id, "0000")
    assert book.staff.sign_in(bob.id, "0000").name == "Bob"
    entries = book.change_log.page(manager, ChangeLogQuery(limit=2)).entries
    assert [e.operation for e in entries] == ["changeStaffPin", "changeStaffPin"]
    assert "0000" not in repr(entries) and "8642" not in repr(entries)
    with pytest.raises(InvalidArgument):
        book.staff.change_pin(anna, anna.member.id, "12")


def test_a_member_who_left_can_not_change_their_own_pin(book, manager):
    anna = book.staff.add(manager, "Anna", Role.HOST, "2468")
    gone = book.staff.change(manager, anna.id, anna.revision, active=False)
    with pytest.raises(NotPermitted):
        book.staff.change_pin(OnDuty(gone), gone.id, "1111")


def test_the_change_log_pages_back_by_entry_and_filters_by_day_and_person(book, manager, clock):
    added_at = []
    for name in [f"Person {n}" for n in range(5)]:
        added_at.append(clock.now)
        book.staff.add(manager, name, Role.HOST, "2468")
        clock.advance(hours=12)
    first = book.change_log.page(manager, ChangeLogQuery(limit=2))
    assert [e.after.name for e in first.entries] == ["Person 4", "Person 3"] and first.has_older
    second = book.change_log.page(manager, ChangeLogQuery(limit=2, before_id=first.oldest_id))
    assert [e.after.name for e in second.entries] == ["Person 2", "Person 1"]
    last = book.change_log.page(manager, ChangeLogQuery(limit=2, before_id=second.oldest_id))
    assert [e.after.name for e in last.entries] == ["Person 0", FIRST_MANAGER_NAME] and not last.has_older
    window = ChangeLogQuery(start=added_at[2], end=added_at[3])  # start inclusive, end exclusive
    assert [e.after.name for e in book.change_log.page(manager, window).entries] == ["Person 2"]
    nobody = book.change_log.page(manager, ChangeLogQuery(actor="Someone else"))
    assert nobody.entries == () and not nobody.has_older
    assert list(book.change_log.actors()) == ["Manager", SETUP_ACTOR]


def test_only_a_manager_reads_the_change_log(book, manager):
    host = OnDuty(book.staff.add(manager, "Anna", Role.HOST, "2468"))
    with pytest.raises(NotPermitted):
        book.change_log.page(host, ChangeLogQuery())
    with pytest.raises(NotPermitted):
        book.change_log.page(OnDuty(StaffMember("gone", "Ghost", Role.MANAGER)), ChangeLogQuery())
    with pytest.raises(InvalidArgument):
        book.change_log.page(manager, ChangeLogQuery(limit=0))


def test_live_refresh_reads_what_changed_since_an_entry(book, manager):
    before = book.change_log.last_change_id()
    book.staff.add(manager, "Anna", Role.HOST, "2468")
    assert book.change_log.last_change_id() == before + 1
    assert book.change_log.reservation_changes_since(before) == []  # staff entries are not reservations
