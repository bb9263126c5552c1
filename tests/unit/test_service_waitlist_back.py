"""Bringing a party back onto the waitlist (services/waitlist.py `bring_back`): the undo of a
"Left" pressed by mistake, which puts the party back in its place in the queue."""

from __future__ import annotations

import pytest
from unit_support import FakeClock

from maitred.domain.change_log import ChangeLogQuery
from maitred.domain.errors import CanNotBeUpdated, PermissionDenied
from maitred.domain.lifecycle import Scope
from maitred.domain.waitlist import WaitStatus
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.staff import OnDuty
from maitred.services.waitlist import WaitingPartyDraft, WaitingPartyNotFound

HOST = Caller(Scope.FULL, actor="host:anna", terminal="door")


@pytest.fixture
def book(api) -> ReservationBook:
    return api.book


def test_a_party_let_go_by_mistake_comes_back_to_its_place_with_its_quote(book, location,
                                                                         clock: FakeClock) -> None:
    first = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Rossi", quote_minutes=15))
    clock.advance(minutes=2)
    second = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 4, "Bianchi", quote_minutes=20))
    clock.advance(minutes=2)
    third = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Verdi", quote_minutes=25))
    clock.advance(minutes=5)
    told = book.waitlist.notify(HOST, second.id)
    book.waitlist.mark_left(HOST, second.id)
    clock.advance(minutes=1)
    back = book.waitlist.bring_back(HOST, second.id)
    assert [p.id for p in book.waitlist.waiting(location.id)] == [first.id, second.id, third.id]
    assert (back.status, back.left, back.added) == (WaitStatus.WAITING, None, second.added)
    assert (back.quoted_ready, back.notified) == (second.quoted_ready, told.notified)
    assert back.revision == 4  # added, told, left, back
    assert book.waitlist.get(second.id) == back


def test_bringing_a_party_back_is_in_the_change_log_so_other_stands_see_it(book, location) -> None:
    manager = book.staff.ensure_first_manager()  # who may read the change log
    assert manager is not None
    party = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Rossi"))
    book.waitlist.mark_left(HOST, party.id)
    seen = book.last_change_id()
    book.waitlist.bring_back(HOST, party.id)
    assert book.last_change_id() > seen
    newest = book.change_log.page(OnDuty(manager), ChangeLogQuery(limit=1)).entries[0]
    assert (newest.subject_id, newest.operation, newest.actor, newest.terminal) == (
        party.id, "waitingPartyBack", "host:anna", "door")


def test_only_a_party_that_left_can_come_back(book, location) -> None:
    waiting = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Rossi"))
    with pytest.raises(CanNotBeUpdated):
        book.waitlist.bring_back(HOST, waiting.id)
    seated, _ = book.waitlist.seat(HOST, waiting.id)
    with pytest.raises(CanNotBeUpdated):
        book.waitlist.bring_back(HOST, seated.id)
    with pytest.raises(WaitingPartyNotFound):
        book.waitlist.bring_back(HOST, "nobody")


def test_only_staff_bring_a_party_back(book, location) -> None:
    party = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Rossi"))
    book.waitlist.mark_left(HOST, party.id)
    with pytest.raises(PermissionDenied):
        book.waitlist.bring_back(Caller(Scope.BASIC), party.id)
    assert book.waitlist.get(party.id).status is WaitStatus.LEFT
