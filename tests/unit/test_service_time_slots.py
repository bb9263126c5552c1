"""getTimeSlots and checkTimeSlot (SPEC §5.3, §5.4, §5.6)."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from unit_support import ALL_DAY_EVERY_DAY, error_of, hold_request, iso, reservation_request, weekly


def slots(scope, loc, date, party=2, **extra):
    request = {"reservationLocationId": loc.id, "date": date, "partySize": party, **extra}
    return scope.get_time_slots(request)["timeSlots"]


def statuses(found):
    return [s["status"] for s in found]


def book(scope, loc, start, party=2, **kw):
    return scope.create_reservation(reservation_request(loc.id, iso(start), party, **kw))["reservation"]


def parse(stamp):
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


# --- the grid -------------------------------------------------------------------------------------


def test_the_time_slots_example_of_the_wix_docs(api, make_location):
    loc = make_location(periods=weekly("11:30", "22:00"), online={"approval": {"mode": "MANUAL"}})
    for scope in ("BASIC", "MEDIUM", "FULL"):
        found = slots(api.as_scope(scope), loc, iso("11:30"), 2, slotsBefore=7, slotsAfter=7)
        assert [s["startDate"] for s in found] == [iso(f"{9 + (45 + 15 * k) // 60:02d}:{(45 + 15 * k) % 60:02d}")
                                                   for k in range(15)]
        assert statuses(found) == ["NON_WORKING_HOURS"] * 7 + ["AVAILABLE"] * 8
        assert all(s["duration"] == 90 for s in found)
        assert all(s["manualApproval"] is True for s in found[7:])
        assert all("manualApproval" not in s for s in found[:7])


@pytest.mark.parametrize(("date", "anchor"), [
    (iso("12:07"), iso("12:00")), (iso("12:14:59.999"), iso("12:00")), (iso("12:15"), iso("12:15")),
    ("2026-06-08T14:20:00+02:00", iso("12:15")),
])
def test_the_anchor_is_the_date_floored_to_the_grid(full, location, date, anchor):
    assert [s["startDate"] for s in slots(full, location, date)] == [anchor]


@pytest.mark.parametrize(("before", "after"), [(0, 0), (3, 0), (0, 3), (50, 50)])
def test_there_are_exactly_before_plus_one_plus_after_slots_ascending(full, location, before, after):
    found = slots(full, location, iso("16:00"), slotsBefore=before, slotsAfter=after)
    starts = [parse(s["startDate"]) for s in found]
    assert len(found) == before + 1 + after
    assert all(b - a == timedelta(minutes=15) for a, b in pairwise(starts))
    assert starts[before] == parse(iso("16:00"))


def test_the_grid_follows_the_interval(full, make_location):
    loc = make_location(online={"timeSlotInterval": 20})
    assert [s["startDate"] for s in slots(full, loc, iso("12:59"), slotsAfter=1)] == [iso("12:40"), iso("13:00")]


def test_a_slot_lasts_the_given_duration_else_the_party_turnover(full, location):
    assert slots(full, location, iso("12:00"), 2)[0]["duration"] == 90
    assert slots(full, location, iso("12:00"), 5)[0]["duration"] == 120
    assert slots(full, location, iso("12:00"), 5, duration=45)[0]["duration"] == 45


def test_an_unknown_location_has_no_slots(full):
    request = {"reservationLocationId": "00000000-0000-4000-8000-000000000000", "date": iso("12:00"), "partySize": 2}
    assert error_of(full.get_time_slots, request).code == "RESERVATION_LOCATION_NOT_FOUND"


# --- what an available slot offers ----------------------------------------------------------------


def test_staff_see_every_free_fitting_option_best_first(full, medium, basic, location):
    book(full, location, "12:00")  # T1
    def offered(scope, party):
        return [location.names(c["tableIds"]) for c in slots(scope, location, iso("12:00"), party)[0][
            "tableCombinations"]]

    for scope in (full, medium):
        assert offered(scope, 2) == [["T2"], ["T10"], ["T3"], ["T4"]]
        assert offered(scope, 6) == [["T5"], ["T3", "T4"]]
    assert slots(basic, location, iso("12:00"), 2)[0]["tableCombinations"] == []


def test_a_slot_with_no_free_fitting_table_is_unavailable(full, location):
    for _ in range(2):
        book(full, location, "12:00", 5)  # T5, then T3+T4
    found = slots(full, location, iso("11:30"), 5, slotsAfter=12)
    # 11:30 and 11:45 end after 12:00; 14:00 is back to back with the 12:00 stays
    assert statuses(found) == ["UNAVAILABLE"] * 10 + ["AVAILABLE"] * 3
    assert all(s["tableCombinations"] == [] and "manualApproval" not in s for s in found[:10])


def test_a_given_duration_decides_whether_a_later_booking_is_in_the_way(full, make_location):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    book(full, single, "13:30")
    assert statuses(slots(full, single, iso("12:00"))) == ["AVAILABLE"]
    assert statuses(slots(full, single, iso("12:00"), duration=91)) == ["UNAVAILABLE"]


def test_an_expired_hold_does_not_make_a_slot_unavailable(basic, make_location, clock):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    basic.create_held_reservation(hold_request(single.id, iso("12:00")))
    assert statuses(slots(basic, single, iso("12:00"))) == ["UNAVAILABLE"]
    clock.advance(minutes=10)
    assert statuses(slots(basic, single, iso("12:00"))) == ["AVAILABLE"]


@pytest.mark.parametrize(("approval", "party", "manual"), [
    ({"mode": "AUTOMATIC"}, 6, False),
    ({"mode": "MANUAL"}, 1, True),
    ({"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 5}}, 4, False),
    ({"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 5}}, 5, True),
])
def test_available_slots_say_whether_an_online_booking_would_need_approval_for_every_scope(api, make_location,
                                                                                          approval, party, manual):
    loc = make_location(online={"approval": approval})
    for scope in ("BASIC", "MEDIUM", "FULL"):
        assert slots(api.as_scope(scope), loc, iso("12:00"), party)[0]["manualApproval"] is manual


def test_house_tables_make_a_slot_available_for_staff_only(basic, full, make_location):
    loc = make_location(tables=[("T1", 1, 2), ("H1", 1, 2, {"onlineReservations": False})], combinations=())
    book(full, loc, "12:00", tables=loc.ids("T1"))
    assert statuses(slots(basic, loc, iso("12:00"))) == ["UNAVAILABLE"]
    assert [loc.names(c["tableIds"]) for c in slots(full, loc, iso("12:00"))[0]["tableCombinations"]] == [["H1"]]


def test_without_table_management_an_open_slot_is_available_with_no_options(full, make_location):
    loc = make_location(mode="OFF", combinations=())
    assert slots(full, loc, iso("12:00")) == [{"startDate": iso("12:00"), "duration": 90, "status": "AVAILABLE",
                                               "tableCombinations": [], "manualApproval": False}]


# --- hours, online rules and pacing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("online", "periods", "basic_status"),
    [
        ({"onlineReservationsEnabled": False}, None, "UNAVAILABLE"),
        ({"partySize": {"min": 3, "max": 8}}, None, "UNAVAILABLE"),
        ({"minimumReservationNotice": {"number": 5, "unit": "HOURS"}}, None, "UNAVAILABLE"),
        ({"maximumReservationNotice": {"number": 3, "unit": "HOURS"}}, None, "UNAVAILABLE"),
        ({"minimumReservationNotice": {"number": 3, "unit": "HOURS"}}, None, "AVAILABLE"),
    ],
    ids=["online-off", "party-too-small", "min-notice", "max-notice", "enough-notice"],
)
def test_online_rules_make_open_slots_unavailable_for_guests_only(api, make_location, online, periods, basic_status):
    loc = make_location(online=online, periods=periods)  # the clock is 08:00, the slot 12:00
    assert statuses(slots(api.as_scope("BASIC"), loc, iso("12:00"))) == [basic_status]
    assert statuses(slots(api.as_scope("MEDIUM"), loc, iso("12:00"))) == ["AVAILABLE"]


def test_past_slots_are_unavailable_for_guests(basic, full, make_location, clock):
    loc = make_location(periods=ALL_DAY_EVERY_DAY)
    clock.advance(hours=4)  # 12:00
    assert statuses(slots(basic, loc, iso("11:45"), slotsAfter=1)) == ["UNAVAILABLE", "AVAILABLE"]
    assert statuses(slots(full, loc, iso("11:45"), slotsAfter=1)) == ["AVAILABLE", "AVAILABLE"]


def test_non_working_hours_win_over_every_other_status(api, make_location):
    loc = make_location(tables=[("T1", 1, 2)], combinations=(), online={"onlineReservationsEnabled": False})
    for scope in ("BASIC", "FULL"):
        found = slots(api.as_scope(scope), loc, iso("22:00"), 9, slotsAfter=1)
        assert statuses(found) == ["UNAVAILABLE", "NON_WORKING_HOURS"]


def test_pacing_makes_a_slot_unavailable_for_everyone(api, full, make_location):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    book(full, loc, "12:05")
    for scope in ("BASIC", "MEDIUM", "FULL"):
        found = slots(api.as_scope(scope), loc, iso("11:45"), slotsAfter=2)
        assert statuses(found) == ["AVAILABLE", "UNAVAILABLE", "AVAILABLE"]


def test_seat_pacing_depends_on_the_party_size(full, make_location):
    loc = make_location(online={"seatPacing": {"enabled": True, "number": 6}})
    book(full, loc, "12:00", 4)
    assert statuses(slots(full, loc, iso("12:00"), 2)) == ["AVAILABLE"]
    assert statuses(slots(full, loc, iso("12:00"), 3)) == ["UNAVAILABLE"]


@pytest.mark.parametrize(("closed", "status"), [(True, "NON_WORKING_HOURS"), (False, "AVAILABLE")])
def test_special_hours_decide_over_the_weekly_periods(full, make_location, closed, status):
    special = [{"startDate": iso("18:00"), "endDate": iso("23:30"), "isClosed": closed}]
    loc = make_location(special=special)
    assert statuses(slots(full, loc, iso("19:00"))) == [status]
    assert statuses(slots(full, loc, iso("23:15"))) == ["NON_WORKING_HOURS" if closed else "AVAILABLE"]
    assert statuses(slots(full, loc, iso("23:30"))) == ["NON_WORKING_HOURS"]


@pytest.mark.parametrize(
    ("time_zone", "local_midnight_utc", "slot_count"),
    [("Europe/London", "2026-03-29T00:00:00Z", 92), ("Europe/London", "2026-10-24T23:00:00Z", 100),
     ("America/New_York", "2026-03-08T05:00:00Z", 92), ("America/New_York", "2026-11-01T04:00:00Z", 100)],
)
def test_a_dst_day_offers_slots_without_duplicate_or_gap(full, make_location, time_zone, local_midnight_utc,
                                                        slot_count):
    loc = make_location(time_zone=time_zone, periods=ALL_DAY_EVERY_DAY)
    found = []
    date = local_midnight_utc
    while len(found) < slot_count:
        page = slots(full, loc, date, slotsAfter=min(50, slot_count - len(found) - 1))
        found += page
        date = (parse(page[-1]["startDate"]) + timedelta(minutes=15)).isoformat()
    starts = [parse(s["startDate"]) for s in found]
    assert len(set(starts)) == slot_count
    assert all(b - a == timedelta(minutes=15) for a, b in pairwise(starts))
    assert starts[-1] + timedelta(minutes=15) - starts[0] == timedelta(minutes=15 * slot_count)
    assert statuses(found) == ["AVAILABLE"] * slot_count


# --- checkTimeSlot --------------------------------------------------------------------------------


def check(scope, loc, date, duration=90, party=2, **extra):
    request = {"reservationLocationId": loc.id, "date": date, "duration": duration, "partySize": party, **extra}
    return scope.check_time_slot(request)


def test_check_lists_each_active_table_in_natural_order_then_the_combinations(full, location):
    book(full, location, "12:00", tables=location.ids("T2"))
    result = check(full, location, iso("12:30"), party=3)
    listed = [(location.names(o["tableIds"]), o["tableCombinationConflicts"])
              for o in result["tableCombinationAvailabilities"]]
    assert listed == [
        (["T1"], ["TOO_BIG"]), (["T2"], ["RESERVED", "TOO_BIG"]), (["T3"], []), (["T4"], []), (["T5"], ["TOO_SMALL"]),
        (["T10"], ["TOO_BIG"]), (["T3", "T4"], ["TOO_SMALL"]),
    ]
    assert result["reservationLocationConflicts"] == []


def test_check_looks_at_the_exact_window_whatever_the_hours(full, make_location):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    book(full, single, "12:00")
    assert check(full, single, iso("13:29"), 30)["tableCombinationAvailabilities"][0]["tableCombinationConflicts"] \
        == ["RESERVED"]
    assert check(full, single, iso("13:30"), 30)["tableCombinationAvailabilities"][0]["tableCombinationConflicts"] == []
    assert check(full, single, iso("03:07"), 30)["tableCombinationAvailabilities"][0]["tableCombinationConflicts"] == []


def test_check_can_leave_out_the_reservation_being_moved(full, make_location):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    booked = book(full, single, "12:00")
    result = check(full, single, iso("12:15"), excludeReservationId=booked["id"])
    assert result["tableCombinationAvailabilities"][0]["tableCombinationConflicts"] == []


def test_check_reports_pacing_conflicts_of_a_booking_at_that_start(full, make_location):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1},
                                "seatPacing": {"enabled": True, "number": 3}})
    booked = book(full, loc, "12:00", 2)
    assert check(full, loc, iso("12:10"))["reservationLocationConflicts"] == ["PARTY_PACING", "SEAT_PACING"]
    assert check(full, loc, iso("12:10"), excludeReservationId=booked["id"])["reservationLocationConflicts"] == []
    assert check(full, loc, iso("12:15"))["reservationLocationConflicts"] == []


def test_check_leaves_out_inactive_tables_and_lists_none_without_table_management(full, make_location):
    loc = make_location(tables=[("T1", 1, 2), ("T2", 1, 2, {"isActive": False})], combinations=())
    assert [loc.names(o["tableIds"]) for o in check(full, loc, iso("12:00"))["tableCombinationAvailabilities"]] == [
        ["T1"]]
    off = make_location(mode="OFF", combinations=())
    assert check(full, off, iso("12:00")) == {"tableCombinationAvailabilities": [], "reservationLocationConflicts": []}


def test_check_is_for_staff(basic, medium, location):
    assert error_of(check, basic, location, iso("12:00")).code == "PERMISSION_DENIED"
    assert check(medium, location, iso("12:00"))["tableCombinationAvailabilities"]
