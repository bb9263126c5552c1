"""The manager's reports: covers, no-shows and cancellations, turn times and waits, for a run of
days, as four charts and a line of totals. The figures are worked out off the GUI thread."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.paperwork import Paperwork
from maitred.domain.meal_periods import MealKind
from maitred.domain.service_report import LARGE_PARTY, ManagerReport
from maitred.ui import status_style as st
from maitred.ui.charts import BarChart, LineChart, Series
from maitred.ui.dialogs.messages import sentence_for


def meal_name(kind: MealKind) -> str:
    names = {
        MealKind.BREAKFAST: QCoreApplication.translate("Reports", "Breakfast"),
        MealKind.LUNCH: QCoreApplication.translate("Reports", "Lunch"),
        MealKind.DINNER: QCoreApplication.translate("Reports", "Dinner"),
    }
    return names[kind]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(picked: QDate) -> date:
    return date(picked.year(), picked.month(), picked.day())


def day_label(day: date, many: bool) -> str:
    """ "Fri 13" for a week, "13/6" for longer runs (the axis has room for less)."""
    return QLocale().toString(_qdate(day), "d/M" if many else "ddd d")


def percent(value: float) -> str:
    """ "4.5 %", "12 %": a decimal only where it says something."""
    shown = round(value * 100, 1)
    return f"{shown:.1f} %" if shown < 10 and shown != int(shown) else f"{shown:.0f} %"


class ReportsDialog(QDialog):
    """Reports → a run of days (the last seven up to today by default)."""

    def __init__(self, paperwork: Paperwork, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsDialog")
        self.paperwork = paperwork
        self.setWindowTitle(self.tr("Reports — {restaurant}").format(restaurant=paperwork.location.info.name))
        self.report: ManagerReport | None = None
        self.first = QDateEdit(_qdate(today - timedelta(days=6)), self)
        self.last = QDateEdit(_qdate(today), self)
        for edit, name in ((self.first, self.tr("First day")), (self.last, self.tr("Last day"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
            edit.setAccessibleName(name)
            edit.setMinimumHeight(36)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.load)
        presets = QHBoxLayout()
        for text, days in ((self.tr("Last 7 days"), 7), (self.tr("Last 30 days"), 30), (self.tr("Last 90 days"), 90)):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _=False, n=days: self.show_days(today - timedelta(days=n - 1), today))
            presets.addWidget(button)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("From"), self))
        row.addWidget(self.first)
        row.addWidget(QLabel(self.tr("to"), self))
        row.addWidget(self.last)
        row.addWidget(self.show_button)
        row.addSpacing(16)
        row.addLayout(presets)
        row.addStretch(1)

        self.summary = QLabel(self)
        self.summary.setObjectName("reportSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.covers = BarChart(self.tr("Covers per day, by service"), self, stacked=True)
        self.rates = LineChart(self.tr("No-shows and cancellations (% of bookings)"), self, value_text=percent)
        self.turns = BarChart(self.tr("Average turn time by party size (minutes)"), self,
                              value_text=lambda v: f"{v:.0f}")
        self.waits = BarChart(self.tr("Waitlist: quoted and actual wait (minutes, average per day)"), self,
                              value_text=lambda v: f"{v:.0f}")
        grid = QGridLayout()
        for i, chart in enumerate((self.covers, self.rates, self.turns, self.waits)):
            grid.addWidget(chart, i // 2, i % 2)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        paperwork.report_ready.connect(self.show_report)
        paperwork.failed.connect(self._on_failed)
        self.resize(1120, 700)

    def show_days(self, first: date, last: date) -> None:
        self.first.setDate(_qdate(first))
        self.last.setDate(_qdate(last))
        self.load()

    def load(self) -> None:
        first, last = _date(self.first.date()), _date(self.last.date())
        if last < first:
            self.summary.setText(self.tr("The first day must come before the last one."))
            return
        self.summary.setText(self.tr("Working the figures out…"))
        self.paperwork.load_report(first, last)

    def show_report(self, report: object) -> None:
        assert isinstance(report, ManagerReport)
        self.report = report
        many = len(report.days) > 10
        days = [day_label(d.day, many) for d in report.days]
        kinds = [k for k in MealKind if any(k in d.covers for d in report.days)]
        self.covers.set_data(days, [Series(meal_name(k), tuple(float(d.covers.get(k, 0)) for d in report.days))
                                    for k in kinds])
        self.rates.set_data(days, [
            Series(self.tr("No-shows"), tuple(d.no_show_rate for d in report.days)),
            Series(self.tr("Cancellations"), tuple(d.cancellation_rate for d in report.days)),
        ])
        sizes = [self.tr("{size}+").format(size=t.party_size) if t.party_size == LARGE_PARTY else str(t.party_size)
                 for t in report.turns]
        self.turns.set_data(sizes, [Series("", tuple(t.average_minutes for t in report.turns))])
        self.waits.set_data(days, [
            Series(self.tr("Quoted"), tuple(d.quoted_wait for d in report.days)),
            Series(self.tr("Actual"), tuple(d.actual_wait for d in report.days)),
        ])
        self.summary.setText(self.summary_text(report))

    def summary_text(self, report: ManagerReport) -> str:
        parts = [self.tr("{covers} covers").format(covers=report.covers)]
        meals = report.covers_by_meal()
        if meals:
            parts.append(", ".join(f"{meal_name(k)} {meals[k]}" for k in MealKind if k in meals))
        none = self.tr("none booked")
        parts.append(self.tr("no-shows {rate}").format(
            rate=percent(report.no_show_rate) if report.no_show_rate is not None else none))
        parts.append(self.tr("cancellations {rate}").format(
            rate=percent(report.cancellation_rate) if report.cancellation_rate is not None else none))
        waits = report.waits
        if waits.parties:
            parts.append(self.tr("{parties} parties waited: {seated} seated ({within} within their quote), "
                                 "{left} left; quoted {quoted} min, actual {actual} min on average").format(
                parties=waits.parties, seated=waits.seated, within=waits.within_quote, left=waits.left,
                quoted=f"{waits.quoted_average:.0f}" if waits.quoted_average is not None else "–",
                actual=f"{waits.actual_average:.0f}" if waits.actual_average is not None else "–"))
        else:
            parts.append(self.tr("nobody waited"))
        measured = sum(t.measured for t in report.turns)
        tables = sum(t.tables for t in report.turns)
        if tables:
            parts.append(self.tr("turn times of {measured} of {tables} tables measured (the rest as planned)")
                         .format(measured=measured, tables=tables))
        return " · ".join(parts)

    def _on_failed(self, error: object) -> None:
        self.summary.setText(f"<span style='color:{st.ALERT_COLOR.name()}'>{sentence_for(error)}</span>"
                             if isinstance(error, BaseException) else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.load()
            event.accept()
            return
        super().keyPressEvent(event)
