"""SPEC §5.4–§5.5: auto-assignment, conflicts, pacing on booking, ignore lists, online rules on booking."""

from __future__ import annotations

import pytest


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def names(loc, reservation) -> list[str]:
    return sorted(loc.names(reservation["details"]["tableIds"]), key=lambda n: int(n[1:]))


# ---------------------------------------------------------------- auto-assignment


def test_natural_name_order_among_equal_tables(location, book):
    assigned = [names(location, book(location, utc("12:00"))) for _ in range(5)]
    assert assigned == [["T1"], ["T2"], ["T10"], ["T3"], ["T4"]]


def test_t2_comes_before_t10_whatever_the_creation_order(make_location, book):
    loc = make_location(tables=[("T10", 1, 2), ("T2", 1, 2)], combinations=())
    assert names(loc, book(loc, utc("12:00"))) == ["T2"]


def test_smallest_seats_max_first(make_location, book):
    loc = make_location(tables=[("A1", 1, 6), ("A2", 1, 4), ("A3", 2, 2)], combinations=())
    first = book(loc, utc("12:00"))
    second = book(loc, utc("12:00"))
    third = book(loc, utc("12:00"))
    assert [loc.names(r["details"]["tableIds"]) for r in (first, second, third)] == [["A3"], ["A2"], ["A1"]]


def test_single_table_before_combination_of_equal_seats(make_location, book):
    loc = make_location(tables=[("T1", 1, 2), ("T2", 1, 2), ("T3", 3, 4)], combinations=((("T1", "T2"), 3, 4),))
    assert names(loc, book(loc, utc("12:00"), 3)) == ["T3"]
    assert names(loc, book(loc, utc("12:00"), 3)) == ["T1", "T2"]


def test_smaller_combination_beats_a_bigger_single_table(make_location, book):
    loc = make_location(tables=[("T1", 1, 2), ("T2", 1, 2), ("T6", 3, 6)], combinations=((("T1", "T2"), 3, 4),))
    assert names(loc, book(loc, utc("12:00"), 3)) == ["T1", "T2"]


def test_fewer_tables_first_among_combinations(make_location, book):
    loc = make_location(
        tables=[("T1", 1, 2), ("T2", 1, 2), ("T3", 1, 2), ("T4", 1, 2)],
        combinations=((("T1", "T2", "T3"), 3, 4), (("T3", "T4"), 3, 4)),
    )
    assert names(loc, book(loc, utc("12:00"), 3)) == ["T3", "T4"]


def test_combinations_compare_their_sorted_names_naturally(make_location, book):
    loc = make_location(
        tables=[("T2", 1, 2), ("T3", 1, 2), ("T10", 1, 2)], combinations=((("T10", "T3"), 3, 4), (("T2", "T3"), 3, 4))
    )
    assert names(loc, book(loc, utc("12:00"), 3)) == ["T2", "T3"]


def test_inactive_tables_and_combinations_are_not_assigned(make_location, patch_location, book, api_error):
    loc = make_location(
        tables=[("T1", 1, 2, {"isActive": False}), ("T2", 1, 2), ("T3", 1, 2), ("T4", 1, 2)],
        combinations=((("T1", "T2"), 1, 4), (("T3", "T4"), 3, 4)),
    )
    assert names(loc, book(loc, utc("12:00"))) == ["T2"]
    assert names(loc, book(loc, utc("18:00"), 3)) == ["T3", "T4"]
    combos = [dict(c) for c in loc.combinations]
    combos[1]["isActive"] = False
    loc = patch_location(loc, {"configuration": {"tableManagement": {"tableCombinations": combos}}})
    err = api_error("TIME_NOT_AVAILABLE", book, loc, utc("20:00"), 3)
    assert err.details["tableCombinationConflicts"] == ["TOO_BIG"]


def test_holds_are_assigned_like_bookings(location, hold, get_full):
    first = get_full(hold(location, utc("12:00"))["id"])
    second = get_full(hold(location, utc("12:00"))["id"])
    assert names(location, first) == ["T1"]
    assert names(location, second) == ["T2"]


def test_free_later_or_earlier_tables_are_reused(location, book):
    book(location, utc("12:00"))
    assert names(location, book(location, utc("13:30"))) == ["T1"]
    assert names(location, book(location, utc("10:30"))) == ["T1"]


# ---------------------------------------------------------------- failed auto-assignment


def test_conflict_kinds_reserved_and_too_small(location, book, api_error, snapshot):
    for _ in range(5):
        book(location, utc("12:00"))
    before = snapshot()
    err = api_error("TIME_NOT_AVAILABLE", book, location, utc("12:30"))
    assert err.details["tableCombinationConflicts"] == ["RESERVED", "TOO_SMALL"]
    assert err.details["reservationLocationConflicts"] == []
    assert snapshot() == before


