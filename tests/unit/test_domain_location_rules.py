"""SPEC §2: what is wrong with a location's settings, as field problems and Wix violation types."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from unit_support import combination, domain_location, table

from maitred.domain.location import (
    ApprovalMode,
    CustomFieldDefinition,
    LocationInfo,
    NoticePeriod,
    NoticeUnit,
    Pacing,
    PaymentPolicy,
    ReservationForm,
    SpecialHourPeriod,
    TimePeriod,
    TurnoverRule,
    Weekday,
)
from maitred.domain.location_rules import field_problems, find_violations, is_time_zone

ONLINE = "configuration.onlineReservations"
TABLES = "configuration.tableManagement"
NOON = datetime(2026, 6, 8, 12, tzinfo=UTC)


def valid():
    """A location with nothing wrong: tables, a combination, rules, hours, notice, pacing, form."""
    location = domain_location(
        [table("T1", 1, 2), table("T2", 1, 2), table("T3", 2, 4)],
        [combination("t1", "t2", seats=(3, 4))],
        enabled=True,
        turnover_rules=(TurnoverRule(1, 4, 60), TurnoverRule(5, 8, 120)),
        periods=(TimePeriod(Weekday.FRIDAY, 18 * 60, Weekday.SATURDAY, 120),),
        special_hours=(SpecialHourPeriod(NOON, NOON.replace(hour=15)),),
        minimum_notice=NoticePeriod(30, NoticeUnit.MINUTES),
        maximum_notice=NoticePeriod(60, NoticeUnit.DAYS),
        approval_mode=ApprovalMode.MANUAL_FOR_LARGE_PARTIES,
        approval_threshold=8,
        party_pacing=Pacing(True, 4),
        seat_pacing=Pacing(False, None),
    )
    return replace(location, info=LocationInfo("Trattoria", "Europe/Rome", "IT"),
                   form=ReservationForm((CustomFieldDefinition("f1", "Allergies"),)),
                   payment=PaymentPolicy(True, 8))


def online(**changes):
    location = valid()
    return replace(location, online=replace(location.online, **changes))


def tables(*table_defs, combos=()):
    location = valid()
    tm = replace(location.table_management, tables=tuple(table_defs), combinations=tuple(combos))
    return replace(location, table_management=tm)


def test_a_valid_location_has_no_problem_and_no_violation():
    assert field_problems(valid()) == []
    assert find_violations(valid()) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Europe/Rome", True), ("UTC", True), ("America/Argentina/Buenos_Aires", True), ("Mars/Olympus", False),
     ("", False), ("../etc/passwd", False), ("europe/rome ", False)],
)
def test_only_iana_zone_names_are_time_zones(name, expected):
    assert is_time_zone(name) is expected


def _info(**changes):
    location = valid()
    return replace(location, info=replace(location.info, **changes))


FIELD_CASES = [
    (_info(name="   "), "location.name"),
    (_info(time_zone="Mars/Olympus"), "location.timeZone"),
    (_info(country_code="it"), "location.countryCode"),
    (_info(country_code="ITA"), "location.countryCode"),
    (_info(country_code="I1"), "location.countryCode"),
    (online(time_slot_interval=25), f"{ONLINE}.timeSlotInterval"),
    (online(time_slot_interval=120), f"{ONLINE}.timeSlotInterval"),
    (online(default_turnover_minutes=4), f"{ONLINE}.defaultTurnoverTime"),
    (online(default_turnover_minutes=1001), f"{ONLINE}.defaultTurnoverTime"),
    (online(turnover_rules=(TurnoverRule(1, 2, 4),)), f"{ONLINE}.turnoverTimeRules[0].minutes"),
    (online(turnover_rules=(TurnoverRule(1, 2, 60), TurnoverRule(3, 4, 1001))),
     f"{ONLINE}.turnoverTimeRules[1].minutes"),
    (online(party_size_min=0), f"{ONLINE}.partySize"),
    (online(party_size_max=1001), f"{ONLINE}.partySize"),
    (online(minimum_notice=NoticePeriod(0, NoticeUnit.HOURS)), f"{ONLINE}.minimumReservationNotice.number"),
    (online(maximum_notice=NoticePeriod(1001, NoticeUnit.DAYS)), f"{ONLINE}.maximumReservationNotice.number"),
    (online(party_pacing=Pacing(True, None)), f"{ONLINE}.partyPacing.number"),
    (online(party_pacing=Pacing(False, 0)), f"{ONLINE}.partyPacing.number"),
    (online(seat_pacing=Pacing(True, None)), f"{ONLINE}.seatPacing.number"),
    (online(seat_pacing=Pacing(True, 10001)), f"{ONLINE}.seatPacing.number"),
    (online(approval_threshold=0), f"{ONLINE}.approval.manualForLargePartiesOptions.partySizeThreshold"),
    (replace(valid(), payment=PaymentPolicy(True, None)), "configuration.paymentPolicy.minPartySize"),
    (replace(valid(), payment=PaymentPolicy(False, 0)), "configuration.paymentPolicy.minPartySize"),
    (replace(valid(), payment=PaymentPolicy(True, 1001)), "configuration.paymentPolicy.minPartySize"),
    (tables(table("T1"), table("")), f"{TABLES}.tableDefinitions[1].name"),
    (tables(table("T" * 51)), f"{TABLES}.tableDefinitions[0].name"),
    (replace(valid(), form=ReservationForm((CustomFieldDefinition("f1", ""),))),
     "configuration.reservationForm.customFieldDefinitions[0].name"),
]


@pytest.mark.parametrize(("location", "field"), FIELD_CASES, ids=[f for _, f in FIELD_CASES])
def test_a_value_out_of_range_is_a_field_problem_at_its_wire_path(location, field):
    assert [p.field for p in field_problems(location)] == [field]


@pytest.mark.parametrize(
    "location",
    [
        _info(country_code=None),
        tables(table("T" * 50)),
        online(time_slot_interval=60),
        online(default_turnover_minutes=5),
        online(default_turnover_minutes=1000),
        online(party_pacing=Pacing(True, 10000)),
    ],
    ids=["no-country", "50-char-name", "interval-60", "turnover-5", "turnover-1000", "pacing-10000"],
)
def test_values_at_the_edge_of_their_range_are_accepted(location):
    assert field_problems(location) == []


def test_every_field_problem_is_reported_not_only_the_first():
    location = replace(_info(name="", time_zone="Nowhere"), online=replace(valid().online, time_slot_interval=7))
    assert [p.field for p in field_problems(location)] == [
        "location.name", "location.timeZone", f"{ONLINE}.timeSlotInterval"]


VIOLATION_CASES = [
    ("TABLE_DEFINITION_NAMES_DUPLICATION", tables(table("T1"), table("T1", table_id="other")),
     f"{TABLES}.tableDefinitions[1].name"),
    ("TABLE_DEFINITION_INCORRECT_BOUNDARIES", tables(table("T1", 0, 2)), f"{TABLES}.tableDefinitions[0]"),
    ("TABLE_DEFINITION_INCORRECT_BOUNDARIES", tables(table("T1", 3, 2)), f"{TABLES}.tableDefinitions[0]"),
    ("TABLE_DEFINITION_INCORRECT_BOUNDARIES", tables(table("T1", 1, 1001)), f"{TABLES}.tableDefinitions[0]"),
    ("TABLE_COMBINATION_CONTAINS_LESS_THAN_2_TABLES",
     tables(table("T1"), combos=[combination("t1", seats=(1, 2))]), f"{TABLES}.tableCombinations[0]"),
    ("TABLE_COMBINATION_CONTAINS_LESS_THAN_2_TABLES",
     tables(table("T1"), combos=[combination("t1", "t1", seats=(1, 2))]), f"{TABLES}.tableCombinations[0]"),
    ("NON_EXISTENT_TABLES_IN_TABLE_COMBINATION",
     tables(table("T1"), combos=[combination("t1", "ghost", seats=(1, 4))]), f"{TABLES}.tableCombinations[0]"),
    ("TABLE_COMBINATION_TABLE_IDS_COMBINATION_DUPLICATION",
     tables(table("T1"), table("T2"), combos=[combination("t1", "t2", seats=(3, 4)),
                                             combination("t2", "t1", seats=(2, 4), combo_id="again")]),
     f"{TABLES}.tableCombinations[1]"),
    ("TABLE_COMBINATION_MIN_MAX_SEATS",
     tables(table("T1"), table("T2"), combos=[combination("t1", "t2", seats=(5, 4))]),
     f"{TABLES}.tableCombinations[0]"),
    ("TABLE_COMBINATION_MIN_MAX_SEATS",
     tables(table("T1"), table("T2"), combos=[combination("t1", "t2", seats=(0, 4))]),
     f"{TABLES}.tableCombinations[0]"),
    ("TURNOVER_TIME_RULES_INCORRECT_BOUNDARIES", online(turnover_rules=(TurnoverRule(0, 2, 60),)),
     f"{ONLINE}.turnoverTimeRules[0]"),
    ("TURNOVER_TIME_RULES_INCORRECT_BOUNDARIES", online(turnover_rules=(TurnoverRule(3, 2, 60),)),
     f"{ONLINE}.turnoverTimeRules[0]"),
    ("TURNOVER_TIME_RULES_INTERSECT", online(turnover_rules=(TurnoverRule(1, 4, 60), TurnoverRule(4, 8, 90))),
     f"{ONLINE}.turnoverTimeRules[1]"),
    ("TURNOVER_TIME_RULES_INTERSECT", online(turnover_rules=(TurnoverRule(1, 8, 60), TurnoverRule(3, 4, 90))),
     f"{ONLINE}.turnoverTimeRules[1]"),
    ("TURNOVER_TIME_RULES_INTERSECT",
     online(turnover_rules=(TurnoverRule(1, 2, 60), TurnoverRule(10, 12, 90), TurnoverRule(11, 11, 30))),
     f"{ONLINE}.turnoverTimeRules[2]"),
    ("PARTY_SIZE_MIN_GREATER_THAN_MAX", online(party_size_min=6, party_size_max=4), f"{ONLINE}.partySize"),
    ("PARTY_SIZE_THRESHOLD_ABSENT", online(approval_threshold=None),
     f"{ONLINE}.approval.manualForLargePartiesOptions"),
    ("BUSINESS_SCHEDULE_TIME_PERIOD_CLOSE_BEFORE_OPEN",
     online(periods=(TimePeriod(Weekday.MONDAY, 600, Weekday.MONDAY, 900),
                     TimePeriod(Weekday.TUESDAY, 1320, Weekday.TUESDAY, 690))),
     f"{ONLINE}.businessSchedule.periods[1]"),
    ("BUSINESS_SCHEDULE_SPECIAL_HOUR_PERIOD_END_BEFORE_START",
     online(special_hours=(SpecialHourPeriod(NOON, NOON.replace(hour=11)),)),
     f"{ONLINE}.businessSchedule.specialHourPeriod[0]"),
    ("BUSINESS_SCHEDULE_SPECIAL_HOUR_PERIOD_END_BEFORE_START",
     online(special_hours=(SpecialHourPeriod(NOON, NOON),)), f"{ONLINE}.businessSchedule.specialHourPeriod[0]"),
    ("NOTICE_PERIOD_MINIMUM_GREATER_THAN_MAXIMUM",
     online(minimum_notice=NoticePeriod(2, NoticeUnit.DAYS), maximum_notice=NoticePeriod(24, NoticeUnit.HOURS)),
     f"{ONLINE}.minimumReservationNotice"),
    ("NOTICE_PERIOD_MINIMUM_GREATER_THAN_MAXIMUM",
     online(minimum_notice=NoticePeriod(90, NoticeUnit.MINUTES), maximum_notice=NoticePeriod(1, NoticeUnit.HOURS)),
     f"{ONLINE}.minimumReservationNotice"),
]


@pytest.mark.parametrize(("kind", "location", "field"), VIOLATION_CASES,
                         ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(VIOLATION_CASES)])
def test_a_broken_rule_is_its_wix_violation_type_at_its_wire_path(kind, location, field):
    assert [(v.type, v.field) for v in find_violations(location)] == [(kind, field)]
    assert all(v.description for v in find_violations(location))


@pytest.mark.parametrize(
    "location",
    [
        online(turnover_rules=(TurnoverRule(1, 4, 60), TurnoverRule(5, 8, 90))),   # touching, not crossing
        online(periods=(TimePeriod(Weekday.SUNDAY, 1320, Weekday.MONDAY, 120),)),  # overnight across the week
        online(periods=(TimePeriod(Weekday.MONDAY, 690, Weekday.MONDAY, 690),)),   # one possible start
        online(minimum_notice=NoticePeriod(1, NoticeUnit.DAYS), maximum_notice=NoticePeriod(24, NoticeUnit.HOURS)),
        online(minimum_notice=NoticePeriod(5, NoticeUnit.DAYS), maximum_notice=None),
        online(approval_mode=ApprovalMode.MANUAL, approval_threshold=None),
        tables(table("T1", 3, 3)),
    ],
    ids=["touching-rules", "overnight-period", "zero-length-period", "equal-notice", "no-maximum-notice",
         "manual-needs-no-threshold", "fixed-size-table"],
)
def test_settings_that_only_look_odd_are_no_violation(location):
    assert find_violations(location) == []


def test_every_violation_is_reported_in_order():
    location = replace(
        tables(table("T1"), table("T1", 5, 4, table_id="t1b"), combos=[combination("t1", seats=(1, 2))]),
        online=replace(valid().online, party_size_min=9, party_size_max=2),
    )
    assert [v.type for v in find_violations(location)] == [
        "TABLE_DEFINITION_NAMES_DUPLICATION", "TABLE_DEFINITION_INCORRECT_BOUNDARIES",
        "TABLE_COMBINATION_CONTAINS_LESS_THAN_2_TABLES", "PARTY_SIZE_MIN_GREATER_THAN_MAX"]
