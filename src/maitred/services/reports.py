"""The manager's report over a run of days, read from the book: reservations, the audit log's
seated and finished moments, and the waitlist."""

from __future__ import annotations

from datetime import date, timedelta

from maitred.domain.errors import FieldViolation, InvalidArgument
from maitred.domain.service_report import ManagerReport, build_report, stays_from_moves
from maitred.services.commands import Caller
from maitred.services.exports import ExportService, local_day_span
from maitred.services.ports import UnitOfWorkFactory
from maitred.services.reservations import require_staff

#: The longest run of days one report reads (a year and a day: a whole year, leap or not).
MAX_DAYS = 367


class ReportService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, exports: ExportService) -> None:
        self._uow = unit_of_work
        self._exports = exports

    def report(self, caller: Caller, location_id: str, first: date, last: date) -> ManagerReport:
        require_staff(caller, "reading the reports")
        if last < first or (last - first).days >= MAX_DAYS:
            raise InvalidArgument(FieldViolation(
                "days", f"choose from 1 to {MAX_DAYS} days, the first before the last"))
        location = self._exports.location(location_id)
        reservations = self._exports.reservations_between(caller, location_id, first, last)
        with self._uow() as uow:
            start, end = local_day_span(first, last, location.info.time_zone)
            # A table finished after midnight (or a day later) still belongs to its day.
            moves = uow.stays.status_moves(location_id, start - timedelta(days=1), end + timedelta(days=2))
            parties = uow.waitlist.added_between(location_id, start, end)
        return build_report(location, first, last, reservations, stays_from_moves(moves), parties)
