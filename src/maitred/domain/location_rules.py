"""What makes a location's settings wrong: bad values (INVALID_ARGUMENT) and broken rules
(RESERVATION_LOCATION_VIOLATION, with Wix's violation types). Field paths are those of the wire
request, so the settings dialog and the API point at the same place."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from maitred.domain.errors import FieldViolation, LocationViolation
from maitred.domain.location import TIME_SLOT_INTERVALS, ApprovalMode, ReservationLocation

ONLINE = "configuration.onlineReservations"
TABLES = "configuration.tableManagement"
MAX_SEATS = 1000
MAX_NAME = 50


def is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return bool(name)


def field_problems(location: ReservationLocation) -> list[FieldViolation]:
    """Values out of their allowed range, each with the field it concerns."""
    problems: list[FieldViolation] = []

    def bad(field: str, description: str) -> None:
        problems.append(FieldViolation(field, description))

    info, online = location.info, location.online
    if not info.name.strip():
        bad("location.name", "the restaurant needs a name")
    if not is_time_zone(info.time_zone):
        bad("location.timeZone", f"'{info.time_zone}' is not an IANA time zone such as Europe/Rome")
    if info.country_code is not None and not (len(info.country_code) == 2 and info.country_code.isalpha()
                                              and info.country_code.isupper()):
        bad("location.countryCode", "must be a two-letter ISO 3166 country code such as IT")
    if online.time_slot_interval not in TIME_SLOT_INTERVALS:
        bad(f"{ONLINE}.timeSlotInterval", "must be 15, 20, 30 or 60 minutes")
    if not 5 <= online.default_turnover_minutes <= 1000:
        bad(f"{ONLINE}.defaultTurnoverTime", "must be between 5 and 1000 minutes")
    for i, rule in enumerate(online.turnover_rules):
        if not 5 <= rule.minutes <= 1000:
            bad(f"{ONLINE}.turnoverTimeRules[{i}].minutes", "must be between 5 and 1000 minutes")
    if not (1 <= online.party_size_min <= 1000 and 1 <= online.party_size_max <= 1000):
        bad(f"{ONLINE}.partySize", "online party sizes must be between 1 and 1000")
    for name, notice in (("minimumReservationNotice", online.minimum_notice),
                         ("maximumReservationNotice", online.maximum_notice)):
        if notice is not None and not 1 <= notice.number <= 1000:
            bad(f"{ONLINE}.{name}.number", "must be between 1 and 1000")
    for name, pacing in (("partyPacing", online.party_pacing), ("seatPacing", online.seat_pacing)):
        if pacing.enabled and pacing.number is None:
            bad(f"{ONLINE}.{name}.number", "is required when pacing is enabled")
        if pacing.number is not None and not 1 <= pacing.number <= 10000:
            bad(f"{ONLINE}.{name}.number", "must be between 1 and 10000")
    if online.approval_threshold is not None and not 1 <= online.approval_threshold <= 10000:
        bad(f"{ONLINE}.approval.manualForLargePartiesOptions.partySizeThreshold", "must be between 1 and 10000")
    payment = location.payment
    if payment.enabled and payment.min_party_size is None:
        bad("configuration.paymentPolicy.minPartySize", "is required when the payment policy is enabled")
    if payment.min_party_size is not None and not 1 <= payment.min_party_size <= 1000:
        bad("configuration.paymentPolicy.minPartySize", "must be between 1 and 1000")
    for i, table in enumerate(location.table_management.tables):
        if not 1 <= len(table.name) <= MAX_NAME:
            bad(f"{TABLES}.tableDefinitions[{i}].name", "a table name has 1 to 50 characters")
    for i, custom in enumerate(location.form.custom_fields):
        if not 1 <= len(custom.name) <= 1000:
            bad(f"configuration.reservationForm.customFieldDefinitions[{i}].name", "needs 1 to 1000 characters")
    return problems


def find_violations(location: ReservationLocation) -> list[LocationViolation]:
    """Broken rules between settings: duplicated names, bad bounds, overlapping rules, bad combinations."""
    found: list[LocationViolation] = []

    def violation(kind: str, field: str, description: str) -> None:
        found.append(LocationViolation(kind, field, description))

    tm = location.table_management
    seen_names: set[str] = set()
    for i, table in enumerate(tm.tables):
        path = f"{TABLES}.tableDefinitions[{i}]"
        if table.name in seen_names:
            violation("TABLE_DEFINITION_NAMES_DUPLICATION", f"{path}.name", f"two tables are called {table.name}")
        seen_names.add(table.name)
        if not 1 <= table.seats_min <= table.seats_max <= MAX_SEATS:
            violation("TABLE_DEFINITION_INCORRECT_BOUNDARIES", path,
                      f"table {table.name}: seats need 1 ≤ minimum ≤ maximum ≤ {MAX_SEATS}")
    table_ids = {t.id for t in tm.tables}
    seen_sets: set[frozenset[str]] = set()
    for i, combo in enumerate(tm.combinations):
        path = f"{TABLES}.tableCombinations[{i}]"
        members = frozenset(combo.table_ids)
        if len(members) < 2:
            violation("TABLE_COMBINATION_CONTAINS_LESS_THAN_2_TABLES", path,
                      "a combination joins at least 2 tables")
        if not members <= table_ids:
            violation("NON_EXISTENT_TABLES_IN_TABLE_COMBINATION", path,
                      "a combination names a table that doesn't exist")
        if members in seen_sets:
            violation("TABLE_COMBINATION_TABLE_IDS_COMBINATION_DUPLICATION", path,
                      "two combinations join the same tables")
        seen_sets.add(members)
        if not 1 <= combo.seats_min <= combo.seats_max:
            violation("TABLE_COMBINATION_MIN_MAX_SEATS", path, "a combination needs 1 ≤ minimum seats ≤ maximum seats")
    online = location.online
    rules = online.turnover_rules
    for i, rule in enumerate(rules):
        if not 1 <= rule.seats_min <= rule.seats_max:
            violation("TURNOVER_TIME_RULES_INCORRECT_BOUNDARIES", f"{ONLINE}.turnoverTimeRules[{i}]",
                      "a turnover rule needs 1 ≤ minimum party ≤ maximum party")
    for i, rule in enumerate(rules):
        for j in range(i + 1, len(rules)):
            other = rules[j]
            if rule.seats_min <= other.seats_max and other.seats_min <= rule.seats_max:
                violation("TURNOVER_TIME_RULES_INTERSECT", f"{ONLINE}.turnoverTimeRules[{j}]",
                          "two turnover rules cover the same party size")
    if online.party_size_min > online.party_size_max:
        violation("PARTY_SIZE_MIN_GREATER_THAN_MAX", f"{ONLINE}.partySize",
                  "the smallest online party is larger than the largest")
    if online.approval_mode is ApprovalMode.MANUAL_FOR_LARGE_PARTIES and online.approval_threshold is None:
        violation("PARTY_SIZE_THRESHOLD_ABSENT", f"{ONLINE}.approval.manualForLargePartiesOptions",
                  "approval for large parties needs the party size that counts as large")
    for i, period in enumerate(online.periods):
        if period.closes_before_opening:
            violation("BUSINESS_SCHEDULE_TIME_PERIOD_CLOSE_BEFORE_OPEN", f"{ONLINE}.businessSchedule.periods[{i}]",
                      "a period closes before it opens")
    for i, special in enumerate(online.special_hours):
        if special.end <= special.start:
            violation("BUSINESS_SCHEDULE_SPECIAL_HOUR_PERIOD_END_BEFORE_START",
                      f"{ONLINE}.businessSchedule.specialHourPeriod[{i}]", "special hours end before they start")
    low, high = online.minimum_notice, online.maximum_notice
    if low is not None and high is not None and low.as_timedelta > high.as_timedelta:
        violation("NOTICE_PERIOD_MINIMUM_GREATER_THAN_MAXIMUM", f"{ONLINE}.minimumReservationNotice",
                  "the minimum notice is longer than the maximum notice")
    return found
