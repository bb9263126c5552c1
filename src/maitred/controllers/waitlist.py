"""The waitlist at the stand: the parties waiting, kept current, and the first in line for a
table that just freed up.

When a reservation is finished, cancelled or marked a no-show around now, its tables may be
free: the desk asks the book who is first in line that those tables seat (first come, first
served) and announces that party, so the panel can light it up for the host.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from maitred.controllers.background import BackgroundRunner
from maitred.controllers.changes import ChangeFeed, Changes
from maitred.controllers.staff_session import StaffGate
from maitred.controllers.walk_in import TableOption, WalkInPlanner
from maitred.domain.errors import ReservationBookError
from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.staff import Permission
from maitred.domain.wait_quote import WaitQuote
from maitred.domain.waitlist import WaitingParty, queue_order
from maitred.services.book import ReservationBook
from maitred.services.waitlist import WaitingPartyDraft

S = ReservationStatus

#: Statuses that let a table go.
FREEING_STATUSES = frozenset({S.FINISHED, S.CANCELED, S.NO_SHOW})
#: A reservation frees a table for the waitlist only if its stay is around now.
AROUND_NOW = timedelta(hours=2)


class WaitlistDesk(QObject):
    """The parties waiting at one restaurant; `table_freed` names the one a freed table fits."""

    #: tuple[WaitingParty, ...]: the parties waiting, first come first
    changed = Signal(object)
    #: WaitingParty, tuple[str, ...]: the first in line for tables that just freed up, and those tables
    table_freed = Signal(object, object)
    failed = Signal(object)

    def __init__(self, book: ReservationBook, staff: StaffGate, feed: ChangeFeed, runner: BackgroundRunner,
                 location: ReservationLocation, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book, self._staff, self._feed, self._runner = book, staff, feed, runner
        self._location = location
        self._parties: tuple[WaitingParty, ...] = ()
        self._highlight: tuple[str, tuple[str, ...]] | None = None
        feed.changed.connect(self._on_changed)

    @property
    def location(self) -> ReservationLocation:
        return self._location

    def now(self) -> datetime:
        return self._book.clock()

    def parties(self) -> tuple[WaitingParty, ...]:
        return self._parties

    def highlighted(self) -> tuple[str, tuple[str, ...]] | None:
        """The party first in line for a freed table, and that table, until it is seated or gone."""
        return self._highlight

    # --- loading ---------------------------------------------------------------------------

    def load_now(self) -> None:
        self._replace(self._book.waitlist.waiting(self._location.id))

    def refresh(self) -> None:
        """Another terminal may have changed the list: read it again off the GUI thread."""
        location_id = self._location.id

        def failed(error: BaseException) -> None:
            if not isinstance(error, ReservationBookError):
                raise error
            self.failed.emit(error)

        self._runner.run("waitlist", lambda: self._book.waitlist.waiting(location_id), self._replace, failed)

    def _replace(self, parties: Sequence[WaitingParty]) -> None:
        fresh = tuple(parties)
        if self._highlight is not None and self._highlight[0] not in {p.id for p in fresh}:
            self._highlight = None
        if fresh != self._parties:
            self._parties = fresh
            self.changed.emit(fresh)

    # --- the host's actions ----------------------------------------------------------------

    def quote(self, party_size: int) -> WaitQuote:
        return self._book.waitlist.quote(self._location.id, party_size)

    def add(self, name: str, party_size: int, phone: str = "", notes: str = "",
            quote_minutes: int | None = None) -> WaitingParty:
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        party = self._book.waitlist.add(caller, WaitingPartyDraft(
            self._location.id, party_size, name, phone, notes, quote_minutes))
        self._replace((*self._parties, party))
        return party

    def notify(self, party_id: str) -> WaitingParty:
        """Tell the party its table is ready (the freed table, if it was lit up for them)."""
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        tables = self._highlight[1] if self._highlight and self._highlight[0] == party_id else ()
        notified = self._book.waitlist.notify(caller, party_id, tables)
        self._replace(tuple(notified if p.id == party_id else p for p in self._parties))
        return notified

    def mark_left(self, party_id: str) -> WaitingParty:
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        gone = self._book.waitlist.mark_left(caller, party_id)
        self._replace(tuple(p for p in self._parties if p.id != party_id))
        return gone

    def bring_back(self, party_id: str) -> WaitingParty:
        """Undo a "Left" pressed by mistake: the party is back in the queue at the place its added
        time gives it, with its quote."""
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        back = self._book.waitlist.bring_back(caller, party_id)
        others = [p for p in self._parties if p.id != party_id]
        self._replace(queue_order([*others, back]))
        return back

    def seat_options(self, party_id: str) -> list[TableOption]:
        """The free tables that seat the party now for its whole turnover, best first; the table
        that was lit up for it comes first."""
        party = next((p for p in self._parties if p.id == party_id), None) or self._book.waitlist.get(party_id)
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        options = WalkInPlanner(self._book, caller, self._location).free_options(party.party_size)
        if self._highlight and self._highlight[0] == party_id:
            lit = frozenset(self._highlight[1])
            options.sort(key=lambda o: frozenset(o.table_ids) != lit)
        return options

    def seat(self, party_id: str, table_ids: tuple[str, ...] | None = None, initiator: object = None) -> Reservation:
        """Seat the party now (a WALK_IN reservation, SEATED) and announce the new reservation."""
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        _, reservation = self._book.waitlist.seat(caller, party_id, table_ids)
        self._replace(tuple(p for p in self._parties if p.id != party_id))
        self._feed.announce(Changes.of(self._location.info.time_zone, after=[reservation]), initiator)
        return reservation

    # --- tables freeing up -----------------------------------------------------------------

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.location is not None and changes.location.id == self._location.id:
            self._location = changes.location
        now = self._book.clock()
        freed = {tid for r in changes.reservations if self._frees_a_table(r, now) for tid in r.table_ids}
        if not freed or not self._parties:
            return
        try:
            found = self._book.waitlist.first_for_freed_tables(self._location.id, sorted(freed))
        except ReservationBookError as error:
            self.failed.emit(error)
            return
        if found is not None:
            party, tables = found
            self._highlight = (party.id, tables)
            self.table_freed.emit(party, tables)

    def _frees_a_table(self, reservation: Reservation, now: datetime) -> bool:
        return (reservation.location_id == self._location.id and reservation.status in FREEING_STATUSES
                and bool(reservation.table_ids) and reservation.start <= now + AROUND_NOW
                and reservation.end >= now - AROUND_NOW)
