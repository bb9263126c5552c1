"""The availability engine: which tables fit a party, which are free, which to give, and pacing.

Pure functions over a location and the occupying reservations around a moment (`TableUse`), so
the same rules answer getTimeSlots, checkTimeSlot, bookings and the host's drag-and-drop.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import reduce
from itertools import accumulate
from operator import attrgetter, or_, sub

from maitred.domain.location import ReservationLocation, TableManagement, TableManagementMode
from maitred.domain.reservation import TableClash, TableUse
from maitred.domain.schedule import floor_to_grid


class TableConflict(StrEnum):
    RESERVED = "RESERVED"
    TOO_BIG = "TOO_BIG"
    TOO_SMALL = "TOO_SMALL"
    OFFLINE_ONLY = "OFFLINE_ONLY"


class LocationConflict(StrEnum):
    PARTY_PACING = "PARTY_PACING"
    SEAT_PACING = "SEAT_PACING"


class SlotStatus(StrEnum):
    AVAILABLE = "AVAILABLE"
    UNAVAILABLE = "UNAVAILABLE"
    NON_WORKING_HOURS = "NON_WORKING_HOURS"


#: Up to this many different lengths of stay, `TableBookings.busy_mask` takes each length's slice.
LENGTH_GROUPS = 8

#: The order conflicts are reported in.
TABLE_CONFLICT_ORDER = tuple(TableConflict)

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting `T2` before `T10`: digit runs compare as numbers."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold()) for part in _DIGITS.split(name) if part
    )


@dataclass(frozen=True, slots=True)
class SeatingOption:
    """A table on its own or a combination of tables, as something a party can be given."""

    table_ids: tuple[str, ...]
    seats_min: int
    seats_max: int
    is_combination: bool
    name_key: tuple[tuple[tuple[int, int | str], ...], ...]
    house_only: bool  # a table kept for the house: never given to an online guest

    def fits(self, party_size: int) -> bool:
        return self.seats_min <= party_size <= self.seats_max

    def size_conflicts(self, party_size: int) -> list[TableConflict]:
        if party_size > self.seats_max:
            return [TableConflict.TOO_BIG]
        if party_size < self.seats_min:
            return [TableConflict.TOO_SMALL]
        return []

    @property
    def preference(self) -> tuple[object, ...]:
        """Best first: smallest seatsMax, single tables, fewer tables, then natural name order."""
        return (self.seats_max, self.is_combination, len(self.table_ids), self.name_key)


_last_options: tuple[TableManagement, tuple[SeatingOption, ...]] | None = None


def seating_options(tables: TableManagement) -> tuple[SeatingOption, ...]:
    """Every usable option: active tables in natural name order, then active combinations whose
    tables are all active, in the order they were defined.

    Every look-up asks this of the same (frozen) settings, so the last answer is kept for them."""
    global _last_options
    cached = _last_options  # one read: another thread may replace it meanwhile
    if cached is not None and cached[0] is tables:
        return cached[1]
    options = _build_seating_options(tables)
    _last_options = (tables, options)
    return options


def _build_seating_options(tables: TableManagement) -> tuple[SeatingOption, ...]:
    active = {t.id: t for t in tables.tables if t.is_active}
    options = [
        SeatingOption((t.id,), t.seats_min, t.seats_max, False, (natural_key(t.name),), not t.online_reservations)
        for t in sorted(active.values(), key=lambda t: natural_key(t.name))
    ]
    for combo in tables.combinations:
        members = [active.get(tid) for tid in combo.table_ids]
        if not combo.is_active or any(m is None for m in members):
            continue
        present = [m for m in members if m is not None]
        options.append(
            SeatingOption(
                tuple(combo.table_ids),
                combo.seats_min,
                combo.seats_max,
                True,
                tuple(sorted(natural_key(m.name) for m in present)),
                any(not m.online_reservations for m in present),
            )
        )
    return tuple(options)


def named_option(tables: TableManagement, table_ids: Sequence[str]) -> SeatingOption:
    """The option for tables the host named: a defined table or combination is itself; any other
    set seats up to the sum of its tables' seatsMax (and has no minimum)."""
    wanted = set(table_ids)
    if len(wanted) == 1:
        table = tables.table(next(iter(wanted)))
        if table is not None:
            return SeatingOption(
                (table.id,), table.seats_min, table.seats_max, False, (natural_key(table.name),),
                not table.online_reservations,
            )
    for combo in tables.combinations:
        if set(combo.table_ids) == wanted and len(combo.table_ids) == len(wanted):
            members = [t for t in (tables.table(tid) for tid in combo.table_ids) if t is not None]
            return SeatingOption(
                tuple(table_ids), combo.seats_min, combo.seats_max, True,
                tuple(sorted(natural_key(m.name) for m in members)),
                any(not m.online_reservations for m in members),
            )
    members = [t for t in (tables.any_table(tid) for tid in table_ids) if t is not None]
    return SeatingOption(
        tuple(table_ids), 1, sum(t.seats_max for t in members), len(members) > 1,
        tuple(sorted(natural_key(m.name) for m in members)),
        any(not m.online_reservations for m in members),
    )


