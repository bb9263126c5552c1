"""The manager's figures for a run of days: covers, no-shows and cancellations, turn times,
quoted and actual waits. Pure functions over what the book recorded.

Definitions (so a figure means the same thing every time it is read):
- covers: guests of parties that sat down (SEATED or FINISHED), walk-ins included, by the
  local day and the service (lunch, dinner) of their start;
- no-show rate: NO_SHOW bookings out of bookings whose guests came or didn't (SEATED, FINISHED,
  NO_SHOW); walk-ins are not bookings and are left out;
- cancellation rate: CANCELED bookings out of every confirmed booking (RESERVED, SEATED,
  FINISHED, NO_SHOW, CANCELED), walk-ins left out;
- turn time: from the moment the party was seated to the moment its table was finished, as the
  audit log recorded them; a finished table without both moments counts its planned stay;
- waits: per party added to the waitlist, the time quoted and the time it really waited (until
  seated, or until it gave up).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.location import ReservationLocation
from maitred.domain.meal_periods import MealKind, meal_of
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import zone
from maitred.domain.waitlist import WaitingParty, WaitStatus

S = ReservationStatus

#: Parties of this size or more share one bar of the turn-time chart.
LARGE_PARTY = 8

_SAT = frozenset({S.SEATED, S.FINISHED})
_OUTCOME_KNOWN = frozenset({S.SEATED, S.FINISHED, S.NO_SHOW})
_CONFIRMED = frozenset({S.RESERVED, S.SEATED, S.FINISHED, S.NO_SHOW, S.CANCELED})


@dataclass(frozen=True, slots=True)
class StayTimes:
    """When a party sat down and when its table was finished, as the audit log has it."""

    reservation_id: str
    seated: datetime | None = None
    finished: datetime | None = None


@dataclass(frozen=True, slots=True)
class DayFigures:
    day: date
    covers: Mapping[MealKind, int]
    bookings: int  # confirmed bookings (the cancellation rate's base)
    cancellations: int
    outcomes: int  # bookings whose guests came or didn't (the no-show rate's base)
    no_shows: int
    quoted_wait: float | None  # average minutes quoted to waiting parties added that day
    actual_wait: float | None  # average minutes they really waited

    @property
    def total_covers(self) -> int:
        return sum(self.covers.values())

    @property
    def no_show_rate(self) -> float | None:
        return None if not self.outcomes else self.no_shows / self.outcomes

    @property
    def cancellation_rate(self) -> float | None:
        return None if not self.bookings else self.cancellations / self.bookings


@dataclass(frozen=True, slots=True)
class TurnFigure:
    """Average minutes at the table for one party size (`LARGE_PARTY` stands for "and more")."""

    party_size: int
    average_minutes: float
    tables: int
    measured: int  # of those, how many from the seated and finished moments (the rest: planned)


@dataclass(frozen=True, slots=True)
class WaitFigures:
    parties: int
    seated: int
    left: int
    quoted_average: float | None
    actual_average: float | None
    within_quote: int  # seated no later than quoted


@dataclass(frozen=True, slots=True)
class ManagerReport:
    first_day: date
    last_day: date
    days: tuple[DayFigures, ...]
    turns: tuple[TurnFigure, ...]
    waits: WaitFigures

    @property
    def covers(self) -> int:
        return sum(d.total_covers for d in self.days)

    def covers_by_meal(self) -> dict[MealKind, int]:
        totals: dict[MealKind, int] = {}
        for figures in self.days:
            for kind, covers in figures.covers.items():
                totals[kind] = totals.get(kind, 0) + covers
        return totals

    @property
    def no_show_rate(self) -> float | None:
        outcomes = sum(d.outcomes for d in self.days)
        return None if not outcomes else sum(d.no_shows for d in self.days) / outcomes

    @property
    def cancellation_rate(self) -> float | None:
        bookings = sum(d.bookings for d in self.days)
        return None if not bookings else sum(d.cancellations for d in self.days) / bookings


def _minutes(span: timedelta) -> float:
    return span.total_seconds() / 60


def _average(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def turn_minutes(reservation: Reservation, stay: StayTimes | None) -> tuple[float, bool] | None:
    """Minutes a finished party kept its table, and whether that was measured (not planned)."""
    if reservation.status is not S.FINISHED:
        return None
    if stay is not None and stay.seated is not None and stay.finished is not None and stay.finished > stay.seated:
        return _minutes(stay.finished - stay.seated), True
    return _minutes(reservation.duration), False


def build_report(location: ReservationLocation, first_day: date, last_day: date,
                 reservations: Iterable[Reservation], stays: Mapping[str, StayTimes],
                 parties: Iterable[WaitingParty]) -> ManagerReport:
    """The figures of the location's days from `first_day` to `last_day` (local days, inclusive)."""
    tz = zone(location.info.time_zone)
    days = days_between(first_day, last_day)
    wanted = set(days)
    per_day: dict[date, list[Reservation]] = {d: [] for d in days}
    for r in reservations:
        day = r.start.astimezone(tz).date()
        if r.location_id == location.id and day in wanted:
            per_day[day].append(r)
    waiting: dict[date, list[WaitingParty]] = {d: [] for d in days}
    for party in parties:
        day = party.added.astimezone(tz).date()
        if party.location_id == location.id and day in wanted:
            waiting[day].append(party)
    figures = tuple(_day_figures(location, d, per_day[d], waiting[d]) for d in days)
    all_reservations = [r for d in days for r in per_day[d]]
    return ManagerReport(first_day, last_day, figures, _turns(all_reservations, stays),
                         wait_figures(p for d in days for p in waiting[d]))


