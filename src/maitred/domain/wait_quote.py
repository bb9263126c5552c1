"""Quoting a wait from the real state of the room, and who gets a table that just freed up.

A quote is the earliest moment `t ≥ now` at which some table or combination that fits the
party is free for the party's whole turnover time `[t, t + turnover)`, given who is seated (and
until when they are expected to stay), who is booked later, and the parties already waiting
ahead, who are served first. Only two kinds of moment can be that earliest `t`: now, or the
moment some stay ends (sliding a free window earlier only ever runs into the end of a stay), so
those are the only candidates tried. Pacing limits are not applied: a party waiting at the door
is seated over the kitchen's pacing by the host's judgement, as a walk-in is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from maitred.domain.availability import (
    SeatingOption,
    TableBookings,
    free_fitting_options,
    seating_options,
    uses_tables,
)
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import TableUse
from maitred.domain.waitlist import WaitingParty, queue_order

#: The furthest ahead a quote looks: a party is not told to wait longer than this.
QUOTE_HORIZON = timedelta(hours=4)

#: A seated party past its expected end is expected to get up within this (the bill is on its way).
OVERSTAY_ALLOWANCE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class WaitQuote:
    """When a party's table would be ready and which one; `ready_at` is None when no table seats
    the party at all (`no_table_fits`) or none frees up within the horizon."""

    party_size: int
    ready_at: datetime | None
    table_ids: tuple[str, ...] = ()
    no_table_fits: bool = False

    def wait(self, now: datetime) -> timedelta | None:
        return None if self.ready_at is None else max(timedelta(0), self.ready_at - now)

    def minutes(self, now: datetime) -> int | None:
        """The wait in whole minutes, rounded up (a host says "ten minutes", not "nine and a bit")."""
        wait = self.wait(now)
        return None if wait is None else -(-wait // timedelta(minutes=1))


def expected_stays(uses: Iterable[TableUse], seated_ids: Collection[str], now: datetime) -> list[TableUse]:
    """The room as it will be: a seated party whose expected end has passed still holds its
    table, until `now + OVERSTAY_ALLOWANCE`; everything else ends when it is expected to."""
    expected = []
    for use in uses:
        if use.reservation_id in seated_ids and use.end <= now:
            use = use._replace(end=now + OVERSTAY_ALLOWANCE)
        expected.append(use)
    return expected


def quote_queue(
    location: ReservationLocation,
    uses: Sequence[TableUse],
    party_sizes: Sequence[int],
    now: datetime,
    *,
    horizon: timedelta = QUOTE_HORIZON,
) -> list[WaitQuote]:
    """A quote for each party of the queue, in order: each party ahead is given its earliest
    table first (as if seated then), so the parties behind it are quoted around it."""
    if not uses_tables(location):
        return [WaitQuote(size, now) for size in party_sizes]  # no tables to wait for
    options = seating_options(location.table_management)
    room = list(uses)
    quotes = []
    for position, size in enumerate(party_sizes):
        quote = _earliest(location, options, room, size, now, horizon)
        if quote.ready_at is not None:
            stay = timedelta(minutes=location.online.turnover_minutes(size))
            room.append(TableUse(f"waiting:{position}", quote.ready_at, quote.ready_at + stay, size,
                                 quote.table_ids))
        quotes.append(quote)
    return quotes


def quote_wait(
    location: ReservationLocation,
    uses: Sequence[TableUse],
    party_size: int,
    now: datetime,
    *,
    ahead: Sequence[int] = (),
    horizon: timedelta = QUOTE_HORIZON,
) -> WaitQuote:
    """The quote for a party joining the queue behind parties of the sizes `ahead`."""
    return quote_queue(location, uses, [*ahead, party_size], now, horizon=horizon)[-1]


def _earliest(location: ReservationLocation, options: Sequence[SeatingOption], uses: Sequence[TableUse],
              party_size: int, now: datetime, horizon: timedelta) -> WaitQuote:
    if not any(o.fits(party_size) for o in options):
        return WaitQuote(party_size, None, no_table_fits=True)
    stay = timedelta(minutes=location.online.turnover_minutes(party_size))
    bookings = TableBookings(uses)
    latest = now + horizon
    candidates = sorted({now, *(u.end for u in uses if now < u.end <= latest)})
    for start in candidates:
        free = free_fitting_options(options, bookings, start, start + stay, party_size, for_online_guest=False)
        if free:
            return WaitQuote(party_size, start, free[0].table_ids)
    return WaitQuote(party_size, None)


def first_party_for_freed_tables(
    location: ReservationLocation,
    uses: Sequence[TableUse],
    parties: Iterable[WaitingParty],
    freed_table_ids: Collection[str],
    now: datetime,
) -> tuple[WaitingParty, tuple[str, ...]] | None:
    """First come, first served: the earliest-added waiting party that a table (or combination)
    using one of the freed tables seats now, for its whole turnover time; and that option."""
    freed = set(freed_table_ids)
    if not freed or not uses_tables(location):
        return None
    options = [o for o in seating_options(location.table_management) if freed & set(o.table_ids)]
    bookings = TableBookings(uses)
    for party in queue_order([p for p in parties if p.is_waiting and p.location_id == location.id]):
        stay = timedelta(minutes=location.online.turnover_minutes(party.party_size))
        free = free_fitting_options(options, bookings, now, now + stay, party.party_size, for_online_guest=False)
        if free:
            return party, free[0].table_ids
    return None
