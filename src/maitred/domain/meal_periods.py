"""Services of a day (lunch, dinner) as the restaurant's opening periods define them.

The day sheet and the reports speak of "lunch" and "dinner", not of periods: each opening period
of the day becomes a meal by the hour it opens, and each reservation belongs to the period its
start is in, or nearest to (a table the host booked at 17:30 before an 18:30 opening is dinner).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from maitred.domain.location import ReservationLocation, Weekday
from maitred.domain.schedule import zone


class MealKind(StrEnum):
    BREAKFAST = "BREAKFAST"
    LUNCH = "LUNCH"
    DINNER = "DINNER"


#: A period opening before 11:00 is breakfast, before 16:00 lunch, later dinner.
LUNCH_FROM = 11 * 60
DINNER_FROM = 16 * 60


def meal_kind_at(minute_of_day: int) -> MealKind:
    if minute_of_day < LUNCH_FROM:
        return MealKind.BREAKFAST
    return MealKind.LUNCH if minute_of_day < DINNER_FROM else MealKind.DINNER


@dataclass(frozen=True, slots=True)
class MealPeriod:
    """One service of a day: first and last start, in minutes after local midnight (the last may
    pass midnight for a late service)."""

    kind: MealKind
    opens: int
    last_start: int

    def distance(self, minute: int) -> int:
        """How far a start is from this service (0 inside it)."""
        if minute < self.opens:
            return self.opens - minute
        return max(0, minute - self.last_start)


def meal_periods_on(location: ReservationLocation, day: date) -> list[MealPeriod]:
    """The day's services, by opening: the special hours that open the restaurant that day, or
    else its weekly periods (a day closed by special hours keeps them: its few bookings still
    belong to a lunch or a dinner)."""
    tz = zone(location.info.time_zone)
    online = location.online
    special = []
    for period in online.special_hours:
        start, end = period.start.astimezone(tz), period.end.astimezone(tz)
        if start.date() == day and not period.is_closed:
            opens = start.hour * 60 + start.minute
            minutes = int((end - start).total_seconds() // 60)
            special.append(MealPeriod(meal_kind_at(opens), opens, opens + max(0, minutes - 1)))
    if special:
        return sorted(special, key=lambda p: p.opens)
    weekday = list(Weekday)[day.weekday()]
    periods = [MealPeriod(meal_kind_at(p.open_minute), p.open_minute, p.open_minute + p.length_minutes)
               for p in online.periods if p.open_day is weekday]
    return sorted(periods, key=lambda p: p.opens)


def meal_period_of(periods: Sequence[MealPeriod], minute_of_day: int) -> MealPeriod:
    """The service a start belongs to: the nearest one (the earlier on a tie); with no services
    that day, one made up from the start's own hour."""
    if not periods:
        kind = meal_kind_at(minute_of_day)
        return MealPeriod(kind, minute_of_day, minute_of_day)
    return min(periods, key=lambda p: (p.distance(minute_of_day), p.opens))


def local_minute(moment: datetime, time_zone: str) -> int:
    local = moment.astimezone(zone(time_zone))
    return local.hour * 60 + local.minute


def meal_of(location: ReservationLocation, moment: datetime) -> MealKind:
    """Lunch or dinner (or breakfast), for a reservation starting at `moment`."""
    tz = location.info.time_zone
    day = moment.astimezone(zone(tz)).date()
    return meal_period_of(meal_periods_on(location, day), local_minute(moment, tz)).kind

