"""SPEC §5.1–§5.4: getTimeSlots — the seed example, the grid, hours, DST, pacing, online rules."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def slots(scope, loc, date, party=2, **extra):
    request = {"reservationLocationId": loc.id, "date": date, "partySize": party}
    request.update(extra)
    return scope.get_time_slots(request)["timeSlots"]


def status_at(scope, loc, date, party=2, **extra):
    (slot,) = slots(scope, loc, date, party, **extra)
    assert slot["startDate"] == date
    return slot["status"]


def options(loc, slot):
    return [sorted(loc.names(o["tableIds"]), key=lambda n: int(n[1:])) for o in slot["tableCombinations"]]


def parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


# ---------------------------------------------------------------- the seed example


def _seed_expected() -> list[dict]:
    closed = [
        {"startDate": utc(t), "duration": 90, "status": "NON_WORKING_HOURS", "tableCombinations": []}
        for t in ["09:45", "10:00", "10:15", "10:30", "10:45", "11:00", "11:15"]
    ]
    opened = [
        {"startDate": utc(t), "duration": 90, "status": "AVAILABLE", "tableCombinations": [], "manualApproval": True}
        for t in ["11:30", "11:45", "12:00", "12:15", "12:30", "12:45", "13:00", "13:15"]
    ]
    return closed + opened


@pytest.fixture
def seed_location(make_location):
    return make_location(online={"approval": {"mode": "MANUAL"}})


def test_seed_example_holds_exactly(basic, seed_location):
    got = slots(basic, seed_location, "2026-06-08T11:30:00.000Z", 2, slotsBefore=7, slotsAfter=7)
    assert got == _seed_expected()


def test_seed_example_for_staff_lists_the_tables(full, seed_location):
    got = slots(full, seed_location, "2026-06-08T11:30:00.000Z", 2, slotsBefore=7, slotsAfter=7)
    assert len(got) == 15
    assert [s["startDate"] for s in got] == [s["startDate"] for s in _seed_expected()]
    assert [s["status"] for s in got] == ["NON_WORKING_HOURS"] * 7 + ["AVAILABLE"] * 8
    assert all(s["duration"] == 90 for s in got)
    for s in got[:7]:
        assert s["tableCombinations"] == []
    for s in got[7:]:
        assert s["manualApproval"] is True
        assert s["tableCombinations"]


# ---------------------------------------------------------------- grid and count


def test_single_slot_by_default(full, location):
    got = slots(full, location, utc("12:00"))
    assert len(got) == 1
    assert got[0]["startDate"] == utc("12:00")


@pytest.mark.parametrize("before, after", [(0, 0), (3, 0), (0, 4), (50, 50), (2, 5)])
def test_exactly_before_plus_one_plus_after_slots_ascending(full, location, before, after):
    got = slots(full, location, utc("12:00"), slotsBefore=before, slotsAfter=after)
    assert len(got) == before + 1 + after
    starts = [parse(s["startDate"]) for s in got]
    assert starts == sorted(starts)
    assert starts[before] == parse(utc("12:00"))
    assert all(b - a == timedelta(minutes=15) for a, b in pairwise(starts))


@pytest.mark.parametrize(
    "interval, date, anchor",
    [
        (15, "2026-06-08T12:07:00Z", "12:00"),
        (15, "2026-06-08T12:14:59.999Z", "12:00"),
        (15, "2026-06-08T12:15:00Z", "12:15"),
        (20, "2026-06-08T12:07:00Z", "12:00"),
        (20, "2026-06-08T12:25:00Z", "12:20"),
        (30, "2026-06-08T12:44:00Z", "12:30"),
        (60, "2026-06-08T12:59:00Z", "12:00"),
        (15, "2026-06-08T13:07:00+01:00", "12:00"),
    ],
)
def test_anchor_is_the_date_floored_to_the_grid(full, make_location, interval, date, anchor):
    loc = make_location(online={"timeSlotInterval": interval})
    got = slots(full, loc, date, slotsAfter=2)
    step = timedelta(minutes=interval)
    first = parse(utc(anchor))
    assert [parse(s["startDate"]) for s in got] == [first, first + step, first + 2 * step]


def test_grid_is_local_midnight_plus_intervals(full, make_location):
    loc = make_location(time_zone="Asia/Kolkata", online={"timeSlotInterval": 60})
    got = slots(full, loc, "2026-06-08T06:45:00Z", slotsAfter=1)
    assert [s["startDate"] for s in got] == ["2026-06-08T06:30:00Z", "2026-06-08T07:30:00Z"]


# ---------------------------------------------------------------- business hours


def test_close_time_is_the_last_start_inclusive(full, location):
    got = slots(full, location, utc("21:45"), slotsAfter=2)
    assert [s["status"] for s in got] == ["AVAILABLE", "AVAILABLE", "NON_WORKING_HOURS"]


def test_open_time_is_the_first_start(full, location):
    got = slots(full, location, utc("11:15"), slotsAfter=1)
    assert [s["status"] for s in got] == ["NON_WORKING_HOURS", "AVAILABLE"]


def test_hours_are_in_the_locations_time_zone(full, make_location):
    loc = make_location(time_zone="Europe/London")
    assert [s["status"] for s in slots(full, loc, utc("10:15"), slotsAfter=1)] == ["NON_WORKING_HOURS", "AVAILABLE"]
    assert [s["status"] for s in slots(full, loc, utc("21:00"), slotsAfter=1)] == ["AVAILABLE", "NON_WORKING_HOURS"]


def test_periods_by_weekday(full, make_location):
    loc = make_location(
        periods=[{"openDay": "TUESDAY", "openTime": "11:30", "closeDay": "TUESDAY", "closeTime": "22:00"}]
    )
    assert status_at(full, loc, utc("12:00")) == "NON_WORKING_HOURS"
    assert status_at(full, loc, utc("12:00", "2026-06-09")) == "AVAILABLE"
    assert status_at(full, loc, utc("12:00", "2026-06-10")) == "NON_WORKING_HOURS"


def test_two_periods_a_day_leave_a_gap(full, make_location):
    loc = make_location(
        periods=[
            {"openDay": "MONDAY", "openTime": "11:30", "closeDay": "MONDAY", "closeTime": "14:00"},
            {"openDay": "MONDAY", "openTime": "18:00", "closeDay": "MONDAY", "closeTime": "22:00"},
        ]
    )
    assert status_at(full, loc, utc("14:00")) == "AVAILABLE"
    assert status_at(full, loc, utc("15:00")) == "NON_WORKING_HOURS"
    assert status_at(full, loc, utc("18:00")) == "AVAILABLE"


@pytest.mark.parametrize(
    "when, status",
    [
        ("2026-06-12T17:45:00Z", "NON_WORKING_HOURS"),
        ("2026-06-12T18:00:00Z", "AVAILABLE"),
        ("2026-06-12T23:45:00Z", "AVAILABLE"),
        ("2026-06-13T01:00:00Z", "AVAILABLE"),
        ("2026-06-13T02:00:00Z", "AVAILABLE"),
        ("2026-06-13T02:15:00Z", "NON_WORKING_HOURS"),
        ("2026-06-13T18:00:00Z", "NON_WORKING_HOURS"),
    ],
)
def test_overnight_period(full, make_location, when, status):
    loc = make_location(
        periods=[{"openDay": "FRIDAY", "openTime": "18:00", "closeDay": "SATURDAY", "closeTime": "02:00"}]
    )
    assert status_at(full, loc, when) == status


@pytest.mark.parametrize(
    "when, status",
    [("13:45", "AVAILABLE"), ("14:00", "NON_WORKING_HOURS"), ("15:45", "NON_WORKING_HOURS"), ("16:00", "AVAILABLE")],
)
def test_closed_special_hours_override_the_week(full, make_location, when, status):
    loc = make_location(
        special=[{"startDate": utc("14:00"), "endDate": utc("16:00"), "isClosed": True, "comment": "Private party"}]
    )
    assert status_at(full, loc, utc(when)) == status


def test_closed_special_day(full, make_location):
    loc = make_location(
        special=[
            {
                "startDate": "2026-06-09T00:00:00Z",
                "endDate": "2026-06-10T00:00:00Z",
                "isClosed": True,
                "comment": "Holiday",
            }
        ]
    )
    assert status_at(full, loc, utc("12:00", "2026-06-08")) == "AVAILABLE"
    assert status_at(full, loc, utc("12:00", "2026-06-09")) == "NON_WORKING_HOURS"
    assert status_at(full, loc, utc("12:00", "2026-06-10")) == "AVAILABLE"


@pytest.mark.parametrize(
    "when, status",
    [
        ("09:45", "NON_WORKING_HOURS"),
        ("10:00", "AVAILABLE"),
        ("15:45", "AVAILABLE"),
        ("16:00", "NON_WORKING_HOURS"),
        ("17:00", "NON_WORKING_HOURS"),
    ],
)
def test_open_special_hours_open_a_closed_day(full, make_location, when, status):
    loc = make_location(
        periods=[
            {"openDay": d, "openTime": "11:30", "closeDay": d, "closeTime": "22:00"}
            for d in ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]
        ],
        special=[
            {
                "startDate": utc("10:00", "2026-06-14"),
                "endDate": utc("16:00", "2026-06-14"),
                "isClosed": False,
                "comment": "Sunday brunch",
            }
        ],
    )
    assert status_at(full, loc, utc(when, "2026-06-14")) == status


def test_open_special_hours_extend_a_day(full, make_location):
    loc = make_location(special=[{"startDate": utc("09:00"), "endDate": utc("10:00"), "isClosed": False}])
    assert [s["status"] for s in slots(full, loc, utc("08:45"), slotsAfter=5)] == [
        "NON_WORKING_HOURS",
        "AVAILABLE",
        "AVAILABLE",
        "AVAILABLE",
        "AVAILABLE",
        "NON_WORKING_HOURS",
    ]


def test_non_working_hours_wins_over_everything(full, make_location, book):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    book(loc, utc("23:00"))
    assert status_at(full, loc, utc("23:00")) == "NON_WORKING_HOURS"
    assert status_at(full, loc, utc("23:00"), 50) == "NON_WORKING_HOURS"


# ---------------------------------------------------------------- DST


def _day_slots(scope, loc, anchor):
    got = slots(scope, loc, anchor, slotsBefore=50, slotsAfter=50)
    starts = [parse(s["startDate"]) for s in got]
    assert len(starts) == 101
    assert len(set(starts)) == 101
    assert all(b - a == timedelta(minutes=15) for a, b in pairwise(starts))
    return got, starts


def test_spring_forward_day_has_23_hours_of_slots(full, make_location):
    loc = make_location(time_zone="Europe/London")
    got, starts = _day_slots(full, loc, "2026-03-29T12:00:00Z")
    london = ZoneInfo("Europe/London")
    on_day = [s for s in starts if s.astimezone(london).date().isoformat() == "2026-03-29"]
    assert len(on_day) == 23 * 4
    assert on_day[0] == parse("2026-03-29T00:00:00Z")
    assert on_day[-1] == parse("2026-03-29T22:45:00Z")
    by_start = {s["startDate"]: s["status"] for s in got}
    assert by_start["2026-03-29T10:15:00Z"] == "NON_WORKING_HOURS"
    assert by_start["2026-03-29T10:30:00Z"] == "AVAILABLE"


def test_spring_forward_gap_is_continuous_in_utc(full, make_location):
    loc = make_location(time_zone="Europe/London")
    got = slots(full, loc, "2026-03-29T00:45:00Z", slotsAfter=2)
    assert [s["startDate"] for s in got] == ["2026-03-29T00:45:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z"]


def test_fall_back_day_has_25_hours_of_slots(full, make_location):
    loc = make_location(time_zone="Europe/London")
    got, starts = _day_slots(full, loc, "2026-10-25T11:30:00Z")
    london = ZoneInfo("Europe/London")
    on_day = [s for s in starts if s.astimezone(london).date().isoformat() == "2026-10-25"]
    assert len(on_day) == 25 * 4
    assert on_day[0] == parse("2026-10-24T23:00:00Z")
    assert on_day[-1] == parse("2026-10-25T23:45:00Z")
    by_start = {s["startDate"]: s["status"] for s in got}
    assert by_start["2026-10-25T11:15:00Z"] == "NON_WORKING_HOURS"
    assert by_start["2026-10-25T11:30:00Z"] == "AVAILABLE"


def test_fall_back_repeated_hour_gives_distinct_slots(full, make_location):
    loc = make_location(time_zone="Europe/London")
    got = slots(full, loc, "2026-10-25T00:00:00Z", slotsBefore=4, slotsAfter=4)
    assert [s["startDate"] for s in got] == [
        "2026-10-24T23:00:00Z",
        "2026-10-24T23:15:00Z",
        "2026-10-24T23:30:00Z",
        "2026-10-24T23:45:00Z",
        "2026-10-25T00:00:00Z",
        "2026-10-25T00:15:00Z",
        "2026-10-25T00:30:00Z",
        "2026-10-25T00:45:00Z",
        "2026-10-25T01:00:00Z",
    ]


# ---------------------------------------------------------------- tables and duration


def test_staff_get_free_fitting_options_best_first(full, medium, location):
    for scope in (full, medium):
        (slot,) = slots(scope, location, utc("12:00"), 2)
        assert options(location, slot) == [["T1"], ["T2"], ["T10"], ["T3"], ["T4"]]


@pytest.mark.parametrize(
    "party, expected",
    [(1, [["T1"], ["T2"], ["T10"]]), (4, [["T3"], ["T4"], ["T5"]]), (5, [["T5"], ["T3", "T4"]]), (7, [["T3", "T4"]])],
)
def test_options_by_party_size(full, location, party, expected):
    (slot,) = slots(full, location, utc("12:00"), party)
    assert options(location, slot) == expected


def test_taken_tables_are_not_offered(full, location, book):
    book(location, utc("12:00"))
    book(location, utc("12:30"), 4)
    (slot,) = slots(full, location, utc("12:00"), 2)
    assert options(location, slot) == [["T2"], ["T10"], ["T4"]]


def test_basic_gets_no_table_options(basic, location):
    (slot,) = slots(basic, location, utc("12:00"), 2)
    assert slot["status"] == "AVAILABLE"
    assert slot["tableCombinations"] == []


def test_no_fitting_free_table_is_unavailable(full, make_location, book):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    book(loc, utc("13:00"))
    (slot,) = slots(full, loc, utc("12:00"), 2)
    assert slot["status"] == "UNAVAILABLE"
    assert slot["tableCombinations"] == []
    assert status_at(full, loc, utc("12:00"), 3) == "UNAVAILABLE"


def test_given_duration_is_used_for_the_window(full, make_location, book):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    book(loc, utc("13:00"))
    (slot,) = slots(full, loc, utc("12:00"), 2, duration=60)
    assert slot["duration"] == 60
    assert slot["status"] == "AVAILABLE"


@pytest.mark.parametrize("party, duration", [(2, 90), (5, 120), (8, 120), (9, 90)])
def test_duration_defaults_to_the_turnover(full, location, party, duration):
    (slot,) = slots(full, location, utc("12:00"), party)
    assert slot["duration"] == duration


def test_party_size_upper_bound_for_slots(full, basic, location):
    assert status_at(full, location, utc("12:00"), 10000) == "UNAVAILABLE"
    assert status_at(basic, location, utc("12:00"), 10000) == "UNAVAILABLE"


# ---------------------------------------------------------------- manual approval flag


@pytest.mark.parametrize(
    "approval, party, flag",
    [
        ({"mode": "AUTOMATIC"}, 2, False),
        ({"mode": "MANUAL"}, 2, True),
        ({"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 4}}, 3, False),
        ({"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 4}}, 4, True),
    ],
)
@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM", "BASIC"])
def test_available_slots_carry_manual_approval_whatever_the_scope(
    scopes, make_location, scope_name, approval, party, flag
):
    loc = make_location(online={"approval": approval})
    (slot,) = slots(scopes[scope_name], loc, utc("12:00"), party)
    assert slot["status"] == "AVAILABLE"
    assert slot["manualApproval"] is flag


# ---------------------------------------------------------------- pacing


def test_party_pacing_window(full, make_location, book):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 2}})
    book(loc, utc("12:00"))
    book(loc, "2026-06-08T12:10:00Z")
    got = slots(full, loc, utc("11:45"), 2, slotsAfter=2)
    assert [s["status"] for s in got] == ["AVAILABLE", "UNAVAILABLE", "AVAILABLE"]


def test_pacing_windows_are_half_open(full, make_location, book):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    book(loc, "2026-06-08T12:14:00Z")
    book(loc, "2026-06-08T12:30:00Z")
    got = slots(full, loc, utc("12:00"), 2, slotsAfter=3)
    assert [s["status"] for s in got] == ["UNAVAILABLE", "AVAILABLE", "UNAVAILABLE", "AVAILABLE"]


@pytest.mark.parametrize("party, status", [(1, "AVAILABLE"), (2, "AVAILABLE"), (3, "UNAVAILABLE")])
def test_seat_pacing_window(full, make_location, book, party, status):
    loc = make_location(online={"seatPacing": {"enabled": True, "number": 6}})
    book(loc, utc("12:00"), 4)
    assert status_at(full, loc, utc("12:00"), party) == status
    assert status_at(full, loc, utc("12:15"), 6) == "AVAILABLE"


def test_pacing_ignores_non_occupying_reservations(full, make_location, book):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    reservation = book(loc, utc("12:00"))
    full.cancel_reservation({"reservationId": reservation["id"], "revision": reservation["revision"]})
    assert status_at(full, loc, utc("12:00")) == "AVAILABLE"


@pytest.mark.parametrize("status, source", [("SEATED", "WALK_IN"), ("REQUESTED", "ONLINE"), ("RESERVED", "OFFLINE")])
def test_pacing_counts_every_source_and_occupying_status(full, make_location, book, status, source):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    book(loc, utc("12:00"), status=status, source=source)
    assert status_at(full, loc, utc("12:00")) == "UNAVAILABLE"


def test_pacing_counts_unexpired_holds_only(clock, full, make_location, hold):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    hold(loc, utc("12:00"))
    assert status_at(full, loc, utc("12:00")) == "UNAVAILABLE"
    clock.advance(minutes=10)
    assert status_at(full, loc, utc("12:00")) == "AVAILABLE"


def test_disabled_pacing_is_not_applied(full, make_location, book):
    loc = make_location(online={"partyPacing": {"enabled": False, "number": 1}})
    book(loc, utc("12:00"))
    assert status_at(full, loc, utc("12:00")) == "AVAILABLE"


# ---------------------------------------------------------------- online rules (BASIC only)


def test_disabled_online_reservations_make_open_slots_unavailable_for_basic(basic, full, make_location):
    loc = make_location(enabled=False)
    assert [s["status"] for s in slots(basic, loc, utc("11:15"), slotsAfter=1)] == ["NON_WORKING_HOURS", "UNAVAILABLE"]
    assert [s["status"] for s in slots(full, loc, utc("11:15"), slotsAfter=1)] == ["NON_WORKING_HOURS", "AVAILABLE"]


@pytest.mark.parametrize(
    "notice, now, refused, accepted",
    [
        ({"number": 30, "unit": "MINUTES"}, "2026-06-08T11:40:00Z", utc("12:00"), utc("12:15")),
        ({"number": 4, "unit": "HOURS"}, "2026-06-08T08:00:00Z", utc("11:45"), utc("12:00")),
        ({"number": 1, "unit": "DAYS"}, "2026-06-08T08:00:00Z", utc("21:00"), utc("12:00", "2026-06-09")),
    ],
)
def test_minimum_notice_binds_basic(clock, basic, full, make_location, notice, now, refused, accepted):
    loc = make_location(online={"minimumReservationNotice": notice})
    clock.set(now)
    assert status_at(basic, loc, refused) == "UNAVAILABLE"
    assert status_at(basic, loc, accepted) == "AVAILABLE"
    assert status_at(full, loc, refused) == "AVAILABLE"


@pytest.mark.parametrize(
    "notice, now, accepted, refused",
    [
        ({"number": 90, "unit": "MINUTES"}, "2026-06-08T11:00:00Z", utc("12:30"), utc("12:45")),
        ({"number": 3, "unit": "HOURS"}, "2026-06-08T11:00:00Z", utc("14:00"), utc("14:15")),
        ({"number": 2, "unit": "DAYS"}, "2026-06-08T08:00:00Z", utc("12:00", "2026-06-09"), utc("12:00", "2026-06-10")),
    ],
)
def test_maximum_notice_binds_basic(clock, basic, full, make_location, notice, now, accepted, refused):
    loc = make_location(online={"maximumReservationNotice": notice})
    clock.set(now)
    assert status_at(basic, loc, accepted) == "AVAILABLE"
    assert status_at(basic, loc, refused) == "UNAVAILABLE"
    assert status_at(full, loc, refused) == "AVAILABLE"


@pytest.mark.parametrize("party, status", [(1, "UNAVAILABLE"), (2, "AVAILABLE"), (4, "AVAILABLE"), (5, "UNAVAILABLE")])
def test_online_party_size_binds_basic(basic, full, make_location, party, status):
    loc = make_location(online={"partySize": {"min": 2, "max": 4}})
    assert status_at(basic, loc, utc("12:00"), party) == status
    assert status_at(full, loc, utc("12:00"), party) == "AVAILABLE"


def test_past_slots_are_unavailable_for_basic(clock, basic, full, location):
    clock.set("2026-06-08T13:00:00Z")
    got = slots(basic, location, utc("12:00"), slotsAfter=8)
    assert got[0]["status"] == "UNAVAILABLE"
    assert got[-1]["status"] == "AVAILABLE"
    assert status_at(full, location, utc("12:00")) == "AVAILABLE"


def test_house_tables_are_never_offered_to_basic(basic, full, make_location):
    loc = make_location(tables=[("T1", 1, 2, {"onlineReservations": False})], combinations=())
    assert status_at(basic, loc, utc("12:00")) == "UNAVAILABLE"
    (slot,) = slots(full, loc, utc("12:00"))
    assert slot["status"] == "AVAILABLE"
    assert options(loc, slot) == [["T1"]]


def test_basic_slot_is_available_when_an_online_table_is_free(basic, make_location):
    loc = make_location(tables=[("T1", 1, 2, {"onlineReservations": False}), ("T2", 1, 4)], combinations=())
    assert status_at(basic, loc, utc("12:00")) == "AVAILABLE"


def test_inactive_tables_are_not_offered(full, make_location):
    loc = make_location(tables=[("T1", 1, 2, {"isActive": False}), ("T2", 1, 2)], combinations=())
    (slot,) = slots(full, loc, utc("12:00"))
    assert options(loc, slot) == [["T2"]]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "change, field",
    [
        ({"partySize": 0}, "partySize"),
        ({"partySize": 10001}, "partySize"),
        ({"partySize": "2"}, "partySize"),
        ({"slotsBefore": -1}, "slotsBefore"),
        ({"slotsBefore": 51}, "slotsBefore"),
        ({"slotsAfter": 51}, "slotsAfter"),
        ({"duration": 4}, "duration"),
        ({"duration": 1001}, "duration"),
        ({"date": "2026-06-08T12:00:00"}, "date"),
        ({"date": "next tuesday"}, "date"),
        ({"reservationLocationId": "trattoria"}, "reservationLocationId"),
    ],
)
def test_time_slot_bad_input_is_invalid_argument(full, location, api_error, change, field):
    request = {"reservationLocationId": location.id, "date": utc("12:00"), "partySize": 2}
    request.update(change)
    api_error("INVALID_ARGUMENT", full.get_time_slots, request, field=field)


@pytest.mark.parametrize("missing", ["reservationLocationId", "date", "partySize"])
def test_time_slot_required_fields(full, location, api_error, missing):
    request = {"reservationLocationId": location.id, "date": utc("12:00"), "partySize": 2}
    del request[missing]
    api_error("INVALID_ARGUMENT", full.get_time_slots, request, field=missing)


@pytest.mark.parametrize("duration", [5, 1000])
def test_duration_bounds_are_accepted(full, location, duration):
    (slot,) = slots(full, location, utc("12:00"), duration=duration)
    assert slot["duration"] == duration


def test_time_slots_of_unknown_location_is_not_found(full, api_error):
    api_error(
        "RESERVATION_LOCATION_NOT_FOUND",
        full.get_time_slots,
        {"reservationLocationId": str(uuid.uuid4()), "date": utc("12:00"), "partySize": 2},
    )
