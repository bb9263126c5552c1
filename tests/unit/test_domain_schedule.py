"""SPEC §5.1 and §5.3: the slot grid in the restaurant's wall-clock time, opening hours, DST days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unit_support import domain_location, utc

from maitred.domain.location import SpecialHourPeriod, TimePeriod, Weekday
from maitred.domain.schedule import floor_to_grid, is_open_for_start, local_day_bounds, slot_starts, week_minute, zone

W = Weekday


def period(open_day: Weekday, open_time: str, close_day: Weekday, close_time: str) -> TimePeriod:
    def minutes(text: str) -> int:
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)

    return TimePeriod(open_day, minutes(open_time), close_day, minutes(close_time))


def local(text: str, time_zone: str) -> datetime:
    """A wall-clock time in `time_zone` as an aware UTC instant ("2026-06-08 12:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def opens(periods=(), special=(), time_zone="UTC"):
    return domain_location(time_zone=time_zone, periods=tuple(periods), special_hours=tuple(special)).online


# --- the grid -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "time_zone", "interval", "expected"),
    [
        (utc("12:07:30.500"), "UTC", 15, utc("12:00")),
        (utc("12:15"), "UTC", 15, utc("12:15")),
        (utc("12:14:59.999"), "UTC", 15, utc("12:00")),
        (utc("12:59"), "UTC", 20, utc("12:40")),
        (utc("12:59"), "UTC", 30, utc("12:30")),
        (utc("12:59"), "UTC", 60, utc("12:00")),
        (utc("12:40"), "Asia/Kolkata", 60, utc("12:30")),       # 18:10 IST -> 18:00 IST
        (utc("16:05"), "America/New_York", 20, utc("16:00")),  # 12:05 EDT -> 12:00 EDT
        (utc("00:10"), "Asia/Kathmandu", 30, utc("23:45", "2026-06-07")),  # UTC+5:45: 05:55 -> 05:30
    ],
)
def test_floor_to_grid_gives_the_slot_containing_the_instant(instant, time_zone, interval, expected):
    floored = floor_to_grid(instant, time_zone, interval)
    assert floored == expected
    assert floored.tzinfo is instant.tzinfo


def test_slot_starts_are_before_then_anchor_then_after_ascending():
    anchor = utc("12:00")
    assert slot_starts(anchor, 15, 2, 3) == [utc(t) for t in ("11:30", "11:45", "12:00", "12:15", "12:30", "12:45")]


def test_slot_starts_with_no_slots_around_is_the_anchor_alone():
    assert slot_starts(utc("12:00"), 30, 0, 0) == [utc("12:00")]


@pytest.mark.parametrize(
    ("instant", "time_zone", "minute"),
    [
        (utc("00:00"), "UTC", 0),                                   # Monday midnight
        (utc("23:59", "2026-06-14"), "UTC", 7 * 1440 - 1),          # Sunday 23:59
        (utc("22:30", "2026-06-07"), "Europe/Rome", 30),            # Sunday 22:30 UTC = Monday 00:30 in Rome
        (utc("12:00", "2026-06-10"), "UTC", 2 * 1440 + 720),
    ],
)
def test_week_minute_counts_from_local_monday_midnight(instant, time_zone, minute):
    assert week_minute(instant, time_zone) == minute


def test_zones_are_looked_up_once():
    assert zone("Europe/London") is zone("Europe/London")
    assert zone("Europe/London") == ZoneInfo("Europe/London")


# --- opening hours --------------------------------------------------------------------------------

MONDAY_LUNCH_TO_DINNER = [period(W.MONDAY, "11:30", W.MONDAY, "22:00")]


@pytest.mark.parametrize(
    ("when", "is_open"),
    [
        ("11:29", False),
        ("11:30", True),
        ("16:00", True),
        ("22:00", True),      # the close time is the last start, inclusive
        ("22:01", False),
        ("21:59:30", True),   # between whole minutes, before the last start
        ("22:00:30", False),  # just past the last start
        ("11:29:30", False),  # just before opening
        ("11:30:00.001", True),
    ],
)
def test_a_same_day_period_takes_starts_from_open_to_close_inclusive(when, is_open):
    assert is_open_for_start(opens(MONDAY_LUNCH_TO_DINNER), "UTC", utc(when)) is is_open


