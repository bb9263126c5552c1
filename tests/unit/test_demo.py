"""The demo restaurant: a believable room and service, consistent with the clock, repeatable."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
import pytest

from maitred.api import ReservationApi, ScopedApi, open_api
from maitred.demo import demo_json_path, is_book_empty, load_demo

ROME = ZoneInfo("Europe/Rome")
DAY = date(2026, 6, 10)  # a Wednesday
NOW = datetime(2026, 6, 10, 18, 0, tzinfo=UTC)  # 20:00 in Rome: lunch over, dinner under way
OCCUPYING = {"HELD", "PAYMENT_PENDING", "REQUESTED", "RESERVED", "SEATED"}


def _stamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _local_day(reservation: dict[str, Any]) -> date:
    return _stamp(reservation["details"]["startDate"]).astimezone(ROME).date()


def _load(day: date = DAY, now: datetime = NOW, seed: int = 7) -> tuple[ReservationApi, str]:
    api = open_api("sqlite://", clock=lambda: now)
    return api, load_demo(api.book, day, seed=seed)


def _all_reservations(host: ScopedApi) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    request: dict[str, Any] = {"paging": {"limit": 100}}
    while True:
        page = host.list_reservations(request)
        found += page["reservations"]
        if not page["pagingMetadata"]["hasNext"]:
            return found
        request = {"paging": {"cursor": page["pagingMetadata"]["cursors"]["next"]}}


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[ReservationApi, dict[str, Any], list[dict[str, Any]]]]:
    """The demo loaded once at 20:00 on DAY: the api, the location and every reservation."""
    api, location_id = _load()
    host = api.as_scope("FULL")
    location = host.get_reservation_location({"reservationLocationId": location_id})["reservationLocation"]
    yield api, location, _all_reservations(host)
    api.close()


def test_the_bundled_file_is_a_location_without_ids() -> None:
    document = json.loads(demo_json_path().read_text(encoding="utf-8"))
    tables = document["reservationLocation"]["configuration"]["tableManagement"]["tableDefinitions"]
    assert all("id" not in t for t in tables)
    assert "tableCombinations" not in document["reservationLocation"]["configuration"]["tableManagement"]
    assert 4 <= len(document["demoCombinations"]) <= 6


def test_is_book_empty_until_the_demo_is_loaded() -> None:
    api = open_api("sqlite://", clock=lambda: NOW)
    assert is_book_empty(api.book)
    load_demo(api.book, DAY)
    assert not is_book_empty(api.book)
    api.close()


def test_the_room_has_three_areas_laid_out_without_overlaps(demo: Any) -> None:
    _, location, _ = demo
    assert location["location"] == {"name": "Trattoria Demo", "timeZone": "Europe/Rome", "countryCode": "IT",
                                    "phone": location["location"]["phone"]}
    tables = location["configuration"]["tableManagement"]["tableDefinitions"]
    assert 22 <= len(tables) <= 26
    assert all(t["isActive"] for t in tables)
    areas = Counter(t["layout"]["area"] for t in tables)
    assert set(areas) == {"Main room", "Patio", "Bar"}
    assert {t["layout"]["shape"] for t in tables} == {"RECTANGLE", "ROUND"}
    bar = [t for t in tables if t["layout"]["area"] == "Bar"]
    assert bar and not any(t["onlineReservations"] for t in bar)
    assert all(t["onlineReservations"] for t in tables if t["layout"]["area"] != "Bar")
    boxes = {t["name"]: t["layout"] for t in tables}
    for box in boxes.values():
        assert box["x"] >= 0 and box["x"] + box["width"] <= 900
        assert box["y"] >= 0 and box["y"] + box["height"] <= 600
    for (a, p), (b, q) in combinations(boxes.items(), 2):
        apart = (p["x"] + p["width"] <= q["x"] or q["x"] + q["width"] <= p["x"]
                 or p["y"] + p["height"] <= q["y"] or q["y"] + q["height"] <= p["y"])
        assert apart, f"{a} overlaps {b}"


def test_the_combinations_join_tables_of_one_area(demo: Any) -> None:
    _, location, _ = demo
    tm = location["configuration"]["tableManagement"]
    by_id = {t["id"]: t for t in tm["tableDefinitions"]}
    combos = tm["tableCombinations"]
    assert 4 <= len(combos) <= 6
    for combo in combos:
        members = [by_id[i] for i in combo["tableIds"]]
        assert len(members) >= 2 and len({m["layout"]["area"] for m in members}) == 1
        assert combo["seatsMax"] <= sum(m["seatsMax"] for m in members)
    names = {tuple(sorted(by_id[i]["name"] for i in c["tableIds"])) for c in combos}
    assert ("T1", "T2") in names


def test_lunch_and_dinner_every_day_but_monday(demo: Any) -> None:
    api, location, _ = demo
    host = api.as_scope("FULL")
    online = location["configuration"]["onlineReservations"]
    periods = online["businessSchedule"]["periods"]
    days = Counter(p["openDay"] for p in periods)
    assert "MONDAY" not in days
    assert set(days) == {"TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
    assert {(p["openTime"], p["closeTime"]) for p in periods} == {("12:00", "14:30"), ("18:30", "22:00")}
    assert online["approval"] == {"mode": "MANUAL_FOR_LARGE_PARTIES",
                                  "manualForLargePartiesOptions": {"partySizeThreshold": 8}}
    assert online["partyPacing"]["enabled"] and online["seatPacing"]["enabled"]
    assert [f["name"] for f in location["configuration"]["reservationForm"]["customFieldDefinitions"]] == [
        "Allergies", "Occasion"]
    monday_evening = datetime(2026, 6, 15, 20, 0, tzinfo=ROME).isoformat()
    slots = host.get_time_slots({"reservationLocationId": location["id"], "date": monday_evening,
                                 "partySize": 2})["timeSlots"]
    assert slots[0]["status"] == "NON_WORKING_HOURS"


def test_a_full_day_of_bookings_with_every_kind_of_guest(demo: Any) -> None:
    _, _, reservations = demo
    today = [r for r in reservations if _local_day(r) == DAY]
    assert 30 <= len(today) <= 60
    assert {_local_day(r) for r in reservations} == {DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)}
    sizes = Counter(r["details"]["partySize"] for r in today)
    assert sizes[2] + sizes[4] > len(today) / 2
    assert {"OFFLINE", "ONLINE", "WALK_IN"} <= {r["source"] for r in today}
    hours = {_stamp(r["details"]["startDate"]).astimezone(ROME).hour for r in today}
    assert hours & {12, 13, 14} and hours & {19, 20, 21}
    assert sum("VIP" in r.get("teamMessage", "") for r in today) >= 2
    assert any(r.get("reservee", {}).get("customFields") for r in today)
    for r in reservations:
        guest = r.get("reservee")
        if r["source"] != "WALK_IN":
            assert guest and guest["firstName"] and guest["lastName"]
            assert phonenumbers.is_valid_number(phonenumbers.parse(guest["phone"])), guest["phone"]
            assert guest["phone"] == phonenumbers.format_number(
                phonenumbers.parse(guest["phone"]), phonenumbers.PhoneNumberFormat.E164)


def test_statuses_follow_the_clock(demo: Any) -> None:
    _, _, reservations = demo
    statuses = Counter(r["status"] for r in reservations)
    assert {"FINISHED", "SEATED", "RESERVED", "NO_SHOW"} <= set(statuses)
    assert statuses["REQUESTED"] == 2 and statuses["CANCELED"] == 1
    assert not statuses.keys() & {"HELD", "PAYMENT_PENDING", "DECLINED"}
    for r in reservations:
        start, end = _stamp(r["details"]["startDate"]), _stamp(r["details"]["endDate"])
        status = r["status"]
        if status == "FINISHED":
            assert end <= NOW
        elif status == "SEATED":
            assert start <= NOW < end
        elif status == "NO_SHOW":
            assert start + timedelta(minutes=30) <= NOW
        elif status in ("REQUESTED", "CANCELED"):
            assert start > NOW
        elif status == "RESERVED":
            assert start > NOW - timedelta(minutes=10)  # a party a few minutes late is still expected
        if status == "REQUESTED":
            assert r["source"] == "ONLINE" and r["details"]["partySize"] >= 8
        if r["source"] == "WALK_IN":
            assert start <= NOW and status in ("SEATED", "FINISHED")


def test_no_table_is_double_booked(demo: Any) -> None:
    _, _, reservations = demo
    stays = [(set(r["details"]["tableIds"]), _stamp(r["details"]["startDate"]), _stamp(r["details"]["endDate"]), r)
             for r in reservations if r["status"] in OCCUPYING]
    assert all(tables for tables, *_ in stays)
    for (tables_a, start_a, end_a, a), (tables_b, start_b, end_b, b) in combinations(stays, 2):
        if tables_a & tables_b:
            assert end_a <= start_b or end_b <= start_a, (a["id"], b["id"])
    assert not any(r.get("tablesWithReservationConflicts") for r in reservations)


def test_the_day_still_has_room_for_two(demo: Any) -> None:
    api, location, _ = demo
    noon = datetime(DAY.year, DAY.month, DAY.day, 12, 0, tzinfo=ROME).isoformat()
    request = {"reservationLocationId": location["id"], "date": noon, "partySize": 2, "slotsAfter": 50}
    slots = api.as_scope("FULL").get_time_slots(request)["timeSlots"]
    assert any(s["status"] == "AVAILABLE" for s in slots)
    online = api.as_scope("BASIC").get_time_slots(request)["timeSlots"]  # guests can still book tonight
    assert any(s["status"] == "AVAILABLE" for s in online)


def _fingerprint(reservations: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(
        (r["details"]["startDate"], r["details"]["partySize"], r["status"], r["source"],
         r.get("reservee", {}).get("firstName") or "", r.get("reservee", {}).get("lastName") or "")
        for r in reservations)


def test_the_same_seed_gives_the_same_day(demo: Any) -> None:
    _, _, reservations = demo
    api, _ = _load()
    assert _fingerprint(_all_reservations(api.as_scope("FULL"))) == _fingerprint(reservations)
    api.close()
    other, _ = _load(seed=8)
    assert _fingerprint(_all_reservations(other.as_scope("FULL"))) != _fingerprint(reservations)
    other.close()


@pytest.mark.parametrize("now", [datetime(2026, 6, 8, 5, 0, tzinfo=UTC), datetime(2026, 6, 9, 0, 0, tzinfo=UTC)])
def test_a_monday_demo_day_opens_specially(now: datetime) -> None:
    monday = date(2026, 6, 8)
    api, location_id = _load(day=monday, now=now)
    host = api.as_scope("FULL")
    today = [r for r in _all_reservations(host) if _local_day(r) == monday]
    assert len(today) >= 30
    evening = datetime(2026, 6, 8, 19, 0, tzinfo=ROME).isoformat()
    slots = host.get_time_slots({"reservationLocationId": location_id, "date": evening, "partySize": 2})
    assert slots["timeSlots"][0]["status"] != "NON_WORKING_HOURS"
    api.close()


def test_a_walk_in_is_seated_over_pacing_and_a_refused_booking_is_skipped() -> None:
    from maitred.demo import _Demo

    api = open_api("sqlite://", clock=lambda: NOW)
    host = api.as_scope("FULL", actor="demo")
    location = host.create_reservation_location({"reservationLocation": {
        "location": {"name": "Tiny", "timeZone": "Europe/Rome", "countryCode": "IT"},
        "configuration": {
            "onlineReservations": {"partyPacing": {"enabled": True, "number": 1}},
            "reservationForm": {"customFieldDefinitions": [{"name": "Allergies"}, {"name": "Occasion"}]},
            "tableManagement": {"tableDefinitions": [
                {"name": "T1", "seatsMin": 1, "seatsMax": 2}, {"name": "T2", "seatsMin": 1, "seatsMax": 2}]}}},
    })["reservationLocation"]
    demo = _Demo(host, location, NOW, seed=7)
    start = datetime(2026, 6, 10, 19, 0, tzinfo=ROME).isoformat()
    guest = {"firstName": "Marco", "lastName": "Rossi", "phone": "+393471234567"}
    assert demo.create(0, start, 2, "OFFLINE", guest) is not None
    assert demo.create(0, start, 2, "OFFLINE", guest) is None  # pacing full: skipped
    assert demo.create(0, start, 2, "WALK_IN", None, status="SEATED", pacing_may_be_ignored=True) is not None
    assert demo.create(0, start, 2, "WALK_IN", None, status="SEATED", pacing_may_be_ignored=True) is None  # no table
    assert len(demo.booked) == 2
    api.close()
