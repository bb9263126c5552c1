"""CSV in and out: the reservations and guests of a run of days for a spreadsheet, and the
reservations of another system brought into the book.

An import is read first (`read_reservations`: every row checked for shape, nothing written),
then booked row by row through the reservation service (`import_reservations`), so each row
obeys the same rules as a booking at the stand; a row the book refuses is reported with its
line and the core's own reason, and the rest are booked. Dates and times in the files are the
restaurant's wall-clock time.

Cells that a spreadsheet would run as a formula (starting with = + - @) are written with a
leading apostrophe, which reading removes again, so a guest called "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from maitred.domain.availability import natural_key
from maitred.domain.errors import ReservationBookError, ReservationLocationNotFound
from maitred.domain.guest import Guest, history_of
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery, SortKey
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import zone
from maitred.domain.typed_time import parse_wall_time
from maitred.services.commands import Caller, ReservationDraft, ReserveeDraft
from maitred.services.listing import ListingService
from maitred.services.ports import Clock, UnitOfWorkFactory
from maitred.services.reservations import ReservationService, require_staff
from maitred.services.waitlist import split_name

#: The reservation file's columns; the location's form fields follow, one column each, by name.
RESERVATION_COLUMNS = (
    "date", "time", "duration_minutes", "party_size", "status", "source", "tables", "first_name", "last_name",
    "phone", "email", "notes",
)
GUEST_COLUMNS = (
    "first_name", "last_name", "phone", "other_phones", "email", "tags", "notes", "visits", "cancellations",
    "no_shows", "last_visit",
)

#: Headers other systems use for the same thing (lower case, spaces and dashes as underscores).
HEADER_ALIASES: Mapping[str, str] = {
    **{name: name for name in RESERVATION_COLUMNS},
    "day": "date", "data": "date", "datum": "date", "booking_date": "date", "reservation_date": "date",
    "hour": "time", "ora": "time", "start_time": "time", "arrival": "time", "arrival_time": "time",
    "start": "start", "start_date": "start", "startdate": "start", "datetime": "start",
    "duration": "duration_minutes", "minutes": "duration_minutes", "length": "duration_minutes",
    "party": "party_size", "partysize": "party_size", "covers": "party_size", "guests": "party_size",
    "pax": "party_size", "size": "party_size", "people": "party_size", "persons": "party_size",
    "firstname": "first_name", "given_name": "first_name", "lastname": "last_name", "surname": "last_name",
    "family_name": "last_name", "name": "name", "guest": "name", "guest_name": "name", "customer": "name",
    "telephone": "phone", "mobile": "phone", "tel": "phone", "phone_number": "phone", "e_mail": "email",
    "mail": "email", "note": "notes", "comments": "notes", "comment": "notes", "remarks": "notes",
    "team_message": "notes", "channel": "source", "table": "tables",
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")


class RowProblem(StrEnum):
    """Why a row of an import could not even be tried (the window words it)."""

    NO_DATE = "NO_DATE"
    BAD_DATE = "BAD_DATE"
    BAD_TIME = "BAD_TIME"
    BAD_PARTY = "BAD_PARTY"
    BAD_DURATION = "BAD_DURATION"
    UNKNOWN_STATUS = "UNKNOWN_STATUS"
    UNKNOWN_SOURCE = "UNKNOWN_SOURCE"
    UNKNOWN_TABLE = "UNKNOWN_TABLE"


class ImportFileError(ReservationBookError):
    """The file is not a CSV this importer can read (no header it knows)."""

    code = "INVALID_ARGUMENT"


@dataclass(frozen=True, slots=True)
class ImportRow:
    """A data row of the file: `line` as a spreadsheet numbers it (the header is line 1)."""

    line: int
    cells: Mapping[str, str]
    draft: ReservationDraft | None
    problem: RowProblem | None = None
    detail: str = ""  # the offending value


@dataclass(frozen=True, slots=True)
class ImportPreview:
    columns: tuple[str, ...]  # what each header was understood as ("" for an ignored column)
    rows: tuple[ImportRow, ...]

    @property
    def ready(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if r.draft is not None)


@dataclass(frozen=True, slots=True)
class ImportRefusal:
    line: int
    error: ReservationBookError | None = None  # the book's refusal, or
    problem: RowProblem | None = None  # the reading's
    detail: str = ""

    @property
    def reason(self) -> str:
        """The core's plain reason (English); the window words `problem` itself."""
        return self.error.message if self.error is not None else f"{self.problem}: {self.detail}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    booked: tuple[tuple[int, Reservation], ...]
    refused: tuple[ImportRefusal, ...]


