"""What a listing of reservations asks for: filters, order and a page, as plain values.

Services build these from listReservations / queryReservations (and from the typed builder), the
store turns them into SQL. Paging is by keyset: `after` holds the sort values and the id of the
last row of the previous page, so pages never skip or repeat rows when others are added.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ReservationField(StrEnum):
    """The fields a listing can filter or sort on, named as on the wire."""

    ID = "id"
    STATUS = "status"
    START = "details.startDate"
    LOCATION = "details.reservationLocationId"
    SOURCE = "source"
    CREATED = "createdDate"


class Operator(StrEnum):
    EQ = "$eq"
    NE = "$ne"
    IN = "$in"
    LT = "$lt"
    LTE = "$lte"
    GT = "$gt"
    GTE = "$gte"


#: Which operators each field accepts (SPEC §6).
ALLOWED_OPERATORS: dict[ReservationField, frozenset[Operator]] = {
    ReservationField.ID: frozenset({Operator.EQ, Operator.NE, Operator.IN}),
    ReservationField.STATUS: frozenset({Operator.EQ, Operator.NE, Operator.IN}),
    ReservationField.START: frozenset(Operator),
    ReservationField.LOCATION: frozenset({Operator.EQ, Operator.IN}),
    ReservationField.SOURCE: frozenset({Operator.EQ, Operator.IN}),
}

SORTABLE_FIELDS = frozenset({ReservationField.START, ReservationField.CREATED})


@dataclass(frozen=True, slots=True)
class Condition:
    """`field op value`; for `$in` the value is a tuple. Values are typed (datetime, enum, str)."""

    field: ReservationField
    operator: Operator
    value: Any


@dataclass(frozen=True, slots=True)
class SortKey:
    field: ReservationField
    descending: bool = False


@dataclass(frozen=True, slots=True)
class ReservationQuery:
    """All conditions must hold. Rows come in `sort` order, then by id, at most `limit` of them."""

    conditions: tuple[Condition, ...] = ()
    sort: tuple[SortKey, ...] = (SortKey(ReservationField.START),)
    limit: int = 100
    after: tuple[Any, ...] | None = None  # sort values + id of the last row already seen
