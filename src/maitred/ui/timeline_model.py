"""The day's book as a table: one row per lane (a table, then "Unassigned"), one column per slot.

Built from plain snapshots (a location, the day's reservations, the day and its time zone) so
`data()` never touches a database. The app refreshes from "what changed", so single reservations
can be upserted or removed; that emits `dataChanged` for the lanes they leave or enter and
`headerDataChanged` for the covers they move, never a reset (unless the day's window must grow).
"""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
)

from maitred.domain.location import ReservationLocation, TableDefinition, Weekday
from maitred.domain.reservation import Reservation
from maitred.ui.status_style import COUNTED_STATUSES, HIDDEN_BY_DEFAULT, status_label

_Index = QModelIndex | QPersistentModelIndex

#: Monday first, as `date.weekday()` (not `Weekday.index`: a StrEnum member's `.index` is str.index).
_WEEKDAYS = list(Weekday)

#: Shown when the location has no opening hours on the day and there is nothing booked.
_FALLBACK_HOURS = (11 * 60, 23 * 60)


class TimelineRole(IntEnum):
    """Extra data the timeline view and tests read from the model."""

    TABLE_ID = Qt.ItemDataRole.UserRole + 1  # str; "" for the Unassigned lane
    AREA = Qt.ItemDataRole.UserRole + 2  # str
    SLOT_START = Qt.ItemDataRole.UserRole + 3  # aware UTC datetime of the column
    RESERVATION_IDS = Qt.ItemDataRole.UserRole + 4  # list[str] visible in the cell, by start
    COVERS = Qt.ItemDataRole.UserRole + 5  # int: covers arriving in the column (header)
    IS_UNASSIGNED = Qt.ItemDataRole.UserRole + 6  # bool (vertical header)


@dataclass(frozen=True, slots=True)
class Lane:
    """One row of the timeline: a table, or the lane of reservations without a table."""

    table_id: str | None
    name: str
    area: str
    seats: int

    @property
    def is_unassigned(self) -> bool:
        return self.table_id is None


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that puts T2 before T10, as a host reads table names."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text.casefold()))


def build_lanes(location: ReservationLocation) -> list[Lane]:
    """Active tables grouped by area (areas in the manager's order), names in natural order."""
    areas: dict[str, list[TableDefinition]] = {}
    for table in location.table_management.tables:
        if table.is_active:
            areas.setdefault(table.area, []).append(table)
    if "" in areas:  # tables without an area come last, under "Other"
        areas[""] = areas.pop("")
    lanes = [
        Lane(table.id, table.name, area, table.seats_max)
        for area, tables in areas.items()
        for table in sorted(tables, key=lambda t: natural_key(t.name))
    ]
    lanes.append(Lane(None, "", "", 0))
    return lanes


