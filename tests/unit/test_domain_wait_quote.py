"""Quoting a wait from the room (domain/wait_quote.py): cases worked out by hand."""

from __future__ import annotations

from datetime import timedelta

from unit_support import combination, domain_location, table, use, utc

from maitred.domain.location import TableManagementMode, TurnoverRule
from maitred.domain.reservation import TableUse
from maitred.domain.wait_quote import (
    OVERSTAY_ALLOWANCE,
    WaitQuote,
    expected_stays,
    first_party_for_freed_tables,
    quote_queue,
    quote_wait,
)
from maitred.domain.waitlist import WaitingParty, WaitStatus

NOW = utc("19:00")


def room(**online: object):
    """T1 T2 (1-2), T3 T4 (3-4), T3+T4 (5-8); 90 minutes, 120 for five or more."""
    online.setdefault("default_turnover_minutes", 90)
    online.setdefault("turnover_rules", (TurnoverRule(5, 8, 120),))
    return domain_location(
        [table("T1", 1, 2), table("T2", 1, 2), table("T3", 3, 4), table("T4", 3, 4)],
        [combination("t3", "t4", seats=(5, 8))],
        **online,
    )


def party(party_id: str, size: int, added: str, location_id: str = "loc", **kw: object) -> WaitingParty:
    return WaitingParty(party_id, location_id, size, utc(added), name=party_id, **kw)  # type: ignore[arg-type]


def test_an_empty_room_seats_the_party_now_at_the_smallest_table() -> None:
    quote = quote_wait(room(), [], 2, NOW)
    assert quote == WaitQuote(2, NOW, ("t1",))
    assert quote.wait(NOW) == timedelta(0) and quote.minutes(NOW) == 0


def test_the_earliest_end_of_a_stay_at_a_fitting_table_is_the_quote() -> None:
    busy = [use("a", "18:00", "19:25", "t1"), use("b", "18:30", "19:40", "t2"),
            use("c", "18:45", "19:10", "t3"), use("d", "18:45", "19:10", "t4")]
    quote = quote_wait(room(), busy, 2, NOW)
    # T3 and T4 free at 19:10 but seat three or more; T1 frees first among the two-tops.
    assert quote == WaitQuote(2, utc("19:25"), ("t1",))
    assert quote.minutes(NOW) == 25


def test_a_table_free_now_but_booked_before_the_turnover_ends_does_not_count() -> None:
    busy = [use("later", "20:00", "21:30", "t1"), use("b", "18:30", "19:20", "t2")]
    # T1 is free until 20:00, shorter than the 90 minutes a party of two keeps a table.
    assert quote_wait(room(), busy, 2, NOW) == WaitQuote(2, utc("19:20"), ("t2",))


def test_a_table_free_between_two_bookings_for_exactly_the_turnover_is_given() -> None:
    busy = [use("a", "17:30", "19:30", "t1"), use("later", "21:00", "22:30", "t1"),
            use("b", "18:00", "23:00", "t2")]
    assert quote_wait(room(), busy, 2, NOW) == WaitQuote(2, utc("19:30"), ("t1",))


def test_a_minute_rounds_up() -> None:
    busy = [use("a", "18:00", "19:00", "t1"), use("b", "18:00", "23:00", "t2")]
    quote = quote_wait(room(), busy, 2, NOW - timedelta(seconds=30))
    assert quote.minutes(NOW - timedelta(seconds=30)) == 1


def test_a_large_party_waits_for_the_combination_to_be_whole() -> None:
    busy = [use("a", "18:00", "19:40", "t3"), use("b", "18:15", "19:05", "t4")]
    assert quote_wait(room(), busy, 6, NOW) == WaitQuote(6, utc("19:40"), ("t3", "t4"))


