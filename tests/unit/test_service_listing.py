"""listReservations, queryReservations and the typed query builder (SPEC §6)."""

from __future__ import annotations

import pytest
from unit_support import error_of, iso, reservation_request, utc

from maitred.domain.errors import InvalidArgument, PermissionDenied
from maitred.domain.lifecycle import ReservationStatus, Scope, Source
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery, SortKey
from maitred.services import listing
from maitred.services.commands import Caller
from maitred.services.listing import decode_cursor, encode_cursor

# start, status, source, party: booked in this order, one minute apart
DAY = [
    ("14:00", "RESERVED", "OFFLINE", 2),
    ("12:00", "RESERVED", "ONLINE", 2),
    ("13:00", "CANCELED", "OFFLINE", 4),
    ("12:30", "SEATED", "WALK_IN", 3),
    ("16:00", "REQUESTED", "ONLINE", 2),
    ("13:00", "RESERVED", "UNDEFINED", 2),
]
HOST = Caller(Scope.FULL, "host:anna")


@pytest.fixture
def day(full, location, make_location, clock):
    """The reservations of DAY (in booking order), plus one at another location, booked last."""
    booked = []
    for start, status, source, party in DAY:
        request = reservation_request(location.id, iso(start), party, status=status, source=source,
                                      reservee=None if source == "WALK_IN" else {"firstName": "G",
                                                                                  "phone": "+442079460018"})
        booked.append(full.create_reservation(request)["reservation"])
        clock.advance(minutes=1)
    other = make_location()
    booked.append(full.create_reservation(reservation_request(other.id, iso("12:00")))["reservation"])
    return booked


def ids(page):
    return [r["id"] for r in page["reservations"]]


def order(day, *indexes):
    return [day[i]["id"] for i in indexes]


# --- listReservations -----------------------------------------------------------------------------


def test_the_list_is_by_start_then_id_by_default_across_locations(full, day):
    listed = full.list_reservations({})
    starts = [r["details"]["startDate"] for r in listed["reservations"]]
    assert starts == sorted(starts)
    assert sorted(ids(listed)) == sorted(r["id"] for r in day)
    paging = listed["pagingMetadata"]
    assert (paging["count"], paging["hasNext"], paging["cursors"].get("next")) == (7, False, None)


@pytest.mark.parametrize(
    ("request_body", "expected"),
    [
        ({"startDateFrom": iso("13:00")}, [2, 5, 0, 4]),                 # inclusive
        ({"startDateTo": iso("13:00")}, [1, 6, 3]),                      # exclusive
        ({"startDateFrom": iso("12:30"), "startDateTo": iso("14:00")}, [3, 2, 5]),
        ({"status": "RESERVED"}, [1, 6, 5, 0]),
        ({"sort": {"fieldName": "createdDate", "order": "DESC"}}, [6, 5, 4, 3, 2, 1, 0]),
        ({"sort": {"fieldName": "createdDate"}}, [0, 1, 2, 3, 4, 5, 6]),
    ],
    ids=["from", "to", "from-to", "status", "created-desc", "created-asc"],
)
def test_the_list_filters_by_start_and_status_and_sorts(full, day, request_body, expected):
    page = full.list_reservations(request_body)
    if "sort" in request_body:
        assert ids(page) == order(day, *expected)
    else:
        assert sorted(ids(page)) == sorted(order(day, *expected))
        starts = [r["details"]["startDate"] for r in page["reservations"]]
        assert starts == sorted(starts)


def test_the_list_filters_by_location(full, day, location):
    assert sorted(ids(full.list_reservations({"reservationLocationId": location.id}))) == sorted(order(day, *range(6)))


def test_pages_follow_the_first_request_with_its_filters_sort_and_limit(full, day, location):
    first = full.list_reservations({"reservationLocationId": location.id, "paging": {"limit": 2},
                                    "sort": {"fieldName": "createdDate", "order": "DESC"}})
    assert (ids(first), first["pagingMetadata"]["hasNext"]) == (order(day, 5, 4), True)
    cursor = first["pagingMetadata"]["cursors"]["next"]
    second = full.list_reservations({"paging": {"cursor": cursor}})
    assert ids(second) == order(day, 3, 2)
    third = full.list_reservations({"paging": {"cursor": second["pagingMetadata"]["cursors"]["next"], "limit": 5}})
    assert (ids(third), third["pagingMetadata"]["hasNext"]) == (order(day, 1, 0), False)


def test_a_page_never_repeats_or_skips_a_row_when_bookings_are_added_meanwhile(full, day, location):
    first = full.list_reservations({"paging": {"limit": 3}})
    full.create_reservation(reservation_request(location.id, iso("11:45")))  # before the cursor: not seen
    full.create_reservation(reservation_request(location.id, iso("20:00")))  # after it: seen at the end
    rest = full.list_reservations({"paging": {"cursor": first["pagingMetadata"]["cursors"]["next"], "limit": 100}})
    seen = ids(first) + ids(rest)
    assert len(seen) == len(set(seen)) == 8
    assert set(r["id"] for r in day) <= set(seen)


