"""SPEC §6: listReservations and queryReservations."""

from __future__ import annotations

import base64
import json
import uuid

import pytest


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def ids(response: dict) -> list[str]:
    return [r["id"] for r in response["reservations"]]


@pytest.fixture
def day(clock, location, book):
    """Five reservations created a minute apart, starting out of creation order, various statuses."""
    made = {}
    for name, start, status, source in [
        ("a", "14:00", "RESERVED", "OFFLINE"),
        ("b", "12:00", "SEATED", "WALK_IN"),
        ("c", "13:00", "CANCELED", "ONLINE"),
        ("d", "12:30", "RESERVED", "ONLINE"),
        ("e", "15:00", "REQUESTED", "OFFLINE"),
    ]:
        made[name] = book(location, utc(start), status=status, source=source, details={"tableIds": []})
        clock.advance(minutes=1)
    return made


def in_order(day, names):
    return [day[n]["id"] for n in names]


# ---------------------------------------------------------------- listReservations


def test_list_default_sort_is_start_ascending(full, day):
    response = full.list_reservations({})
    assert ids(response) == in_order(day, "bdcae")
    meta = response["pagingMetadata"]
    assert meta["count"] == 5
    assert meta["hasNext"] is False


def test_list_returns_the_full_fieldset_for_staff(medium, day):
    listed = medium.list_reservations({})["reservations"]
    assert all("reservee" in r and "source" in r for r in listed)


def test_list_start_from_is_inclusive_and_to_is_exclusive(full, day):
    response = full.list_reservations({"startDateFrom": utc("12:30"), "startDateTo": utc("14:00")})
    assert ids(response) == in_order(day, "dc")


def test_list_accepts_offsets_in_the_range(full, day):
    response = full.list_reservations(
        {"startDateFrom": "2026-06-08T13:30:00+01:00", "startDateTo": "2026-06-08T16:00:00+02:00"}
    )
    assert ids(response) == in_order(day, "dc")


@pytest.mark.parametrize("status, names", [("RESERVED", "da"), ("SEATED", "b"), ("CANCELED", "c"), ("NO_SHOW", "")])
def test_list_filters_one_status(full, day, status, names):
    assert ids(full.list_reservations({"status": status})) == in_order(day, names)


def test_list_filters_by_location(full, day, location_body, book):
    other = full.create_reservation_location(location_body(name="Other"))["reservationLocation"]
    elsewhere = book(other["id"], utc("12:00"))
    assert ids(full.list_reservations({"reservationLocationId": other["id"]})) == [elsewhere["id"]]
    assert elsewhere["id"] not in ids(
        full.list_reservations({"reservationLocationId": day["a"]["details"]["reservationLocationId"]})
    )


@pytest.mark.parametrize(
    "sort, names",
    [
        ({"fieldName": "details.startDate", "order": "ASC"}, "bdcae"),
        ({"fieldName": "details.startDate", "order": "DESC"}, "eacdb"),
        ({"fieldName": "createdDate", "order": "ASC"}, "abcde"),
        ({"fieldName": "createdDate", "order": "DESC"}, "edcba"),
    ],
)
def test_list_sort(full, day, sort, names):
    assert ids(full.list_reservations({"sort": sort})) == in_order(day, names)


def test_list_pages_with_a_cursor(full, day):
    first = full.list_reservations({"paging": {"limit": 2}})
    assert ids(first) == in_order(day, "bd")
    assert first["pagingMetadata"]["count"] == 2
    assert first["pagingMetadata"]["hasNext"] is True
    second = full.list_reservations({"paging": {"cursor": first["pagingMetadata"]["cursors"]["next"]}})
    assert ids(second) == in_order(day, "ca")
    assert second["pagingMetadata"]["hasNext"] is True
    third = full.list_reservations({"paging": {"cursor": second["pagingMetadata"]["cursors"]["next"]}})
    assert ids(third) == in_order(day, "e")
    assert third["pagingMetadata"]["hasNext"] is False
    assert not third["pagingMetadata"].get("cursors", {}).get("next")


def test_cursor_carries_filters_and_sort(full, day, book, location):
    extra = book(location, utc("16:00"), details={"tableIds": []})
    first = full.list_reservations(
        {"status": "RESERVED", "sort": {"fieldName": "createdDate", "order": "DESC"}, "paging": {"limit": 1}}
    )
    assert ids(first) == [extra["id"]]
    cursor = first["pagingMetadata"]["cursors"]["next"]
    second = full.list_reservations({"paging": {"cursor": cursor}})
    assert ids(second) == in_order(day, "d")
    third = full.list_reservations({"paging": {"cursor": second["pagingMetadata"]["cursors"]["next"]}})
    assert ids(third) == in_order(day, "a")
    assert third["pagingMetadata"]["hasNext"] is False


