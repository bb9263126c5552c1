"""SPEC §5.6: checkTimeSlot."""

from __future__ import annotations

import uuid

import pytest


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def check(scope, loc, date, party=2, duration=90, **extra):
    request = {"reservationLocationId": loc.id, "date": date, "duration": duration, "partySize": party}
    request.update(extra)
    return scope.check_time_slot(request)


def table_view(loc, response):
    """[(sorted table names, set of conflicts)] in response order."""
    return [
        (sorted(loc.names(e["tableIds"]), key=lambda n: int(n[1:])), set(e["tableCombinationConflicts"]))
        for e in response["tableCombinationAvailabilities"]
    ]


def test_one_entry_per_table_in_natural_order_then_combinations(full, location):
    response = check(full, location, utc("12:00"), 2)
    assert table_view(location, response) == [
        (["T1"], set()),
        (["T2"], set()),
        (["T3"], set()),
        (["T4"], set()),
        (["T5"], {"TOO_SMALL"}),
        (["T10"], set()),
        (["T3", "T4"], {"TOO_SMALL"}),
    ]
    assert response["reservationLocationConflicts"] == []
    for entry in response["tableCombinationAvailabilities"][:6]:
        assert len(entry["tableIds"]) == 1


def test_conflicts_are_enum_strings(full, location, book):
    book(location, utc("12:00"), 4)
    response = check(full, location, utc("12:00"), 6)
    view = table_view(location, response)
    t3 = view.pop(2)
    assert t3[0] == ["T3"]
    assert "TOO_BIG" in t3[1]
    assert t3[1] <= {"TOO_BIG", "RESERVED"}
    assert view == [
        (["T1"], {"TOO_BIG"}),
        (["T2"], {"TOO_BIG"}),
        (["T4"], {"TOO_BIG"}),
        (["T5"], set()),
        (["T10"], {"TOO_BIG"}),
        (["T3", "T4"], {"RESERVED"}),
    ]
    for entry in response["tableCombinationAvailabilities"]:
        assert all(isinstance(c, str) for c in entry["tableCombinationConflicts"])


def test_taken_table_is_reserved(full, location, book):
    book(location, utc("12:00"))
    view = dict(
        (tuple(names), conflicts) for names, conflicts in table_view(location, check(full, location, utc("12:30")))
    )
    assert view[("T1",)] == {"RESERVED"}
    assert view[("T2",)] == set()


def test_exclude_reservation_id_ignores_that_reservation(full, location, book):
    mine = book(location, utc("12:00"))
    view = dict(
        (tuple(n), c)
        for n, c in table_view(location, check(full, location, utc("12:30"), excludeReservationId=mine["id"]))
    )
    assert view[("T1",)] == set()


@pytest.mark.parametrize(
    "start, duration, taken",
    [("13:30", 30, False), ("10:30", 90, False), ("10:31", 90, True), ("13:29", 5, True), ("12:00", 5, True)],
)
def test_the_exact_window_is_checked(full, make_location, book, start, duration, taken):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    book(loc, utc("12:00"))
    ((_, conflicts),) = table_view(loc, check(full, loc, utc(start), 2, duration))
    assert conflicts == ({"RESERVED"} if taken else set())


def test_no_snapping_and_no_business_hours(full, location):
    response = check(full, location, "2026-06-08T03:07:00Z", 2, 45)
    assert all(
        not e["tableCombinationConflicts"] or e["tableCombinationConflicts"] == ["TOO_SMALL"]
        for e in response["tableCombinationAvailabilities"]
    )
    assert len(response["tableCombinationAvailabilities"]) == 7


def test_inactive_tables_and_unusable_combinations_are_left_out(full, make_location, patch_location):
    loc = make_location(
        tables=[("T1", 1, 2), ("T2", 1, 2, {"isActive": False}), ("T3", 1, 2)],
        combinations=((("T1", "T2"), 3, 4), (("T1", "T3"), 3, 4)),
    )
    assert table_view(loc, check(full, loc, utc("12:00"), 2)) == [
        (["T1"], set()),
        (["T3"], set()),
        (["T1", "T3"], {"TOO_SMALL"}),
    ]
    combos = [dict(c) for c in loc.combinations]
    combos[1]["isActive"] = False
    loc = patch_location(loc, {"configuration": {"tableManagement": {"tableCombinations": combos}}})
    assert table_view(loc, check(full, loc, utc("12:00"), 2)) == [(["T1"], set()), (["T3"], set())]