def service_window(
    location: ReservationLocation, day: date, zone: tzinfo, reservations: Iterable[Reservation] = ()
) -> tuple[datetime, datetime]:
    """The UTC span the day's timeline shows: opening hours plus a last turn, stretched to fit
    every reservation, on slot boundaries of the local clock."""
    interval = location.online.time_slot_interval
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    spans = [
        (period.open_minute, period.open_minute + period.length_minutes)
        for period in location.online.periods
        if _WEEKDAYS.index(period.open_day) == day.weekday()
    ]
    starts = [minute for minute, _ in spans]
    ends = [minute + location.online.default_turnover_minutes for _, minute in spans]
    for r in reservations:
        starts.append(_local_minutes(r.start, midnight, zone))
        ends.append(_local_minutes(r.end, midnight, zone))
    if not starts:
        starts, ends = [_FALLBACK_HOURS[0]], [_FALLBACK_HOURS[1]]
    first = (min(starts) // interval) * interval
    last = -(-max(ends) // interval) * interval
    last = max(last, first + interval)
    return (
        (midnight + timedelta(minutes=first)).astimezone(UTC),
        (midnight + timedelta(minutes=last)).astimezone(UTC),
    )


def _local_minutes(moment: datetime, midnight: datetime, zone: tzinfo) -> int:
    """Wall-clock minutes from the day's local midnight (may be negative or beyond 1440)."""
    local = moment.astimezone(zone)
    days = (local.date() - midnight.date()).days
    return days * 24 * 60 + local.hour * 60 + local.minute


def guest_caption(reservation: Reservation) -> str:
    """Name and party size as the blocks and the map show them: "Smith · 4"."""
    name = reservation.reservee.display_name if reservation.reservee else ""
    if not name:
        name = QCoreApplication.translate("Timeline", "Guest")
    return f"{name} · {reservation.party_size}"


class TimelineModel(QAbstractTableModel):
    """Lanes × slots of one day, from snapshots; see the module docstring for updates."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._location: ReservationLocation | None = None
        self._day = date(2000, 1, 1)
        self._zone: tzinfo = UTC
        self._fixed_window: tuple[datetime, datetime] | None = None
        self._window = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2000, 1, 1, tzinfo=UTC))
        self._interval = timedelta(minutes=15)
        self._slots: list[datetime] = []
        self._lanes: list[Lane] = [Lane(None, "", "", 0)]
        self._row_of_table: dict[str, int] = {}
        self._reservations: dict[str, Reservation] = {}
        self._members: list[list[tuple[datetime, str]]] = [[]]  # per lane: (start, id) of visible ones
        self._covers: list[int] = []
        self._show_cancelled = False

    # --- snapshots and updates -------------------------------------------------------------

    def set_snapshot(
        self,
        location: ReservationLocation,
        reservations: Iterable[Reservation],
        day: date,
        time_zone: str | tzinfo | None = None,
        window: tuple[datetime, datetime] | None = None,
    ) -> None:
        """Show `day` of `location` (zone defaults to the location's); `window` pins the span
        shown (for a Lunch/Dinner choice), otherwise it follows the hours and the bookings."""
        self.beginResetModel()
        self._location = location
        self._day = day
        zone = time_zone if time_zone is not None else location.info.time_zone
        self._zone = ZoneInfo(zone) if isinstance(zone, str) else zone
        self._fixed_window = window
        self._interval = timedelta(minutes=location.online.time_slot_interval)
        self._lanes = build_lanes(location)
        self._row_of_table = {lane.table_id: row for row, lane in enumerate(self._lanes) if lane.table_id}
        self._reservations = {r.id: r for r in reservations if self._is_of_day(r)}
        self._rebuild()
        self.endResetModel()

    def upsert_reservation(self, reservation: Reservation) -> None:
        """Add or replace one reservation; a reservation moved to another day leaves."""
        if not self._is_of_day(reservation):
            self.remove_reservation(reservation.id)
            return
        old = self._reservations.get(reservation.id)
        self._reservations[reservation.id] = reservation
        if not self._fits_window(reservation):
            self.beginResetModel()
            self._rebuild()
            self.endResetModel()
            return
        self._replace(old, reservation)

    def remove_reservation(self, reservation_id: str) -> None:
        """Forget one reservation (deleted, or moved to another day)."""
        old = self._reservations.pop(reservation_id, None)
        if old is not None:
            self._replace(old, None)

    def set_show_cancelled(self, show: bool) -> None:
        """Show or hide CANCELED and DECLINED reservations (hidden by default)."""
        if show == self._show_cancelled:
            return
        self._show_cancelled = show
        changed = [r for r in self._reservations.values() if r.status in HIDDEN_BY_DEFAULT]
        rows: set[int] = set()
        for r in changed:
            rows.update(self.rows_of(r))
        self._fill_members()
        self._emit_rows_changed(rows)

    # --- reading, for the view -------------------------------------------------------------

    @property
    def show_cancelled(self) -> bool:
        return self._show_cancelled

    @property
    def location(self) -> ReservationLocation | None:
        return self._location

    @property
    def day(self) -> date:
        return self._day

    @property
    def zone(self) -> tzinfo:
        return self._zone

    @property
    def window(self) -> tuple[datetime, datetime]:
        """The UTC span shown, from the first slot's start to the last slot's end."""
        return self._window

    @property
    def interval(self) -> timedelta:
        return self._interval

    def lane(self, row: int) -> Lane:
        return self._lanes[row]

    def lanes(self) -> Sequence[Lane]:
        return tuple(self._lanes)

    def row_of_table(self, table_id: str) -> int | None:
        return self._row_of_table.get(table_id)

    @property
    def unassigned_row(self) -> int:
        return len(self._lanes) - 1

    def slot_start(self, column: int) -> datetime:
        return self._slots[column]

    def column_at(self, moment: datetime) -> int | None:
        """The column whose interval contains `moment`, or None outside the window."""
        if not self._slots or not self._window[0] <= moment < self._window[1]:
            return None
        return min(int((moment - self._window[0]) / self._interval), len(self._slots) - 1)

    def reservation(self, reservation_id: str) -> Reservation | None:
        return self._reservations.get(reservation_id)

    def reservations(self) -> Sequence[Reservation]:
        """All reservations of the day the model holds, hidden ones included."""
        return tuple(self._reservations.values())

    def lane_reservations(self, row: int) -> list[Reservation]:
        """The visible reservations of a lane, by start."""
        return [self._reservations[rid] for _, rid in self._members[row]]

    def rows_of(self, reservation: Reservation) -> list[int]:
        """The lanes a reservation is drawn in: each of its tables, else Unassigned."""
        rows = sorted({self._row_of_table[t] for t in reservation.table_ids if t in self._row_of_table})
        return rows or [self.unassigned_row]

    def is_visible(self, reservation: Reservation) -> bool:
        return self._show_cancelled or reservation.status not in HIDDEN_BY_DEFAULT

    def covers(self, column: int) -> int:
        return self._covers[column]

    def local_time_text(self, moment: datetime) -> str:
        """Wall-clock time in the location's zone, in the locale's short format."""
        local = moment.astimezone(self._zone)
        return QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)

    # --- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lanes)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._slots)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.checkIndex(index):
            return None
        lane = self._lanes[index.row()]
        if role == TimelineRole.TABLE_ID:
            return lane.table_id or ""
        if role == TimelineRole.AREA:
            return lane.area
        if role == TimelineRole.SLOT_START:
            return self._slots[index.column()]
        if role in (TimelineRole.RESERVATION_IDS, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            cell = self._in_cell(index.row(), index.column())
            if role == TimelineRole.RESERVATION_IDS:
                return [r.id for r in cell]
            if role == Qt.ItemDataRole.DisplayRole:
                starting = [r for r in cell if r.start >= self._slots[index.column()]]
                return ", ".join(guest_caption(r) for r in starting)
            return "\n".join(f"{guest_caption(r)} — {status_label(r.status)}" for r in cell) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._slots):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self.local_time_text(self._slots[section])
            if role == TimelineRole.SLOT_START:
                return self._slots[section]
            if role == TimelineRole.COVERS:
                return self._covers[section]
            return None
        if not 0 <= section < len(self._lanes):
            return None
        lane = self._lanes[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.lane_label(section)
        if role == TimelineRole.TABLE_ID:
            return lane.table_id or ""
        if role == TimelineRole.AREA:
            return lane.area
        if role == TimelineRole.IS_UNASSIGNED:
            return lane.is_unassigned
        return None

    def lane_label(self, row: int) -> str:
        """ "T1 · 2" for a table; "Unassigned (1)" for the lane without tables."""
        lane = self._lanes[row]
        if lane.is_unassigned:
            return QCoreApplication.translate("Timeline", "Unassigned ({count})").format(count=len(self._members[row]))
        return f"{lane.name} · {lane.seats}"

    # --- internals ---------------------------------------------------------------------------

    def _is_of_day(self, reservation: Reservation) -> bool:
        if self._fixed_window is not None:
            return reservation.start < self._fixed_window[1] and reservation.end > self._fixed_window[0]
        return reservation.start.astimezone(self._zone).date() == self._day

    def _fits_window(self, reservation: Reservation) -> bool:
        if self._fixed_window is not None:
            return True
        return self._window[0] <= reservation.start and reservation.end <= self._window[1]

    def _rebuild(self) -> None:
        """Window, slots, lane members and covers from scratch (inside a reset)."""
        assert self._location is not None
        self._window = self._fixed_window or service_window(
            self._location, self._day, self._zone, self._reservations.values()
        )
        count = max(1, -(-(self._window[1] - self._window[0]) // self._interval))
        self._slots = [self._window[0] + i * self._interval for i in range(count)]
        self._window = (self._window[0], self._slots[-1] + self._interval)
        self._fill_members()
        self._covers = [0] * count
        for r in self._reservations.values():
            self._count_covers(r, +1)

    def _fill_members(self) -> None:
        self._members = [[] for _ in self._lanes]
        for r in sorted(self._reservations.values(), key=lambda r: (r.start, r.id)):
            if self.is_visible(r):
                for row in self.rows_of(r):
                    self._members[row].append((r.start, r.id))

    def _count_covers(self, reservation: Reservation, sign: int) -> int | None:
        column = self.column_at(reservation.start)
        if column is not None and reservation.status in COUNTED_STATUSES:
            self._covers[column] += sign * reservation.party_size
            return column
        return None

    def _replace(self, old: Reservation | None, new: Reservation | None) -> None:
        rows: set[int] = set()
        columns: set[int | None] = set()
        if old is not None:
            for row in self.rows_of(old):
                entries = self._members[row]
                if (old.start, old.id) in entries:
                    entries.remove((old.start, old.id))
                    rows.add(row)
            columns.add(self._count_covers(old, -1))
        if new is not None:
            if self.is_visible(new):
                for row in self.rows_of(new):
                    insort(self._members[row], (new.start, new.id))
                    rows.add(row)
            columns.add(self._count_covers(new, +1))
        self._emit_rows_changed(rows)
        for column in sorted(c for c in columns if c is not None):
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)

    def _emit_rows_changed(self, rows: set[int]) -> None:
        last = len(self._slots) - 1
        for row in sorted(rows):
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        if self.unassigned_row in rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, self.unassigned_row, self.unassigned_row)

    def _in_cell(self, row: int, column: int) -> list[Reservation]:
        begin = self._slots[column]
        end = begin + self._interval
        return [r for r in self.lane_reservations(row) if r.start < end and r.end > begin]