@pytest.mark.parametrize(
    ("request_body", "field"),
    [
        ({"paging": {"limit": 101}}, "paging.limit"),
        ({"paging": {"limit": 0}}, "paging.limit"),
        ({"paging": {"cursor": "not-a-cursor"}}, "paging.cursor"),
        ({"sort": {"fieldName": "status"}}, "sort.fieldName"),
        ({"sort": {"fieldName": "createdDate", "order": "UP"}}, "sort.order"),
        ({"status": "GONE"}, "status"),
        ({"startDateFrom": "2026-06-08T12:00:00"}, "startDateFrom"),
    ],
)
def test_a_bad_list_request_is_invalid(full, day, request_body, field):
    error = error_of(full.list_reservations, request_body)
    assert (error.code, error.details["fieldViolations"][0]["field"]) == ("INVALID_ARGUMENT", field)


def test_listing_is_for_staff_and_answers_in_the_full_fieldset(basic, medium, day):
    assert error_of(basic.list_reservations, {}).code == "PERMISSION_DENIED"
    assert error_of(basic.query_reservations, {}).code == "PERMISSION_DENIED"
    assert all("source" in r for r in medium.list_reservations({})["reservations"])


# --- queryReservations ----------------------------------------------------------------------------


def test_a_query_is_by_creation_newest_first_fifty_at_a_time_by_default(full, day, location):
    for k in range(50):
        full.create_reservation(reservation_request(location.id, iso(f"{10 + k // 4}:{15 * (k % 4):02d}"),
                                                    status="FINISHED"))
    page = full.query_reservations({})
    assert (page["pagingMetadata"]["count"], page["pagingMetadata"]["hasNext"]) == (50, True)
    created = [r["createdDate"] for r in page["reservations"]]
    assert created == sorted(created, reverse=True)


@pytest.mark.parametrize(
    ("query_filter", "expected"),
    [
        ({"status": "RESERVED"}, [0, 1, 5, 6]),
        ({"status": {"$ne": "RESERVED"}}, [2, 3, 4]),
        ({"status": {"$in": ["SEATED", "REQUESTED"]}}, [3, 4]),
        ({"details.startDate": {"$lt": iso("13:00")}}, [1, 3, 6]),
        ({"details.startDate": {"$lte": iso("13:00")}}, [1, 2, 3, 5, 6]),
        ({"details.startDate": {"$gt": iso("13:00")}}, [0, 4]),
        ({"details.startDate": {"$gte": iso("14:00"), "$lt": iso("16:00")}}, [0]),
        ({"details.startDate": {"$eq": iso("13:00")}}, [2, 5]),
        ({"details.startDate": {"$ne": iso("13:00")}}, [0, 1, 3, 4, 6]),
        ({"details.startDate": {"$in": [iso("12:00"), iso("16:00")]}}, [1, 4, 6]),
        ({"source": "ONLINE"}, [1, 4]),
        ({"source": {"$in": ["WALK_IN", "UNDEFINED"]}}, [3, 5, 6]),
        ({"status": "RESERVED", "source": "OFFLINE"}, [0]),
    ],
)
def test_a_query_filters_with_the_operators_of_each_field(full, day, query_filter, expected):
    found = ids(full.query_reservations({"query": {"filter": query_filter}}))
    assert sorted(found) == sorted(order(day, *expected))


def test_a_query_filters_by_id_and_location(full, day, location):
    by_id = {"id": {"$in": [day[0]["id"], day[3]["id"]]}}
    assert sorted(ids(full.query_reservations({"query": {"filter": by_id}}))) == sorted(order(day, 0, 3))
    assert ids(full.query_reservations({"query": {"filter": {"_id": day[2]["id"]}}})) == order(day, 2)
    not_one = ids(full.query_reservations({"query": {"filter": {"id": {"$ne": day[2]["id"]}}}}))
    assert day[2]["id"] not in not_one and len(not_one) == 6
    at = {"details.reservationLocationId": {"$in": [location.id]}}
    assert len(ids(full.query_reservations({"query": {"filter": at}}))) == 6