_START, _END = attrgetter("start"), attrgetter("end")


class TableBookings:
    """The occupying reservations per table around a moment, for fast "is it free?" questions."""

    def __init__(self, uses: Iterable[TableUse]) -> None:
        self._by_start = sorted(uses, key=_START)
        self._all_starts = list(map(_START, self._by_start))
        self._ends = list(map(_END, self._by_start))
        self._longest = max(map(sub, self._ends, self._all_starts), default=timedelta(0))
        self._uses: dict[str, list[TableUse]] = {}
        self._starts: dict[str, list[datetime]] = {}
        self._latest_end: dict[str, list[datetime]] = {}
        self._indexed = False
        self._bits: dict[str, int] = {}
        self._masks: list[int] | None = None
        self._groups: list[tuple[timedelta, list[datetime], list[int]]] | None = None
        self._grouped = False

    def _index_tables(self) -> None:
        """Per-table lists, built on the first per-table question (a run of slots needs none)."""
        if self._indexed:
            return
        for use in self._by_start:  # already in start order
            for table_id in use.table_ids:
                self._uses.setdefault(table_id, []).append(use)
        for table_id, table_uses in self._uses.items():
            self._starts[table_id] = [u.start for u in table_uses]
            self._latest_end[table_id] = list(accumulate((u.end for u in table_uses), max))
        self._indexed = True

    def is_table_free(self, table_id: str, start: datetime, end: datetime) -> bool:
        self._index_tables()
        starts = self._starts.get(table_id)
        if not starts:
            return True
        before_end = bisect_left(starts, end)  # uses starting before our end
        return before_end == 0 or self._latest_end[table_id][before_end - 1] <= start

    def busy_mask(self, start: datetime, end: datetime) -> int:
        """The tables in use during `[start, end)` as one bit mask (see `table_bits`).

        Stays of one length that overlap the window are exactly those starting in
        `(start - length, end)`: a slice, OR-ed together without a comparison each. A day has a
        few lengths (the turnover rules); with many, one pass over those that can overlap."""
        groups = self._length_groups()
        busy = 0
        if groups is None:
            masks = self._use_masks()
            first = bisect_left(self._all_starts, start - self._longest)
            last = bisect_left(self._all_starts, end)
            for use_end, mask in zip(self._ends[first:last], masks[first:last], strict=True):
                if use_end > start:
                    busy |= mask
            return busy
        for length, starts, masks in groups:
            first = bisect_right(starts, start - length)
            last = bisect_left(starts, end)
            if first < last:
                busy |= reduce(or_, masks[first:last])
        return busy

    def _length_groups(self) -> list[tuple[timedelta, list[datetime], list[int]]] | None:
        """The stays grouped by length, in start order within each; None when there are more
        lengths than `LENGTH_GROUPS` (then the slices would cost more than one pass)."""
        if not self._grouped:
            self._grouped = True
            grouped: dict[timedelta, tuple[list[datetime], list[int]]] = {}
            for start, end, mask in zip(self._all_starts, self._ends, self._use_masks(), strict=True):
                if (group := grouped.get(end - start)) is None:
                    group = grouped[end - start] = ([], [])
                group[0].append(start)
                group[1].append(mask)
            self._groups = None if len(grouped) > LENGTH_GROUPS else [
                (length, starts, group_masks) for length, (starts, group_masks) in grouped.items()]
        return self._groups

    def table_bits(self) -> Mapping[str, int]:
        """Each table some reservation here uses, with its bit in `busy_mask`'s masks; a table
        none uses has no bit (it is never busy)."""
        self._use_masks()
        return self._bits

    def _use_masks(self) -> list[int]:
        """Each reservation's tables as a mask, giving every table a bit on the first question
        (a day repeats the same table sets: each set's mask is worked out once)."""
        if self._masks is None:
            bits = self._bits
            by_tables: dict[tuple[str, ...], int] = {}
            masks = []
            for use in self._by_start:
                if (mask := by_tables.get(use.table_ids)) is None:
                    mask = 0
                    for table_id in use.table_ids:
                        mask |= bits.setdefault(table_id, 1 << len(bits))
                    by_tables[use.table_ids] = mask
                masks.append(mask)
            self._masks = masks
        return self._masks

    def is_free(self, table_ids: Iterable[str], start: datetime, end: datetime) -> bool:
        return all(self.is_table_free(tid, start, end) for tid in table_ids)

    def clashes(self, table_ids: Iterable[str], start: datetime, end: datetime) -> tuple[TableClash, ...]:
        """For each of these tables used by others in `[start, end)`, which reservations use it
        (one pass over those that overlap: a booking asks this of its one or two tables only)."""
        first = bisect_left(self._all_starts, start - self._longest)
        last = bisect_left(self._all_starts, end)
        overlapping = [u for u in self._by_start[first:last] if u.end > start]
        found = []
        for table_id in table_ids:
            ids = tuple(u.reservation_id for u in overlapping if table_id in u.table_ids)
            if ids:
                found.append(TableClash(table_id, ids))
        return tuple(found)


