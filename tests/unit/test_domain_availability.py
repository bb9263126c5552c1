"""SPEC §5.2 and §5.5: which options fit, which are free, which one a party gets, and pacing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unit_support import combination, domain_location, table, use, utc

from maitred.domain.availability import (
    LENGTH_GROUPS,
    TABLE_CONFLICT_ORDER,
    LocationConflict,
    PacingCounts,
    SeatingOption,
    TableBookings,
    TableConflict,
    assign_tables,
    end_for,
    free_fitting_options,
    guest_tables_first,
    named_option,
    natural_key,
    option_conflicts,
    ordered_conflicts,
    pacing_enabled,
    seating_options,
    uses_tables,
)
from maitred.domain.location import Pacing, TableManagementMode, TurnoverRule
from maitred.domain.reservation import TableClash, TableUse

C = TableConflict
NOON, HALF_ONE = utc("12:00"), utc("13:30")


def names_of(options, location):
    by_id = {t.id: t.name for t in location.table_management.tables}
    return ["+".join(by_id[tid] for tid in o.table_ids) for o in options]


# --- natural order ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["T10", "T2", "T1"], ["T1", "T2", "T10"]),
        (["Patio 10", "Patio 9", "Bar"], ["Bar", "Patio 9", "Patio 10"]),
        (["b", "A", "C"], ["A", "b", "C"]),
        (["T", "10", "2"], ["2", "10", "T"]),
        (["A1B10", "A1B2", "A2B1"], ["A1B2", "A1B10", "A2B1"]),
        (["T02", "T1", "T3"], ["T1", "T02", "T3"]),
    ],
    ids=["numbers-as-numbers", "words-and-numbers", "case-insensitive", "digits-first", "several-runs",
         "leading-zero"],
)
def test_natural_order_compares_digit_runs_as_numbers(names, expected):
    assert sorted(names, key=natural_key) == expected


# --- seating options ------------------------------------------------------------------------------


def test_options_are_active_tables_in_natural_order_then_usable_combinations_as_defined():
    location = domain_location(
        [table("T10"), table("T2"), table("T1"), table("T3", active=False)],
        [
            combination("t10", "t1", seats=(3, 4)),
            combination("t2", "t3", seats=(3, 4)),  # T3 is switched off: not usable
            combination("t1", "t2", seats=(3, 4), active=False),  # switched off itself
            combination("t1", "t2", "t10", seats=(5, 6), combo_id="three"),
        ],
    )
    options = seating_options(location.table_management)
    assert names_of(options, location) == ["T1", "T2", "T10", "T10+T1", "T1+T2+T10"]
    assert [o.is_combination for o in options] == [False, False, False, True, True]


def test_a_combination_with_a_house_table_is_kept_for_the_house():
    location = domain_location([table("T1"), table("T2", online=False)],
                               [combination("t1", "t2", seats=(3, 4))])
    options = seating_options(location.table_management)
    assert [o.house_only for o in options] == [False, True, True]


@pytest.mark.parametrize(
    ("seats", "party", "fits", "conflicts"),
    [
        ((2, 4), 2, True, []),
        ((2, 4), 4, True, []),
        ((2, 4), 1, False, [C.TOO_SMALL]),
        ((2, 4), 5, False, [C.TOO_BIG]),
        ((3, 3), 3, True, []),
    ],
)
def test_an_option_fits_parties_within_its_seat_bounds(seats, party, fits, conflicts):
    option = SeatingOption(("t",), seats[0], seats[1], False, (), False)
    assert option.fits(party) is fits
    assert option.size_conflicts(party) == conflicts


# --- best fit -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tables", "combinations", "party", "expected"),
    [
        # smallest seatsMax first, whatever the names
        ([table("A", 1, 6), table("B", 1, 4), table("C", 1, 2)], [], 2, ["C", "B", "A"]),
        # a single table before a combination of the same seatsMax
        ([table("T1", 1, 2), table("T2", 1, 2), table("T9", 1, 4)],
         [combination("t1", "t2", seats=(1, 4))], 3, ["T9", "T1+T2"]),
        # fewer tables first
        ([table("T1", 1, 2), table("T2", 1, 2), table("T3", 1, 2), table("T4", 1, 2)],
         [combination("t1", "t2", "t3", seats=(3, 6)), combination("t3", "t4", seats=(3, 6))], 3,
         ["T3+T4", "T1+T2+T3"]),
        # then natural names: T2 before T10
        ([table("T10", 1, 2), table("T2", 1, 2), table("T1", 1, 4)], [], 2, ["T2", "T10", "T1"]),
        # a combination compares its sorted names: {T2, T4} before {T3, T10}, however it is listed
        ([table(n, 1, 2) for n in ("T10", "T3", "T4", "T2")],
         [combination("t10", "t3", seats=(3, 4)), combination("t4", "t2", seats=(3, 4))], 3,
         ["T4+T2", "T10+T3"]),
    ],
    ids=["smallest-seats-max", "single-before-combination", "fewer-tables", "natural-names",
         "combination-names-sorted"],
)
def test_free_fitting_options_come_best_first(tables, combinations, party, expected):
    location = domain_location(tables, combinations)
    options = seating_options(location.table_management)
    free = free_fitting_options(options, TableBookings([]), NOON, HALF_ONE, party, for_online_guest=False)
    assert names_of(free, location) == expected


def test_free_fitting_options_leave_out_taken_too_small_and_too_big_options():
    location = domain_location([table("T1", 1, 2), table("T2", 1, 2), table("T3", 3, 4), table("T4", 1, 1)])
    taken = TableBookings([use("r", "12:30", "13:00", "t1")])
    free = free_fitting_options(seating_options(location.table_management), taken, NOON, HALF_ONE, 2,
                                for_online_guest=False)
    assert names_of(free, location) == ["T2"]


@pytest.mark.parametrize(("online_guest", "expected"), [(False, ["T1", "T2"]), (True, ["T2"])])
def test_house_tables_are_offered_to_staff_only(online_guest, expected):
    location = domain_location([table("T1", online=False), table("T2")])
    free = free_fitting_options(seating_options(location.table_management), TableBookings([]), NOON, HALF_ONE, 2,
                                for_online_guest=online_guest)
    assert names_of(free, location) == expected


# --- free / taken: half-open stays ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "free"),
    [
        ("13:30", "15:00", True),   # starts as the other ends: back to back
        ("10:30", "12:00", True),   # ends as the other starts
        ("13:29", "15:00", False),
        ("11:00", "12:01", False),
        ("11:00", "14:00", False),  # around it
        ("12:30", "13:00", False),  # inside it
        ("12:00", "13:30", False),  # the same stay
    ],
)
def test_a_table_is_free_unless_stays_overlap_half_open(start, end, free):
    bookings = TableBookings([use("r", "12:00", "13:30", "t1")])
    assert bookings.is_table_free("t1", utc(start), utc(end)) is free
    assert bookings.is_free(["t1", "t2"], utc(start), utc(end)) is free
    assert bookings.is_table_free("t2", utc(start), utc(end))


@pytest.mark.parametrize(("start", "end", "free"), [("12:00", "13:00", False), ("18:00", "19:00", True)])
def test_a_long_stay_that_started_earlier_still_takes_the_table(start, end, free):
    bookings = TableBookings([use("long", "10:00", "18:00", "t1"), use("short", "11:00", "11:30", "t1"),
                              use("later", "14:00", "15:00", "t1")])
    assert bookings.is_table_free("t1", utc(start), utc(end)) is free


def test_a_gap_between_stays_is_free():
    bookings = TableBookings([use("a", "11:00", "11:30", "t1"), use("b", "14:00", "15:00", "t1")])
    assert bookings.is_table_free("t1", utc("12:00"), utc("14:00"))


def test_clashes_name_the_reservations_overlapping_each_table_in_start_order():
    bookings = TableBookings([
        use("late", "13:00", "14:00", "t1"),
        use("early", "11:00", "12:30", "t1", "t2"),
        use("before", "10:00", "12:00", "t2"),  # ends as we start: no clash
        use("elsewhere", "12:00", "13:00", "t9"),
    ])
    clashes = bookings.clashes(["t2", "t1", "t3"], NOON, HALF_ONE)
    assert clashes == (TableClash("t2", ("early",)), TableClash("t1", ("early", "late")))


def test_no_clashes_on_free_tables():
    assert TableBookings([use("r", "14:00", "15:00", "t1")]).clashes(["t1"], NOON, HALF_ONE) == ()


# --- conflicts of one option ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("party", "taken", "expected"),
    [
        (2, False, []),
        (2, True, [C.RESERVED]),
        (9, True, [C.RESERVED, C.TOO_BIG]),
        (1, False, [C.TOO_SMALL]),
    ],
)
def test_option_conflicts_report_taken_then_size(party, taken, expected):
    option = SeatingOption(("t1",), 2, 4, False, (), False)
    bookings = TableBookings([use("r", "12:00", "13:00", "t1")] if taken else [])
    assert option_conflicts(option, bookings, NOON, HALF_ONE, party) == expected


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ([C.OFFLINE_ONLY, C.TOO_SMALL, C.TOO_BIG, C.RESERVED], [C.RESERVED, C.TOO_BIG, C.TOO_SMALL, C.OFFLINE_ONLY]),
        ([C.TOO_SMALL, C.TOO_SMALL, C.RESERVED], [C.RESERVED, C.TOO_SMALL]),
        ([], []),
    ],
)
def test_conflict_kinds_are_reported_once_each_in_spec_order(found, expected):
    assert ordered_conflicts(found) == expected
    assert list(TABLE_CONFLICT_ORDER) == [C.RESERVED, C.TOO_BIG, C.TOO_SMALL, C.OFFLINE_ONLY]


# --- auto-assignment ------------------------------------------------------------------------------


def _assign(location, uses, party, *, online_guest=False, ignored=frozenset()):
    assignment = assign_tables(seating_options(location.table_management), TableBookings(uses), NOON, HALF_ONE,
                               party, for_online_guest=online_guest, ignored=frozenset(ignored))
    chosen = None if assignment.option is None else names_of([assignment.option], location)[0]
    return chosen, list(assignment.conflicts)


ROOM = domain_location(
    [table("T1", 1, 2), table("T2", 1, 2), table("T3", 2, 4), table("T4", 2, 4), table("T5", 4, 6)],
    [combination("t3", "t4", seats=(5, 8))],
)


@pytest.mark.parametrize(
    ("party", "taken", "expected"),
    [
        (2, [], "T1"),
        (2, ["t1"], "T2"),
        (2, ["t1", "t2"], "T3"),
        (5, [], "T5"),
        (5, ["t5"], "T3+T4"),
        (7, [], "T3+T4"),
    ],
)
def test_auto_assignment_gives_the_best_free_fitting_option(party, taken, expected):
    uses = [use(f"r-{t}", "12:00", "13:00", t) for t in taken]
    assert _assign(ROOM, uses, party) == (expected, [])


@pytest.mark.parametrize(
    ("party", "taken", "expected"),
    [
        # every fitting option taken; the others too big or too small for the party
        (2, ["t1", "t2", "t3", "t4"], [C.RESERVED, C.TOO_SMALL]),
        (5, ["t5", "t3"], [C.RESERVED, C.TOO_BIG]),
        (9, [], [C.TOO_BIG]),
        (3, ["t3", "t4", "t5"], [C.RESERVED, C.TOO_BIG, C.TOO_SMALL]),
    ],
)
def test_a_failed_assignment_lists_every_conflict_kind_found_in_order(party, taken, expected):
    uses = [use(f"r-{t}", "12:00", "13:00", t) for t in taken]
    assert _assign(ROOM, uses, party) == (None, expected)


def test_an_online_guest_is_told_offline_only_when_only_house_tables_are_free():
    location = domain_location([table("T1", online=False), table("T2")])
    uses = [use("r", "12:00", "13:00", "t2")]
    assert _assign(location, uses, 2, online_guest=True) == (None, [C.RESERVED, C.OFFLINE_ONLY])
    assert _assign(location, uses, 2, online_guest=False) == ("T1", [])


def test_a_taken_house_table_is_just_reserved_for_an_online_guest():
    location = domain_location([table("T1", online=False)])
    assert _assign(location, [use("r", "12:00", "13:00", "t1")], 2, online_guest=True) == (None, [C.RESERVED])


@pytest.mark.parametrize(
    ("party", "taken", "ignored", "expected"),
    [
        # nothing free: the best option whose conflicts are all ignored
        (2, ["t1", "t2", "t3", "t4", "t5"], {C.RESERVED}, "T1"),
        (9, [], {C.TOO_BIG}, "T1"),
        (1, ["t1", "t2"], {C.TOO_SMALL}, "T3"),
        # T3 is taken and too small for 9; T1 is only too small, so it is the one
        (9, ["t3"], {C.TOO_BIG}, "T1"),
        (9, ["t1", "t2", "t3", "t4", "t5"], {C.TOO_BIG, C.RESERVED}, "T1"),
        # a free fitting option always wins over a better option with ignored conflicts
        (2, ["t1"], {C.RESERVED}, "T2"),
        (2, ["t1", "t2", "t3", "t4"], {C.RESERVED, C.TOO_SMALL}, "T1"),
    ],
)
def test_ignore_lists_let_auto_assignment_take_an_option_with_only_ignored_conflicts(party, taken, ignored, expected):
    uses = [use(f"r-{t}", "12:00", "13:00", t) for t in taken]
    assert _assign(ROOM, uses, party, ignored=ignored) == (expected, [])


def test_an_ignore_list_that_misses_a_conflict_kind_still_refuses():
    uses = [use(f"r-{t}", "12:00", "13:00", t) for t in ("t1", "t2", "t3", "t4", "t5")]
    assert _assign(ROOM, uses, 9, ignored={C.RESERVED}) == (None, [C.RESERVED, C.TOO_BIG])


def test_ignoring_offline_only_gives_an_online_guest_the_house_table():
    location = domain_location([table("T1", online=False)])
    assert _assign(location, [], 2, online_guest=True, ignored={C.OFFLINE_ONLY}) == ("T1", [])


def test_an_inactive_table_is_never_assigned():
    location = domain_location([table("T1", active=False), table("T2", 1, 6)])
    assert _assign(location, [], 2) == ("T2", [])
    assert _assign(location, [use("r", "12:00", "13:00", "t2")], 2) == (None, [C.RESERVED])


# --- tables named by the host ---------------------------------------------------------------------


def test_a_named_table_is_checked_as_itself():
    tm = ROOM.table_management
    option = named_option(tm, ["t3"])
    assert (option.table_ids, option.seats_min, option.seats_max, option.is_combination) == (("t3",), 2, 4, False)


def test_a_named_combination_is_checked_as_itself_in_any_order():
    option = named_option(ROOM.table_management, ["t4", "t3"])
    assert (option.table_ids, option.seats_min, option.seats_max, option.is_combination) == (
        ("t4", "t3"), 5, 8, True)


def test_another_set_of_tables_seats_up_to_the_sum_of_their_seats_max_with_no_minimum():
    option = named_option(ROOM.table_management, ["t1", "t5"])
    assert (option.seats_min, option.seats_max, option.is_combination) == (1, 8, True)
    assert option.size_conflicts(1) == []
    assert option.size_conflicts(9) == [C.TOO_BIG]


def test_a_named_set_counts_a_removed_table_and_a_house_table():
    location = domain_location([table("T1"), table("T2", 1, 3, online=False)],
                               deleted=[table("T9", 1, 4)])
    option = named_option(location.table_management, ["t9", "t2"])
    assert (option.seats_max, option.house_only) == (7, True)
    assert named_option(location.table_management, ["t2"]).house_only


def test_a_single_removed_table_named_on_its_own_seats_its_own_maximum():
    location = domain_location([table("T1")], deleted=[table("T9", 3, 4)])
    option = named_option(location.table_management, ["t9"])
    assert (option.seats_min, option.seats_max, option.is_combination) == (1, 4, False)


# --- pacing ---------------------------------------------------------------------------------------


def _pacing(time_zone="UTC", interval=15, party=None, seats=None):
    return domain_location(
        time_zone=time_zone, time_slot_interval=interval,
        party_pacing=Pacing(party is not None, party), seat_pacing=Pacing(seats is not None, seats),
    )


UNDER_WAY = [use("a", "19:00", "20:30", party=2), use("b", "19:14", "20:44", party=3),
             use("c", "19:15", "20:45", party=4)]


@pytest.mark.parametrize(
    ("start", "party", "expected"),
    [
        ("19:05", 1, [LocationConflict.PARTY_PACING]),  # window 19:00 already has 2 parties
        ("18:59", 1, []),                               # window 18:45 is empty
        ("19:15", 1, []),                               # window 19:15 has 1
        ("19:29", 1, []),
    ],
)
def test_party_pacing_counts_parties_starting_in_the_grid_window_of_the_start(start, party, expected):
    location = _pacing(party=2)
    counts = PacingCounts(UNDER_WAY, "UTC", 15)
    assert counts.conflicts(location, utc(start), party) == expected


@pytest.mark.parametrize(
    ("start", "party", "expected"),
    [
        ("19:10", 1, []),                               # 2 + 3 + 1 = 6
        ("19:10", 2, [LocationConflict.SEAT_PACING]),  # 2 + 3 + 2 = 7
        ("19:20", 2, []),                               # 4 + 2 = 6
        ("19:20", 3, [LocationConflict.SEAT_PACING]),
    ],
)
def test_seat_pacing_counts_seats_starting_in_the_grid_window_of_the_start(start, party, expected):
    counts = PacingCounts(UNDER_WAY, "UTC", 15)
    assert counts.conflicts(_pacing(seats=6), utc(start), party) == expected


def test_both_pacing_rules_can_fail_together():
    counts = PacingCounts(UNDER_WAY, "UTC", 15)
    assert counts.conflicts(_pacing(party=2, seats=5), utc("19:01"), 1) == [
        LocationConflict.PARTY_PACING, LocationConflict.SEAT_PACING]


@pytest.mark.parametrize(
    "pacing",
    [Pacing(False, 1), Pacing(True, None)],
    ids=["disabled", "enabled-without-number"],
)
def test_pacing_that_is_off_or_has_no_number_never_refuses(pacing):
    location = domain_location(party_pacing=pacing, seat_pacing=pacing)
    assert PacingCounts(UNDER_WAY, "UTC", 15).conflicts(location, utc("19:05"), 100) == []


def test_pacing_windows_follow_the_grid_of_the_location_time_zone():
    # Kolkata is UTC+5:30: with a 60-minute grid the windows start at hh:30 UTC.
    counts = PacingCounts([use("a", "12:40", "14:00")], "Asia/Kolkata", 60)
    location = _pacing("Asia/Kolkata", 60, party=1)
    assert counts.window_of(utc("12:40")) == utc("12:30")
    assert counts.conflicts(location, utc("13:29"), 1) == [LocationConflict.PARTY_PACING]
    assert counts.conflicts(location, utc("12:29"), 1) == []
    assert counts.conflicts(location, utc("13:30"), 1) == []


def test_pacing_windows_follow_a_twenty_minute_grid():
    counts = PacingCounts([use("a", "19:41", "21:00")], "UTC", 20)
    location = _pacing(interval=20, party=1)
    assert counts.conflicts(location, utc("19:59"), 1) == [LocationConflict.PARTY_PACING]
    assert counts.conflicts(location, utc("20:00"), 1) == []


@pytest.mark.parametrize(
    ("party", "seats", "enabled"), [(None, None, False), (3, None, True), (None, 3, True)]
)
def test_pacing_is_enabled_when_either_rule_is(party, seats, enabled):
    assert pacing_enabled(_pacing(party=party, seats=seats)) is enabled


# --- duration and table management ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("party", "duration", "minutes"),
    [(2, None, 90), (5, None, 120), (8, None, 120), (9, None, 90), (2, 45, 45), (6, 30, 30)],
)
def test_a_stay_lasts_the_given_duration_else_the_turnover_rule_else_the_default(party, duration, minutes):
    location = domain_location(default_turnover_minutes=90, turnover_rules=(TurnoverRule(5, 8, 120),))
    assert end_for(location, NOON, party, duration) == NOON + timedelta(minutes=minutes)


@pytest.mark.parametrize(("mode", "expected"), [(TableManagementMode.ON, True), (TableManagementMode.OFF, False)])
def test_tables_are_used_only_when_table_management_is_on(mode, expected):
    assert uses_tables(domain_location(mode=mode)) is expected


def test_options_with_a_house_table_are_moved_last_keeping_the_order():
    location = domain_location([table("T1"), table("H1", online=False), table("T2"), table("T3")])
    options = [("h1",), ("t2",), ("t1", "h1"), ("t1",), ("t2", "t3")]
    assert guest_tables_first(location.table_management, options) == [
        ("t2",), ("t1",), ("t2", "t3"), ("h1",), ("t1", "h1")]


# --- busy tables over a window: by length-of-stay slices, or one pass when lengths are many ----------

_stays = st.lists(
    st.tuples(st.integers(0, 40), st.sampled_from([3, 6, 10]), st.sets(st.sampled_from("abcdef"), min_size=1,
                                                                         max_size=2)),
    max_size=30,
)


def _bookings_of(stays: list[tuple[int, int, set[str]]], quarter: timedelta) -> tuple[TableBookings, list[TableUse]]:
    uses = [TableUse(f"r{k}", utc("10:00") + at * quarter, utc("10:00") + (at + length) * quarter, 2,
                     tuple(sorted(tables))) for k, (at, length, tables) in enumerate(stays)]
    return TableBookings(uses), uses


@settings(max_examples=200, deadline=None)
@given(stays=_stays, at=st.integers(-5, 45), length=st.integers(1, 12), extra_lengths=st.booleans())
def test_busy_tables_are_those_of_every_overlapping_stay(stays: list[tuple[int, int, set[str]]], at: int,
                                                        length: int, extra_lengths: bool) -> None:
    quarter = timedelta(minutes=15)
    if extra_lengths:  # more lengths of stay than LENGTH_GROUPS: the one-pass path
        stays = stays + [(k, 11 + k, {"f"}) for k in range(LENGTH_GROUPS + 1)]
    bookings, uses = _bookings_of(stays, quarter)
    start, end = utc("10:00") + at * quarter, utc("10:00") + (at + length) * quarter
    expected = {t for u in uses if u.start < end and u.end > start for t in u.table_ids}
    busy = bookings.busy_mask(start, end)
    assert {t for t, bit in bookings.table_bits().items() if busy & bit} == expected