def test_limit_beside_a_cursor_overrides_the_carried_one(full, day):
    first = full.list_reservations({"paging": {"limit": 1}})
    second = full.list_reservations({"paging": {"limit": 3, "cursor": first["pagingMetadata"]["cursors"]["next"]}})
    assert ids(second) == in_order(day, "dca")


def test_list_default_limit_is_100(full, location, book):
    for n in range(101):
        book(
            location,
            f"2026-06-{9 + n // 40:02d}T{12 + (n % 40) // 4:02d}:{(n % 4) * 15:02d}:00Z",
            details={"tableIds": []},
        )
    response = full.list_reservations({})
    assert len(response["reservations"]) == 100
    assert response["pagingMetadata"]["hasNext"] is True
    rest = full.list_reservations({"paging": {"cursor": response["pagingMetadata"]["cursors"]["next"]}})
    assert len(rest["reservations"]) == 1


@pytest.mark.parametrize(
    "request_body",
    [
        {"paging": {"limit": 101}},
        {"status": "ARRIVED"},
        {"startDateFrom": "2026-06-08T12:00:00"},
        {"startDateTo": "yesterday"},
        {"sort": {"fieldName": "reservee.firstName", "order": "ASC"}},
        {"sort": {"fieldName": "createdDate", "order": "UP"}},
        {"reservationLocationId": "nope"},
        {"paging": {"cursor": "garbage!"}},
    ],
    ids=["limit-101", "status", "naive", "date", "sort-field", "sort-order", "location", "cursor"],
)
def test_list_bad_input_is_invalid_argument(full, day, api_error, request_body):
    api_error("INVALID_ARGUMENT", full.list_reservations, request_body)


