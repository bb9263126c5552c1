"""The waitlist at the door: add a party with a wait quoted from the room, tell it its table is
ready, seat it (a WALK_IN reservation, SEATED, through the reservation service), or let it go
(and bring it back, when it was let go by mistake).

Every change is a waitlist audit entry, so another terminal's poll of the change counter sees
the waitlist move as it sees reservations move.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from maitred.domain.availability import LocationConflict, natural_key
from maitred.domain.errors import (
    CanNotBeUpdated,
    FieldViolation,
    InvalidArgument,
    ReservationBookError,
    ReservationLocationNotFound,
)
from maitred.domain.lifecycle import ReservationStatus, Scope, Source
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import LONGEST_RESERVATION, Reservation, TableUse
from maitred.domain.wait_quote import (
    QUOTE_HORIZON,
    WaitQuote,
    expected_stays,
    first_party_for_freed_tables,
    quote_wait,
)
from maitred.domain.waitlist import MAX_PARTY, TableReady, WaitingParty, WaitlistChange, WaitStatus
from maitred.services.commands import Caller, Overrides, ReservationDraft, ReserveeDraft
from maitred.services.guest_details import MAX_NAME, normalise_phone
from maitred.services.ports import Clock, Notifier, UnitOfWork, UnitOfWorkFactory
from maitred.services.reservations import ReservationService, require_staff

log = logging.getLogger("maitred.waitlist")

#: A host may quote by hand, up to this many minutes.
MAX_QUOTE_MINUTES = 600
MAX_NOTES = 1000
#: The most seated parties a look at the room reads back (a day's worth is far fewer).
SEATED_LOOK_BACK = 2000


class WaitingPartyNotFound(ReservationBookError):
    code = "WAITING_PARTY_NOT_FOUND"


class LogNotifier:
    """The notifier until a text-message service is set up: writes what it would send to the log."""

    def table_ready(self, notice: TableReady) -> None:
        log.info("table ready for %s (%s) at %s: party of %s%s", notice.name or "a waiting party",
                 notice.phone or "no phone", notice.restaurant, notice.party_size,
                 f", {notice.tables}" if notice.tables else "")


@dataclass(frozen=True, slots=True)
class WaitingPartyDraft:
    """A party at the door, as the host types it. `quote_minutes` overrides the room's quote."""

    location_id: str
    party_size: int
    name: str
    phone: str = ""
    notes: str = ""
    quote_minutes: int | None = None


def table_names(location: ReservationLocation, table_ids: Sequence[str]) -> str:
    """ "T4+T5", as the host reads a combination."""
    tables = location.table_management
    names = [(t.name if (t := tables.any_table(tid)) else tid) for tid in table_ids]
    return "+".join(sorted(names, key=natural_key))


def split_name(name: str) -> tuple[str | None, str | None]:
    """ "Anna Maria Rossi" → ("Anna Maria", "Rossi"), as the phone-in dialog splits a name."""
    text = " ".join(name.split())
    if " " not in text:
        return text or None, None
    first, _, last = text.rpartition(" ")
    return first, last