def _day_figures(location: ReservationLocation, day: date, reservations: list[Reservation],
                 parties: list[WaitingParty]) -> DayFigures:
    covers: dict[MealKind, int] = {}
    for r in reservations:
        if r.status in _SAT:
            kind = meal_of(location, r.start)
            covers[kind] = covers.get(kind, 0) + r.party_size
    booked = [r for r in reservations if r.source is not Source.WALK_IN]
    quoted = [_minutes(w) for p in parties if (w := p.quoted_wait) is not None]
    actual = [_minutes(w) for p in parties if (w := p.actual_wait) is not None]
    return DayFigures(
        day=day, covers=covers,
        bookings=sum(1 for r in booked if r.status in _CONFIRMED),
        cancellations=sum(1 for r in booked if r.status is S.CANCELED),
        outcomes=sum(1 for r in booked if r.status in _OUTCOME_KNOWN),
        no_shows=sum(1 for r in booked if r.status is S.NO_SHOW),
        quoted_wait=_average(quoted), actual_wait=_average(actual),
    )


def _turns(reservations: Iterable[Reservation], stays: Mapping[str, StayTimes]) -> tuple[TurnFigure, ...]:
    found: dict[int, list[tuple[float, bool]]] = {}
    for r in reservations:
        turn = turn_minutes(r, stays.get(r.id))
        if turn is not None:
            found.setdefault(min(r.party_size, LARGE_PARTY), []).append(turn)
    return tuple(
        TurnFigure(size, sum(m for m, _ in turns) / len(turns), len(turns), sum(1 for _, measured in turns if measured))
        for size, turns in sorted(found.items())
    )


def wait_figures(parties: Iterable[WaitingParty]) -> WaitFigures:
    """Quoted against actual waits of the parties that are no longer waiting."""
    done = [p for p in parties if not p.is_waiting]
    seated = [p for p in done if p.status is WaitStatus.SEATED]
    quoted = [_minutes(w) for p in done if (w := p.quoted_wait) is not None]
    actual = [_minutes(w) for p in done if (w := p.actual_wait) is not None]
    within = sum(1 for p in seated if p.quoted_ready is not None and p.seated is not None
                 and p.seated <= p.quoted_ready)
    return WaitFigures(len(done), len(seated), len(done) - len(seated), _average(quoted), _average(actual), within)


def stays_from_moves(moves: Iterable[tuple[str, datetime, ReservationStatus]]) -> dict[str, StayTimes]:
    """Seated and finished moments per reservation from its status moves (oldest first): the
    last move into SEATED (a table unseated and seated again counts from the second time) and
    the last move into FINISHED."""
    seated: dict[str, datetime] = {}
    finished: dict[str, datetime] = {}
    for reservation_id, at, status in moves:
        if status is S.SEATED:
            seated[reservation_id] = at
        elif status is S.FINISHED:
            finished[reservation_id] = at
    return {rid: StayTimes(rid, seated.get(rid), finished.get(rid)) for rid in seated.keys() | finished.keys()}
