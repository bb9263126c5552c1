"""CSV files: reservations or guests of a run of days out to a spreadsheet, and reservations of
another system in, shown row by row before anything is booked, with a plain report after.

File names come from the platform's file dialogs through `open_file_name` / `save_file_name`,
which tests replace.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.paperwork import ImportLine, ImportPlan, ImportResult, Paperwork
from maitred.controllers.walk_in import table_names
from maitred.domain.errors import ReservationBookError
from maitred.domain.schedule import zone
from maitred.ui import status_style as st
from maitred.ui.dialogs.guest_book import save_file_name
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.wording import date_text, time_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("CsvFiles", text)


def open_file_name(parent: QWidget | None, title: str, pattern: str) -> str:
    """Which file to read (the platform's dialog); empty when the host backs out. Tests replace it."""
    name, _ = QFileDialog.getOpenFileName(parent, title, "", pattern)
    return name


def read_text(path: str | Path) -> str:
    """A CSV file's text: UTF-8 (with or without the mark spreadsheets add), else Latin-1."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def problem_text(problem: str | None, detail: str) -> str:
    """Why a row could not be read (`problem` is the name of the reading's `RowProblem`)."""
    texts = {
        "NO_DATE": _tr("the row has no date"),
        "BAD_DATE": _tr("“{value}” is not a date (write 2025-06-13 or 13/06/2025)"),
        "BAD_TIME": _tr("“{value}” is not a time (write 19:30)"),
        "BAD_PARTY": _tr("“{value}” is not a number of guests"),
        "BAD_DURATION": _tr("“{value}” is not a number of minutes"),
        "UNKNOWN_STATUS": _tr("“{value}” is not a status (RESERVED, SEATED, FINISHED…)"),
        "UNKNOWN_SOURCE": _tr("“{value}” is not a source (OFFLINE, ONLINE, WALK_IN)"),
        "UNKNOWN_TABLE": _tr("there is no table “{value}” in this restaurant"),
    }
    return texts.get(problem or "", _tr("the row can't be read")).format(value=detail)


def refusal_text(result: ImportResult) -> str:
    """The core's own reason for a row the book refused; a reading problem in the host's words."""
    if result.error is not None:
        return result.error.message
    return problem_text(result.problem, result.detail)


class ExportDialog(QDialog):
    """File → Export CSV…: reservations or guests of the days chosen."""

    def __init__(self, paperwork: Paperwork, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("csvExportDialog")
        self.setWindowTitle(self.tr("Export to CSV"))
        self.paperwork = paperwork
        self.written: Path | None = None
        self.reservations = QRadioButton(self.tr("&Reservations"), self)
        self.guests = QRadioButton(self.tr("&Guests who booked"), self)
        self.reservations.setChecked(True)
        self.first = QDateEdit(QDate(today.year, today.month, today.day).addDays(-30), self)
        self.last = QDateEdit(QDate(today.year, today.month, today.day), self)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
            edit.setMinimumHeight(36)
        form = QFormLayout()
        what = QHBoxLayout()
        what.addWidget(self.reservations)
        what.addWidget(self.guests)
        form.addRow(self.tr("What"), what)
        form.addRow(self.tr("&From"), self.first)
        form.addRow(self.tr("&To"), self.last)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {st.ALERT_COLOR.name()};")
        cancel = QPushButton(self.tr("Cancel"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setDefault(True)
        for button in (cancel, self.export_button):
            button.setMinimumHeight(36)
        cancel.clicked.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def days(self) -> tuple[date, date]:
        first, last = self.first.date(), self.last.date()
        return date(first.year(), first.month(), first.day()), date(last.year(), last.month(), last.day())

    def export(self) -> None:
        first, last = self.days()
        if last < first:
            self.error.setText(self.tr("The first day must come before the last one."))
            return
        kind = "reservations" if self.reservations.isChecked() else "guests"
        name = save_file_name(self, self.tr("Export to CSV"), f"{kind}-{first.isoformat()}-{last.isoformat()}.csv",
                              self.tr("CSV files (*.csv)"))
        if not name:
            return
        try:
            text = (self.paperwork.reservations_csv(first, last) if kind == "reservations"
                    else self.paperwork.guests_csv(first, last))
            Path(name).write_text(text, encoding="utf-8-sig", newline="")
        except ReservationBookError as error:
            self.error.setText(sentence_for(error))
            return
        except OSError as error:
            self.error.setText(self.tr("The file could not be written: {reason}").format(
                reason=error.strerror or error))
            return
        self.written = Path(name)
        self.accept()


class ImportDialog(QDialog):
    """File → Import CSV…: what each row would book, then book the readable ones; the refused
    rows stay listed with their reason."""

    COLUMNS = 6

    def __init__(self, paperwork: Paperwork, plan: ImportPlan, file_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("csvImportDialog")
        self.setWindowTitle(self.tr("Import reservations — {file}").format(file=Path(file_name).name))
        self.paperwork = paperwork
        self.plan = plan
        self.results: list[ImportResult] | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(plan.lines), self.COLUMNS, self)
        self.table.setObjectName("importRows")
        self.table.setHorizontalHeaderLabels([self.tr("Line"), self.tr("When"), self.tr("Guests"), self.tr("Name"),
                                              self.tr("Tables"), self.tr("Result")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, line in enumerate(plan.lines):
            self._fill_row(row, line)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(self.COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        ready = plan.ready
        self.book_button = QPushButton(self.tr("Book {count} rows").format(count=ready), self)
        self.book_button.setEnabled(ready > 0)
        self.book_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Cancel"), self)
        for button in (self.book_button, self.close_button):
            button.setMinimumHeight(36)
        self.book_button.clicked.connect(self.book)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.book_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.summary.setText(self.tr("{rows} rows read: {ready} can be booked, {bad} can't be read (see Result). "
                                     "Each row is booked as at the stand; rows the book refuses are listed after.")
                             .format(rows=len(plan.lines), ready=ready, bad=len(plan.lines) - ready))
        self.resize(900, 560)

    def _fill_row(self, row: int, line: ImportLine) -> None:
        location = self.paperwork.location
        tz = location.info.time_zone
        values = [str(line.line), "", "", line.name, "", ""]
        if line.problem is None and line.start is not None:
            values[1] = f"{date_text(line.start.astimezone(zone(tz)).date())} {time_text(line.start, tz)}"
            values[2] = str(line.party_size)
            values[4] = table_names(location, line.table_ids) if line.table_ids else self.tr("best free")
            values[5] = self.tr("ready")
        else:
            values[5] = "✗ " + problem_text(line.problem, line.detail)
        for column, value in enumerate(values):
            cell = QTableWidgetItem(value)
            if column == self.COLUMNS - 1 and line.problem is not None:
                cell.setForeground(st.ALERT_COLOR)
            self.table.setItem(row, column, cell)

    def book(self) -> list[ImportResult] | None:
        """Book every readable row; then the table says what became of each."""
        try:
            self.results = self.paperwork.run_import(self.plan, initiator=self)
        except ReservationBookError as error:
            self.summary.setText(sentence_for(error))
            return None
        rows = {line.line: row for row, line in enumerate(self.plan.lines)}
        for result in self.results:
            if result.reservation is not None:
                cell = QTableWidgetItem(self.tr("✓ booked ({tables})").format(
                    tables=table_names(self.paperwork.location, result.reservation.table_ids) or self.tr("no table")))
            else:
                cell = QTableWidgetItem("✗ " + refusal_text(result))
                cell.setForeground(st.ALERT_COLOR)
                if result.error is not None:
                    cell.setToolTip(sentence_for(result.error))
            self.table.setItem(rows[result.line], self.COLUMNS - 1, cell)
        booked = sum(1 for r in self.results if r.reservation is not None)
        self.summary.setText(self.tr("{booked} rows booked; {refused} could not be taken (marked ✗ with the reason).")
                             .format(booked=booked, refused=len(self.results) - booked))
        self.book_button.setEnabled(False)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.results