class PacingCounts:
    """New parties and seats per grid window `[w, w + interval)`, counted from occupying bookings."""

    def __init__(self, uses: Iterable[TableUse], time_zone: str, interval_minutes: int) -> None:
        self._time_zone = time_zone
        self._interval = interval_minutes
        self._parties: dict[datetime, int] = {}
        self._seats: dict[datetime, int] = {}
        windows: dict[datetime, datetime] = {}  # a day repeats a few dozen start times
        for use in uses:
            if (window := windows.get(use.start)) is None:
                window = windows[use.start] = self.window_of(use.start)
            self._parties[window] = self._parties.get(window, 0) + 1
            self._seats[window] = self._seats.get(window, 0) + use.party_size

    def window_of(self, start: datetime) -> datetime:
        return floor_to_grid(start, self._time_zone, self._interval)

    def conflicts(self, location: ReservationLocation, start: datetime, party_size: int) -> list[LocationConflict]:
        """The pacing rules a new booking of this party starting at `start` would break."""
        online = location.online
        found = []
        window = self.window_of(start)
        party_pacing, seat_pacing = online.party_pacing, online.seat_pacing
        if party_pacing.enabled and party_pacing.number is not None and (
            self._parties.get(window, 0) + 1 > party_pacing.number
        ):
            found.append(LocationConflict.PARTY_PACING)
        if seat_pacing.enabled and seat_pacing.number is not None and (
            self._seats.get(window, 0) + party_size > seat_pacing.number
        ):
            found.append(LocationConflict.SEAT_PACING)
        return found


def pacing_enabled(location: ReservationLocation) -> bool:
    return location.online.party_pacing.enabled or location.online.seat_pacing.enabled


def option_conflicts(
    option: SeatingOption, bookings: TableBookings, start: datetime, end: datetime, party_size: int
) -> list[TableConflict]:
    """What stands between this party and this option, as checkTimeSlot reports it."""
    found = [] if bookings.is_free(option.table_ids, start, end) else [TableConflict.RESERVED]
    return found + option.size_conflicts(party_size)