def test_a_weekly_period_holds_only_on_its_day():
    assert not is_open_for_start(opens(MONDAY_LUNCH_TO_DINNER), "UTC", utc("12:00", "2026-06-09"))
    assert is_open_for_start(opens(MONDAY_LUNCH_TO_DINNER), "UTC", utc("12:00", "2026-06-15"))


@pytest.mark.parametrize(
    ("periods", "day", "when", "is_open"),
    [
        # Friday 18:00 to Saturday 02:00
        ("fri-sat", "2026-06-12", "17:59", False),
        ("fri-sat", "2026-06-12", "23:30", True),
        ("fri-sat", "2026-06-13", "00:00", True),
        ("fri-sat", "2026-06-13", "02:00", True),
        ("fri-sat", "2026-06-13", "02:01", False),
        ("fri-sat", "2026-06-13", "18:30", False),
        # Saturday 20:00 to Sunday 03:00
        ("sat-sun", "2026-06-13", "19:59", False),
        ("sat-sun", "2026-06-13", "23:59", True),
        ("sat-sun", "2026-06-14", "03:00", True),
        ("sat-sun", "2026-06-14", "03:01", False),
        # Sunday 20:00 to Monday 03:00: wraps round the end of the week
        ("sun-mon", "2026-06-14", "19:59", False),
        ("sun-mon", "2026-06-14", "23:00", True),
        ("sun-mon", "2026-06-15", "00:30", True),
        ("sun-mon", "2026-06-15", "03:00", True),
        ("sun-mon", "2026-06-15", "03:01", False),
        ("sun-mon", "2026-06-08", "02:00", True),
        # Monday 18:00 to 24:00: midnight is the last start
        ("mon-24", "2026-06-08", "23:59", True),
        ("mon-24", "2026-06-09", "00:00", True),
        ("mon-24", "2026-06-09", "00:01", False),
        # Saturday 18:00 to Sunday 24:00: the last start is Monday 00:00
        ("sat-sun-24", "2026-06-14", "23:59", True),
        ("sat-sun-24", "2026-06-15", "00:00", True),
        ("sat-sun-24", "2026-06-15", "00:01", False),
    ],
)
def test_a_period_closing_on_a_later_day_runs_overnight(periods, day, when, is_open):
    table = {
        "fri-sat": period(W.FRIDAY, "18:00", W.SATURDAY, "02:00"),
        "sat-sun": period(W.SATURDAY, "20:00", W.SUNDAY, "03:00"),
        "sun-mon": period(W.SUNDAY, "20:00", W.MONDAY, "03:00"),
        "mon-24": period(W.MONDAY, "18:00", W.MONDAY, "24:00"),
        "sat-sun-24": period(W.SATURDAY, "18:00", W.SUNDAY, "24:00"),
    }
    assert is_open_for_start(opens([table[periods]]), "UTC", utc(when, day)) is is_open


@pytest.mark.parametrize("day", ["2026-06-08", "2026-06-10", "2026-06-14"])
def test_a_period_from_monday_midnight_to_sunday_midnight_is_open_all_week(day):
    always = [period(W.MONDAY, "00:00", W.SUNDAY, "24:00")]
    assert is_open_for_start(opens(always), "UTC", utc("12:00", day))


def test_several_periods_on_one_day_leave_the_gap_closed():
    lunch_and_dinner = [period(W.MONDAY, "12:00", W.MONDAY, "14:00"), period(W.MONDAY, "18:00", W.MONDAY, "22:00")]
    states = [is_open_for_start(opens(lunch_and_dinner), "UTC", utc(t)) for t in ("13:00", "14:01", "17:59", "18:00")]
    assert states == [True, False, False, True]


def test_no_periods_means_always_closed():
    assert not is_open_for_start(opens(), "UTC", utc("12:00"))


