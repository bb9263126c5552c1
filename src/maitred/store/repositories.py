"""The service ports (`LocationRepository`, `ReservationRepository`, `AuditLog`) over SQL.

All statements are Core statements on the unit of work's one connection: rows are translated to
frozen domain values explicitly, never mapped, so no ORM identity map can hand out stale state.
The availability look-up (`table_uses`) reads only the five columns it needs through the
(location_id, start_ms) index; it runs for every time-slot request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Protocol, cast
from weakref import WeakKeyDictionary

from sqlalchemy import (
    ClauseElement,
    ColumnElement,
    Connection,
    CursorResult,
    Engine,
    Executable,
    Row,
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import Update

from maitred.domain.audit import LocationChange, ReservationChange
from maitred.domain.errors import ReservationLocationNotFound, ReservationNotFound, RevisionMismatch
from maitred.domain.lifecycle import EXPIRING_STATUSES, OCCUPYING_STATUSES, ReservationStatus, Scope, Source
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import (
    HOLD_LIFETIME,
    LONGEST_RESERVATION,
    Reservation,
    Reservee,
    TableClash,
    TableUse,
)
from maitred.store.codec import dumps, from_json_hint, from_ms, loads, to_ms
from maitred.store.engine import is_postgres, unavailable_when_busy
from maitred.store.schema import (
    AUDIT_KIND_LOCATION,
    AUDIT_KIND_RESERVATION,
    audit_table,
    locations_table,
    reservations_table,
)

_MILLISECOND = timedelta(milliseconds=1)
HOLD_LIFETIME_MS = HOLD_LIFETIME // _MILLISECOND
LONGEST_RESERVATION_MS = LONGEST_RESERVATION // _MILLISECOND

#: PostgreSQL advisory lock taken before writing to the audit log, so change ids become visible
#: in the order they were given out and a terminal polling `id > last seen` misses none.
AUDIT_LOCK_KEY = 0x6D61_6974_7264  # "maitrd"


LocationVersion = tuple[str, int, int | None]  # id, revision, updated_ms

#: Per book (engine): the locations its units of work read lately, by id, revision and update
#: stamp. A location changes only by a save that raises its revision and stamps the time, so the
#: same three mean the same document, and the document (large for a big floor) is fetched and
#: decoded only when they change. Every time-slot question and booking reads its location.
_recent_locations: WeakKeyDictionary[Engine, dict[LocationVersion, ReservationLocation]] = WeakKeyDictionary()
RECENT_LOCATIONS = 64


class StoreConnection:
    """The connection of one unit of work, shared by its repositories."""

    def __init__(self, engine: Engine) -> None:
        self.postgres = is_postgres(engine)
        self.audit_lock_taken = False
        self.recent_locations = _recent_locations.setdefault(engine, {})
        self._connection: Connection | None = None

    def attach(self, connection: Connection | None) -> None:
        self._connection = connection
        self.audit_lock_taken = False

    def execute(self, statement: Executable, parameters: dict[str, Any] | None = None) -> CursorResult[Any]:
        with unavailable_when_busy():
            return self._attached().execute(statement, parameters)

    def plain_rows(self, statement: ClauseElement, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The rows as plain tuples straight from the driver's cursor, on this unit of work's
        connection and transaction: for the hot availability look-up, where building and
        unpacking result rows costs more than the query. Errors are wrapped as `execute` wraps them."""
        connection = self._attached()
        compiled = _compiled_for(statement, connection.dialect)
        values: Any = compiled.construct_params(parameters)
        if compiled.positiontup is not None:
            values = [values[name] for name in compiled.positiontup]
        dbapi = connection.dialect.loaded_dbapi
        with unavailable_when_busy():
            cursor = connection.connection.cursor()
            try:
                cursor.execute(compiled.string, values)
                return cast(list[tuple[Any, ...]], cursor.fetchall())
            except dbapi.Error as error:
                raise DBAPIError.instance(compiled.string, values, error, dbapi.Error) from error
            finally:
                cursor.close()

    def _attached(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("use the repositories inside `with book() as unit_of_work:`")
        return self._connection


def newer_revision_update(table: Table, *also: ColumnElement[bool]) -> Update:
    """An UPDATE of a whole row (its columns come as parameters) that writes only over an older
    revision: the optimistic check that keeps one terminal from overwriting another's change."""
    return update(table).where(table.c.id == bindparam("match_id"), table.c.revision < bindparam("new_revision"),
                               *also)


def save_newer(store: StoreConnection, statement: Update, values: dict[str, Any], *,
               gone: Callable[[], Exception], stale: Callable[[int], Exception]) -> None:
    """Run a `newer_revision_update`; when it wrote nothing, say why: the row is gone, or it is
    already at this revision or later."""
    parameters = {**values, "match_id": values["id"], "new_revision": values["revision"]}
    if store.execute(statement, parameters).rowcount:
        return
    table = cast(Table, statement.table)
    stored = store.execute(select(table.c.revision).where(table.c.id == values["id"])).scalar()
    raise gone() if stored is None else stale(stored)


@lru_cache(maxsize=16)
def _compiled_for(statement: ClauseElement, dialect: Dialect) -> SQLCompiler:
    """A statement compiled once per dialect."""
    return cast(SQLCompiler, statement.compile(dialect=dialect))


# --- locations -----------------------------------------------------------------------------------

_loc = locations_table.c


_SAVE_LOCATION = newer_revision_update(locations_table)
_LOCATION_VERSION = select(_loc.revision, _loc.updated_ms).where(_loc.id == bindparam("location_id"))
_LOCATION_VERSION_FOR_UPDATE = _LOCATION_VERSION.with_for_update()
_LOCATION_DOCUMENT = select(_loc.document).where(_loc.id == bindparam("location_id"))


class SqlLocationRepository:
    """Locations are stored whole, as one JSON document; a few columns mirror it for ordering."""

    def __init__(self, store: StoreConnection) -> None:
        self._store = store

    def add(self, location: ReservationLocation) -> None:
        next_position = select(func.coalesce(func.max(_loc.position), 0) + 1).scalar_subquery()
        values = _location_values(location)
        self._store.execute(insert(locations_table).values(position=next_position, **values))

    def get(self, location_id: str, *, lock: bool = False) -> ReservationLocation | None:
        # SQLite needs no row lock: a write unit of work already holds the database's lock.
        statement = _LOCATION_VERSION_FOR_UPDATE if lock and self._store.postgres else _LOCATION_VERSION
        rows = self._store.plain_rows(statement, {"location_id": location_id})
        if not rows:
            return None
        version: LocationVersion = (location_id, rows[0][0], rows[0][1])
        recent = self._store.recent_locations
        if (location := recent.get(version)) is None:
            document = self._store.execute(_LOCATION_DOCUMENT, {"location_id": location_id}).scalar_one()
            location = _location_from_document(document)
            if len(recent) >= RECENT_LOCATIONS:
                recent.clear()
            recent[version] = location
        return location

    def save(self, location: ReservationLocation) -> None:
        save_newer(
            self._store, _SAVE_LOCATION, _location_values(location),
            gone=lambda: ReservationLocationNotFound(f"Reservation location {location.id} does not exist."),
            stale=lambda stored: RevisionMismatch(
                f"Reservation location {location.id} is at revision {stored}, not older."))

    def list(self, limit: int, offset: int = 0) -> Sequence[ReservationLocation]:
        statement = select(_loc.document).order_by(_loc.position, _loc.id).limit(limit).offset(offset)
        return [loads(ReservationLocation, document) for document in self._store.execute(statement).scalars()]

    def count(self) -> int:
        return int(self._store.execute(select(func.count()).select_from(locations_table)).scalar_one())


def _location_values(location: ReservationLocation) -> dict[str, Any]:
    return {
        "id": location.id,
        "revision": location.revision,
        "created_ms": _optional_ms(location.created),
        "updated_ms": _optional_ms(location.updated),
        "is_default": location.default,
        "archived": location.archived,
        "name": location.info.name,
        "document": dumps(location),
    }


# --- reservations --------------------------------------------------------------------------------

_res = reservations_table.c

#: Every field of `Reservation` has a column; a test checks this list against the dataclass so a
#: new domain field can't be dropped silently on the way to the database.
RESERVATION_FIELDS = (
    "id", "location_id", "status", "source", "start", "end", "party_size", "table_ids", "reservee",
    "team_message", "decline_reason", "table_clashes", "created", "updated", "revision",
)  # fmt: skip

_FIELD_COLUMNS: dict[ReservationField, ColumnElement[Any]] = {
    ReservationField.ID: _res.id,
    ReservationField.STATUS: _res.status,
    ReservationField.START: _res.start_ms,
    ReservationField.LOCATION: _res.location_id,
    ReservationField.SOURCE: _res.source,
    ReservationField.CREATED: _res.created_ms,
}
_INSTANT_FIELDS = frozenset({ReservationField.START, ReservationField.CREATED})

_STEADY_STATUSES = sorted(OCCUPYING_STATUSES - EXPIRING_STATUSES)
_EXPIRING_STATUSES = sorted(EXPIRING_STATUSES)


def _occupying(unexpired_after: Any) -> ColumnElement[bool]:
    """A steady occupying status, or a hold created after `unexpired_after` (now - ten minutes):
    a hold is expired once `now >= created + 10 min`. The statuses are written into the SQL (they
    are fixed names), so the statement compiles once, with no list expanded at each execution."""
    return or_(
        _res.status.in_([literal_column(f"'{status}'") for status in _STEADY_STATUSES]),
        and_(_res.status.in_([literal_column(f"'{status}'") for status in _EXPIRING_STATUSES]),
             _res.created_ms > unexpired_after),
    )


def _table_uses_statement(*, excluding: bool) -> ClauseElement:
    conditions = [
        _res.location_id == bindparam("location_id"),
        # Bounded below so the (location_id, start_ms) index gives a short range scan.
        _res.start_ms >= bindparam("earliest_start"),
        _res.start_ms < bindparam("end_ms"),
        _res.end_ms > bindparam("start_ms"),
        _occupying(bindparam("unexpired_after")),
    ]
    if excluding:
        conditions.append(_res.id != bindparam("exclude_id"))
    return (
        select(_res.id, _res.start_ms, _res.end_ms, _res.party_size, _res.table_ids)
        .where(*conditions)
        .order_by(_res.start_ms, _res.id)
    )


_TABLE_USES = _table_uses_statement(excluding=False)
_INSERT_RESERVATION = insert(reservations_table)
_SAVE_RESERVATION = newer_revision_update(reservations_table)
_TABLE_USES_EXCLUDING = _table_uses_statement(excluding=True)


class SqlReservationRepository:
    def __init__(self, store: StoreConnection) -> None:
        self._store = store

    def add(self, reservation: Reservation) -> None:
        self._store.execute(_INSERT_RESERVATION, _reservation_values(reservation))

    def save(self, reservation: Reservation) -> None:
        save_newer(
            self._store, _SAVE_RESERVATION, _reservation_values(reservation),
            gone=lambda: ReservationNotFound(f"Reservation {reservation.id} does not exist."),
            stale=lambda stored: RevisionMismatch(f"Reservation {reservation.id} is at revision {stored}, not older."))

    def delete(self, reservation_id: str) -> None:
        self._store.execute(sql_delete(reservations_table).where(_res.id == reservation_id))

    def get(self, reservation_id: str) -> Reservation | None:
        row = self._store.execute(select(reservations_table).where(_res.id == reservation_id)).first()
        return None if row is None else _reservation_from_row(row)

    def table_uses(
        self,
        location_id: str,
        start: datetime,
        end: datetime,
        now: datetime,
        exclude_id: str | None = None,
    ) -> Sequence[TableUse]:
        """Relies on no reservation lasting longer than `LONGEST_RESERVATION` (the services'
        rule): that bound turns "ends after `start`" into a short index range."""
        start_ms = to_ms(start)
        parameters: dict[str, Any] = {
            "location_id": location_id,
            "earliest_start": start_ms - LONGEST_RESERVATION_MS,
            "start_ms": start_ms,
            "end_ms": to_ms(end),
            "unexpired_after": to_ms(now) - HOLD_LIFETIME_MS,
        }
        statement = _TABLE_USES
        if exclude_id is not None:
            statement, parameters["exclude_id"] = _TABLE_USES_EXCLUDING, exclude_id
        rows = cast(list[tuple[str, int, int, int, str]], self._store.plain_rows(statement, parameters))
        # A day repeats the same few start/end instants: convert each only once (table sets are
        # cached by `_table_ids`); the named tuples are built without their keyword-checking
        # constructor, as a busy day has hundreds.
        instants: dict[int, Any] = {}
        for row in rows:
            instants[row[1]] = instants[row[2]] = None
        for milliseconds in instants:
            instants[milliseconds] = from_ms(milliseconds)
        new = tuple.__new__
        return [new(TableUse, (reservation_id, instants[start], instants[end], party_size, _table_ids(tables)))
                for reservation_id, start, end, party_size, tables in rows]

    def find(self, query: ReservationQuery) -> Sequence[Reservation]:
        order = [(_FIELD_COLUMNS[key.field], key.descending) for key in query.sort]
        order.append((_res.id, order[-1][1] if order else False))
        statement = select(reservations_table).where(*(_condition(c) for c in query.conditions))
        if query.after is not None:
            statement = statement.where(_after(order, _after_values(query)))
        statement = statement.order_by(*(column.desc() if desc else column.asc() for column, desc in order))
        rows = self._store.execute(statement.limit(query.limit))
        return [_reservation_from_row(row) for row in rows]

    def expired_holds(self, now: datetime) -> Sequence[Reservation]:
        statement = (
            select(reservations_table)
            .where(_res.status.in_(_EXPIRING_STATUSES), _res.created_ms <= to_ms(now) - HOLD_LIFETIME_MS)
            .order_by(_res.created_ms, _res.id)
        )
        return [_reservation_from_row(row) for row in self._store.execute(statement)]

    def next_hold_deadline(self) -> datetime | None:
        statement = select(func.min(_res.created_ms)).where(_res.status.in_(_EXPIRING_STATUSES))
        created_ms = self._store.execute(statement).scalar()
        return None if created_ms is None else from_ms(int(created_ms) + HOLD_LIFETIME_MS)


def _condition(condition: Condition) -> ColumnElement[bool]:
    column = _FIELD_COLUMNS[condition.field]
    if condition.operator is Operator.IN:
        return column.in_([_column_value(condition.field, item) for item in condition.value])
    return _COMPARISONS[condition.operator](column, _column_value(condition.field, condition.value))


_COMPARISONS: dict[Operator, Callable[[ColumnElement[Any], Any], ColumnElement[bool]]] = {
    Operator.EQ: lambda column, value: column == value,
    Operator.NE: lambda column, value: column != value,
    Operator.LT: lambda column, value: column < value,
    Operator.LTE: lambda column, value: column <= value,
    Operator.GT: lambda column, value: column > value,
    Operator.GTE: lambda column, value: column >= value,
}


def _after_values(query: ReservationQuery) -> list[Any]:
    assert query.after is not None
    if len(query.after) != len(query.sort) + 1:
        raise ValueError("`after` must hold one value per sort key, then the id of the last row seen")
    fields = [key.field for key in query.sort] + [ReservationField.ID]
    return [_column_value(field, value) for field, value in zip(fields, query.after, strict=True)]


def _after(order: list[tuple[ColumnElement[Any], bool]], values: list[Any]) -> ColumnElement[bool]:
    """Rows strictly after `values` in `order`, spelled out (k1 > v1 OR k1 = v1 AND k2 > v2 ...) so
    each key may have its own direction."""
    alternatives = []
    for position, (column, descending) in enumerate(order):
        ties = [previous == value for (previous, _), value in zip(order[:position], values, strict=False)]
        beyond = column < values[position] if descending else column > values[position]
        alternatives.append(and_(*ties, beyond))
    first_column, first_descending = order[0]
    # Implied by the OR, but lets the database start its index scan at the last row seen.
    bound = first_column <= values[0] if first_descending else first_column >= values[0]
    return and_(bound, or_(*alternatives))


def _column_value(field: ReservationField, value: Any) -> Any:
    if field in _INSTANT_FIELDS and isinstance(value, datetime):
        return to_ms(value)
    if isinstance(value, ReservationStatus | Source):
        return value.value
    return value


def _reservation_values(reservation: Reservation) -> dict[str, Any]:
    if reservation.created is None:
        raise ValueError(f"reservation {reservation.id} has no created date; the service sets it")
    return {
        "id": reservation.id,
        "location_id": reservation.location_id,
        "status": reservation.status.value,
        "source": reservation.source.value,
        "start_ms": to_ms(reservation.start),
        "end_ms": to_ms(reservation.end),
        "party_size": reservation.party_size,
        "table_ids": _table_ids_json(reservation.table_ids),
        "reservee": None if reservation.reservee is None else dumps(reservation.reservee),
        "team_message": reservation.team_message,
        "decline_reason": reservation.decline_reason,
        "table_clashes": dumps(reservation.table_clashes),
        "created_ms": to_ms(reservation.created),
        "updated_ms": _optional_ms(reservation.updated),
        "revision": reservation.revision,
    }


def _reservation_from_row(row: Row[Any]) -> Reservation:
    return Reservation(
        id=row.id,
        location_id=row.location_id,
        status=ReservationStatus(row.status),
        source=Source(row.source),
        start=from_ms(row.start_ms),
        end=from_ms(row.end_ms),
        party_size=row.party_size,
        table_ids=_table_ids(row.table_ids),
        reservee=None if row.reservee is None else _reservee(row.reservee),
        team_message=row.team_message,
        decline_reason=row.decline_reason,
        table_clashes=() if row.table_clashes == "[]" else from_json_hint(
            tuple[TableClash, ...], json.loads(row.table_clashes)),
        created=from_ms(row.created_ms),
        updated=None if row.updated_ms is None else from_ms(row.updated_ms),
        revision=row.revision,
    )


@lru_cache(maxsize=32)
def _location_from_document(document: str) -> ReservationLocation:
    """Every time-slot look-up reads its location: the same stored text decodes to the same
    frozen value, so it is decoded once (a few hundred nested values for a large restaurant)."""
    return loads(ReservationLocation, document)


_RESERVEE_FIELDS = frozenset(f.name for f in fields(Reservee))


def _reservee(text: str) -> Reservee:
    """The guest of a row. A day's view reads hundreds at once, so the usual shape (plain JSON
    values) is built directly; anything else goes through the generic codec."""
    data = json.loads(text)
    if isinstance(data, dict) and data.keys() <= _RESERVEE_FIELDS and isinstance(data.get("custom_fields", {}), dict):
        return Reservee(**{**data, "custom_fields": MappingProxyType(data.get("custom_fields", {}))})
    return loads(Reservee, text)


def _table_ids_json(table_ids: tuple[str, ...]) -> str:
    return json.dumps(list(table_ids), ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=4096)
def _table_ids(text: str) -> tuple[str, ...]:
    """The JSON array of table ids. A floor has a few hundred table sets at most, so each is read
    once and kept. The usual case (compact, no escapes) skips the JSON parser; it is exact because
    without a backslash every quote delimits a string, so 2n quotes and n - 1 `","` mean n strings
    separated by bare commas."""
    if text == "[]":
        return ()
    if (
        "\\" not in text
        and text.startswith('["')
        and text.endswith('"]')
        and text.count('"') == 2 * (text.count('","') + 1)
    ):
        return tuple(text[2:-2].split('","'))
    return tuple(json.loads(text))


def _optional_ms(value: datetime | None) -> int | None:
    return None if value is None else to_ms(value)


# --- audit ---------------------------------------------------------------------------------------

_audit = audit_table.c


_INSERT_AUDIT = insert(audit_table)
_LAST_CHANGE_ID = select(func.coalesce(func.max(_audit.id), 0))  # every stand asks this once a second


class SqlAuditLog:
    """Append-only. Snapshots are the full domain values as JSON, so history survives deletes."""

    def __init__(self, store: StoreConnection) -> None:
        self._store = store

    def record_reservation_change(self, change: ReservationChange) -> None:
        append_change(self._store, AUDIT_KIND_RESERVATION, change.reservation_id, change.location_id, change,
                      change.before, change.after)

    def record_location_change(self, change: LocationChange) -> None:
        append_change(self._store, AUDIT_KIND_LOCATION, change.location_id, change.location_id, change,
                      change.before, change.after)

    def reservation_history(self, reservation_id: str) -> Sequence[ReservationChange]:
        statement = (
            select(audit_table)
            .where(_audit.subject_id == reservation_id, _audit.kind == AUDIT_KIND_RESERVATION)
            .order_by(_audit.id)
        )
        return [_reservation_change_from_row(row) for row in self._store.execute(statement)]

    def last_change_id(self) -> int:
        return int(self._store.execute(_LAST_CHANGE_ID).scalar_one())

    def reservation_changes_since(self, change_id: int) -> Sequence[ReservationChange]:
        statement = (
            select(audit_table).where(_audit.id > change_id, _audit.kind == AUDIT_KIND_RESERVATION).order_by(_audit.id)
        )
        return [_reservation_change_from_row(row) for row in self._store.execute(statement)]

    def location_history(self, location_id: str) -> Sequence[LocationChange]:
        """Oldest first (not a port method yet; the settings screen may want it)."""
        statement = (
            select(audit_table)
            .where(_audit.subject_id == location_id, _audit.kind == AUDIT_KIND_LOCATION)
            .order_by(_audit.id)
        )
        return [_location_change_from_row(row) for row in self._store.execute(statement)]


class AuditedChange(Protocol):
    """What every change value of the log tells: when, who, with which scope, what, from where."""

    @property
    def at(self) -> datetime: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def scope(self) -> Scope | None: ...
    @property
    def operation(self) -> str: ...
    @property
    def terminal(self) -> str | None: ...


def append_change(store: StoreConnection, kind: str, subject_id: str, location_id: str, change: AuditedChange,
                  before: object | None, after: object | None) -> None:
    """One entry of the audit log, for every kind of change (reservations, locations, staff,
    guests, the waitlist); on PostgreSQL after the audit lock, so change ids become visible in the
    order they were given out."""
    if store.postgres and not store.audit_lock_taken:
        store.execute(select(func.pg_advisory_xact_lock(AUDIT_LOCK_KEY)))
        store.audit_lock_taken = True
    store.execute(_INSERT_AUDIT, {
        "kind": kind, "subject_id": subject_id, "location_id": location_id, "at_ms": to_ms(change.at),
        "actor": change.actor, "scope": None if change.scope is None else change.scope.value,
        "operation": change.operation, "terminal": change.terminal,
        "before": None if before is None else dumps(before), "after": None if after is None else dumps(after),
    })


def _reservation_change_from_row(row: Row[Any]) -> ReservationChange:
    return ReservationChange(
        reservation_id=row.subject_id,
        location_id=row.location_id,
        at=from_ms(row.at_ms),
        actor=row.actor,
        scope=None if row.scope is None else Scope(row.scope),
        operation=row.operation,
        before=None if row.before is None else loads(Reservation, row.before),
        after=None if row.after is None else loads(Reservation, row.after),
        terminal=row.terminal,
        id=row.id,
    )


def _location_change_from_row(row: Row[Any]) -> LocationChange:
    return LocationChange(
        location_id=row.subject_id,
        at=from_ms(row.at_ms),
        actor=row.actor,
        scope=None if row.scope is None else Scope(row.scope),
        operation=row.operation,
        before=None if row.before is None else loads(ReservationLocation, row.before),
        after=loads(ReservationLocation, row.after),
        terminal=row.terminal,
        id=row.id,
    )
