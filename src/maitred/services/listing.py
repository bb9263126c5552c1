"""Listing reservations a page at a time, with cursors that remember the whole question.

A cursor is the query itself (filters, order, page size) plus the position after the last row
returned, so "next page" needs nothing else and never skips or repeats a row.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Self

from maitred.domain.errors import FieldViolation, InvalidArgument
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.listing import (
    ALLOWED_OPERATORS,
    SORTABLE_FIELDS,
    Condition,
    Operator,
    ReservationField,
    ReservationQuery,
    SortKey,
)
from maitred.domain.reservation import Reservation
from maitred.services.commands import Caller
from maitred.services.ports import UnitOfWorkFactory
from maitred.services.reservations import require_staff

MAX_PAGE = 100
INTERNAL_PAGE = 2000
F = ReservationField


@dataclass(frozen=True, slots=True)
class Page:
    reservations: Sequence[Reservation]
    next_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def sort_value(reservation: Reservation, field: ReservationField) -> Any:
    return {F.START: reservation.start, F.CREATED: reservation.created}[field]


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, tuple | list):
        return [_encode_value(v) for v in value]
    return str(value) if value is not None else None


_DATES = frozenset({F.START, F.CREATED})


def _decode_value(field: ReservationField, raw: Any) -> Any:
    """A value of `field` as `_encode_value` wrote it; a value of another type is ValueError (a
    cursor someone edited must be refused, not reach the database)."""
    if isinstance(raw, list):
        return tuple(_decode_value(field, r) for r in raw)
    if field in _DATES:
        when = datetime.fromisoformat(raw["t"])
        if when.tzinfo is None:
            raise ValueError("a time without its offset")
        return when
    if field is F.STATUS:
        return ReservationStatus(raw)
    if field is F.SOURCE:
        return Source(raw)
    if not isinstance(raw, str):
        raise ValueError(f"{field.value} is not text")
    return raw


def encode_cursor(query: ReservationQuery) -> str:
    payload = {
        "c": [[c.field.value, c.operator.value, _encode_value(c.value)] for c in query.conditions],
        "s": [[k.field.value, k.descending] for k in query.sort],
        "l": query.limit,
        "a": [_encode_value(v) for v in query.after or ()],
    }
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, field: str = "paging.cursor") -> ReservationQuery:
    """The query a cursor carries; anything not made by `encode_cursor` is INVALID_ARGUMENT."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        conditions = tuple(Condition(F(f), Operator(op), _decode_value(F(f), v)) for f, op, v in payload["c"])
        sort = tuple(SortKey(F(f), bool(d)) for f, d in payload["s"])
        after_fields = [*(k.field for k in sort), F.ID]
        after = tuple(_decode_value(f, v) for f, v in zip(after_fields, payload["a"], strict=True))
        return ReservationQuery(conditions, sort, int(payload["l"]), after or None)
    except (ValueError, KeyError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
        raise InvalidArgument(FieldViolation(field, "is not a cursor this book gave out")) from exc


class ListingService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def page(self, caller: Caller, query: ReservationQuery) -> Page:
        """One page of the answer, and the cursor of the next one if there is more."""
        require_staff(caller, "listing reservations")
        check_query(query)
        with self._uow() as uow:
            rows = list(uow.reservations.find(replace(query, limit=query.limit + 1)))
        if len(rows) <= query.limit:
            return Page(rows, None)
        rows = rows[: query.limit]
        last = rows[-1]
        after = (*(sort_value(last, k.field) for k in query.sort), last.id)
        return Page(rows, encode_cursor(replace(query, after=after)))

    def all(self, caller: Caller, query: ReservationQuery) -> list[Reservation]:
        """Every matching reservation (a day's view, an export), read in large pages: the wire's
        limit of 100 a page protects a remote caller, not the stand reading its own book."""
        require_staff(caller, "listing reservations")
        check_query(replace(query, limit=1))
        found: list[Reservation] = []
        query = replace(query, limit=INTERNAL_PAGE)
        while True:
            with self._uow() as uow:
                rows = list(uow.reservations.find(query))
            found.extend(rows)
            if len(rows) < INTERNAL_PAGE:
                return found
            last = rows[-1]
            query = replace(query, after=(*(sort_value(last, k.field) for k in query.sort), last.id))

    def query(self, caller: Caller) -> ReservationQueryBuilder:
        return ReservationQueryBuilder(self, caller)


def check_query(query: ReservationQuery) -> None:
    if not 1 <= query.limit <= MAX_PAGE:
        raise InvalidArgument(FieldViolation("paging.limit", f"must be between 1 and {MAX_PAGE}"))
    for condition in query.conditions:
        if condition.operator not in ALLOWED_OPERATORS.get(condition.field, frozenset()):
            raise InvalidArgument(FieldViolation(
                f"query.filter.{condition.field}", f"{condition.operator} is not supported on {condition.field}"))
    for key in query.sort:
        if key.field not in SORTABLE_FIELDS:
            raise InvalidArgument(FieldViolation("query.sort", f"can't sort on {key.field}"))


class ReservationQueryBuilder:
    """The typed query builder of the Wix SDK: `.eq("status", ...).ascending(...).limit(20).find()`."""

    def __init__(self, listing: ListingService, caller: Caller,
                 query: ReservationQuery = ReservationQuery(sort=(), limit=50)) -> None:
        self._listing, self._caller, self._query = listing, caller, query

    def _with(self, **changes: Any) -> Self:
        return type(self)(self._listing, self._caller, replace(self._query, **changes))

    def _where(self, field: str, operator: Operator, value: Any) -> Self:
        return self._with(conditions=(*self._query.conditions, Condition(F(field), operator, value)))

    def eq(self, field: str, value: Any) -> Self:
        return self._where(field, Operator.EQ, value)

    def ne(self, field: str, value: Any) -> Self:
        return self._where(field, Operator.NE, value)

    def in_(self, field: str, values: Sequence[Any]) -> Self:
        return self._where(field, Operator.IN, tuple(values))

    def lt(self, field: str, value: Any) -> Self:
        return self._where(field, Operator.LT, value)

    def le(self, field: str, value: Any) -> Self:
        return self._where(field, Operator.LTE, value)

    def gt(self, field: str, value: Any) -> Self:
        return self._where(field, Operator.GT, value)

    def ge(self, field: str, value: Any) -> Self:
        return self._where(field, Operator.GTE, value)

    def ascending(self, field: str) -> Self:
        return self._with(sort=(*self._query.sort, SortKey(F(field))))

    def descending(self, field: str) -> Self:
        return self._with(sort=(*self._query.sort, SortKey(F(field), descending=True)))

    def limit(self, limit: int) -> Self:
        return self._with(limit=limit)

    def build(self) -> ReservationQuery:
        return self._query if self._query.sort else replace(self._query, sort=(SortKey(F.CREATED, True),))

    def find(self) -> Page:
        return self._listing.page(self._caller, self.build())