@pytest.mark.parametrize(
    ("when", "is_open"),
    [("09:29", False), ("09:30", True), ("20:00", True), ("20:01", False)],
)
def test_periods_are_in_the_location_time_zone(when, is_open):
    # 11:30-22:00 in Rome is 09:30-20:00 UTC in June.
    rome = opens(MONDAY_LUNCH_TO_DINNER, time_zone="Europe/Rome")
    assert is_open_for_start(rome, "Europe/Rome", utc(when)) is is_open


@pytest.mark.parametrize(
    ("when", "is_open"),
    [("11:59", True), ("12:00", False), ("14:59", False), ("15:00", True)],
)
def test_closed_special_hours_override_the_weekly_periods_over_start_to_end_exclusive(when, is_open):
    closed = SpecialHourPeriod(utc("12:00"), utc("15:00"), is_closed=True, comment="private event")
    assert is_open_for_start(opens(MONDAY_LUNCH_TO_DINNER, [closed]), "UTC", utc(when)) is is_open


@pytest.mark.parametrize(
    ("when", "is_open"),
    [("17:59", False), ("18:00", True), ("23:00", True), ("23:59", True)],
)
def test_open_special_hours_open_a_closed_day(when, is_open):
    tuesday = "2026-06-09"
    open_night = SpecialHourPeriod(utc("18:00", tuesday), utc("00:00", "2026-06-10"), is_closed=False)
    assert is_open_for_start(opens(MONDAY_LUNCH_TO_DINNER, [open_night]), "UTC", utc(when, tuesday)) is is_open


def test_open_special_hours_open_even_a_location_with_no_periods():
    open_day = SpecialHourPeriod(utc("00:00"), utc("00:00", "2026-06-09"), is_closed=False)
    assert is_open_for_start(opens((), [open_day]), "UTC", utc("03:00"))
    assert not is_open_for_start(opens((), [open_day]), "UTC", utc("03:00", "2026-06-09"))


def test_special_hours_open_past_the_weekly_close_time():
    late = SpecialHourPeriod(utc("22:00"), utc("23:30"), is_closed=False)
    assert is_open_for_start(opens(MONDAY_LUNCH_TO_DINNER, [late]), "UTC", utc("23:00"))


# --- DST days -------------------------------------------------------------------------------------

DST_DAYS = [
    ("Europe/London", "2026-03-29", 23),
    ("Europe/London", "2026-10-25", 25),
    ("America/New_York", "2026-03-08", 23),
    ("America/New_York", "2026-11-01", 25),
]


@pytest.mark.parametrize("interval", [15, 20, 30, 60])
@pytest.mark.parametrize(("time_zone", "day", "hours"), DST_DAYS, ids=[f"{z}-{d}" for z, d, _ in DST_DAYS])
def test_a_dst_day_has_whole_grid_slots_from_local_midnight_to_local_midnight(time_zone, day, hours, interval):
    midnight, next_midnight = local_day_bounds(local(f"{day} 12:00", time_zone), time_zone)
    assert next_midnight - midnight == timedelta(hours=hours)
    count = hours * 60 // interval
    slots = slot_starts(floor_to_grid(midnight, time_zone, interval), interval, 0, count - 1)
    step = timedelta(minutes=interval)
    assert slots[0] == midnight
    assert slots[-1] + step == next_midnight
    assert len(set(slots)) == count                                    # no duplicate instant
    assert all(b - a == step for a, b in pairwise(slots))  # no gap
    tz = ZoneInfo(time_zone)
    walls = [s.astimezone(tz) for s in slots]
    assert all((w.hour * 60 + w.minute) % interval == 0 and w.second == 0 for w in walls)
    assert all(floor_to_grid(s, time_zone, interval) == s for s in slots)
    assert all(floor_to_grid(s + step / 2, time_zone, interval) == s for s in slots)


@pytest.mark.parametrize(
    ("time_zone", "day", "missing_hour"),
    [("Europe/London", "2026-03-29", 1), ("America/New_York", "2026-03-08", 2)],
)
def test_the_skipped_hour_of_spring_forward_has_no_slots(time_zone, day, missing_hour):
    midnight, _ = local_day_bounds(local(f"{day} 12:00", time_zone), time_zone)
    walls = [s.astimezone(ZoneInfo(time_zone)) for s in slot_starts(midnight, 15, 0, 91)]
    assert [w.hour for w in walls].count(missing_hour) == 0
    assert [(w.hour, w.minute) for w in walls][4 * missing_hour - 1: 4 * missing_hour + 1] == [
        (missing_hour - 1, 45), (missing_hour + 1, 0)]