def test_combinations_come_in_the_order_defined(full, make_location):
    loc = make_location(
        tables=[("T1", 1, 2), ("T2", 1, 2), ("T3", 1, 2), ("T4", 1, 2)],
        combinations=((("T3", "T4"), 3, 4), (("T1", "T2"), 3, 4), (("T2", "T3"), 3, 4)),
    )
    names = [n for n, _ in table_view(loc, check(full, loc, utc("12:00"), 3))]
    assert names == [["T1"], ["T2"], ["T3"], ["T4"], ["T3", "T4"], ["T1", "T2"], ["T2", "T3"]]


def test_house_tables_are_listed_for_staff(full, make_location):
    loc = make_location(tables=[("T1", 1, 2, {"onlineReservations": False})], combinations=())
    assert table_view(loc, check(full, loc, utc("12:00"))) == [(["T1"], set())]


def test_unexpired_holds_count_and_expired_ones_do_not(clock, full, location, hold):
    hold(location, utc("12:00"))
    view = dict((tuple(n), c) for n, c in table_view(location, check(full, location, utc("12:00"))))
    assert view[("T1",)] == {"RESERVED"}
    clock.advance(minutes=10)
    view = dict((tuple(n), c) for n, c in table_view(location, check(full, location, utc("12:00"))))
    assert view[("T1",)] == set()


@pytest.mark.parametrize(
    "pacing, party, when, conflicts",
    [
        ({"partyPacing": {"enabled": True, "number": 1}}, 2, "12:05", ["PARTY_PACING"]),
        ({"partyPacing": {"enabled": True, "number": 1}}, 2, "12:15", []),
        ({"partyPacing": {"enabled": True, "number": 2}}, 2, "12:05", []),
        ({"seatPacing": {"enabled": True, "number": 4}}, 2, "12:00", []),
        ({"seatPacing": {"enabled": True, "number": 4}}, 3, "12:00", ["SEAT_PACING"]),
        (
            {"partyPacing": {"enabled": True, "number": 1}, "seatPacing": {"enabled": True, "number": 3}},
            2,
            "12:10",
            ["PARTY_PACING", "SEAT_PACING"],
        ),
    ],
)
def test_pacing_conflicts_of_a_booking_at_that_start(full, make_location, book, pacing, party, when, conflicts):
    loc = make_location(online=pacing)
    book(loc, utc("12:00"), 2)
    response = check(full, loc, utc(when), party)
    assert sorted(response["reservationLocationConflicts"]) == conflicts


def test_medium_may_check(medium, location):
    assert check(medium, location, utc("12:00"))["tableCombinationAvailabilities"]


def test_basic_may_not_check(basic, location, api_error):
    api_error("PERMISSION_DENIED", check, basic, location, utc("12:00"))


@pytest.mark.parametrize(
    "change, field",
    [
        ({"duration": 4}, "duration"),
        ({"duration": 1001}, "duration"),
        ({"partySize": 0}, "partySize"),
        ({"partySize": 10001}, "partySize"),
        ({"date": "2026-06-08T12:00:00"}, "date"),
        ({"excludeReservationId": "mine"}, "excludeReservationId"),
    ],
)
def test_check_bad_input_is_invalid_argument(full, location, api_error, change, field):
    request = {"reservationLocationId": location.id, "date": utc("12:00"), "duration": 90, "partySize": 2}
    request.update(change)
    api_error("INVALID_ARGUMENT", full.check_time_slot, request, field=field)


@pytest.mark.parametrize("missing", ["reservationLocationId", "date", "duration", "partySize"])
def test_check_required_fields(full, location, api_error, missing):
    request = {"reservationLocationId": location.id, "date": utc("12:00"), "duration": 90, "partySize": 2}
    del request[missing]
    api_error("INVALID_ARGUMENT", full.check_time_slot, request, field=missing)


def test_check_party_size_upper_bound_is_accepted(full, location):
    response = check(full, location, utc("12:00"), 10000)
    assert all(e["tableCombinationConflicts"] == ["TOO_BIG"] for e in response["tableCombinationAvailabilities"])


def test_check_unknown_location_is_not_found(full, api_error):
    api_error(
        "RESERVATION_LOCATION_NOT_FOUND",
        full.check_time_slot,
        {"reservationLocationId": str(uuid.uuid4()), "date": utc("12:00"), "duration": 90, "partySize": 2},
    )