class WaitlistService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock, reservations: ReservationService,
                 notifier: Notifier | None = None) -> None:
        self._uow = unit_of_work
        self._clock = clock
        self._reservations = reservations
        self.notifier: Notifier = notifier or LogNotifier()

    # --- the room ---------------------------------------------------------------------------

    @staticmethod
    def _location(uow: UnitOfWork, location_id: str) -> ReservationLocation:
        location = uow.locations.get(location_id)
        if location is None:
            raise ReservationLocationNotFound(f"there is no reservation location {location_id}")
        return location

    @staticmethod
    def _room(uow: UnitOfWork, location: ReservationLocation, now: datetime) -> list[TableUse]:
        """Who holds which table from now on, seated parties past their expected end included."""
        online = location.online
        longest = max([online.default_turnover_minutes, *(r.minutes for r in online.turnover_rules)])
        uses = list(uow.reservations.table_uses(location.id, now, now + QUOTE_HORIZON + timedelta(minutes=longest),
                                                now))
        field = ReservationField
        seated = uow.reservations.find(ReservationQuery(conditions=(
            Condition(field.LOCATION, Operator.EQ, location.id),
            Condition(field.STATUS, Operator.EQ, ReservationStatus.SEATED),
            Condition(field.START, Operator.GTE, now - LONGEST_RESERVATION),
            Condition(field.START, Operator.LTE, now),
        ), limit=SEATED_LOOK_BACK))
        overstaying = [r for r in seated if r.end <= now]
        uses += [TableUse(r.id, r.start, r.end, r.party_size, r.table_ids) for r in overstaying]
        return expected_stays(uses, {r.id for r in overstaying}, now)

    def quote(self, location_id: str, party_size: int) -> WaitQuote:
        """The wait a party of this size would be quoted if it joined the queue now."""
        _check_party(party_size)
        now = self._clock()
        with self._uow() as uow:
            location = self._location(uow, location_id)
            ahead = [p.party_size for p in uow.waitlist.waiting(location_id)]
            return quote_wait(location, self._room(uow, location, now), party_size, now, ahead=ahead)

    def first_for_freed_tables(self, location_id: str,
                               table_ids: Sequence[str]) -> tuple[WaitingParty, tuple[str, ...]] | None:
        """Who is first in line for tables that just freed up, and where they would sit."""
        now = self._clock()
        with self._uow() as uow:
            location = self._location(uow, location_id)
            return first_party_for_freed_tables(location, self._room(uow, location, now),
                                                uow.waitlist.waiting(location_id), table_ids, now)

    # --- reading ----------------------------------------------------------------------------

    def waiting(self, location_id: str) -> list[WaitingParty]:
        with self._uow() as uow:
            return list(uow.waitlist.waiting(location_id))

    def added_between(self, location_id: str, start: datetime, end: datetime) -> list[WaitingParty]:
        with self._uow() as uow:
            return list(uow.waitlist.added_between(location_id, start, end))

    def get(self, party_id: str) -> WaitingParty:
        with self._uow() as uow:
            return self._party(uow, party_id)

    @staticmethod
    def _party(uow: UnitOfWork, party_id: str) -> WaitingParty:
        party = uow.waitlist.get(party_id)
        if party is None:
            raise WaitingPartyNotFound(f"there is no waiting party {party_id}")
        return party

    # --- changing ---------------------------------------------------------------------------

    def add(self, caller: Caller, draft: WaitingPartyDraft) -> WaitingParty:
        """Put a party on the list with the wait the room gives it (or the host's own quote)."""
        require_staff(caller, "adding to the waitlist")
        _check_party(draft.party_size)
        name = " ".join(draft.name.split())
        problems = []
        if not name:
            problems.append(FieldViolation("name", "give a name to call the party by"))
        elif len(name) > MAX_NAME:
            problems.append(FieldViolation("name", f"is longer than {MAX_NAME} characters"))
        if len(draft.notes) > MAX_NOTES:
            problems.append(FieldViolation("notes", f"is longer than {MAX_NOTES} characters"))
        if draft.quote_minutes is not None and not 0 <= draft.quote_minutes <= MAX_QUOTE_MINUTES:
            problems.append(FieldViolation("quoteMinutes", f"must be between 0 and {MAX_QUOTE_MINUTES} minutes"))
        if problems:
            raise InvalidArgument(problems)
        now = self._clock()
        with self._uow(write=True) as uow:
            location = self._location(uow, draft.location_id)
            phone = normalise_phone(draft.phone, location.info.country_code, "phone") if draft.phone.strip() else None
            if draft.quote_minutes is not None:
                ready: datetime | None = now + timedelta(minutes=draft.quote_minutes)
            else:
                ahead = [p.party_size for p in uow.waitlist.waiting(location.id)]
                ready = quote_wait(location, self._room(uow, location, now), draft.party_size, now,
                                   ahead=ahead).ready_at
            party = WaitingParty(id=str(uuid.uuid4()), location_id=location.id, party_size=draft.party_size,
                                 added=now, name=name, phone=phone, notes=draft.notes.strip() or None,
                                 quoted_ready=ready)
            uow.waitlist.add(party)
            self._record(uow, caller, "addWaitingParty", None, party, now)
            uow.commit()
        return party

    def notify(self, caller: Caller, party_id: str, table_ids: Sequence[str] = ()) -> WaitingParty:
        """Tell the party its table is ready (through the notifier) and note when."""
        require_staff(caller, "notifying a waiting party")
        now = self._clock()
        with self._uow(write=True) as uow:
            party = self._waiting(uow, party_id)
            location = self._location(uow, party.location_id)
            self.notifier.table_ready(TableReady(party.id, location.info.name, party.party_size, party.name,
                                                 party.phone, table_names(location, table_ids)))
            notified = replace(party, notified=now, revision=party.revision + 1)
            uow.waitlist.save(notified)
            self._record(uow, caller, "notifyWaitingParty", party, notified, now)
            uow.commit()
        return notified

    def mark_left(self, caller: Caller, party_id: str) -> WaitingParty:
        """The party gave up (or the host took it off the list)."""
        require_staff(caller, "changing the waitlist")
        now = self._clock()
        with self._uow(write=True) as uow:
            party = self._waiting(uow, party_id)
            gone = replace(party, status=WaitStatus.LEFT, left=now, revision=party.revision + 1)
            uow.waitlist.save(gone)
            self._record(uow, caller, "waitingPartyLeft", party, gone, now)
            uow.commit()
        return gone

    def bring_back(self, caller: Caller, party_id: str) -> WaitingParty:
        """Undo a "left": the party waits again, in the place its added time gives it, with its
        quote and any notice kept, as if it had never gone."""
        require_staff(caller, "changing the waitlist")
        now = self._clock()
        with self._uow(write=True) as uow:
            party = self._party(uow, party_id)
            if party.status is not WaitStatus.LEFT:
                raise CanNotBeUpdated(f"this party has not left the waitlist ({party.status})")
            back = replace(party, status=WaitStatus.WAITING, left=None, revision=party.revision + 1)
            uow.waitlist.save(back)
            self._record(uow, caller, "waitingPartyBack", party, back, now)
            uow.commit()
        return back

    def seat(self, caller: Caller, party_id: str,
             table_ids: tuple[str, ...] | None = None) -> tuple[WaitingParty, Reservation]:
        """Seat the party now: a WALK_IN reservation, SEATED, on these tables (None: the best free
        ones). Booked over pacing, as a walk-in is: the party is already at the door. If another
        terminal seats the same party at the same moment, its table stays booked and this one
        answers REVISION_MISMATCH."""
        require_staff(caller, "seating a waiting party")
        party = self.get(party_id)
        if not party.is_waiting:
            raise CanNotBeUpdated(f"this party is no longer waiting ({party.status})")
        first, last = split_name(party.name or "")
        reservation = self._reservations.create(
            Caller(Scope.FULL, actor=caller.actor, terminal=caller.terminal),
            ReservationDraft(
                location_id=party.location_id, start=self._clock(), party_size=party.party_size,
                table_ids=table_ids, status=ReservationStatus.SEATED, source=Source.WALK_IN,
                reservee=ReserveeDraft(first_name=first, last_name=last, phone=party.phone),
                team_message=party.notes,
                overrides=Overrides(location_conflicts=frozenset(LocationConflict), named=True),
            ),
        )
        now = self._clock()
        with self._uow(write=True) as uow:
            seated = replace(party, status=WaitStatus.SEATED, seated=now, reservation_id=reservation.id,
                             revision=party.revision + 1)
            uow.waitlist.save(seated)
            self._record(uow, caller, "seatWaitingParty", party, seated, now)
            uow.commit()
        return seated, reservation

    def _waiting(self, uow: UnitOfWork, party_id: str) -> WaitingParty:
        party = self._party(uow, party_id)
        if not party.is_waiting:
            raise CanNotBeUpdated(f"this party is no longer waiting ({party.status})")
        return party

    @staticmethod
    def _record(uow: UnitOfWork, caller: Caller, operation: str, before: WaitingParty | None,
                after: WaitingParty, at: datetime) -> None:
        uow.waitlist.record_change(WaitlistChange(after.id, after.location_id, at, caller.actor, caller.scope,
                                                  operation, before, after, caller.terminal))


def _check_party(party_size: int) -> None:
    if not 1 <= party_size <= MAX_PARTY:
        raise InvalidArgument(FieldViolation("partySize", f"must be between 1 and {MAX_PARTY}"))
