"""The guest book: recognising a returning guest by phone, their profile and record, merging
duplicates, and a guest's data exported or erased on request.

Profiles are learned from bookings (`remember_guest`, called by the reservation service inside
the booking's own transaction), so a guest who booked online is known at the stand too; the host
adds what only the house knows (tags, notes). Learning is not written to the audit log (it is a
consequence of the booking, which is); the host's edits, merges and erasures are.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from maitred.domain.audit import ReservationChange
from maitred.domain.errors import ReservationBookError, RevisionMismatch, invalid
from maitred.domain.guest import (
    Erasure,
    Guest,
    GuestCard,
    GuestChange,
    GuestHasUpcomingVisit,
    clean_tags,
    guest_from_reservee,
    history_of,
    learn_from_reservee,
    likely_duplicates,
    lookup_digits,
    merge_guests,
    rank_by_phone,
    without_guest,
)
from maitred.domain.lifecycle import OCCUPYING_STATUSES, ReservationStatus
from maitred.domain.reservation import Reservation
from maitred.domain.waitlist import WaitingParty, WaitlistChange
from maitred.services.commands import Caller, ReserveeDraft
from maitred.services.guest_details import check_reservee_shape
from maitred.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from maitred.services.reservations import require_staff

#: At most this many guests answer a look-up while the host types.
LOOKUP_LIMIT = 8
MAX_NOTES = 10000


class GuestNotFound(ReservationBookError):
    code = "GUEST_NOT_FOUND"


def remember_guest(uow: UnitOfWork, reservation: Reservation, now: datetime) -> None:
    """Learn the guest of a booking that gave a phone: a new profile, or blanks filled in and the
    latest e-mail kept. Never refuses a booking: a profile another terminal is writing at the same
    moment is left to that terminal."""
    reservee = reservation.reservee
    if reservee is None or not reservee.phone:
        return
    known = uow.guests.by_phone(reservee.phone)
    if known is None:
        uow.guests.add(guest_from_reservee(str(uuid.uuid4()), reservee, now))
        return
    learned = learn_from_reservee(known, reservee, now)
    if learned is not known:
        with suppress(RevisionMismatch):
            uow.guests.save(learned)


def iso(moment: datetime | None) -> str | None:
    """UTC, ISO-8601 with a Z, as the wire API writes instants."""
    if moment is None:
        return None
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return text.replace(".000Z", "Z")


class GuestBook:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = unit_of_work
        self._clock = clock

    # --- looking up -------------------------------------------------------------------------

    def lookup(self, typed_phone: str, limit: int = LOOKUP_LIMIT) -> list[Guest]:
        """Guests whose numbers contain the digits typed so far (three or more), best first."""
        digits = lookup_digits(typed_phone)
        if digits is None:
            return []
        with self._uow() as uow:
            candidates = uow.guests.with_digits(digits, limit * 10)
        return rank_by_phone(candidates, digits)[:limit]

    def find(self, text: str, limit: int = 100) -> list[Guest]:
        """By phone digits or by name / e-mail words."""
        if lookup_digits(text) is not None:
            return self.lookup(text, limit)
        with self._uow() as uow:
            return list(uow.guests.search(text, limit))

    def everybody(self) -> list[Guest]:
        with self._uow() as uow:
            return list(uow.guests.all())

    def get(self, guest_id: str) -> Guest:
        with self._uow() as uow:
            return self._guest(uow, guest_id)

    def by_phone(self, phone: str) -> Guest | None:
        """The guest an E.164 number recognises."""
        with self._uow() as uow:
            return uow.guests.by_phone(phone)

    def card(self, guest_id: str) -> GuestCard:
        now = self._clock()
        with self._uow() as uow:
            guest = self._guest(uow, guest_id)
            reservations = uow.guests.reservations_of(guest.phones)
        return GuestCard(guest, history_of(reservations, now))

    def duplicates_of(self, guest_id: str) -> list[Guest]:
        with self._uow() as uow:
            guest = self._guest(uow, guest_id)
            return likely_duplicates(guest, uow.guests.all())

    @staticmethod
    def _guest(uow: UnitOfWork, guest_id: str) -> Guest:
        guest = uow.guests.get(guest_id)
        if guest is None:
            raise GuestNotFound(f"there is no guest {guest_id}: another terminal may have merged or erased them")
        return guest

    # --- changing ---------------------------------------------------------------------------

    def update(self, caller: Caller, guest_id: str, revision: int, *, first_name: str | None,
               last_name: str | None, email: str | None, tags: Sequence[str], notes: str) -> Guest:
        """The host's edit of a profile (the phone stays: a new number is a new guest, or a merge)."""
        require_staff(caller, "changing a guest")
        first, last, mail = (v.strip() or None if v else None for v in (first_name, last_name, email))
        check_reservee_shape(ReserveeDraft(first_name=first, last_name=last, email=mail), "guest")
        if len(notes) > MAX_NOTES:
            raise invalid("guest.notes", f"is longer than {MAX_NOTES} characters")
        now = self._clock()
        with self._uow(write=True) as uow:
            current = self._guest(uow, guest_id)
            if current.revision != revision:
                raise RevisionMismatch("the guest was changed meanwhile: look again, then repeat the change")
            edited = replace(current, first_name=first, last_name=last, email=mail, tags=clean_tags(tags),
                             notes=notes.strip())
            if edited == current:
                return current
            edited = replace(edited, updated=now, revision=current.revision + 1)
            uow.guests.save(edited)
            self._record(uow, caller, "updateGuest", guest_id, current, edited, now)
            uow.commit()
        return edited

    def merge(self, caller: Caller, keep_id: str, duplicate_id: str) -> Guest:
        """Two profiles of one person become one: `keep_id` stays, the duplicate's numbers now
        recognise it, and its record includes the duplicate's reservations."""
        require_staff(caller, "merging guests")
        now = self._clock()
        with self._uow(write=True) as uow:
            keep, duplicate = self._guest(uow, keep_id), self._guest(uow, duplicate_id)
            merged = merge_guests(keep, duplicate, now)
            uow.guests.merge(merged, duplicate)
            self._record(uow, caller, "mergeGuest", keep.id, keep, merged, now)
            self._record(uow, caller, "mergeGuest", duplicate.id, duplicate, None, now)
            uow.commit()
        return merged

    def erase(self, caller: Caller, guest_id: str) -> Erasure:
        """Forget a guest on request: the profile goes, and their name, phone and e-mail are
        blanked on every reservation and waitlist entry made with their numbers, and in the
        audit log's copies of them. Refused while the guest is expected, at a table or waiting:
        erase after the visit, or cancel first."""
        require_staff(caller, "erasing a guest")
        now = self._clock()
        with self._uow(write=True) as uow:
            guest = self._guest(uow, guest_id)
            reservations = list(uow.guests.reservations_of(guest.phones))
            parties = list(uow.waitlist.with_phones(guest.phones))
            if any(r.status in OCCUPYING_STATUSES and r.status is not ReservationStatus.HELD and r.end > now
                   for r in reservations) or any(p.is_waiting for p in parties):
                raise GuestHasUpcomingVisit(
                    "this guest is expected, at a table or waiting: erase them after the visit, or cancel first")
            blanked = []
            for r in reservations:
                scrubbed = replace(r, reservee=without_guest(r.reservee))
                after = replace(scrubbed, updated=now, revision=r.revision + 1)
                uow.reservations.save(after)
                uow.audit.record_reservation_change(ReservationChange(
                    reservation_id=r.id, location_id=r.location_id, at=now, actor=caller.actor,
                    scope=caller.scope, operation="eraseGuest", before=scrubbed, after=after,
                    terminal=caller.terminal))
                blanked.append(after)
            forgotten = []
            for p in parties:
                scrubbed_party = replace(p, name=None, phone=None)
                after_party = replace(scrubbed_party, revision=p.revision + 1)
                uow.waitlist.save(after_party)
                uow.waitlist.record_change(WaitlistChange(
                    party_id=p.id, location_id=p.location_id, at=now, actor=caller.actor, scope=caller.scope,
                    operation="eraseGuest", before=scrubbed_party, after=after_party, terminal=caller.terminal))
                forgotten.append(after_party)
            uow.guests.forget_in_history(guest.id, [r.id for r in reservations], [p.id for p in parties])
            uow.guests.delete(guest.id)
            self._record(uow, caller, "eraseGuest", guest.id, None, None, now)
            uow.commit()
        return Erasure(tuple(blanked), tuple(forgotten))

    @staticmethod
    def _record(uow: UnitOfWork, caller: Caller, operation: str, guest_id: str, before: Guest | None,
                after: Guest | None, at: datetime) -> None:
        uow.guests.record_change(GuestChange(guest_id, at, caller.actor, caller.scope, operation, before, after,
                                             caller.terminal))

    # --- export -----------------------------------------------------------------------------

    def export(self, caller: Caller, guest_id: str) -> dict[str, Any]:
        """Everything the book holds about a guest, as JSON-ready data (a subject access request)."""
        require_staff(caller, "exporting a guest's data")
        now = self._clock()
        with self._uow() as uow:
            guest = self._guest(uow, guest_id)
            reservations = uow.guests.reservations_of(guest.phones)
            parties = uow.waitlist.with_phones(guest.phones)
        return {
            "exportedDate": iso(now),
            "guest": {
                "id": guest.id, "firstName": guest.first_name, "lastName": guest.last_name, "phone": guest.phone,
                "otherPhones": list(guest.other_phones), "email": guest.email, "tags": list(guest.tags),
                "notes": guest.notes, "createdDate": iso(guest.created), "updatedDate": iso(guest.updated),
            },
            "reservations": [_reservation_export(r) for r in reservations],
            "waitlist": [_party_export(p) for p in parties],
        }


def _reservation_export(r: Reservation) -> dict[str, Any]:
    guest = r.reservee
    return {
        "id": r.id, "reservationLocationId": r.location_id, "status": r.status.value, "source": r.source.value,
        "startDate": iso(r.start), "endDate": iso(r.end), "partySize": r.party_size,
        "reservee": None if guest is None else {
            "firstName": guest.first_name, "lastName": guest.last_name, "phone": guest.phone, "email": guest.email,
            "marketingConsent": guest.marketing_consent, "customFields": dict(guest.custom_fields)},
        "teamMessage": r.team_message, "createdDate": iso(r.created),
    }


def _party_export(p: WaitingParty) -> dict[str, Any]:
    return {
        "id": p.id, "reservationLocationId": p.location_id, "partySize": p.party_size, "name": p.name,
        "phone": p.phone, "notes": p.notes, "addedDate": iso(p.added), "quotedReadyDate": iso(p.quoted_ready),
        "status": p.status.value, "notifiedDate": iso(p.notified), "seatedDate": iso(p.seated),
        "leftDate": iso(p.left),
    }
