"""What an action changed, so each view refreshes only what it shows (the Anki habit).

Controllers announce a `Changes` on the `ChangeFeed` together with the initiator (the object that
asked for the change, or None); a view that made the change itself may ignore it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal

from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import zone


@dataclass(frozen=True, slots=True)
class Changes:
    """Reservations as they are now, ids that are gone, the local days touched, new settings."""

    reservations: tuple[Reservation, ...] = ()
    removed_ids: frozenset[str] = frozenset()
    days: frozenset[date] = frozenset()
    location: ReservationLocation | None = None

    @property
    def reservation_ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.reservations) | self.removed_ids

    @property
    def is_empty(self) -> bool:
        return not self.reservations and not self.removed_ids and self.location is None

    def touches(self, day: date) -> bool:
        return day in self.days or self.location is not None

    def merged(self, other: Changes) -> Changes:
        kept = {r.id: r for r in self.reservations}
        kept.update({r.id: r for r in other.reservations})
        removed = (self.removed_ids | other.removed_ids) - {r.id for r in other.reservations}
        return Changes(
            tuple(r for rid, r in kept.items() if rid not in removed), frozenset(removed),
            self.days | other.days, other.location or self.location,
        )

    @classmethod
    def of(cls, time_zone: str, *, before: Iterable[Reservation | None] = (),
           after: Iterable[Reservation] = (), removed: Iterable[Reservation] = ()) -> Changes:
        """The change from `before` to `after` (and the `removed` ones), with their local days."""
        tz = zone(time_zone)
        after, removed = tuple(after), tuple(removed)
        days = {r.start.astimezone(tz).date() for r in (*before, *after, *removed) if r is not None}
        return cls(after, frozenset(r.id for r in removed), frozenset(days))


class ChangeFeed(QObject):
    """The one place every change of the book is announced, whoever made it."""

    #: Changes, initiator (any object, or None for the sweeper and other terminals)
    changed = Signal(object, object)

    def announce(self, changes: Changes, initiator: object = None) -> None:
        if not changes.is_empty:
            self.changed.emit(changes, initiator)