def test_parties_ahead_are_served_first() -> None:
    busy = [use("a", "18:00", "19:20", "t1"), use("b", "18:00", "19:50", "t2"),
            use("c", "18:00", "23:00", "t3"), use("d", "18:00", "23:00", "t4")]
    quotes = quote_queue(room(), busy, [2, 2, 2], NOW)
    assert [q.ready_at for q in quotes] == [utc("19:20"), utc("19:50"), utc("20:50")]
    assert [q.table_ids for q in quotes] == [("t1",), ("t2",), ("t1",)]  # 19:20 + 90 minutes on T1
    assert quote_wait(room(), busy, 2, NOW, ahead=[2, 2]) == quotes[-1]


def test_a_party_no_table_seats_is_told_so_and_does_not_block_the_queue() -> None:
    quotes = quote_queue(room(), [], [12, 2], NOW)
    assert quotes[0] == WaitQuote(12, None, no_table_fits=True)
    assert quotes[1] == WaitQuote(2, NOW, ("t1",))
    assert quotes[0].wait(NOW) is None and quotes[0].minutes(NOW) is None


def test_nothing_freeing_up_within_the_horizon_gives_no_quote() -> None:
    busy = [use(f"r{i}", "18:00", "23:30", tid) for i, tid in enumerate(("t1", "t2", "t3", "t4"))]
    assert quote_wait(room(), busy, 2, NOW) == WaitQuote(2, None)
    assert quote_wait(room(), busy, 2, NOW, horizon=timedelta(hours=5)) == WaitQuote(2, utc("23:30"), ("t1",))


def test_without_table_management_nobody_waits_for_a_table() -> None:
    no_tables = domain_location(mode=TableManagementMode.OFF)
    assert quote_queue(no_tables, [], [4, 2], NOW) == [WaitQuote(4, NOW), WaitQuote(2, NOW)]


def test_a_seated_party_past_its_end_is_expected_to_leave_soon_not_to_have_left() -> None:
    overstaying = use("late", "17:00", "18:30", "t1")
    on_time = use("soon", "18:00", "19:30", "t2")
    booked = use("booked", "17:00", "18:30", "t3")  # not seated: its end stands
    stays = expected_stays([overstaying, on_time, booked], {"late", "soon"}, NOW)
    assert stays == [TableUse("late", overstaying.start, NOW + OVERSTAY_ALLOWANCE, 2, ("t1",)), on_time, booked]
    others = [use("x", "18:00", "23:30", "t3"), use("y", "18:00", "23:30", "t4")]
    assert quote_wait(room(), [*stays, *others], 2, NOW) == WaitQuote(2, NOW + OVERSTAY_ALLOWANCE, ("t1",))


# --- who gets a table that just freed up ---------------------------------------------------


def test_the_first_party_a_freed_table_fits_gets_it_first_come_first_served() -> None:
    parties = [party("six", 6, "18:40"), party("two", 2, "18:45"), party("another two", 2, "18:50")]
    busy = [use("c", "18:00", "23:00", "t3")]
    found = first_party_for_freed_tables(room(), busy, parties, {"t1"}, NOW)
    assert found is not None and found[0].id == "two" and found[1] == ("t1",)


def test_a_freed_table_completing_a_combination_goes_to_the_large_party_first_in_line() -> None:
    parties = [party("two", 2, "18:50"), party("six", 6, "18:40")]
    found = first_party_for_freed_tables(room(), [], parties, {"t3"}, NOW)
    assert found is not None and found[0].id == "six" and found[1] == ("t3", "t4")


def test_a_freed_table_that_fits_nobody_waiting_or_is_booked_soon_goes_to_nobody() -> None:
    parties = [party("six", 6, "18:40"), party("seated", 2, "18:30", status=WaitStatus.SEATED),
               party("elsewhere", 2, "18:20", location_id="other")]
    assert first_party_for_freed_tables(room(), [use("t4", "18:00", "23:00", "t4")], parties, {"t3"}, NOW) is None
    two = [party("two", 2, "18:45")]
    assert first_party_for_freed_tables(room(), [use("next", "19:30", "21:00", "t1")], two, {"t1"}, NOW) is None
    assert first_party_for_freed_tables(room(), [], two, set(), NOW) is None
    assert first_party_for_freed_tables(domain_location(mode=TableManagementMode.OFF), [], two, {"t1"}, NOW) is None
