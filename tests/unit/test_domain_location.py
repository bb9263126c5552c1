"""The location's own rules: weekly periods, notice, turnover, approval, payment, tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from unit_support import domain_location, table

from maitred.domain.location import (
    MINUTES_PER_WEEK,
    ApprovalMode,
    NoticePeriod,
    NoticeUnit,
    OnlineReservations,
    PaymentPolicy,
    ReservationLocation,
    TableLayout,
    TimePeriod,
    TurnoverRule,
    Weekday,
)

W = Weekday


@pytest.mark.parametrize(("day", "index"), [(d, i) for i, d in enumerate(W)])
def test_the_week_of_periods_starts_on_monday_as_datetime_weekday_does(day, index):
    midnight = TimePeriod(day, 0, day, 0)
    assert (midnight.week_start, midnight.week_end) == (index * 1440, index * 1440)


@pytest.mark.parametrize(
    ("open_day", "open_minute", "close_day", "close_minute", "length", "closes_before_opening"),
    [
        (W.MONDAY, 690, W.MONDAY, 1320, 630, False),    # 11:30-22:00
        (W.MONDAY, 690, W.MONDAY, 690, 0, False),       # a single possible start
        (W.MONDAY, 1320, W.MONDAY, 690, None, True),    # 22:00-11:30 the same day: a violation
        (W.FRIDAY, 1080, W.SATURDAY, 120, 480, False),  # overnight
        (W.SUNDAY, 1200, W.MONDAY, 180, 420, False),    # over the end of the week
        (W.MONDAY, 1080, W.MONDAY, 1440, 360, False),   # to midnight
        (W.TUESDAY, 600, W.MONDAY, 600, 6 * 1440, False),
    ],
)
def test_a_period_knows_how_long_reservations_may_start(open_day, open_minute, close_day, close_minute, length,
                                                        closes_before_opening):
    p = TimePeriod(open_day, open_minute, close_day, close_minute)
    assert p.closes_before_opening is closes_before_opening
    if length is not None:
        assert p.length_minutes == length
    assert p.week_start == list(W).index(open_day) * 1440 + open_minute
    assert p.week_end == list(W).index(close_day) * 1440 + close_minute


def test_a_period_of_a_whole_week_is_a_week_long():
    assert TimePeriod(W.MONDAY, 0, W.SUNDAY, 1440).length_minutes == MINUTES_PER_WEEK


@pytest.mark.parametrize(
    ("number", "unit", "expected"),
    [(30, NoticeUnit.MINUTES, timedelta(minutes=30)), (2, NoticeUnit.HOURS, timedelta(hours=2)),
     (3, NoticeUnit.DAYS, timedelta(days=3))],
)
def test_notice_periods_convert_their_unit(number, unit, expected):
    assert NoticePeriod(number, unit).as_timedelta == expected


@pytest.mark.parametrize(("party", "minutes"), [(1, 60), (2, 60), (3, 90), (4, 90), (5, 120), (8, 120), (9, 90)])
def test_turnover_uses_the_rule_covering_the_party_else_the_default(party, minutes):
    online = OnlineReservations(default_turnover_minutes=90,
                                turnover_rules=(TurnoverRule(1, 2, 60), TurnoverRule(5, 8, 120)))
    assert online.turnover_minutes(party) == minutes


@pytest.mark.parametrize(
    ("mode", "threshold", "party", "needed"),
    [
        (ApprovalMode.AUTOMATIC, None, 20, False),
        (ApprovalMode.MANUAL, None, 1, True),
        (ApprovalMode.MANUAL_FOR_LARGE_PARTIES, 8, 7, False),
        (ApprovalMode.MANUAL_FOR_LARGE_PARTIES, 8, 8, True),
        (ApprovalMode.MANUAL_FOR_LARGE_PARTIES, 8, 12, True),
        (ApprovalMode.MANUAL_FOR_LARGE_PARTIES, None, 12, False),
    ],
)
def test_online_bookings_need_approval_per_the_approval_mode(mode, threshold, party, needed):
    online = OnlineReservations(approval_mode=mode, approval_threshold=threshold)
    assert online.needs_approval(party) is needed


@pytest.mark.parametrize(
    ("policy", "party", "needed"),
    [
        (PaymentPolicy(False, 6), 10, False),
        (PaymentPolicy(True, 6), 5, False),
        (PaymentPolicy(True, 6), 6, True),
        (PaymentPolicy(True, None), 6, False),
    ],
)
def test_payment_is_needed_from_the_minimum_party_size_when_enabled(policy, party, needed):
    location = ReservationLocation(id="l", info=domain_location().info, payment=policy)
    assert location.needs_payment(party) is needed


def test_tables_are_found_by_id_and_removed_ones_only_by_any_table():
    location = domain_location([table("T1"), table("T2")], deleted=[table("T9")])
    tm = location.table_management
    assert tm.table("t2") == table("T2")
    assert tm.table("t9") is None
    assert tm.any_table("t9") == table("T9")
    assert tm.any_table("t1") == table("T1")
    assert tm.any_table("nope") is None


def test_a_table_is_in_the_area_of_its_layout():
    placed = table("T1")
    assert placed.area == ""
    assert replace(placed, layout=TableLayout(area="Patio")).area == "Patio"
