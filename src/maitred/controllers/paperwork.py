"""The stand's paperwork: the day sheet for the pre-shift meeting, CSV files in and out, and the
manager's report. Reading is open to whoever is at the stand; an import books reservations, so
it needs the right to change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QObject, Signal

from maitred.controllers.background import BackgroundRunner
from maitred.controllers.changes import ChangeFeed, Changes
from maitred.controllers.staff_session import StaffGate
from maitred.domain.day_sheet import DaySheet
from maitred.domain.errors import ReservationBookError
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.service_report import ManagerReport
from maitred.domain.staff import Permission
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.exports import ImportPreview, ImportRow


@dataclass(frozen=True, slots=True)
class ImportLine:
    """A row of a file to import as the window shows it; `problem` (a `RowProblem` name) when it
    can't be read, with the offending value in `detail`."""

    line: int
    start: datetime | None = None
    party_size: int | None = None
    name: str = ""
    table_ids: tuple[str, ...] | None = None  # None: the book picks
    problem: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A file read and checked, ready to book."""

    preview: ImportPreview
    lines: tuple[ImportLine, ...]

    @property
    def ready(self) -> int:
        return sum(1 for line in self.lines if line.problem is None)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What became of a row: booked (`reservation`), refused by the book (`error`, with the core's
    reason), or not readable (`problem`)."""

    line: int
    reservation: Reservation | None = None
    error: ReservationBookError | None = None
    problem: str | None = None
    detail: str = ""


def _line(row: ImportRow) -> ImportLine:
    draft = row.draft
    if draft is None:
        name = row.cells.get("name", "") or " ".join(
            v for v in (row.cells.get("first_name", ""), row.cells.get("last_name", "")) if v)
        return ImportLine(row.line, name=name, problem=str(row.problem), detail=row.detail)
    guest = draft.reservee
    names = [n for n in ((guest.first_name, guest.last_name) if guest else ()) if isinstance(n, str) and n]
    return ImportLine(row.line, draft.start, draft.party_size, " ".join(names), draft.table_ids)


class Paperwork(QObject):
    #: ManagerReport: a report asked for with `load_report` is ready
    report_ready = Signal(object)
    failed = Signal(object)

    def __init__(self, book: ReservationBook, caller: Caller, staff: StaffGate, feed: ChangeFeed,
                 runner: BackgroundRunner, location: ReservationLocation, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book, self._caller, self._staff, self._feed, self._runner = book, caller, staff, feed, runner
        self._location = location
        feed.changed.connect(self._on_changed)

    @property
    def location(self) -> ReservationLocation:
        return self._location

    # --- the day sheet and exports ---------------------------------------------------------

    def day_sheet(self, day: date) -> DaySheet:
        return self._book.day_sheets.sheet(self._caller, self._location.id, day)

    def reservations_csv(self, first: date, last: date) -> str:
        return self._book.exports.reservations_csv(self._caller, self._location.id, first, last)

    def guests_csv(self, first: date, last: date) -> str:
        return self._book.exports.guests_csv(self._caller, self._location.id, first, last)

    # --- imports ---------------------------------------------------------------------------

    def read_import(self, text: str) -> ImportPlan:
        """What a file would book, row by row; nothing is written yet."""
        preview = self._book.exports.read_reservations(self._location.id, text)
        return ImportPlan(preview, tuple(_line(row) for row in preview.rows))

    def run_import(self, plan: ImportPlan, initiator: object = None) -> list[ImportResult]:
        """Book the plan's readable rows (as the stand); what became of every row, in file order."""
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        report = self._book.exports.import_reservations(caller, plan.preview)
        booked = [r for _, r in report.booked]
        if booked:
            self._feed.announce(Changes.of(self._location.info.time_zone, after=booked), initiator)
        results = [ImportResult(line, reservation=r) for line, r in report.booked]
        results += [ImportResult(r.line, error=r.error, problem=None if r.problem is None else str(r.problem),
                                 detail=r.detail) for r in report.refused]
        return sorted(results, key=lambda r: r.line)

    # --- reports ---------------------------------------------------------------------------

    def report(self, first: date, last: date) -> ManagerReport:
        return self._book.reports.report(self._caller, self._location.id, first, last)

    def load_report(self, first: date, last: date) -> None:
        """Work the report out off the GUI thread (months of audit entries); `report_ready` follows."""

        def failed(error: BaseException) -> None:
            if not isinstance(error, ReservationBookError):
                raise error
            self.failed.emit(error)

        self._runner.run("report", lambda: self.report(first, last), self.report_ready.emit, failed)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.location is not None and changes.location.id == self._location.id:
            self._location = changes.location