def neutralised(text: str) -> str:
    """A cell a spreadsheet will show as text, never run."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def restored(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def header_key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower().lstrip("\ufeff"))


def parse_day(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def local_day_span(first: date, last: date, time_zone: str) -> tuple[datetime, datetime]:
    """UTC instants of the local midnights starting `first` and ending `last`."""
    tz = zone(time_zone)
    following = last + timedelta(days=1)
    return (datetime(first.year, first.month, first.day, tzinfo=tz).astimezone(UTC),
            datetime(following.year, following.month, following.day, tzinfo=tz).astimezone(UTC))


class ExportService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock, listing: ListingService,
                 reservations: ReservationService) -> None:
        self._uow = unit_of_work
        self._clock = clock
        self._listing = listing
        self._reservations = reservations

    def location(self, location_id: str) -> ReservationLocation:
        with self._uow() as uow:
            location = uow.locations.get(location_id)
        if location is None:
            raise ReservationLocationNotFound(f"there is no reservation location {location_id}")
        return location

    def reservations_between(self, caller: Caller, location_id: str, first: date, last: date) -> list[Reservation]:
        """The location's reservations starting on the local days `first` to `last`, by start."""
        location = self.location(location_id)
        start, end = local_day_span(first, last, location.info.time_zone)
        field = ReservationField
        return self._listing.all(caller, ReservationQuery(conditions=(
            Condition(field.LOCATION, Operator.EQ, location_id),
            Condition(field.START, Operator.GTE, start), Condition(field.START, Operator.LT, end),
        ), sort=(SortKey(field.START),)))

    # --- out --------------------------------------------------------------------------------

    def reservations_csv(self, caller: Caller, location_id: str, first: date, last: date) -> str:
        """Every reservation of the days (held tables aside), one row each, oldest first."""
        location = self.location(location_id)
        reservations = [r for r in self.reservations_between(caller, location_id, first, last)
                        if r.status is not ReservationStatus.HELD]
        return reservations_to_csv(location, reservations)

    def guests_csv(self, caller: Caller, location_id: str, first: date, last: date) -> str:
        """The guests who booked on those days, with their record over those days."""
        require_staff(caller, "exporting guests")
        reservations = self.reservations_between(caller, location_id, first, last)
        now = self._clock()
        with self._uow() as uow:
            guests: dict[str, Guest] = {}
            for r in reservations:
                phone = r.reservee.phone if r.reservee else None
                if phone and phone not in guests and (guest := uow.guests.by_phone(phone)) is not None:
                    guests[phone] = guest
        unique = {g.id: g for g in guests.values()}
        return guests_to_csv(location_zone(self.location(location_id)), unique.values(), reservations, now)

    # --- in ---------------------------------------------------------------------------------

    def read_reservations(self, location_id: str, text: str) -> ImportPreview:
        """What the file would book, row by row; nothing is written."""
        return read_reservations_csv(self.location(location_id), text)

    def import_reservations(self, caller: Caller, preview: ImportPreview) -> ImportReport:
        """Book every readable row through the reservation service; report the rest."""
        require_staff(caller, "importing reservations")
        booked: list[tuple[int, Reservation]] = []
        refused: list[ImportRefusal] = []
        for row in preview.rows:
            if row.draft is None:
                refused.append(ImportRefusal(row.line, problem=row.problem, detail=row.detail))
                continue
            try:
                booked.append((row.line, self._reservations.create(caller, row.draft)))
            except ReservationBookError as error:
                refused.append(ImportRefusal(row.line, error=error))
        return ImportReport(tuple(booked), tuple(refused))


def location_zone(location: ReservationLocation) -> str:
    return location.info.time_zone


def _names(location: ReservationLocation, table_ids: Sequence[str]) -> str:
    tables = location.table_management
    names = [(t.name if (t := tables.any_table(tid)) else tid) for tid in table_ids]
    return "+".join(sorted(names, key=natural_key))