@pytest.mark.parametrize(
    ("time_zone", "day", "repeated_hour"),
    [("Europe/London", "2026-10-25", 1), ("America/New_York", "2026-11-01", 1)],
)
def test_the_repeated_hour_of_fall_back_has_its_slots_twice_at_different_instants(time_zone, day, repeated_hour):
    midnight, _ = local_day_bounds(local(f"{day} 12:00", time_zone), time_zone)
    walls = [s.astimezone(ZoneInfo(time_zone)) for s in slot_starts(midnight, 15, 0, 99)]
    repeated = [(w.minute, w.fold) for w in walls if w.hour == repeated_hour]
    assert repeated == [(0, 0), (15, 0), (30, 0), (45, 0), (0, 1), (15, 1), (30, 1), (45, 1)]


def test_an_instant_in_the_second_pass_of_a_repeated_hour_floors_within_that_pass():
    # London, 25 October 2026: 01:37 GMT is the second 01:37 of the night (the first was 00:37 UTC).
    assert floor_to_grid(utc("01:37", "2026-10-25"), "Europe/London", 15) == utc("01:30", "2026-10-25")
    assert floor_to_grid(utc("00:37", "2026-10-25"), "Europe/London", 15) == utc("00:30", "2026-10-25")


def test_local_day_bounds_keep_the_time_zone_of_the_instant():
    start, end = local_day_bounds(utc("23:30", "2026-06-08"), "Europe/Rome")  # 01:30 Tuesday in Rome
    assert (start, end) == (utc("22:00", "2026-06-08"), utc("22:00", "2026-06-09"))
    assert start.tzinfo is UTC


@pytest.mark.parametrize(("time_zone", "day", "hours"), DST_DAYS, ids=[f"{z}-{d}" for z, d, _ in DST_DAYS])
def test_opening_hours_on_a_dst_day_follow_the_wall_clock(time_zone, day, hours):
    weekday = list(W)[datetime.fromisoformat(day).weekday()]
    evening = opens([period(weekday, "18:00", weekday, "22:00")], time_zone=time_zone)
    assert is_open_for_start(evening, time_zone, local(f"{day} 18:00", time_zone))
    assert is_open_for_start(evening, time_zone, local(f"{day} 22:00", time_zone))
    assert not is_open_for_start(evening, time_zone, local(f"{day} 17:45", time_zone))
    assert not is_open_for_start(evening, time_zone, local(f"{day} 22:15", time_zone))


# The wall clock comes from cached hourly offsets, not a zone conversion per instant: it must agree
# with the zone database at every instant the book can hold, across DST changes and far zones.
WALL_CLOCK_ZONES = ["Europe/Rome", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham",
                    "America/Sao_Paulo", "UTC"]


@settings(max_examples=300, deadline=None)
@given(
    instant=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2999, 12, 1), timezones=st.just(UTC)),
    time_zone=st.sampled_from(WALL_CLOCK_ZONES),
)
def test_week_minute_agrees_with_the_zone_database(instant: datetime, time_zone: str) -> None:
    local = instant.astimezone(ZoneInfo(time_zone))
    assert week_minute(instant, time_zone) == local.weekday() * 1440 + local.hour * 60 + local.minute


@settings(max_examples=300, deadline=None)
@given(
    instant=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2999, 12, 1), timezones=st.just(UTC)),
    time_zone=st.sampled_from(WALL_CLOCK_ZONES),
    interval=st.sampled_from([5, 10, 15, 20, 30, 60]),
)
def test_floor_to_grid_lands_on_the_local_grid_at_or_before_the_instant(
    instant: datetime, time_zone: str, interval: int
) -> None:
    floored = floor_to_grid(instant, time_zone, interval)
    local = floored.astimezone(ZoneInfo(time_zone))
    assert floored <= instant < floored + timedelta(minutes=interval)
    assert (local.minute % interval, local.second, local.microsecond) == (0, 0, 0)
