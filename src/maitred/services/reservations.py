"""The reservation use cases: book, hold, reserve, change, cancel, abandon, look up, expire.

Each change runs in one write transaction that takes the location's lock, checks, writes the
reservation and its audit entry, and commits; refusals are checked in the order of SPEC §7 and
leave the book untouched.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from maitred.domain.audit import SWEEPER_OPERATION, ReservationChange
from maitred.domain.availability import end_for
from maitred.domain.errors import (
    CanNotBeUpdated,
    FieldViolation,
    InvalidArgument,
    OnlineReservationsDisabled,
    PermissionDenied,
    PhoneNumberIncorrect,
    PhoneNumberRequired,
    ReservationLocationNotFound,
    ReservationNotFound,
    RevisionMismatch,
    TimeNotAvailable,
)
from maitred.domain.lifecycle import (
    CANCELABLE_STATUSES,
    NOT_CREATABLE_STATUSES,
    OCCUPYING_STATUSES,
    ReservationStatus,
    Scope,
    Source,
    can_change_status,
)
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation, TableUse
from maitred.services.commands import (
    UNSET,
    Caller,
    Overrides,
    ReservationDraft,
    ReservationPatch,
    ReserveeDraft,
    pick,
)
from maitred.services.guest_details import build_reservee, normalise_phone
from maitred.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from maitred.services.seating import check_period, check_table_ids, online_rule_refuses, place_party, uses_around

S = ReservationStatus

#: Called inside a booking's transaction once it is written: (unit of work, reservation, now).
BookingHook = Callable[[UnitOfWork, Reservation, datetime], None]


def default_source(scope: Scope) -> Source:
    """As in Wix: the stand's own bookings are UNDEFINED, an integration's and a guest's ONLINE."""
    return Source.UNDEFINED if scope is Scope.FULL else Source.ONLINE


def status_after_details(location: ReservationLocation, source: Source, party_size: int, *, payment: bool) -> S:
    """REQUESTED when an online booking needs approval, PAYMENT_PENDING when it must pay first."""
    if source is Source.ONLINE and location.online.needs_approval(party_size):
        return S.REQUESTED
    if payment and source is Source.ONLINE and location.needs_payment(party_size):
        return S.PAYMENT_PENDING
    return S.RESERVED


def require_staff(caller: Caller, what: str) -> None:
    if not caller.scope.is_staff:
        raise PermissionDenied(f"{what} needs the MEDIUM or FULL scope")


def require_full(caller: Caller, fields: Sequence[str]) -> None:
    if fields and caller.scope is not Scope.FULL:
        raise PermissionDenied(f"only the FULL scope may set {', '.join(fields)}")