def test_conflict_kinds_all_too_big(location, book, api_error):
    err = api_error("TIME_NOT_AVAILABLE", book, location, utc("12:00"), 9)
    assert err.details["tableCombinationConflicts"] == ["TOO_BIG"]


def test_conflict_kinds_in_spec_order(location, book, api_error):
    book(location, utc("12:00"), 3)
    book(location, utc("12:00"), 3)
    err = api_error("TIME_NOT_AVAILABLE", book, location, utc("12:00"), 3)
    assert err.details["tableCombinationConflicts"] == ["RESERVED", "TOO_BIG", "TOO_SMALL"]


def test_only_house_tables_free_is_offline_only_for_basic(basic, make_location, book, api_error):
    loc = make_location(tables=[("T1", 1, 2, {"onlineReservations": False})], combinations=())
    err = api_error("TIME_NOT_AVAILABLE", book, loc, utc("12:00"), scope=basic)
    assert err.details["tableCombinationConflicts"] == ["OFFLINE_ONLY"]
    assert err.details["reservationLocationConflicts"] == []


def test_reserved_comes_before_offline_only(basic, make_location, book, api_error):
    loc = make_location(tables=[("T1", 1, 2, {"onlineReservations": False}), ("T2", 1, 2)], combinations=())
    book(loc, utc("12:00"), scope=basic)
    err = api_error("TIME_NOT_AVAILABLE", book, loc, utc("12:00"), scope=basic)
    assert err.details["tableCombinationConflicts"] == ["RESERVED", "OFFLINE_ONLY"]


@pytest.mark.parametrize("scope_name, table", [("BASIC", "T2"), ("MEDIUM", "T1"), ("FULL", "T1")])
def test_house_tables_are_never_given_to_basic(scopes, make_location, book, get_full, scope_name, table):
    loc = make_location(tables=[("T1", 1, 2, {"onlineReservations": False}), ("T2", 1, 2)], combinations=())
    reservation = get_full(book(loc, utc("12:00"), scope=scopes[scope_name])["id"])
    assert names(loc, reservation) == [table]


def test_house_tables_are_never_held_for_basic(basic, make_location, hold, api_error):
    loc = make_location(tables=[("T1", 1, 2, {"onlineReservations": False})], combinations=())
    err = api_error("TIME_NOT_AVAILABLE", hold, loc, utc("12:00"), scope=basic)
    assert err.details["tableCombinationConflicts"] == ["OFFLINE_ONLY"]


# ---------------------------------------------------------------- pacing on booking


@pytest.mark.parametrize(
    "pacing, party, expected",
    [
        ({"partyPacing": {"enabled": True, "number": 1}}, 2, ["PARTY_PACING"]),
        ({"seatPacing": {"enabled": True, "number": 4}}, 3, ["SEAT_PACING"]),
        (
            {"partyPacing": {"enabled": True, "number": 1}, "seatPacing": {"enabled": True, "number": 3}},
            2,
            ["PARTY_PACING", "SEAT_PACING"],
        ),
    ],
)
def test_pacing_refuses_a_booking(make_location, book, api_error, snapshot, pacing, party, expected):
    loc = make_location(online=pacing)
    book(loc, utc("12:00"), 2)
    before = snapshot()
    err = api_error("TIME_NOT_AVAILABLE", book, loc, "2026-06-08T12:10:00Z", party)
    assert sorted(err.details["reservationLocationConflicts"]) == expected
    assert err.details["tableCombinationConflicts"] == []
    assert snapshot() == before


def test_pacing_and_table_conflicts_together(make_location, book, api_error):
    loc = make_location(tables=[("T1", 1, 2)], combinations=(), online={"partyPacing": {"enabled": True, "number": 1}})
    book(loc, utc("12:00"))
    err = api_error("TIME_NOT_AVAILABLE", book, loc, "2026-06-08T12:05:00Z")
    assert err.details["tableCombinationConflicts"] == ["RESERVED"]
    assert err.details["reservationLocationConflicts"] == ["PARTY_PACING"]


def test_pacing_applies_to_holds(make_location, hold, api_error):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    hold(loc, utc("12:00"))
    err = api_error("TIME_NOT_AVAILABLE", hold, loc, utc("12:00"))
    assert err.details["reservationLocationConflicts"] == ["PARTY_PACING"]