def _write(rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def reservations_to_csv(location: ReservationLocation, reservations: Iterable[Reservation]) -> str:
    tz = zone(location.info.time_zone)
    fields = location.form.custom_fields
    rows: list[Sequence[str]] = [[*RESERVATION_COLUMNS, *(f.name for f in fields)]]
    for r in reservations:
        local = r.start.astimezone(tz)
        guest = r.reservee
        custom = guest.custom_fields if guest else {}
        rows.append([
            local.date().isoformat(), local.strftime("%H:%M"), str(int(r.duration.total_seconds() // 60)),
            str(r.party_size), r.status.value, r.source.value, _names(location, r.table_ids),
            neutralised(guest.first_name or "") if guest else "", neutralised(guest.last_name or "") if guest else "",
            (guest.phone or "") if guest else "", neutralised(guest.email or "") if guest else "",
            neutralised(r.team_message or ""),
            *(neutralised(str(custom.get(f.id, ""))) for f in fields),
        ])
    return _write(rows)


def guests_to_csv(time_zone: str, guests: Iterable[Guest], reservations: Sequence[Reservation],
                  now: datetime) -> str:
    rows: list[Sequence[str]] = [list(GUEST_COLUMNS)]
    tz = zone(time_zone)
    for guest in sorted(guests, key=lambda g: ((g.last_name or "").casefold(), (g.first_name or "").casefold())):
        phones = set(guest.phones)
        history = history_of([r for r in reservations if r.reservee and r.reservee.phone in phones], now)
        last = history.last_visit.astimezone(tz).date().isoformat() if history.last_visit else ""
        rows.append([
            neutralised(guest.first_name or ""), neutralised(guest.last_name or ""), guest.phone,
            " ".join(guest.other_phones), neutralised(guest.email or ""), neutralised("; ".join(guest.tags)),
            neutralised(guest.notes), str(history.visits), str(history.cancellations), str(history.no_shows), last,
        ])
    return _write(rows)


def read_reservations_csv(location: ReservationLocation, text: str) -> ImportPreview:
    """Each data row as a draft to book (FULL: status, source and tables as the file says), or
    the reason it can't be one. Understands this exporter's files and common headers of others."""
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    fields_by_name = {f.name.strip().casefold(): f.id for f in location.form.custom_fields}
    if header is None:
        raise ImportFileError("the file is empty")
    columns = tuple(HEADER_ALIASES.get(header_key(h), "custom:" + fields_by_name[h.strip().casefold()]
                                       if h.strip().casefold() in fields_by_name else "") for h in header)
    known = set(columns)
    if not ({"date", "start"} & known and "party_size" in known):
        raise ImportFileError("the file needs a header row naming at least a date (or start) and a party size")
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        cells: dict[str, str] = {}
        for column, value in zip(columns, values, strict=False):
            if column and value.strip():
                cells.setdefault(column, restored(value.strip()))
        rows.append(_row(location, number, cells))
    return ImportPreview(columns, tuple(rows))


def _row(location: ReservationLocation, line: int, cells: dict[str, str]) -> ImportRow:
    def problem(kind: RowProblem, detail: str = "") -> ImportRow:
        return ImportRow(line, cells, None, kind, detail)

    tz = zone(location.info.time_zone)
    if "start" in cells:
        try:
            start = datetime.fromisoformat(cells["start"].replace("Z", "+00:00"))
        except ValueError:
            return problem(RowProblem.BAD_DATE, cells["start"])
        if start.tzinfo is None:
            start = start.replace(tzinfo=tz)
    else:
        if "date" not in cells:
            return problem(RowProblem.NO_DATE)
        day = parse_day(cells["date"])
        if day is None:
            return problem(RowProblem.BAD_DATE, cells["date"])
        wall = parse_wall_time(cells.get("time", "")) if "time" in cells else None
        if wall is None:
            return problem(RowProblem.BAD_TIME, cells.get("time", ""))
        start = datetime.combine(day, wall, tzinfo=tz)
    start = start.astimezone(UTC)
    try:
        party = int(cells.get("party_size", ""))
    except ValueError:
        return problem(RowProblem.BAD_PARTY, cells.get("party_size", ""))
    end = None
    if "duration_minutes" in cells:
        try:
            minutes = int(cells["duration_minutes"])
        except ValueError:
            return problem(RowProblem.BAD_DURATION, cells["duration_minutes"])
        end = start + timedelta(minutes=minutes)
    status = source = None
    if "status" in cells:
        try:
            status = ReservationStatus(cells["status"].upper().replace(" ", "_").replace("-", "_"))
        except ValueError:
            return problem(RowProblem.UNKNOWN_STATUS, cells["status"])
    if "source" in cells:
        try:
            source = Source(cells["source"].upper().replace(" ", "_").replace("-", "_"))
        except ValueError:
            return problem(RowProblem.UNKNOWN_SOURCE, cells["source"])
    table_ids = None
    if "tables" in cells:
        by_name = {t.name.casefold(): t.id for t in location.table_management.tables}
        table_ids = []
        for name in (n.strip() for n in re.split(r"[+,/&]", cells["tables"]) if n.strip()):
            if name.casefold() not in by_name:
                return problem(RowProblem.UNKNOWN_TABLE, name)
            table_ids.append(by_name[name.casefold()])
    first, last = cells.get("first_name"), cells.get("last_name")
    if first is None and last is None and "name" in cells:
        first, last = split_name(cells["name"])
    custom = {key.removeprefix("custom:"): value for key, value in cells.items() if key.startswith("custom:")}
    reservee = ReserveeDraft(first_name=first, last_name=last, phone=cells.get("phone"), email=cells.get("email"),
                             custom_fields=custom or None)
    return ImportRow(line, cells, ReservationDraft(
        location_id=location.id, start=start, party_size=party, end=end,
        table_ids=tuple(table_ids) if table_ids is not None else None, status=status, source=source,
        reservee=reservee, team_message=cells.get("notes"),
    ))
