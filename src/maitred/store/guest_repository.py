"""The guest book and the waitlist over SQL (the `GuestRepository` and `WaitlistRepository` ports).

Guests: one row per profile, keyed by a unique phone number. Merging a duplicate keeps its row
as an alias (its number, `merged_into` the kept guest), so its number still recognises the
guest and no two rows ever share a number. Adding a guest whose number another terminal has
just added is ignored (`ON CONFLICT DO NOTHING`): a booking never fails for the guest book.

Changes of guests and of the waitlist are written to the audit log like reservation changes,
under kinds of their own, so the change counter tells other terminals the waitlist moved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, and_, delete, func, insert, or_, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql.dml import Insert

from maitred.domain.errors import RevisionMismatch
from maitred.domain.guest import Guest, GuestChange, clean_tags
from maitred.domain.reservation import Reservation
from maitred.domain.waitlist import WaitingParty, WaitlistChange, WaitStatus
from maitred.store.codec import from_ms, to_ms
from maitred.store.repositories import (
    StoreConnection,
    _reservation_from_row,
    append_change,
    newer_revision_update,
    save_newer,
)
from maitred.store.schema import (
    AUDIT_KIND_GUEST,
    AUDIT_KIND_RESERVATION,
    AUDIT_KIND_WAITLIST,
    audit_table,
    guests_table,
    reservations_table,
    waitlist_table,
)

_g = guests_table.c
_w = waitlist_table.c
_SAVE_GUEST = newer_revision_update(guests_table, _g.merged_into.is_(None))
_SAVE_PARTY = newer_revision_update(waitlist_table)


@lru_cache(maxsize=2)
def _add_guest(postgres: bool) -> Insert:
    """A new profile whose number another terminal has just taken is left to that terminal (each
    dialect's INSERT … ON CONFLICT DO NOTHING; PostgreSQL's loads only on a PostgreSQL book)."""
    if postgres:
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(guests_table).on_conflict_do_nothing(index_elements=["phone"])
    return sqlite.insert(guests_table).on_conflict_do_nothing(index_elements=["phone"])
_r = reservations_table.c
_audit = audit_table.c


def _like_text(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# --- guests ------------------------------------------------------------------------------------


class SqlGuestRepository:
    def __init__(self, store: StoreConnection) -> None:
        self._store = store

    def add(self, guest: Guest) -> None:
        self._store.execute(_add_guest(self._store.postgres), _guest_values(guest))

    def save(self, guest: Guest) -> None:
        save_newer(self._store, _SAVE_GUEST, _guest_values(guest),
                   gone=lambda: RevisionMismatch(f"guest {guest.id} is gone"),
                   stale=lambda stored: RevisionMismatch(f"guest {guest.id} is at revision {stored}"))

    def get(self, guest_id: str) -> Guest | None:
        row = self._store.execute(select(guests_table).where(_g.id == guest_id, _g.merged_into.is_(None))).first()
        return None if row is None else self._with_aliases([row])[0]

    def by_phone(self, phone: str) -> Guest | None:
        """The profile this number belongs to (directly, or as an alias of a merged profile)."""
        owner = select(func.coalesce(_g.merged_into, _g.id)).where(_g.phone == phone).scalar_subquery()
        rows = list(self._store.execute(select(guests_table).where(_g.id == owner, _g.merged_into.is_(None))))
        return self._with_aliases(rows)[0] if rows else None

    def with_digits(self, digits: str, limit: int) -> Sequence[Guest]:
        wanted = {digits, digits.lstrip("0")} - {""}
        matches = or_(*(_g.phone.like(_like_text(d), escape="\\") for d in wanted))
        ids = select(func.coalesce(_g.merged_into, _g.id)).where(matches).distinct().limit(limit)
        rows = self._store.execute(select(guests_table).where(_g.id.in_(ids), _g.merged_into.is_(None)))
        return self._with_aliases(list(rows))

    def search(self, text: str, limit: int) -> Sequence[Guest]:
        words = text.split()
        if not words:
            return []
        name = func.lower(func.coalesce(_g.first_name, "") + " " + func.coalesce(_g.last_name, "") + " "
                          + func.coalesce(_g.email, ""))
        statement = (
            select(guests_table)
            .where(_g.merged_into.is_(None),
                   *(name.like(_like_text(word.lower()), escape="\\") for word in words))
            .order_by(func.lower(func.coalesce(_g.last_name, "")), func.lower(func.coalesce(_g.first_name, "")), _g.id)
            .limit(limit)
        )
        return self._with_aliases(list(self._store.execute(statement)))

    def all(self) -> Sequence[Guest]:
        statement = (
            select(guests_table)
            .where(_g.merged_into.is_(None))
            .order_by(func.lower(func.coalesce(_g.last_name, "")), func.lower(func.coalesce(_g.first_name, "")), _g.id)
        )
        return self._with_aliases(list(self._store.execute(statement)))

    def merge(self, kept: Guest, duplicate: Guest) -> None:
        self.save(kept)
        self._store.execute(update(guests_table).where(_g.merged_into == duplicate.id).values(merged_into=kept.id))
        self._store.execute(
            update(guests_table).where(_g.id == duplicate.id).values(
                merged_into=kept.id, first_name=None, last_name=None, email=None, tags="[]", notes="",
                updated_ms=None if kept.updated is None else to_ms(kept.updated), revision=duplicate.revision + 1))

    def delete(self, guest_id: str) -> None:
        self._store.execute(delete(guests_table).where(or_(_g.id == guest_id, _g.merged_into == guest_id)))

    def reservations_of(self, phones: Sequence[str]) -> Sequence[Reservation]:
        if not phones:
            return []
        # The guest is stored as compact JSON (codec.dumps): `"phone":"+39..."` finds exactly that number.
        patterns = [_r.reservee.like(_like_text(f'"phone":{json.dumps(p)}'), escape="\\") for p in phones]
        statement = select(reservations_table).where(or_(*patterns)).order_by(_r.start_ms, _r.id)
        found = [_reservation_from_row(row) for row in self._store.execute(statement)]
        return [r for r in found if r.reservee is not None and r.reservee.phone in phones]

    def record_change(self, change: GuestChange) -> None:
        append_change(self._store, AUDIT_KIND_GUEST, change.guest_id, "", change, change.before, change.after)

    def forget_in_history(self, guest_id: str, reservation_ids: Sequence[str], party_ids: Sequence[str]) -> None:
        aliases = list(self._store.execute(select(_g.id).where(_g.merged_into == guest_id)).scalars())
        self._store.execute(
            update(audit_table)
            .where(_audit.kind == AUDIT_KIND_GUEST, _audit.subject_id.in_([guest_id, *aliases]))
            .values(before=None, after=None))
        for kind, ids, scrub in ((AUDIT_KIND_RESERVATION, reservation_ids, _without_reservee),
                                 (AUDIT_KIND_WAITLIST, party_ids, _without_party_guest)):
            if not ids:
                continue
            rows = self._store.execute(
                select(_audit.id, _audit.before, _audit.after).where(_audit.kind == kind, _audit.subject_id.in_(ids)))
            for row in list(rows):
                self._store.execute(update(audit_table).where(_audit.id == row.id).values(
                    before=_scrubbed(row.before, scrub), after=_scrubbed(row.after, scrub)))

    def _with_aliases(self, rows: list[Row[Any]]) -> list[Guest]:
        if not rows:
            return []
        ids = [row.id for row in rows]
        aliases: dict[str, list[str]] = {}
        alias_rows = self._store.execute(
            select(_g.merged_into, _g.phone).where(_g.merged_into.in_(ids)).order_by(_g.phone))
        for alias in alias_rows:
            aliases.setdefault(alias.merged_into, []).append(alias.phone)
        return [_guest_from_row(row, tuple(aliases.get(row.id, ()))) for row in rows]


def _guest_values(guest: Guest) -> dict[str, Any]:
    return {
        "id": guest.id, "phone": guest.phone, "merged_into": None, "first_name": guest.first_name,
        "last_name": guest.last_name, "email": guest.email,
        "tags": json.dumps(list(guest.tags), ensure_ascii=False, separators=(",", ":")), "notes": guest.notes,
        "created_ms": None if guest.created is None else to_ms(guest.created),
        "updated_ms": None if guest.updated is None else to_ms(guest.updated), "revision": guest.revision,
    }


def _guest_from_row(row: Row[Any], other_phones: tuple[str, ...]) -> Guest:
    return Guest(
        id=row.id, phone=row.phone, first_name=row.first_name, last_name=row.last_name, email=row.email,
        tags=clean_tags(json.loads(row.tags)), notes=row.notes, other_phones=other_phones,
        created=None if row.created_ms is None else from_ms(row.created_ms),
        updated=None if row.updated_ms is None else from_ms(row.updated_ms), revision=row.revision,
    )


def _scrubbed(text: str | None, scrub: Callable[[dict[str, Any]], None]) -> str | None:
    if text is None:
        return None
    data = json.loads(text)
    if isinstance(data, dict):
        scrub(data)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _without_reservee(data: dict[str, Any]) -> None:
    reservee = data.get("reservee")
    if isinstance(reservee, dict):
        reservee.update(first_name=None, last_name=None, email=None, phone=None, marketing_consent=None)


def _without_party_guest(data: dict[str, Any]) -> None:
    data.update(name=None, phone=None)


# --- the waitlist ------------------------------------------------------------------------------


class SqlWaitlistRepository:
    def __init__(self, store: StoreConnection) -> None:
        self._store = store

    def add(self, party: WaitingParty) -> None:
        self._store.execute(insert(waitlist_table).values(**_party_values(party)))

    def save(self, party: WaitingParty) -> None:
        save_newer(self._store, _SAVE_PARTY, _party_values(party),
                   gone=lambda: RevisionMismatch(f"waiting party {party.id} is gone"),
                   stale=lambda stored: RevisionMismatch(f"waiting party {party.id} is at revision {stored}"))

    def get(self, party_id: str) -> WaitingParty | None:
        row = self._store.execute(select(waitlist_table).where(_w.id == party_id)).first()
        return None if row is None else _party_from_row(row)

    def waiting(self, location_id: str) -> Sequence[WaitingParty]:
        statement = (
            select(waitlist_table)
            .where(_w.location_id == location_id, _w.status == WaitStatus.WAITING.value)
            .order_by(_w.added_ms, _w.id)
        )
        return [_party_from_row(row) for row in self._store.execute(statement)]

    def added_between(self, location_id: str, start: datetime, end: datetime) -> Sequence[WaitingParty]:
        statement = (
            select(waitlist_table)
            .where(_w.location_id == location_id, and_(_w.added_ms >= to_ms(start), _w.added_ms < to_ms(end)))
            .order_by(_w.added_ms, _w.id)
        )
        return [_party_from_row(row) for row in self._store.execute(statement)]

    def with_phones(self, phones: Sequence[str]) -> Sequence[WaitingParty]:
        if not phones:
            return []
        statement = select(waitlist_table).where(_w.phone.in_(list(phones))).order_by(_w.added_ms, _w.id)
        return [_party_from_row(row) for row in self._store.execute(statement)]

    def record_change(self, change: WaitlistChange) -> None:
        append_change(self._store, AUDIT_KIND_WAITLIST, change.party_id, change.location_id, change, change.before,
                      change.after)


def _optional_ms(value: datetime | None) -> int | None:
    return None if value is None else to_ms(value)


def _party_values(party: WaitingParty) -> dict[str, Any]:
    return {
        "id": party.id, "location_id": party.location_id, "party_size": party.party_size,
        "added_ms": to_ms(party.added), "name": party.name, "phone": party.phone, "notes": party.notes,
        "quoted_ready_ms": _optional_ms(party.quoted_ready), "status": party.status.value,
        "notified_ms": _optional_ms(party.notified), "seated_ms": _optional_ms(party.seated),
        "left_ms": _optional_ms(party.left), "reservation_id": party.reservation_id, "revision": party.revision,
    }


def _optional_instant(milliseconds: int | None) -> datetime | None:
    return None if milliseconds is None else from_ms(milliseconds)


def _party_from_row(row: Row[Any]) -> WaitingParty:
    return WaitingParty(
        id=row.id, location_id=row.location_id, party_size=row.party_size, added=from_ms(row.added_ms),
        name=row.name, phone=row.phone, notes=row.notes, quoted_ready=_optional_instant(row.quoted_ready_ms),
        status=WaitStatus(row.status), notified=_optional_instant(row.notified_ms),
        seated=_optional_instant(row.seated_ms), left=_optional_instant(row.left_ms),
        reservation_id=row.reservation_id, revision=row.revision,
    )
