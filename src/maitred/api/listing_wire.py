"""listReservations and queryReservations requests, read into one `ReservationQuery`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from maitred.api.wire import Fields, parse_enum, parse_id, parse_timestamp
from maitred.domain.errors import FieldViolation, InvalidArgument
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery, SortKey
from maitred.services.listing import MAX_PAGE, check_query, decode_cursor

F = ReservationField
FIELD_NAMES = {
    "id": F.ID, "_id": F.ID, "status": F.STATUS, "details.startDate": F.START,
    "details.reservationLocationId": F.LOCATION, "source": F.SOURCE,
    "createdDate": F.CREATED, "_createdDate": F.CREATED,
}


def _value(field: ReservationField, raw: Any, path: str) -> Any:
    if field is F.START or field is F.CREATED:
        return parse_timestamp(raw, path)
    if field is F.STATUS:
        return parse_enum(raw, ReservationStatus, path)
    if field is F.SOURCE:
        return parse_enum(raw, Source, path)
    return parse_id(raw, path)


def _sort(fields: Fields, key: str = "fieldName") -> SortKey:
    name = fields.string(key, required=True)
    field = FIELD_NAMES.get(name or "")
    if field not in (F.START, F.CREATED):
        raise fields.bad(key, "can sort on details.startDate or createdDate only")
    order = fields.string("order") or "ASC"
    if order not in ("ASC", "DESC"):
        raise fields.bad("order", "must be ASC or DESC")
    assert field is not None
    return SortKey(field, descending=order == "DESC")


def _paged(query: ReservationQuery, paging: Fields | None, default_limit: int) -> ReservationQuery:
    """With a cursor, the carried query (a limit beside it overrides the carried one)."""
    if paging is None:
        return replace(query, limit=default_limit)
    limit = paging.integer("limit", low=1, high=MAX_PAGE)
    cursor = paging.string("cursor", max_length=10000)
    if cursor:
        carried = decode_cursor(cursor, paging.at("cursor"))
        return replace(carried, limit=limit) if limit is not None else carried
    return replace(query, limit=limit if limit is not None else default_limit)


def parse_list_request(request: Fields) -> ReservationQuery:
    conditions = []
    start_from = request.timestamp("startDateFrom")
    start_to = request.timestamp("startDateTo")
    if start_from is not None:
        conditions.append(Condition(F.START, Operator.GTE, start_from))
    if start_to is not None:
        conditions.append(Condition(F.START, Operator.LT, start_to))
    status = request.enum("status", ReservationStatus)
    if status is not None:
        conditions.append(Condition(F.STATUS, Operator.EQ, status))
    location_id = request.identifier("reservationLocationId")
    if location_id is not None:
        conditions.append(Condition(F.LOCATION, Operator.EQ, location_id))
    sort_fields = request.object("sort")
    sort = (_sort(sort_fields),) if sort_fields is not None else (SortKey(F.START),)
    return _paged(ReservationQuery(tuple(conditions), sort), request.object("paging"), MAX_PAGE)


def query_default() -> ReservationQuery:
    return ReservationQuery((), (SortKey(F.CREATED, descending=True),), 50)


def _conditions(filter_fields: Fields) -> list[Condition]:
    conditions = []
    for name, spec in filter_fields.data.items():
        path = filter_fields.at(name)
        field = FIELD_NAMES.get(name)
        if field is None or field is F.CREATED:
            raise InvalidArgument(FieldViolation(path, "can't filter on this field"))
        pairs = spec.items() if isinstance(spec, dict) else [("$eq", spec)]
        for op_name, raw in pairs:
            try:
                operator = Operator(op_name)
            except ValueError:
                raise InvalidArgument(FieldViolation(path, f"{op_name} is not a supported operator")) from None
            if operator is Operator.IN:
                if not isinstance(raw, list):
                    raise InvalidArgument(FieldViolation(f"{path}.$in", "must be a list"))
                value: Any = tuple(_value(field, v, f"{path}.$in[{i}]") for i, v in enumerate(raw))
            else:
                value = _value(field, raw, f"{path}.{op_name}")
            conditions.append(Condition(field, operator, value))
    return conditions


def parse_query_request(request: Fields, default: ReservationQuery) -> ReservationQuery:
    body = request.object("query") or Fields({}, "query")
    filter_fields = body.object("filter")
    conditions = _conditions(filter_fields) if filter_fields is not None else []
    sort = tuple(_sort(s) for s in body.objects("sort", max_items=5)) or default.sort
    query = replace(default, conditions=tuple(conditions), sort=sort)
    paging = body.object("cursorPaging")
    if paging is not None:
        limit = paging.data.get("limit")
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > MAX_PAGE:
            raise paging.bad("limit", f"must be at most {MAX_PAGE}")
    query = _paged(query, paging, default.limit)
    check_query(query)
    return query