def _forged(payload: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize("payload", [
    {"c": [], "s": [["details.startDate", False]], "l": 5, "a": [None, None]},
    {"c": [], "s": [["details.startDate", False]], "l": 5, "a": ["x", "y"]},
    {"c": [], "s": [["details.startDate", False]], "l": 5, "a": [{"t": "2026-06-08T12:00:00"}, "id"]},
    {"c": [["details.startDate", "$gt", 7]], "s": [], "l": 5, "a": []},
    {"c": [["id", "$eq", {"t": "2026-06-08T12:00:00+00:00"}]], "s": [], "l": 5, "a": []},
    {"c": [["status", "$lt", "RESERVED"]], "s": [], "l": 5, "a": []},
    {"c": [], "s": [["status", False]], "l": 5, "a": []},
    {"c": [], "s": [], "l": 10**30, "a": []},
], ids=["null-position", "text-position", "naive-position", "number-date", "date-id", "operator", "sort", "limit"])
def test_an_edited_cursor_is_invalid_argument_and_never_reaches_the_database(full, day, api_error, payload):
    err = api_error("INVALID_ARGUMENT", full.list_reservations, {"paging": {"cursor": _forged(payload)}})
    assert err.details["fieldViolations"][0]["field"].startswith(("paging", "query"))


def test_a_location_cursor_past_any_book_is_invalid_argument(full, location_body, api_error):
    full.create_reservation_location(location_body())
    for cursor in ("99999999999999999999", "1000000000", "-1", "x"):
        api_error("INVALID_ARGUMENT", full.list_reservation_locations, {"paging": {"cursor": cursor}})
    assert full.list_reservation_locations({"paging": {"cursor": "999999999"}})["reservationLocations"] == []


def test_list_needs_medium_or_full(basic, api_error):
    api_error("PERMISSION_DENIED", basic.list_reservations, {})


def test_list_includes_held_reservations(full, location, hold):
    held = hold(location, utc("12:00"))
    assert [(r["id"], r["status"]) for r in full.list_reservations({})["reservations"]] == [(held["id"], "HELD")]


# ---------------------------------------------------------------- queryReservations


def q(scope, **query):
    return scope.query_reservations({"query": query})


def test_query_default_sort_is_created_descending(full, day):
    response = q(full)
    assert ids(response) == in_order(day, "edcba")
    assert response["pagingMetadata"]["count"] == 5
    assert response["pagingMetadata"]["hasNext"] is False


def test_query_default_limit_is_50(full, location, book):
    for n in range(51):
        book(
            location,
            f"2026-06-{9 + n // 40:02d}T{12 + (n % 40) // 4:02d}:{(n % 4) * 15:02d}:00Z",
            details={"tableIds": []},
        )
    response = q(full)
    assert len(response["reservations"]) == 50
    assert response["pagingMetadata"]["hasNext"] is True


@pytest.mark.parametrize(
    "flt, names",
    [
        ({"status": {"$eq": "RESERVED"}}, "da"),
        ({"status": {"$ne": "RESERVED"}}, "ecb"),
        ({"status": {"$in": ["SEATED", "REQUESTED"]}}, "eb"),
        ({"details.startDate": {"$eq": "2026-06-08T13:00:00Z"}}, "c"),
        ({"details.startDate": {"$ne": "2026-06-08T13:00:00Z"}}, "edba"),
        ({"details.startDate": {"$in": ["2026-06-08T12:00:00Z", "2026-06-08T15:00:00Z"]}}, "eb"),
        ({"details.startDate": {"$lt": "2026-06-08T13:00:00Z"}}, "db"),
        ({"details.startDate": {"$lte": "2026-06-08T13:00:00Z"}}, "dcb"),
        ({"details.startDate": {"$gt": "2026-06-08T13:00:00Z"}}, "ea"),
        ({"details.startDate": {"$gte": "2026-06-08T13:00:00Z"}}, "eca"),
        ({"details.startDate": {"$gte": "2026-06-08T12:30:00Z", "$lt": "2026-06-08T14:00:00Z"}}, "dc"),
        ({"source": {"$eq": "OFFLINE"}}, "ea"),
        ({"source": {"$in": ["WALK_IN", "ONLINE"]}}, "dcb"),
        ({"status": {"$eq": "RESERVED"}, "source": {"$eq": "ONLINE"}}, "d"),
    ],
)
def test_query_filters(full, day, flt, names):
    assert ids(q(full, filter=flt)) == in_order(day, names)


def test_query_filter_by_id(full, day):
    assert ids(q(full, filter={"id": {"$eq": day["c"]["id"]}})) == in_order(day, "c")
    assert ids(q(full, filter={"id": {"$in": [day["a"]["id"], day["e"]["id"]]}})) == in_order(day, "ea")
    assert ids(q(full, filter={"id": {"$ne": day["a"]["id"]}})) == in_order(day, "edcb")


def test_query_filter_by_location(full, day, location_body, book):
    other = full.create_reservation_location(location_body(name="Other"))["reservationLocation"]
    elsewhere = book(other["id"], utc("12:00"))
    loc_id = day["a"]["details"]["reservationLocationId"]
    assert ids(q(full, filter={"details.reservationLocationId": {"$eq": other["id"]}})) == [elsewhere["id"]]
    assert ids(q(full, filter={"details.reservationLocationId": {"$in": [loc_id]}})) == in_order(day, "edcba")


@pytest.mark.parametrize(
    "sort, names",
    [
        ([{"fieldName": "details.startDate", "order": "ASC"}], "bdcae"),
        ([{"fieldName": "details.startDate", "order": "DESC"}], "eacdb"),
        ([{"fieldName": "createdDate", "order": "ASC"}], "abcde"),
    ],
)
def test_query_sort(full, day, sort, names):
    assert ids(q(full, sort=sort)) == in_order(day, names)


def test_query_pages_with_a_cursor(full, day):
    first = q(full, cursorPaging={"limit": 2})
    assert ids(first) == in_order(day, "ed")
    assert first["pagingMetadata"]["hasNext"] is True
    second = q(full, cursorPaging={"limit": 2, "cursor": first["pagingMetadata"]["cursors"]["next"]})
    assert ids(second) == in_order(day, "cb")
    third = q(full, cursorPaging={"limit": 2, "cursor": second["pagingMetadata"]["cursors"]["next"]})
    assert ids(third) == in_order(day, "a")
    assert third["pagingMetadata"]["hasNext"] is False


@pytest.mark.parametrize(
    "query",
    [
        {"filter": {"reservee.firstName": {"$eq": "Ada"}}},
        {"filter": {"details.partySize": {"$eq": 2}}},
        {"filter": {"status": {"$lt": "RESERVED"}}},
        {"filter": {"status": {"$regex": "RES"}}},
        {"filter": {"source": {"$ne": "ONLINE"}}},
        {"filter": {"details.reservationLocationId": {"$gt": str(uuid.uuid4())}}},
        {"filter": {"details.startDate": {"$gte": "2026-06-08T12:00:00"}}},
        {"filter": {"status": {"$eq": "ARRIVED"}}},
        {"sort": [{"fieldName": "details.partySize", "order": "ASC"}]},
        {"cursorPaging": {"limit": 101}},
    ],
    ids=["field", "party-field", "status-lt", "regex", "source-ne", "location-gt", "naive", "enum", "sort", "limit"],
)
def test_query_unsupported_input_is_invalid_argument(full, day, api_error, query):
    api_error("INVALID_ARGUMENT", full.query_reservations, {"query": query})


def test_query_limit_100_is_allowed(full, day):
    assert len(q(full, cursorPaging={"limit": 100})["reservations"]) == 5


def test_query_needs_medium_or_full(basic, medium, day, api_error):
    api_error("PERMISSION_DENIED", basic.query_reservations, {"query": {}})
    assert len(medium.query_reservations({"query": {}})["reservations"]) == 5