def test_a_query_sorts_on_several_keys_and_pages_with_its_cursor(full, day):
    query = {"filter": {"details.startDate": {"$gte": iso("12:00")}},
             "sort": [{"fieldName": "details.startDate", "order": "DESC"},
                      {"fieldName": "createdDate", "order": "ASC"}],
             "cursorPaging": {"limit": 4}}
    first = full.query_reservations({"query": query})
    assert ids(first) == order(day, 4, 0, 2, 5)
    rest = full.query_reservations({"query": {"cursorPaging": {"cursor": first["pagingMetadata"]["cursors"]["next"]}}})
    assert (ids(rest), rest["pagingMetadata"]["hasNext"]) == (order(day, 3, 1, 6), False)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"filter": {"partySize": 2}}, "query.filter.partySize"),
        ({"filter": {"createdDate": {"$gt": iso("08:00")}}}, "query.filter.createdDate"),
        ({"filter": {"status": {"$lt": "RESERVED"}}}, "query.filter.status"),
        ({"filter": {"source": {"$ne": "ONLINE"}}}, "query.filter.source"),
        ({"filter": {"status": {"$regex": "RES"}}}, "query.filter.status"),
        ({"filter": {"status": {"$in": "RESERVED"}}}, "query.filter.status.$in"),
        ({"filter": {"id": "nope"}}, "query.filter.id.$eq"),
        ({"sort": [{"fieldName": "partySize"}]}, "query.sort[0].fieldName"),
        ({"cursorPaging": {"limit": 101}}, "query.cursorPaging.limit"),
        ({"cursorPaging": {"cursor": "garbage!"}}, "query.cursorPaging.cursor"),
    ],
)
def test_an_unsupported_query_is_invalid(full, day, query, field):
    error = error_of(full.query_reservations, {"query": query})
    assert (error.code, error.details["fieldViolations"][0]["field"]) == ("INVALID_ARGUMENT", field)


# --- the typed builder and cursors ----------------------------------------------------------------


def test_the_builder_finds_like_a_query(api, day):
    builder = api.book.listing.query(HOST)
    page = builder.eq("status", ReservationStatus.RESERVED).ascending("details.startDate").limit(2).find()
    assert sorted(r.id for r in page.reservations) == sorted(order(day, 1, 6))  # both at 12:00
    assert page.has_next
    newest = builder.limit(1).find()
    assert [r.id for r in newest.reservations] == order(day, 6)


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda b: b.ne("status", ReservationStatus.RESERVED), [2, 3, 4]),
        (lambda b: b.in_("source", [Source.ONLINE, Source.WALK_IN]), [1, 3, 4]),
        (lambda b: b.lt("details.startDate", utc("12:30")), [1, 6]),
        (lambda b: b.le("details.startDate", utc("12:30")), [1, 3, 6]),
        (lambda b: b.gt("details.startDate", utc("14:00")), [4]),
        (lambda b: b.ge("details.startDate", utc("14:00")), [0, 4]),
    ],
    ids=["ne", "in", "lt", "le", "gt", "ge"],
)
def test_the_builder_has_every_operator(api, day, build, expected):
    found = build(api.book.listing.query(HOST)).descending("createdDate").find()
    assert [r.id for r in found.reservations] == sorted(order(day, *expected), key=lambda i: -[
        r["id"] for r in day].index(i))


@pytest.mark.parametrize("internal_page", [2, 3, 7, 100])
def test_all_reads_every_page_once(api, day, monkeypatch, internal_page):
    monkeypatch.setattr(listing, "INTERNAL_PAGE", internal_page)
    query = ReservationQuery(sort=(SortKey(ReservationField.START),), limit=2)
    everything = [r.id for r in api.book.listing.all(HOST, query)]
    assert sorted(everything) == sorted(r["id"] for r in day)


def test_all_is_for_staff_and_checks_the_query(api):
    with pytest.raises(PermissionDenied):
        api.book.listing.all(Caller(Scope.BASIC), ReservationQuery())
    with pytest.raises(InvalidArgument):
        api.book.listing.all(HOST, ReservationQuery(sort=(SortKey(ReservationField.STATUS),)))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (ReservationQuery(limit=0), "paging.limit"),
        (ReservationQuery(conditions=(Condition(ReservationField.STATUS, Operator.LT, "X"),)), "query.filter.status"),
        (ReservationQuery(conditions=(Condition(ReservationField.CREATED, Operator.EQ, utc("08:00")),)),
         "query.filter.createdDate"),
        (ReservationQuery(sort=(SortKey(ReservationField.STATUS),)), "query.sort"),
    ],
)
def test_the_listing_service_refuses_queries_the_spec_does_not_allow(api, query, field):
    with pytest.raises(InvalidArgument) as refused:
        api.book.listing.page(HOST, query)
    assert refused.value.violations[0].field == field


def test_a_cursor_carries_the_whole_query(api):
    query = ReservationQuery(
        conditions=(Condition(ReservationField.START, Operator.GTE, utc("12:00")),
                    Condition(ReservationField.STATUS, Operator.IN,
                              (ReservationStatus.RESERVED, ReservationStatus.SEATED)),
                    Condition(ReservationField.SOURCE, Operator.EQ, Source.OFFLINE),
                    Condition(ReservationField.LOCATION, Operator.EQ, "loc")),
        sort=(SortKey(ReservationField.CREATED, descending=True),),
        limit=7,
        after=(utc("08:03"), "00000000-0000-4000-8000-000000000000"),
    )
    assert decode_cursor(encode_cursor(query)) == query


@pytest.mark.parametrize("cursor", ["", "e30", "bm90IGpzb24", "W10"])
def test_a_cursor_the_book_did_not_give_out_is_invalid(cursor):
    with pytest.raises(InvalidArgument):
        decode_cursor(cursor)