def test_pacing_applies_to_an_update_moving_into_a_full_window(full, make_location, book, api_error):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    book(loc, utc("12:00"))
    later = book(loc, utc("15:00"))
    err = api_error(
        "TIME_NOT_AVAILABLE",
        full.update_reservation,
        {
            "reservation": {
                "id": later["id"],
                "revision": later["revision"],
                "details": {"startDate": "2026-06-08T12:05:00Z"},
            }
        },
    )
    assert err.details["reservationLocationConflicts"] == ["PARTY_PACING"]


def test_an_update_does_not_pace_against_itself(full, make_location, book):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    mine = book(loc, utc("12:00"))
    moved = full.update_reservation(
        {
            "reservation": {
                "id": mine["id"],
                "revision": mine["revision"],
                "details": {"startDate": "2026-06-08T12:10:00Z"},
            }
        }
    )
    assert moved["reservation"]["details"]["startDate"] == "2026-06-08T12:10:00Z"


# ---------------------------------------------------------------- ignore lists (FULL)


def test_full_books_over_a_reserved_table_with_ignore(location, book, get_full):
    t1 = location.table_id("T1")
    first = book(location, utc("12:00"))
    second = book(location, utc("12:30"), details={"tableIds": [t1]}, ignore_tables=["RESERVED"])
    assert second["details"]["tableIds"] == [t1]
    assert second["tablesWithReservationConflicts"] == [{"tableId": t1, "reservationIds": [first["id"]]}]
    assert get_full(second["id"])["tablesWithReservationConflicts"] == second["tablesWithReservationConflicts"]
    untouched = get_full(first["id"])
    assert "tablesWithReservationConflicts" not in untouched
    assert untouched["revision"] == "1"


def test_named_taken_table_without_ignore_is_time_not_available(location, book, api_error):
    book(location, utc("12:00"))
    err = api_error("TIME_NOT_AVAILABLE", book, location, utc("12:30"), details={"tableIds": [location.table_id("T1")]})
    assert err.details["tableCombinationConflicts"] == ["RESERVED"]


def test_clashes_are_listed_per_table(location, book):
    t1, t2 = location.ids("T1", "T2")
    a = book(location, utc("12:00"))
    b = book(location, utc("12:00"))
    both = book(location, utc("12:45"), 3, details={"tableIds": [t1, t2]}, ignore_tables=["RESERVED"])
    clashes = sorted(both["tablesWithReservationConflicts"], key=lambda c: c["tableId"])
    assert clashes == sorted(
        [{"tableId": t1, "reservationIds": [a["id"]]}, {"tableId": t2, "reservationIds": [b["id"]]}],
        key=lambda c: c["tableId"],
    )


def test_auto_assignment_prefers_a_free_option_even_with_ignore(location, book):
    book(location, utc("12:00"))
    reservation = book(location, utc("12:00"), ignore_tables=["RESERVED"])
    assert names(location, reservation) == ["T2"]
    assert "tablesWithReservationConflicts" not in reservation


def test_auto_assignment_takes_the_best_ignored_option_when_none_is_free(location, book):
    taken = [book(location, utc("12:00")) for _ in range(5)]
    reservation = book(location, utc("12:00"), ignore_tables=["RESERVED"])
    assert names(location, reservation) == ["T1"]
    assert reservation["tablesWithReservationConflicts"] == [
        {"tableId": location.table_id("T1"), "reservationIds": [taken[0]["id"]]}
    ]


@pytest.mark.parametrize("party, table, ignore", [(4, "T1", "TOO_BIG"), (1, "T5", "TOO_SMALL")])
def test_full_may_ignore_size_conflicts(location, book, party, table, ignore):
    tid = location.table_id(table)
    reservation = book(location, utc("12:00"), party, details={"tableIds": [tid]}, ignore_tables=[ignore])
    assert reservation["details"]["tableIds"] == [tid]


def test_ignoring_one_kind_does_not_ignore_another(location, book, api_error):
    book(location, utc("12:00"))
    api_error(
        "TIME_NOT_AVAILABLE",
        book,
        location,
        utc("12:00"),
        4,
        details={"tableIds": [location.table_id("T1")]},
        ignore_tables=["TOO_BIG"],
    )


@pytest.mark.parametrize(
    "kind, pacing",
    [
        ("PARTY_PACING", {"partyPacing": {"enabled": True, "number": 1}}),
        ("SEAT_PACING", {"seatPacing": {"enabled": True, "number": 2}}),
    ],
)
def test_full_may_ignore_pacing(make_location, book, kind, pacing):
    loc = make_location(online=pacing)
    book(loc, utc("12:00"))
    assert book(loc, utc("12:05"), ignore_location=[kind])["status"] == "RESERVED"


