"""Creating and changing a restaurant's settings, with server-assigned ids for tables,
combinations and form fields, and tables that are removed kept for the reservations naming them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from maitred.domain.audit import LocationChange
from maitred.domain.errors import (
    FieldViolation,
    InvalidArgument,
    PermissionDenied,
    ReservationLocationNotFound,
    ReservationLocationViolation,
    RevisionMismatch,
)
from maitred.domain.lifecycle import Scope
from maitred.domain.location import CustomFieldDefinition, ReservationLocation, TableCombination, TableDefinition
from maitred.domain.location_rules import TABLES, field_problems, find_violations
from maitred.services.commands import Caller
from maitred.services.ports import Clock, UnitOfWorkFactory

Item = TypeVar("Item", TableDefinition, TableCombination, CustomFieldDefinition)


def _new_id() -> str:
    return str(uuid.uuid4())


def _require_full(caller: Caller) -> None:
    if caller.scope is not Scope.FULL:
        raise PermissionDenied("changing a location's settings needs the FULL scope")


def _assign_ids(items: Sequence[Item], known: set[str], path: str) -> tuple[Item, ...]:
    """Give new items (empty id) fresh ids; an id the location never had is refused."""
    result = []
    for i, item in enumerate(items):
        if not item.id:
            item = replace(item, id=_new_id())
        elif item.id not in known:
            raise InvalidArgument(FieldViolation(f"{path}[{i}].id", f"there is no item {item.id} to update"))
        result.append(item)
    return tuple(result)


def reconcile_ids(current: ReservationLocation | None, wanted: ReservationLocation) -> ReservationLocation:
    """Settings as they will be stored: ids assigned, removed tables moved to the deleted list,
    restored tables taken out of it, and combinations of the tables this change removes dropped."""
    tm_now = current.table_management if current else None
    live = {t.id for t in tm_now.tables} if tm_now else set()
    deleted = {t.id: t for t in tm_now.deleted_tables} if tm_now else {}
    tm = wanted.table_management
    tables = _assign_ids(tm.tables, live | set(deleted), f"{TABLES}.tableDefinitions")
    kept = {t.id for t in tables}
    removed = [t for t in tm_now.tables if t.id not in kept] if tm_now else []
    removed_ids = {t.id for t in removed}  # a table removed before is a non-existent one (the rules say so)
    still_deleted = tuple(t for tid, t in deleted.items() if tid not in kept) + tuple(removed)
    known_combos = {c.id for c in tm_now.combinations} if tm_now else set()
    combos = _assign_ids(tm.combinations, known_combos, f"{TABLES}.tableCombinations")
    combos = tuple(c for c in combos if not set(c.table_ids) & removed_ids)
    known_fields = {c.id for c in current.form.custom_fields} if current else set()
    custom = _assign_ids(wanted.form.custom_fields, known_fields,
                         "configuration.reservationForm.customFieldDefinitions")
    return replace(
        wanted,
        table_management=replace(tm, tables=tables, deleted_tables=still_deleted, combinations=combos),
        form=replace(wanted.form, custom_fields=custom),
    )


def check_settings(location: ReservationLocation) -> None:
    problems = field_problems(location)
    if problems:
        raise InvalidArgument(problems)


def check_rules(location: ReservationLocation) -> None:
    violations = find_violations(location)
    if violations:
        raise ReservationLocationViolation(violations)


class LocationService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = unit_of_work
        self._clock = clock

    def create(self, caller: Caller, wanted: ReservationLocation) -> ReservationLocation:
        """A new restaurant; the first one created is the default. What the request alone shows
        to be wrong is refused before the caller's scope is (SPEC §7)."""
        if wanted.table_management.combinations:
            raise InvalidArgument(FieldViolation(
                f"{TABLES}.tableCombinations", "add combinations with an update, once the tables have ids"))
        check_settings(wanted)
        _require_full(caller)
        location = reconcile_ids(None, wanted)
        check_rules(location)
        now = self._clock()
        with self._uow(write=True) as uow:
            location = replace(location, id=_new_id(), revision=1, created=now, updated=now,
                               default=uow.locations.count() == 0, archived=False)
            uow.locations.add(location)
            uow.audit.record_location_change(LocationChange(
                location.id, now, caller.actor, caller.scope, "createReservationLocation", None, location,
                caller.terminal))
            uow.commit()
        return location

    def get(self, location_id: str) -> ReservationLocation:
        with self._uow() as uow:
            location = uow.locations.get(location_id)
        if location is None:
            raise ReservationLocationNotFound(f"there is no reservation location {location_id}")
        return location

    def list(self, limit: int = 100, offset: int = 0) -> tuple[Sequence[ReservationLocation], int]:
        """A page of locations in creation order, and how many there are in all."""
        with self._uow() as uow:
            return uow.locations.list(limit, offset), uow.locations.count()

    def update(self, caller: Caller, location_id: str, revision: int,
               change: Callable[[ReservationLocation], ReservationLocation]) -> ReservationLocation:
        """Apply `change` to the stored settings, if `revision` is still the stored one."""
        _require_full(caller)
        now = self._clock()
        with self._uow(write=True) as uow:
            current = uow.locations.get(location_id, lock=True)
            if current is None:
                raise ReservationLocationNotFound(f"there is no reservation location {location_id}")
            wanted = reconcile_ids(current, change(current))
            check_settings(wanted)
            if current.revision != revision:
                raise RevisionMismatch(
                    f"the settings changed meanwhile (revision {current.revision}, not {revision}): reload them")
            check_rules(wanted)
            wanted = replace(wanted, id=current.id, created=current.created, default=current.default,
                             archived=current.archived, revision=current.revision, updated=current.updated)
            if wanted == current:
                return current
            updated = replace(wanted, revision=current.revision + 1, updated=now)
            uow.locations.save(updated)
            uow.audit.record_location_change(LocationChange(
                location_id, now, caller.actor, caller.scope, "updateReservationLocation", current, updated,
                caller.terminal))
            uow.commit()
        return updated
