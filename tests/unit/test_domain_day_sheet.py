"""The waitlist values, the services of a day, the day sheet and the manager's figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from unit_support import domain_location, table

from maitred.domain.day_sheet import build_day_sheet, is_vip, sheet_row
from maitred.domain.guest import Guest
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.location import CustomFieldDefinition, ReservationForm, SpecialHourPeriod, TimePeriod, Weekday
from maitred.domain.meal_periods import MealKind, MealPeriod, meal_kind_at, meal_of, meal_period_of, meal_periods_on
from maitred.domain.reservation import Reservation, Reservee
from maitred.domain.service_report import (
    LARGE_PARTY,
    StayTimes,
    build_report,
    stays_from_moves,
    turn_minutes,
    wait_figures,
)
from maitred.domain.waitlist import WaitingParty, WaitStatus, queue_order

S = ReservationStatus
ROME = ZoneInfo("Europe/Rome")
FRIDAY = date(2025, 6, 13)
MON, FRI = Weekday.MONDAY, Weekday.FRIDAY


def rome(hour: int, minute: int = 0, day: date = FRIDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ROME).astimezone(UTC)


def location(**changes: object):
    periods = (TimePeriod(FRI, 12 * 60, FRI, 14 * 60 + 30), TimePeriod(FRI, 18 * 60 + 30, FRI, 22 * 60),
               TimePeriod(MON, 8 * 60, MON, 10 * 60))
    loc = domain_location([table("T1", 1, 2), table("T2", 1, 4)], time_zone="Europe/Rome", periods=periods)
    form = ReservationForm((CustomFieldDefinition("f-allergies", "Allergies"),
                            CustomFieldDefinition("f-occasion", "Occasion")))
    return replace(loc, form=form, **changes)


def booking(rid: str, hour: int, minute: int = 0, *, status: ReservationStatus = S.RESERVED, party: int = 2,
            phone: str | None = None, note: str | None = None, fields: dict[str, str] | None = None,
            source: Source = Source.OFFLINE, day: date = FRIDAY, minutes: int = 90,
            name: str = "Rossi") -> Reservation:
    start = rome(hour, minute, day)
    return Reservation(rid, "loc", status, source, start, start + timedelta(minutes=minutes), party, ("t1",),
                       Reservee(last_name=name, phone=phone, custom_fields=fields or {}), team_message=note)


# --- the waitlist --------------------------------------------------------------------------


def test_a_party_knows_its_quoted_and_actual_wait_and_when_it_is_overdue() -> None:
    added = rome(19, 0)
    party = WaitingParty("p", "loc", 2, added, quoted_ready=rome(19, 20))
    assert party.quoted_wait == timedelta(minutes=20) and party.actual_wait is None
    assert party.remaining(rome(19, 5)) == timedelta(minutes=15)
    assert not party.is_overdue(rome(19, 20)) and party.is_overdue(rome(19, 21))
    seated = replace(party, status=WaitStatus.SEATED, seated=rome(19, 35))
    assert seated.actual_wait == timedelta(minutes=35) and not seated.is_overdue(rome(20, 0))
    left = replace(party, status=WaitStatus.LEFT, left=rome(19, 10))
    assert left.actual_wait == timedelta(minutes=10)
    unquoted = WaitingParty("q", "loc", 2, added)
    assert unquoted.quoted_wait is None and unquoted.remaining(added) is None and not unquoted.is_overdue(added)
    assert queue_order([unquoted, party]) == [party, unquoted]  # same moment: by id


# --- services of a day ----------------------------------------------------------------------


def test_a_period_is_breakfast_lunch_or_dinner_by_the_hour_it_opens() -> None:
    assert [meal_kind_at(m) for m in (8 * 60, 11 * 60, 15 * 60 + 59, 16 * 60)] == [
        MealKind.BREAKFAST, MealKind.LUNCH, MealKind.LUNCH, MealKind.DINNER]


def test_the_services_of_a_day_are_its_weekly_periods() -> None:
    assert meal_periods_on(location(), FRIDAY) == [MealPeriod(MealKind.LUNCH, 720, 870),
                                                   MealPeriod(MealKind.DINNER, 1110, 1320)]
    assert meal_periods_on(location(), date(2025, 6, 16)) == [MealPeriod(MealKind.BREAKFAST, 480, 600)]
    assert meal_periods_on(location(), date(2025, 6, 14)) == []


def test_special_hours_opening_a_day_replace_its_weekly_periods() -> None:
    loc = location()
    special = SpecialHourPeriod(rome(19, 0), rome(23, 0), is_closed=False)
    closed = SpecialHourPeriod(rome(0, 0), rome(23, 59), is_closed=True)
    opened = replace(loc, online=replace(loc.online, special_hours=(special,)))
    assert meal_periods_on(opened, FRIDAY) == [MealPeriod(MealKind.DINNER, 1140, 1379)]
    shut = replace(loc, online=replace(loc.online, special_hours=(closed,)))
    assert len(meal_periods_on(shut, FRIDAY)) == 2  # its few bookings still have a lunch and a dinner


def test_a_start_belongs_to_the_nearest_service() -> None:
    periods = meal_periods_on(location(), FRIDAY)
    lunch, dinner = periods
    assert meal_period_of(periods, 11 * 60 + 45) == lunch
    assert meal_period_of(periods, 13 * 60) == lunch
    assert meal_period_of(periods, 17 * 60 + 30) == dinner  # an hour before dinner, three after lunch
    assert meal_period_of(periods, 23 * 60) == dinner
    assert meal_period_of([], 19 * 60) == MealPeriod(MealKind.DINNER, 1140, 1140)
    assert meal_of(location(), rome(13, 0)) is MealKind.LUNCH


# --- the day sheet -------------------------------------------------------------------------


def test_vips_are_marked_by_their_profile_or_by_the_teams_note() -> None:
    assert is_vip(booking("a", 19, note="VIP: the critic"), None)
    assert not is_vip(booking("b", 19, note="Vipera wine"), None)
    assert is_vip(booking("c", 19), Guest("g", "+39", tags=("VIP",)))


def test_a_row_splits_what_the_kitchen_and_the_floor_must_know() -> None:
    guest = Guest("g", "+39333", tags=("VIP", "Allergy: nuts", "Vegan", "High chair"), notes="Regular, likes T4")
    reservation = booking("a", 19, phone="+39333", note="Birthday cake at 21:00",
                          fields={"f-allergies": "Coeliac", "f-occasion": "Birthday", "f-gone": "  "})
    row = sheet_row(location(), reservation, guest)
    assert row.vip and row.name == "Rossi"
    assert row.allergies == ("Allergy: nuts", "Vegan", "Coeliac")
    assert row.tags == ("VIP", "High chair", "Birthday")
    assert row.notes == ("Birthday cake at 21:00", "Regular, likes T4")
    plain = sheet_row(location(), replace(reservation, reservee=None, team_message=None), None)
    assert (plain.name, plain.tags, plain.allergies, plain.notes, plain.vip) == ("", (), (), (), False)


def test_the_sheet_groups_the_day_by_service_with_vips_first_and_covers_per_interval() -> None:
    reservations = [
        booking("lunch", 12, 30, party=3, status=S.FINISHED), booking("early", 17, 30, party=2),
        booking("late", 21, 0, party=4), booking("vip", 20, 0, party=2, note="VIP"),
        booking("seated", 19, 0, status=S.SEATED, party=5, source=Source.WALK_IN),
        booking("gone", 19, 0, status=S.CANCELED), booking("noshow", 19, 0, status=S.NO_SHOW),
        booking("held", 19, 0, status=S.HELD), booking("tomorrow", 19, 0, day=FRIDAY + timedelta(days=1)),
        replace(booking("elsewhere", 19, 0), location_id="other"),
    ]
    sheet = build_day_sheet(location(), FRIDAY, reservations, {})
    lunch, dinner = sheet.services
    assert [r.reservation_id for r in lunch.rows] == ["lunch"]
    assert [r.reservation_id for r in dinner.rows] == ["vip", "early", "seated", "late"]
    assert (sheet.covers, sheet.parties, dinner.covers, dinner.vip_count) == (16, 5, 13, 1)
    intervals = dict(dinner.covers_per_interval)
    assert min(intervals) == rome(17, 30) and max(intervals) == rome(22, 0)  # stretched to the 17:30 booking
    assert (intervals[rome(17, 30)], intervals[rome(18, 30)], intervals[rome(19, 0)], intervals[rome(21, 0)]) == (
        2, 0, 5, 4)
    assert len(lunch.covers_per_interval) == 11  # 12:00 … 14:30
    assert sheet.location_name == "Trattoria" and sheet.time_zone == "Europe/Rome"


def test_a_guests_profile_is_found_by_the_bookings_phone() -> None:
    guest = Guest("g", "+39333", tags=("VIP",))
    sheet = build_day_sheet(location(), FRIDAY, [booking("a", 19, phone="+39333"), booking("b", 19, 15)],
                            {"+39333": guest})
    assert [r.vip for r in sheet.services[1].rows] == [True, False]


def test_a_day_without_services_still_lists_its_bookings() -> None:
    saturday = FRIDAY + timedelta(days=1)
    sheet = build_day_sheet(location(), saturday, [booking("a", 19, day=saturday)], {})
    assert [s.period.kind for s in sheet.services] == [MealKind.DINNER]
    assert sheet.services[0].covers_per_interval == ((rome(19, 0, saturday), 2),)
    assert build_day_sheet(location(), saturday, [], {}).services == ()


# --- the manager's figures -----------------------------------------------------------------


def test_turn_time_is_measured_from_seated_to_finished_or_else_planned() -> None:
    done = booking("a", 19, status=S.FINISHED, minutes=90)
    assert turn_minutes(done, StayTimes("a", rome(19, 5), rome(20, 50))) == (105.0, True)
    assert turn_minutes(done, StayTimes("a", rome(19, 5), None)) == (90.0, False)
    assert turn_minutes(done, None) == (90.0, False)
    assert turn_minutes(booking("b", 19, status=S.SEATED), None) is None


def test_stays_take_the_last_seating_and_the_last_finish() -> None:
    moves = [("a", rome(19, 0), S.SEATED), ("a", rome(19, 2), S.SEATED), ("a", rome(20, 30), S.FINISHED),
             ("b", rome(19, 0), S.FINISHED)]
    assert stays_from_moves(moves) == {"a": StayTimes("a", rome(19, 2), rome(20, 30)),
                                       "b": StayTimes("b", None, rome(19, 0))}


def party(pid: str, added: datetime, status: WaitStatus, quoted: int | None, waited: int | None) -> WaitingParty:
    quoted_ready = None if quoted is None else added + timedelta(minutes=quoted)
    end = None if waited is None else added + timedelta(minutes=waited)
    return WaitingParty(pid, "loc", 2, added, quoted_ready=quoted_ready, status=status,
                        seated=end if status is WaitStatus.SEATED else None,
                        left=end if status is WaitStatus.LEFT else None)


def test_quoted_and_actual_waits_of_the_parties_no_longer_waiting() -> None:
    at = rome(19, 0)
    figures = wait_figures([party("a", at, WaitStatus.SEATED, 20, 15), party("b", at, WaitStatus.SEATED, 10, 30),
                            party("c", at, WaitStatus.LEFT, 30, 20), party("d", at, WaitStatus.WAITING, 5, None),
                            party("e", at, WaitStatus.SEATED, None, 10)])
    assert (figures.parties, figures.seated, figures.left, figures.within_quote) == (4, 3, 1, 1)
    assert figures.quoted_average == 20.0 and figures.actual_average == 18.75
    assert wait_figures([]).quoted_average is None


def test_the_report_counts_covers_by_day_and_service_and_the_rates() -> None:
    thursday = FRIDAY - timedelta(days=1)
    loc = location()
    reservations = [
        booking("l1", 12, 30, status=S.FINISHED, party=3), booking("d1", 19, 0, status=S.SEATED, party=4),
        booking("w1", 19, 30, status=S.FINISHED, party=2, source=Source.WALK_IN),
        booking("ns", 20, 0, status=S.NO_SHOW), booking("c", 20, 0, status=S.CANCELED),
        booking("r", 21, 0), booking("big", 19, 0, status=S.FINISHED, party=10, minutes=150),
        booking("thu", 19, 0, status=S.FINISHED, party=2, day=thursday),
        booking("out", 19, 0, status=S.FINISHED, day=FRIDAY + timedelta(days=3)),
        replace(booking("elsewhere", 19, 0, status=S.FINISHED), location_id="other"),
    ]
    stays = {"w1": StayTimes("w1", rome(19, 30), rome(20, 30))}
    parties = [party("p", rome(19, 0), WaitStatus.SEATED, 20, 25),
               replace(party("q", rome(19, 0), WaitStatus.LEFT, 10, 5), location_id="other"),
               party("old", rome(19, 0, FRIDAY - timedelta(days=9)), WaitStatus.LEFT, 10, 5)]
    report = build_report(loc, thursday, FRIDAY, reservations, stays, parties)
    thu, fri = report.days
    assert (thu.day, fri.day) == (thursday, FRIDAY)
    assert fri.covers == {MealKind.LUNCH: 3, MealKind.DINNER: 16} and fri.total_covers == 19
    assert thu.total_covers == 2 and report.covers == 21
    assert report.covers_by_meal() == {MealKind.LUNCH: 3, MealKind.DINNER: 18}
    # Friday's bookings (walk-ins aside): l1 d1 ns c r big; outcomes known: l1 d1 ns big.
    assert (fri.bookings, fri.cancellations, fri.outcomes, fri.no_shows) == (6, 1, 4, 1)
    assert fri.no_show_rate == pytest.approx(0.25) and fri.cancellation_rate == pytest.approx(1 / 6)
    assert report.no_show_rate == pytest.approx(1 / 5) and report.cancellation_rate == pytest.approx(1 / 7)
    assert (fri.quoted_wait, fri.actual_wait, thu.quoted_wait) == (20.0, 25.0, None)
    turns = {t.party_size: t for t in report.turns}
    assert set(turns) == {2, 3, LARGE_PARTY}
    assert turns[2].average_minutes == 75.0 and (turns[2].tables, turns[2].measured) == (2, 1)  # 60 and 90
    assert turns[LARGE_PARTY].average_minutes == 150.0
    assert report.waits.parties == 1
    empty = build_report(loc, FRIDAY, FRIDAY, [], {}, [])
    assert (empty.no_show_rate, empty.cancellation_rate, empty.days[0].no_show_rate,
            empty.days[0].cancellation_rate) == (None, None, None, None)