def ordered_conflicts(conflicts: Iterable[TableConflict]) -> list[TableConflict]:
    kinds = set(conflicts)
    return [c for c in TABLE_CONFLICT_ORDER if c in kinds]


@dataclass(frozen=True, slots=True)
class Assignment:
    """The outcome of auto-assignment: the option chosen (None if none) and, when none could be
    given, every kind of conflict found among the options."""

    option: SeatingOption | None
    conflicts: tuple[TableConflict, ...] = ()


def fitting_options(
    options: Sequence[SeatingOption], party_size: int, *, for_online_guest: bool
) -> list[SeatingOption]:
    """Options that fit the party, best first; house tables only for staff."""
    fitting = [o for o in options if o.fits(party_size) and (not for_online_guest or not o.house_only)]
    fitting.sort(key=lambda o: o.preference)
    return fitting


class FreeOptions:
    """Which of a party's fitting options are free, stay after stay, over one set of bookings: the
    options' table masks are worked out once, so a run of slots costs integer tests."""

    def __init__(self, fitting: Sequence[SeatingOption], bookings: TableBookings) -> None:
        self._bookings = bookings
        bits = bookings.table_bits()
        self._options = []
        for option in fitting:
            mask = 0
            for table_id in option.table_ids:
                mask |= bits.get(table_id, 0)
            self._options.append((option, mask))

    def during(self, start: datetime, end: datetime) -> list[SeatingOption]:
        """The options free during `[start, end)`, in the fitting order."""
        busy = self._bookings.busy_mask(start, end)
        return [option for option, mask in self._options if not mask & busy]


def free_among(fitting: Sequence[SeatingOption], bookings: TableBookings,
               start: datetime, end: datetime) -> list[SeatingOption]:
    """Those of `fitting` that are free during `[start, end)`, in the same order."""
    return FreeOptions(fitting, bookings).during(start, end)


def free_fitting_options(
    options: Sequence[SeatingOption],
    bookings: TableBookings,
    start: datetime,
    end: datetime,
    party_size: int,
    *,
    for_online_guest: bool,
) -> list[SeatingOption]:
    """Options that fit and are free, best first; house tables only for staff."""
    return free_among(fitting_options(options, party_size, for_online_guest=for_online_guest), bookings, start, end)


def assign_tables(
    options: Sequence[SeatingOption],
    bookings: TableBookings,
    start: datetime,
    end: datetime,
    party_size: int,
    *,
    for_online_guest: bool,
    ignored: frozenset[TableConflict] = frozenset(),
) -> Assignment:
    """Best free fitting option; failing that, the best option whose conflicts are all ignored."""
    free = free_fitting_options(options, bookings, start, end, party_size, for_online_guest=for_online_guest)
    if free:
        return Assignment(free[0])
    found: set[TableConflict] = set()
    acceptable = []
    for option in options:
        conflicts = option_conflicts(option, bookings, start, end, party_size)
        if for_online_guest and option.house_only and not conflicts:
            conflicts = [TableConflict.OFFLINE_ONLY]  # free and fitting, but kept for the house
        found.update(conflicts)
        if conflicts and set(conflicts) <= ignored:
            acceptable.append(option)
    if acceptable:
        return Assignment(min(acceptable, key=lambda o: o.preference))
    return Assignment(None, tuple(ordered_conflicts(found)))


def guest_tables_first(tables: TableManagement, options: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The same options with those using a house table (kept for walk-ins) moved last, order kept."""
    house = {t.id for t in tables.tables if not t.online_reservations}
    return sorted(options, key=lambda ids: any(tid in house for tid in ids))


def uses_tables(location: ReservationLocation) -> bool:
    return location.table_management.mode is TableManagementMode.ON


def end_for(location: ReservationLocation, start: datetime, party_size: int, duration: int | None = None) -> datetime:
    """When a party's time is up: the given duration, else its turnover time."""
    minutes = duration if duration is not None else location.online.turnover_minutes(party_size)
    return start + timedelta(minutes=minutes)
