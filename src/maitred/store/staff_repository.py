"""Staff members over SQL, and the audit log's read side for the manager's change log.

The PIN's hash lives in the staff row but never in a `StaffMember`: the repository hands it out
only through `pin()`, so the members written to the audit log as snapshots can't carry it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, insert, select, update

from maitred.domain.change_log import (
    KIND_LOCATION,
    KIND_RESERVATION,
    KIND_STAFF,
    ChangeLogEntry,
    ChangeLogQuery,
    Snapshot,
)
from maitred.domain.errors import RevisionMismatch
from maitred.domain.lifecycle import Scope
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.staff import PinHash, Role, StaffChange, StaffMember
from maitred.store.codec import CodecError, from_ms, loads, to_ms
from maitred.store.repositories import (
    SqlAuditLog,
    StoreConnection,
    append_change,
    newer_revision_update,
    save_newer,
)
from maitred.store.schema import AUDIT_KIND_STAFF, audit_table, staff_table

#: PostgreSQL advisory lock of the staff list (SQLite's write transaction already serialises).
STAFF_LOCK_KEY = 0x6D61_6974_7264_02

_staff = staff_table.c
_SAVE_MEMBER = newer_revision_update(staff_table)
_audit = audit_table.c


class SqlStaffRepository:
    def __init__(self, store: StoreConnection) -> None:
        self._store = store

    def lock(self) -> None:
        if self._store.postgres:
            self._store.execute(select(func.pg_advisory_xact_lock(STAFF_LOCK_KEY)))

    def add(self, member: StaffMember, pin: PinHash) -> None:
        self._store.execute(insert(staff_table).values(pin_hash=pin.encode(), **_member_values(member)))

    def save(self, member: StaffMember) -> None:
        save_newer(self._store, _SAVE_MEMBER, _member_values(member),
                   gone=lambda: RevisionMismatch(f"staff member {member.id} is gone"),
                   stale=lambda stored: RevisionMismatch(f"staff member {member.id} changed meanwhile"))

    def set_pin(self, member_id: str, pin: PinHash) -> None:
        self._store.execute(update(staff_table).where(_staff.id == member_id).values(pin_hash=pin.encode()))

    def pin(self, member_id: str) -> PinHash | None:
        text = self._store.execute(select(_staff.pin_hash).where(_staff.id == member_id)).scalar_one_or_none()
        return None if text is None else PinHash.decode(text)

    def get(self, member_id: str) -> StaffMember | None:
        row = self._store.execute(select(staff_table).where(_staff.id == member_id)).first()
        return None if row is None else _member_from_row(row)

    def list(self) -> Sequence[StaffMember]:
        rows = self._store.execute(select(staff_table).order_by(func.lower(_staff.name), _staff.id))
        return [_member_from_row(row) for row in rows]


def _member_values(member: StaffMember) -> dict[str, Any]:
    return {
        "id": member.id,
        "name": member.name,
        "role": member.role.value,
        "active": member.active,
        "created_ms": None if member.created is None else to_ms(member.created),
        "updated_ms": None if member.updated is None else to_ms(member.updated),
        "revision": member.revision,
    }


def _member_from_row(row: Row[Any]) -> StaffMember:
    return StaffMember(
        id=row.id, name=row.name, role=Role(row.role), active=bool(row.active),
        created=None if row.created_ms is None else from_ms(row.created_ms),
        updated=None if row.updated_ms is None else from_ms(row.updated_ms),
        revision=row.revision,
    )


# --- the audit log, with staff entries and the change log's read side ----------------------------

_SNAPSHOT_TYPES: dict[str, type[Reservation | ReservationLocation | StaffMember]] = {
    KIND_RESERVATION: Reservation,
    KIND_LOCATION: ReservationLocation,
    KIND_STAFF: StaffMember,
}


class SqlChangeLog(SqlAuditLog):
    """The audit log of `repositories.py`, plus staff entries and browsing every entry."""

    def record_staff_change(self, change: StaffChange) -> None:
        append_change(self._store, AUDIT_KIND_STAFF, change.member_id, "", change, change.before, change.after)

    def change_log(self, query: ChangeLogQuery) -> Sequence[ChangeLogEntry]:
        statement = select(audit_table)
        if query.start is not None:
            statement = statement.where(_audit.at_ms >= to_ms(query.start))
        if query.end is not None:
            statement = statement.where(_audit.at_ms < to_ms(query.end))
        if query.actor is not None:
            statement = statement.where(_audit.actor == query.actor)
        if query.before_id is not None:
            statement = statement.where(_audit.id < query.before_id)
        rows = self._store.execute(statement.order_by(_audit.id.desc()).limit(query.limit))
        return [_entry_from_row(row) for row in rows]

    def change_log_actors(self) -> Sequence[str]:
        statement = select(_audit.actor).where(_audit.actor.is_not(None)).distinct().order_by(_audit.actor)
        return [actor for actor in self._store.execute(statement).scalars()]


def _entry_from_row(row: Row[Any]) -> ChangeLogEntry:
    return ChangeLogEntry(
        id=row.id, kind=row.kind, subject_id=row.subject_id, location_id=row.location_id,
        at=from_ms(row.at_ms), actor=row.actor, terminal=row.terminal,
        scope=None if row.scope is None else Scope(row.scope), operation=row.operation,
        before=_snapshot(row.kind, row.before), after=_snapshot(row.kind, row.after),
    )


def _snapshot(kind: str, text: str | None) -> Snapshot:
    """The value before or after a change; another feature's kind (or an old shape the current
    code can't read) is shown as its stored JSON object rather than hiding the entry."""
    if text is None:
        return None
    kind_type = _SNAPSHOT_TYPES.get(kind)
    if kind_type is not None:
        try:
            return loads(kind_type, text)
        except (CodecError, ValueError, TypeError):
            pass
    data = json.loads(text)
    return data if isinstance(data, dict) else {"value": data}
