"""A reservation location: the restaurant's hours, tables, combinations and booking rules.

Plain frozen values; `location_rules.find_violations` says what is wrong with one, and the
availability engine reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Weekday(StrEnum):
    MONDAY = "MONDAY"
    TUESDAY = "TUESDAY"
    WEDNESDAY = "WEDNESDAY"
    THURSDAY = "THURSDAY"
    FRIDAY = "FRIDAY"
    SATURDAY = "SATURDAY"
    SUNDAY = "SUNDAY"

    @property
    def number(self) -> int:
        """Monday = 0, as `datetime.weekday()`."""
        return _WEEKDAY_NUMBERS[self]


_WEEKDAY_NUMBERS = {day: number for number, day in enumerate(Weekday)}


class NoticeUnit(StrEnum):
    MINUTES = "MINUTES"
    HOURS = "HOURS"
    DAYS = "DAYS"


class ApprovalMode(StrEnum):
    AUTOMATIC = "AUTOMATIC"
    MANUAL = "MANUAL"
    MANUAL_FOR_LARGE_PARTIES = "MANUAL_FOR_LARGE_PARTIES"


class TableManagementMode(StrEnum):
    ON = "ON"
    OFF = "OFF"


TIME_SLOT_INTERVALS = (15, 20, 30, 60)
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


@dataclass(frozen=True, slots=True)
class TimePeriod:
    """A weekly opening: reservations may start from the open time up to and including the close time."""

    open_day: Weekday
    open_minute: int  # minutes after local midnight, 0..1440
    close_day: Weekday
    close_minute: int

    @property
    def week_start(self) -> int:
        return self.open_day.number * MINUTES_PER_DAY + self.open_minute

    @property
    def week_end(self) -> int:
        return self.close_day.number * MINUTES_PER_DAY + self.close_minute

    @property
    def closes_before_opening(self) -> bool:
        """Only a same-day period can close before it opens; a later close day runs overnight."""
        return self.open_day == self.close_day and self.close_minute < self.open_minute

    @property
    def length_minutes(self) -> int:
        if self.open_day == self.close_day and self.close_minute >= self.open_minute:
            return self.close_minute - self.open_minute
        # Across days: forward to the close day; Monday 00:00 → Sunday 24:00 is the whole week.
        return (self.week_end - self.week_start) % MINUTES_PER_WEEK or MINUTES_PER_WEEK

    def allows_start_at(self, week_minute: int) -> bool:
        """Whether a reservation may start at this minute of the local week (Monday 00:00 = 0)."""
        return (week_minute - self.week_start) % MINUTES_PER_WEEK <= self.length_minutes


@dataclass(frozen=True, slots=True)
class SpecialHourPeriod:
    """Hours that differ from the weekly ones over `[start, end)`: closed, or open throughout."""

    start: datetime
    end: datetime
    is_closed: bool = True
    comment: str = ""


@dataclass(frozen=True, slots=True)
class NoticePeriod:
    number: int
    unit: NoticeUnit

    @property
    def as_timedelta(self) -> timedelta:
        minutes = {NoticeUnit.MINUTES: 1, NoticeUnit.HOURS: 60, NoticeUnit.DAYS: MINUTES_PER_DAY}[self.unit]
        return timedelta(minutes=self.number * minutes)


@dataclass(frozen=True, slots=True)
class TurnoverRule:
    """How long a party of `seats_min..seats_max` keeps its table."""

    seats_min: int
    seats_max: int
    minutes: int


@dataclass(frozen=True, slots=True)
class Pacing:
    """At most `number` new parties (or seats) starting in one slot interval, when enabled."""

    enabled: bool = False
    number: int | None = None


@dataclass(frozen=True, slots=True)
class OnlineReservations:
    enabled: bool = False
    party_size_min: int = 1
    party_size_max: int = 8
    minimum_notice: NoticePeriod | None = None
    maximum_notice: NoticePeriod | None = None
    default_turnover_minutes: int = 90
    turnover_rules: tuple[TurnoverRule, ...] = ()
    time_slot_interval: int = 15
    periods: tuple[TimePeriod, ...] = ()
    special_hours: tuple[SpecialHourPeriod, ...] = ()
    approval_mode: ApprovalMode = ApprovalMode.AUTOMATIC
    approval_threshold: int | None = None
    party_pacing: Pacing = Pacing()
    seat_pacing: Pacing = Pacing()
    show_phone_number: bool = True

    def turnover_minutes(self, party_size: int) -> int:
        """The time a party of this size is given: its turnover rule, else the default."""
        for rule in self.turnover_rules:
            if rule.seats_min <= party_size <= rule.seats_max:
                return rule.minutes
        return self.default_turnover_minutes

    def needs_approval(self, party_size: int) -> bool:
        """Whether an online booking of this party waits for the host's approval."""
        if self.approval_mode is ApprovalMode.MANUAL:
            return True
        if self.approval_mode is ApprovalMode.MANUAL_FOR_LARGE_PARTIES:
            return self.approval_threshold is not None and party_size >= self.approval_threshold
        return False


@dataclass(frozen=True, slots=True)
class CustomFieldDefinition:
    id: str
    name: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class ReservationForm:
    custom_fields: tuple[CustomFieldDefinition, ...] = ()
    last_name_required: bool = False
    email_required: bool = False


@dataclass(frozen=True, slots=True)
class TableLayout:
    """Where a table stands on the floor plan; it never affects availability."""

    x: float = 0.0
    y: float = 0.0
    width: float = 60.0
    height: float = 60.0
    shape: str = "RECTANGLE"  # RECTANGLE | ROUND
    rotation: float = 0.0
    area: str = ""


@dataclass(frozen=True, slots=True)
class TableDefinition:
    id: str
    name: str
    seats_min: int
    seats_max: int
    is_active: bool = True
    online_reservations: bool = True
    layout: TableLayout | None = None

    @property
    def area(self) -> str:
        return self.layout.area if self.layout else ""


@dataclass(frozen=True, slots=True)
class TableCombination:
    id: str
    table_ids: tuple[str, ...]
    seats_min: int
    seats_max: int
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class TableManagement:
    mode: TableManagementMode = TableManagementMode.ON
    tables: tuple[TableDefinition, ...] = ()
    deleted_tables: tuple[TableDefinition, ...] = ()
    combinations: tuple[TableCombination, ...] = ()

    def table(self, table_id: str) -> TableDefinition | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def any_table(self, table_id: str) -> TableDefinition | None:
        """A current or deleted table: reservations keep naming tables that were removed."""
        return self.table(table_id) or next((t for t in self.deleted_tables if t.id == table_id), None)


@dataclass(frozen=True, slots=True)
class PaymentPolicy:
    enabled: bool = False
    min_party_size: int | None = None


@dataclass(frozen=True, slots=True)
class LocationInfo:
    name: str
    time_zone: str
    country_code: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class ReservationLocation:
    """A restaurant as the book sees it. `revision` grows by one with every saved change."""

    id: str
    info: LocationInfo
    online: OnlineReservations = OnlineReservations()
    form: ReservationForm = ReservationForm()
    table_management: TableManagement = TableManagement()
    payment: PaymentPolicy = PaymentPolicy()
    revision: int = 1
    created: datetime | None = None
    updated: datetime | None = None
    default: bool = False
    archived: bool = False

    def needs_payment(self, party_size: int) -> bool:
        return (
            self.payment.enabled
            and self.payment.min_party_size is not None
            and party_size >= self.payment.min_party_size
        )
