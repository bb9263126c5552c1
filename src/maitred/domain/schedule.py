"""Opening hours and the slot grid, in the restaurant's own wall-clock time.

The grid is local midnight plus whole multiples of the interval. Intervals divide an hour and the
time-zone changes of (almost) every zone are whole hours, so stepping the grid in UTC from one
anchor gives the wall-clock grid with no duplicate and no gap across a DST change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from maitred.domain.location import MINUTES_PER_DAY, OnlineReservations


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The IANA zone by name (cached: ZoneInfo look-ups are hot in slot loops)."""
    return ZoneInfo(name)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=4096)
def _offset_seconds(time_zone: str, utc_hour: int) -> int:
    """The zone's UTC offset during one UTC hour. Zones change their offset at the start of a UTC
    hour (the grid already assumes whole-hour changes), so one look-up per hour is exact and a run
    of slots or hundreds of bookings need no zone conversion each."""
    offset = (_EPOCH + timedelta(hours=utc_hour)).astimezone(zone(time_zone)).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def _local_seconds(instant: datetime, time_zone: str) -> int:
    """Whole seconds since the epoch on the restaurant's wall clock (the fraction is dropped)."""
    since_epoch = instant - _EPOCH
    seconds = since_epoch.days * 86400 + since_epoch.seconds
    return seconds + _offset_seconds(time_zone, seconds // 3600)


def floor_to_grid(instant: datetime, time_zone: str, interval_minutes: int) -> datetime:
    """The grid slot that contains `instant`: its wall time floored to the interval."""
    past_slot = _local_seconds(instant, time_zone) % (interval_minutes * 60)
    return instant - timedelta(seconds=past_slot, microseconds=instant.microsecond)


def slot_starts(anchor: datetime, interval_minutes: int, before: int, after: int) -> list[datetime]:
    """`before` slots before the anchor, the anchor, then `after` slots, ascending."""
    step = timedelta(minutes=interval_minutes)
    return [anchor + k * step for k in range(-before, after + 1)]


_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday


def week_minute(instant: datetime, time_zone: str) -> int:
    """Minutes since Monday 00:00 of the local week."""
    return _week_minute_of(_local_seconds(instant, time_zone))


def _week_minute_of(local_seconds: int) -> int:
    days, minute_of_day = divmod(local_seconds // 60, MINUTES_PER_DAY)
    return (days + _EPOCH_WEEKDAY) % 7 * MINUTES_PER_DAY + minute_of_day


def is_open_for_start(online: OnlineReservations, time_zone: str, instant: datetime) -> bool:
    """Whether a reservation may start at `instant`: special hours covering it decide, else the
    weekly periods (whose close time is the last start, inclusive)."""
    for special in online.special_hours:
        if special.start <= instant < special.end:
            return not special.is_closed
    if not online.periods:
        return False
    local_seconds = _local_seconds(instant, time_zone)
    minute = _week_minute_of(local_seconds)
    if local_seconds % 60 or instant.microsecond:
        # A start between whole minutes: still inside when the whole minute before is, unless
        # that minute is exactly the last allowed start.
        return any(p.allows_start_at(minute) and p.allows_start_at((minute + 1) % (7 * MINUTES_PER_DAY))
                   for p in online.periods)
    return any(period.allows_start_at(minute) for period in online.periods)


def local_day_bounds(day_instant: datetime, time_zone: str) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight starting the day of `day_instant` and the next one."""
    tz = zone(time_zone)
    local = day_instant.astimezone(tz)
    start = datetime(local.year, local.month, local.day, tzinfo=tz)
    following = start.date() + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=tz)
    utc = day_instant.tzinfo
    return start.astimezone(utc), end.astimezone(utc)