class ReservationService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock, after_booking: BookingHook | None = None) -> None:
        self._uow = unit_of_work
        self._clock = clock
        self._after_booking = after_booking  # e.g. the guest book learning the guest

    def _booked(self, uow: UnitOfWork, reservation: Reservation, now: datetime) -> None:
        """A booking gave (or changed) the guest's details: tell the hook, in the same transaction."""
        if self._after_booking is not None:
            self._after_booking(uow, reservation, now)

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _location(uow: UnitOfWork, location_id: str, *, lock: bool = False) -> ReservationLocation:
        location = uow.locations.get(location_id, lock=lock)
        if location is None:
            raise ReservationLocationNotFound(f"there is no reservation location {location_id}")
        return location

    def _locked(self, uow: UnitOfWork, reservation_id: str) -> tuple[Reservation, ReservationLocation]:
        """The reservation and its location, read under the location's lock: the reservation is
        read again once the lock is held, so a change another terminal committed meanwhile is
        seen (and its revision compared) rather than overwritten."""
        location = self._location(uow, self._reservation(uow, reservation_id).location_id, lock=True)
        return self._reservation(uow, reservation_id), location

    @staticmethod
    def _reservation(uow: UnitOfWork, reservation_id: str) -> Reservation:
        reservation = uow.reservations.get(reservation_id)
        if reservation is None:
            raise ReservationNotFound(f"there is no reservation {reservation_id}")
        return reservation

    @staticmethod
    def _check_revision(reservation: Reservation, revision: int) -> None:
        if reservation.revision != revision:
            raise RevisionMismatch(
                f"the reservation changed meanwhile (revision {reservation.revision}, not {revision}): reload it"
            )

    def _record(self, uow: UnitOfWork, caller: Caller | None, operation: str,
                before: Reservation | None, after: Reservation | None, at: datetime) -> None:
        subject = after or before
        assert subject is not None
        uow.audit.record_reservation_change(ReservationChange(
            reservation_id=subject.id, location_id=subject.location_id, at=at,
            actor=caller.actor if caller else None, scope=caller.scope if caller else None,
            operation=operation, before=before, after=after, terminal=caller.terminal if caller else None,
        ))

    @staticmethod
    def _guard_online(
        caller: Caller, location: ReservationLocation, now: datetime, start: datetime, party: int
    ) -> None:
        """An online guest books only when online booking is on and its rules allow this slot."""
        if caller.scope is not Scope.BASIC:
            return
        if not location.online.enabled:
            raise OnlineReservationsDisabled("this restaurant doesn't take online reservations at the moment")
        if online_rule_refuses(location, now, start, party):
            raise TimeNotAvailable("this time can't be booked online")

    # -- creating ------------------------------------------------------------------------------

    def create(self, caller: Caller, draft: ReservationDraft) -> Reservation:
        """createReservation: a booking in one step (phone-in, walk-in, import, online form)."""
        if draft.status in NOT_CREATABLE_STATUSES:
            raise InvalidArgument(FieldViolation("status", "a reservation can't be created HELD or PAYMENT_PENDING"))
        if draft.end is not None:
            check_period(draft.start, draft.end)
        require_full(caller, [name for name, given in (
            ("status", draft.status is not None), ("source", draft.source is not None),
            ("details.tableIds", draft.table_ids is not None), ("details.endDate", draft.end is not None),
            ("ignore lists", draft.overrides.named)) if given])
        now = self._clock()
        with self._uow(write=True) as uow:
            location = self._location(uow, draft.location_id, lock=True)
            source = draft.source or default_source(caller.scope)
            reservee = build_reservee(draft.reservee or ReserveeDraft(), None, location, source,
                                      online_guest=caller.scope is Scope.BASIC)
            if draft.table_ids is not None:
                check_table_ids(location, draft.table_ids, "details.tableIds")
            end = draft.end or end_for(location, draft.start, draft.party_size)
            check_period(draft.start, end)
            self._guard_online(caller, location, now, draft.start, draft.party_size)
            status = draft.status or status_after_details(location, source, draft.party_size, payment=False)
            uses = uses_around(uow, location, draft.start, end, now)
            if status in OCCUPYING_STATUSES:
                placement = place_party(uses, location, draft.start, end, draft.party_size,
                                        requested=draft.table_ids, overrides=draft.overrides,
                                        online_guest=caller.scope is Scope.BASIC)
                tables, clashes = placement.table_ids, placement.clashes
            else:
                tables, clashes = self._quiet_tables(uses, location, draft, end), ()
            reservation = Reservation(
                id=str(uuid.uuid4()), location_id=location.id, status=status, source=source,
                start=draft.start, end=end, party_size=draft.party_size, table_ids=tables, reservee=reservee,
                team_message=draft.team_message, decline_reason=draft.decline_reason, table_clashes=clashes,
                created=now, updated=now, revision=1,
            )
            uow.reservations.add(reservation)
            self._record(uow, caller, "createReservation", None, reservation, now)
            self._booked(uow, reservation, now)
            uow.commit()
        return reservation

    @staticmethod
    def _quiet_tables(uses: Sequence[TableUse], location: ReservationLocation, draft: ReservationDraft,
                      end: datetime) -> tuple[str, ...]:
        """Tables for a booking that holds none (a past or cancelled one): as named, else the best
        free fit if there is one, else none; never a refusal."""
        if draft.table_ids is not None:
            return draft.table_ids
        try:
            return place_party(uses, location, draft.start, end, draft.party_size, requested=None).table_ids
        except TimeNotAvailable:
            return ()

    def hold(self, caller: Caller, location_id: str, start: datetime, party_size: int,
             source: Source | None = None, table_ids: tuple[str, ...] | None = None) -> Reservation:
        """createHeldReservation: keep a table for ten minutes while the guest's details are taken.

        The stand (FULL) may name the tables to hold, as it may on createReservation, so a phone-in
        can take the table the host saw on the slot rather than a bar table kept for walk-ins.
        """
        require_full(caller, [name for name, given in (
            ("source", source is not None), ("reservationDetails.tableIds", table_ids is not None)) if given])
        now = self._clock()
        with self._uow(write=True) as uow:
            location = self._location(uow, location_id, lock=True)
            if table_ids is not None:
                check_table_ids(location, table_ids, "reservationDetails.tableIds")
            self._guard_online(caller, location, now, start, party_size)
            end = end_for(location, start, party_size)
            placement = place_party(uses_around(uow, location, start, end, now), location, start, end, party_size,
                                    requested=table_ids, online_guest=caller.scope is Scope.BASIC)
            reservation = Reservation(
                id=str(uuid.uuid4()), location_id=location.id, status=S.HELD,
                source=source or default_source(caller.scope), start=start, end=end, party_size=party_size,
                table_ids=placement.table_ids, created=now, updated=now, revision=1,
            )
            uow.reservations.add(reservation)
            self._record(uow, caller, "createHeldReservation", None, reservation, now)
            uow.commit()
        return reservation

    def reserve(self, caller: Caller, reservation_id: str, reservee: ReserveeDraft, revision: int) -> Reservation:
        """reserveReservation: the guest's details complete a hold."""
        now = self._clock()
        with self._uow(write=True) as uow:
            current, location = self._locked(uow, reservation_id)
            guest = build_reservee(reservee, None, location, current.source, online_guest=caller.scope is Scope.BASIC)
            self._check_revision(current, revision)
            if current.status is not S.HELD:
                raise CanNotBeUpdated(f"only a held reservation can be reserved; this one is {current.status}")
            if current.is_expired(now):
                raise CanNotBeUpdated("the ten-minute hold has expired: hold the table again")
            status = status_after_details(location, current.source, current.party_size, payment=True)
            updated = replace(current, status=status, reservee=guest, updated=now, revision=current.revision + 1)
            uow.reservations.save(updated)
            self._record(uow, caller, "reserveReservation", current, updated, now)
            self._booked(uow, updated, now)
            uow.commit()
        return updated

    # -- changing ------------------------------------------------------------------------------

    def update(self, caller: Caller, reservation_id: str, revision: int, patch: ReservationPatch) -> Reservation:
        """updateReservation: a partial change, re-checking the room when the stay changes."""
        require_staff(caller, "changing a reservation")
        require_full(caller, patch.restricted_fields())
        now = self._clock()
        with self._uow(write=True) as uow:
            current, location = self._locked(uow, reservation_id)
            if patch.location_id is not UNSET and patch.location_id != current.location_id:
                raise InvalidArgument(FieldViolation("details.reservationLocationId",
                                                     "a reservation can't move to another location"))
            source = pick(patch.source, current.source)
            reservee = current.reservee
            if patch.reservee is not UNSET or source is not current.source:
                reservee = build_reservee(pick(patch.reservee, None), current.reservee,
                                          location, source, online_guest=False)
            if patch.table_ids is not UNSET and patch.table_ids != current.table_ids:
                check_table_ids(location, patch.table_ids, "details.tableIds")
            self._check_revision(current, revision)
            if current.status is S.HELD:
                raise CanNotBeUpdated("a held reservation is completed with reserveReservation, not changed")
            status = pick(patch.status, current.status)
            if status is not current.status:
                if not can_change_status(current.status, status):
                    raise CanNotBeUpdated(f"a {current.status} reservation can't become {status}")
                if current.is_expired(now):
                    raise CanNotBeUpdated("the payment window of this reservation has expired")
            start = pick(patch.start, current.start)
            party = pick(patch.party_size, current.party_size)
            if patch.end is not UNSET:
                end = patch.end
            elif start != current.start or party != current.party_size:
                end = end_for(location, start, party)
            else:
                end = current.end
            check_period(start, end)
            candidate = replace(
                current, status=status, source=source, start=start, end=end, party_size=party,
                table_ids=pick(patch.table_ids, current.table_ids), reservee=reservee,
                team_message=pick(patch.team_message, current.team_message),
                decline_reason=pick(patch.decline_reason, current.decline_reason),
            )
            if self._needs_room_check(current, candidate, patch):
                uses = uses_around(uow, location, start, end, now, exclude_id=current.id)
                # An occupying reservation without tables was booked so ([]) and stays so; one
                # coming back into the room (undo of a cancellation, a no-show) is seated again.
                entering = current.status not in OCCUPYING_STATUSES
                placement = place_party(
                    uses, location, start, end, party,
                    requested=pick(patch.table_ids, None if current.table_ids or entering else ()),
                    keep=current.table_ids, overrides=patch.overrides,
                )
                candidate = replace(candidate, table_ids=placement.table_ids, table_clashes=placement.clashes)
            if candidate == current:
                return current
            updated = replace(candidate, updated=now, revision=current.revision + 1)
            uow.reservations.save(updated)
            self._record(uow, caller, "updateReservation", current, updated, now)
            if updated.reservee != current.reservee:
                self._booked(uow, updated, now)
            uow.commit()
        return updated

    @staticmethod
    def _needs_room_check(current: Reservation, candidate: Reservation, patch: ReservationPatch) -> bool:
        if candidate.status not in OCCUPYING_STATUSES:
            return False
        if current.status not in OCCUPYING_STATUSES:
            return True
        stay_changed = (candidate.start, candidate.end, candidate.party_size) != (
            current.start, current.end, current.party_size)
        return stay_changed or (patch.table_ids is not UNSET and patch.table_ids != current.table_ids)

    def cancel(self, caller: Caller, reservation_id: str, revision: int, phone: str | None = None) -> Reservation:
        """cancelReservation. An online guest proves it is theirs with the phone it was booked with."""
        now = self._clock()
        with self._uow(write=True) as uow:
            current, location = self._locked(uow, reservation_id)
            given_phone = normalise_phone(phone, location.info.country_code, "phone") if phone else None
            self._check_revision(current, revision)
            if current.status not in CANCELABLE_STATUSES or current.is_expired(now):
                raise CanNotBeUpdated(f"a {current.status} reservation can't be cancelled")
            if caller.scope is Scope.BASIC and current.source is not Source.WALK_IN:
                if given_phone is None:
                    raise PhoneNumberRequired("give the phone number the reservation was made with")
                if current.reservee is None or current.reservee.phone != given_phone:
                    raise PhoneNumberIncorrect("that is not the phone number the reservation was made with")
            updated = replace(current, status=S.CANCELED, updated=now, revision=current.revision + 1)
            uow.reservations.save(updated)
            self._record(uow, caller, "cancelReservation", current, updated, now)
            uow.commit()
        return updated

    def delete(self, caller: Caller, reservation_id: str) -> Reservation:
        """deleteReservation: let go of a hold (the guest hung up, the host pressed Escape)."""
        now = self._clock()
        with self._uow(write=True) as uow:
            current, _ = self._locked(uow, reservation_id)
            if current.status is not S.HELD:
                raise CanNotBeUpdated("only a held reservation can be deleted; cancel it instead")
            uow.reservations.delete(current.id)
            self._record(uow, caller, "deleteReservation", current, None, now)
            uow.commit()
        return current

    def expire_held(self) -> int:
        """The sweeper: delete holds and payment windows whose ten minutes are over."""
        now = self._clock()
        with self._uow(write=True) as uow:
            expired = uow.reservations.expired_holds(now)
            for reservation in expired:
                uow.reservations.delete(reservation.id)
                self._record(uow, None, SWEEPER_OPERATION, reservation, None, now)
            uow.commit()
        return len(expired)

    # -- reading -------------------------------------------------------------------------------

    def get(self, reservation_id: str) -> Reservation:
        with self._uow() as uow:
            return self._reservation(uow, reservation_id)

    def history(self, caller: Caller, reservation_id: str) -> Sequence[ReservationChange]:
        require_staff(caller, "reading a reservation's history")
        with self._uow() as uow:
            entries = uow.audit.reservation_history(reservation_id)
        if not entries:
            raise ReservationNotFound(f"there is no reservation {reservation_id}")
        return entries

    def next_hold_deadline(self) -> datetime | None:
        with self._uow() as uow:
            return uow.reservations.next_hold_deadline()


__all__ = ["UNSET", "Overrides", "ReservationService", "default_source"]
