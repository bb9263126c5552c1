"""The day the stand is looking at: its reservations as snapshots, kept current from changes.

The day is loaded once through the listing (off the GUI thread); after that each announced
change updates only the reservations it names, and a refresh after another terminal's change
loads the day again but passes on only what differs, so no view redraws the whole day for one
reservation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QObject, Signal

from maitred.controllers.background import BackgroundRunner
from maitred.controllers.changes import ChangeFeed, Changes
from maitred.domain.errors import ReservationBookError
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery, SortKey
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import zone
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller


def local_day_span(day: date, time_zone: str) -> tuple[datetime, datetime]:
    """The UTC instants of the local midnights that begin and end `day`."""
    tz = zone(time_zone)
    following = day + timedelta(days=1)
    return (datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC),
            datetime.combine(following, time(0), tzinfo=tz).astimezone(UTC))


def local_day(moment: datetime, time_zone: str) -> date:
    return moment.astimezone(zone(time_zone)).date()


def day_query(location_id: str, day: date, time_zone: str) -> ReservationQuery:
    start, end = local_day_span(day, time_zone)
    field = ReservationField
    return ReservationQuery(
        conditions=(Condition(field.LOCATION, Operator.EQ, location_id),
                    Condition(field.START, Operator.GTE, start), Condition(field.START, Operator.LT, end)),
        sort=(SortKey(field.START),), limit=100,
    )


@dataclass(frozen=True, slots=True)
class DaySnapshot:
    location: ReservationLocation
    day: date
    reservations: tuple[Reservation, ...]


class DayController(QObject):
    """One day of one location, as the timeline, the map and the side panel show it."""

    #: DaySnapshot: a new day (or new settings) was loaded; views rebuild
    day_loaded = Signal(object)
    #: Changes limited to this day, initiator: views upsert or remove just these
    reservations_changed = Signal(object, object)
    #: bool: a load is under way (show progress after ~100 ms)
    loading_changed = Signal(bool)
    #: ReservationBookError: a load failed (say so; the old snapshot stays)
    failed = Signal(object)

    def __init__(self, book: ReservationBook, caller: Caller, feed: ChangeFeed, runner: BackgroundRunner,
                 location: ReservationLocation, day: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book, self._caller, self._feed, self._runner = book, caller, feed, runner
        self._location = location
        self._day = day
        self._reservations: dict[str, Reservation] = {}
        self._changes_seen = 0  # bumps with every change applied; a load started before is stale
        self._loading = False
        self._loaded = False
        feed.changed.connect(self._on_changed)

    # --- reading ---------------------------------------------------------------------------

    @property
    def location(self) -> ReservationLocation:
        return self._location

    @property
    def day(self) -> date:
        return self._day

    @property
    def time_zone(self) -> str:
        return self._location.info.time_zone

    def reservations(self) -> Sequence[Reservation]:
        return tuple(sorted(self._reservations.values(), key=lambda r: (r.start, r.id)))

    def reservation(self, reservation_id: str) -> Reservation | None:
        return self._reservations.get(reservation_id)

    def snapshot(self) -> DaySnapshot:
        return DaySnapshot(self._location, self._day, tuple(self.reservations()))

    def is_loading(self) -> bool:
        return self._loading

    @property
    def loaded(self) -> bool:
        """Whether a day was read yet (the application reads it once its window is up)."""
        return self._loaded

    # --- loading ---------------------------------------------------------------------------

    def show_day(self, day: date) -> None:
        """Load another day (or the same one again) off the GUI thread; `day_loaded` follows."""
        self._day = day
        self._load(replace_all=True)

    def reload(self) -> None:
        self.show_day(self._day)

    def load_now(self) -> None:
        """Load the day synchronously (start-up: the application does it once its window is up)."""
        found = self._fetch(self._location.id, self._day, self._location.info.time_zone)
        self._reservations = {r.id: r for r in found}
        self._loaded = True
        self.day_loaded.emit(self.snapshot())

    def refresh(self) -> None:
        """Another terminal changed the book: load the day again and announce what differs (a day
        never read yet is read whole)."""
        self._load(replace_all=not self._loaded)

    def _fetch(self, location_id: str, day: date, time_zone: str) -> list[Reservation]:
        return self._book.listing.all(self._caller, day_query(location_id, day, time_zone))

    def _load(self, *, replace_all: bool) -> None:
        location, day, seen = self._location, self._day, self._changes_seen
        self._set_loading(True)

        def done(found: object) -> None:
            if self._changes_seen != seen or day != self._day or location.id != self._location.id:
                self._load(replace_all=replace_all or day != self._day)  # stale: the book moved on
                return
            self._set_loading(False)
            assert isinstance(found, list)
            if replace_all:
                self._reservations = {r.id: r for r in found}
                self._loaded = True
                self.day_loaded.emit(self.snapshot())
            else:
                self._announce_differences(found)

        def failed(error: BaseException) -> None:
            self._set_loading(False)
            if not isinstance(error, ReservationBookError):
                raise error
            self.failed.emit(error)

        self._runner.run("day", lambda: self._fetch(location.id, day, location.info.time_zone), done, failed)

    def _announce_differences(self, found: list[Reservation]) -> None:
        loaded = {r.id: r for r in found}
        changed = [r for r in found if self._reservations.get(r.id) != r]
        gone = [r for rid, r in self._reservations.items() if rid not in loaded]
        self._feed.announce(Changes.of(self.time_zone, after=changed, removed=gone), self)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # --- changes ---------------------------------------------------------------------------

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        self._changes_seen += 1
        if changes.location is not None and changes.location.id == self._location.id:
            self._location = changes.location
            self.reload()
            return
        upserted: list[Reservation] = []
        removed: set[str] = set()
        for r in changes.reservations:
            if r.location_id == self._location.id and local_day(r.start, self.time_zone) == self._day:
                self._reservations[r.id] = r
                upserted.append(r)
            elif self._reservations.pop(r.id, None) is not None:
                removed.add(r.id)
        for rid in changes.removed_ids:
            if self._reservations.pop(rid, None) is not None:
                removed.add(rid)
        if upserted or removed:
            self.reservations_changed.emit(
                Changes(tuple(upserted), frozenset(removed), frozenset({self._day})), initiator)
