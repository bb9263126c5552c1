"""Opening hours and the slot grid, in the restaurant's own wall-clock time.

The grid is local midnight plus whole multiples of the interval. Intervals divide an hour and the
time-zone changes of (almost) every zone are whole hours, so stepping the grid in UTC from one
anchor gives the wall-clock grid with no duplicate and no gap across a DST change.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from maitred.domain.location import MINUTES_PER_DAY, OnlineReservations


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The IANA zone by name (cached: ZoneInfo look-ups are hot in slot loops)."""
    return ZoneInfo(name)


def floor_to_grid(instant: datetime, time_zone: str, interval_minutes: int) -> datetime:
    """The grid slot that contains `instant`: its wall time floored to the interval."""
    local = instant.astimezone(zone(time_zone))
    minute_of_day = local.hour * 60 + local.minute
    past_slot = timedelta(
        minutes=minute_of_day % interval_minutes,
        seconds=local.second,
        microseconds=local.microsecond,
    )
    return (instant - past_slot).astimezone(instant.tzinfo)


def slot_starts(anchor: datetime, interval_minutes: int, before: int, after: int) -> list[datetime]:
    """`before` slots before the anchor, the anchor, then `after` slots, ascending."""
    step = timedelta(minutes=interval_minutes)
    return [anchor + k * step for k in range(-before, after + 1)]


def week_minute(instant: datetime, time_zone: str) -> int:
    """Minutes since Monday 00:00 of the local week."""
    local = instant.astimezone(zone(time_zone))
    return local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute


def is_open_for_start(online: OnlineReservations, time_zone: str, instant: datetime) -> bool:
    """Whether a reservation may start at `instant`: special hours covering it decide, else the
    weekly periods (whose close time is the last start, inclusive)."""
    for special in online.special_hours:
        if special.start <= instant < special.end:
            return not special.is_closed
    if not online.periods:
        return False
    minute = week_minute(instant, time_zone)
    if instant.astimezone(zone(time_zone)).second or instant.microsecond:
        # A start between whole minutes: still inside when the whole minute before is, unless
        # that minute is exactly the last allowed start.
        return any(p.allows_start_at(minute) and p.allows_start_at((minute + 1) % (7 * MINUTES_PER_DAY))
                   for p in online.periods)
    return any(p.allows_start_at(minute) for p in online.periods)


def local_day_bounds(day_instant: datetime, time_zone: str) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight starting the day of `day_instant` and the next one."""
    tz = zone(time_zone)
    local = day_instant.astimezone(tz)
    start = datetime(local.year, local.month, local.day, tzinfo=tz)
    following = start.date() + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=tz)
    utc = day_instant.tzinfo
    return start.astimezone(utc), end.astimezone(utc)