def test_full_may_ignore_offline_only(full, make_location, book):
    loc = make_location(tables=[("T1", 1, 2, {"onlineReservations": False})], combinations=())
    assert book(loc, utc("12:00"), ignore_tables=["OFFLINE_ONLY"])["status"] == "RESERVED"


def test_clashes_are_recomputed_at_the_next_recheck(full, location, book):
    t1 = location.table_id("T1")
    book(location, utc("12:00"))
    second = book(location, utc("12:30"), details={"tableIds": [t1]}, ignore_tables=["RESERVED"])
    moved = full.update_reservation(
        {"reservation": {"id": second["id"], "revision": second["revision"], "details": {"startDate": utc("18:00")}}}
    )["reservation"]
    assert moved["details"]["tableIds"] == [t1]
    assert "tablesWithReservationConflicts" not in moved


def test_update_with_ignore_lists_books_over_a_clash(full, location, book):
    t1 = location.table_id("T1")
    first = book(location, utc("12:00"))
    second = book(location, utc("15:00"))
    moved = full.update_reservation(
        {
            "reservation": {
                "id": second["id"],
                "revision": second["revision"],
                "details": {"startDate": utc("12:30"), "tableIds": [t1]},
            },
            "ignoreTableCombinationConflicts": ["RESERVED"],
        }
    )["reservation"]
    assert moved["tablesWithReservationConflicts"] == [{"tableId": t1, "reservationIds": [first["id"]]}]


@pytest.mark.parametrize(
    "key, value",
    [
        ("ignoreTableCombinationConflicts", ["DOUBLE_BOOKED"]),
        ("ignoreReservationLocationConflicts", ["RESERVED"]),
        ("ignoreTableCombinationConflicts", "RESERVED"),
    ],
)
def test_unknown_ignore_values_are_invalid_argument(full, location, reservation_body, api_error, key, value):
    request = reservation_body(location.id, utc("12:00"))
    request[key] = value
    api_error("INVALID_ARGUMENT", full.create_reservation, request)


# ---------------------------------------------------------------- online rules on booking (BASIC)


def _empty_lists(err):
    assert err.details["tableCombinationConflicts"] == []
    assert err.details["reservationLocationConflicts"] == []


@pytest.mark.parametrize("operation", ["create", "hold"])
def test_disabled_online_reservations_refuse_basic(basic, make_location, book, hold, api_error, operation):
    loc = make_location(enabled=False)
    call = book if operation == "create" else hold
    api_error("ONLINE_RESERVATIONS_DISABLED", call, loc, utc("12:00"), scope=basic)


@pytest.mark.parametrize("scope_name", ["MEDIUM", "FULL"])
def test_staff_book_when_online_reservations_are_off(scopes, make_location, book, scope_name):
    loc = make_location(enabled=False)
    assert book(loc, utc("12:00"), scope=scopes[scope_name])["id"]


@pytest.mark.parametrize(
    "online, now, start, party",
    [
        ({}, "2026-06-08T08:00:00Z", utc("23:00"), 2),
        ({}, "2026-06-08T08:00:00Z", utc("10:00"), 2),
        ({}, "2026-06-08T13:00:00Z", utc("12:00"), 2),
        ({"partySize": {"min": 2, "max": 4}}, "2026-06-08T08:00:00Z", utc("12:00"), 5),
        ({"partySize": {"min": 2, "max": 4}}, "2026-06-08T08:00:00Z", utc("12:00"), 1),
        ({"minimumReservationNotice": {"number": 5, "unit": "HOURS"}}, "2026-06-08T08:00:00Z", utc("12:00"), 2),
        (
            {"maximumReservationNotice": {"number": 1, "unit": "DAYS"}},
            "2026-06-08T08:00:00Z",
            utc("12:00", "2026-06-10"),
            2,
        ),
    ],
    ids=["after-hours", "before-hours", "past", "party-too-big", "party-too-small", "min-notice", "max-notice"],
)
@pytest.mark.parametrize("operation", ["create", "hold"])
def test_online_rules_refuse_basic_with_empty_conflict_lists(
    clock, basic, full, make_location, book, hold, api_error, snapshot, online, now, start, party, operation
):
    loc = make_location(online=online)
    clock.set(now)
    call = book if operation == "create" else hold
    before = snapshot()
    _empty_lists(api_error("TIME_NOT_AVAILABLE", call, loc, start, party, scope=basic))
    assert snapshot() == before
    assert call(loc, start, party, scope=full)["id"]


def test_online_party_limits_do_not_bind_medium(medium, make_location, book):
    loc = make_location(online={"partySize": {"min": 2, "max": 4}})
    assert book(loc, utc("12:00"), 5, scope=medium)["status"] == "RESERVED"
