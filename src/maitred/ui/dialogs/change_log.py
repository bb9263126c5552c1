"""The manager's change log (Stand → Change log…): every change in the book, newest first.

Who did it, at which stand, when, to what, and what changed — a reservation in the same words as
its own history, the restaurant's settings, the staff list. Filtered by day and by person, a page
of fifty at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.change_log import ChangeLogBrowser
from maitred.domain.audit import ReservationChange
from maitred.domain.change_log import ChangeLogEntry, ChangeLogPage
from maitred.domain.errors import ReservationBookError
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.staff import StaffMember
from maitred.ui.dialogs.history import describe_change
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.staff_wording import role_text
from maitred.ui.dialogs.wording import guest_name, moment_text

COLUMNS = 5


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChangeLog", text)


def describe_entry(entry: ChangeLogEntry, location: ReservationLocation) -> tuple[str, str]:
    """(what was changed, how) for one entry, in the host's words."""
    tr = _tr
    before, after = entry.before, entry.after
    if isinstance(before, Reservation | None) and isinstance(after, Reservation | None) and (before or after):
        subject = before or after
        assert subject is not None
        name = guest_name(subject)
        when = moment_text(subject.start, location.info.time_zone)
        change = ReservationChange(entry.subject_id, entry.location_id, entry.at, entry.actor, entry.scope,
                                   entry.operation, before, after, entry.terminal, entry.id)
        return tr("{guest}, {when}").format(guest=name, when=when), describe_change(change, location)
    if isinstance(after, ReservationLocation):
        what = tr("Restaurant created") if before is None else tr("Settings changed")
        return tr("Restaurant {name}").format(name=after.info.name), what
    if isinstance(after, StaffMember):
        return tr("Staff: {name}").format(name=after.name), _staff_change(entry.operation, before, after)
    return entry.subject_id, entry.operation


def _staff_change(operation: str, before: object, after: StaffMember) -> str:
    tr = _tr
    if operation == "changeStaffPin":
        return tr("PIN changed")
    if not isinstance(before, StaffMember):
        return tr("Added as {role}").format(role=role_text(after.role))
    parts = []
    if before.name != after.name:
        parts.append(tr("renamed {old} → {new}").format(old=before.name, new=after.name))
    if before.role is not after.role:
        parts.append(tr("{old} → {new}").format(old=role_text(before.role), new=role_text(after.role)))
    if before.active != after.active:
        parts.append(tr("may sign in again") if after.active else tr("left: may not sign in any more"))
    return " · ".join(parts) or operation


class ChangeLogDialog(QDialog):
    """Browse the log; `browser` keeps the filters and the pages seen."""

    def __init__(self, browser: ChangeLogBrowser, location: ReservationLocation, day: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changeLogDialog")
        self.setWindowTitle(self.tr("Change log"))
        self.browser = browser
        self.location = location

        self.only_day = QCheckBox(self.tr("Only &the day"), self)
        self.day = QDateEdit(QDate(day.year, day.month, day.day), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setEnabled(False)
        self.only_day.toggled.connect(self.day.setEnabled)
        self.only_day.toggled.connect(lambda _on: self.reload())
        self.day.dateChanged.connect(lambda _d: self.reload() if self.only_day.isChecked() else None)
        self.who = QComboBox(self)
        self.who.setAccessibleName(self.tr("Who"))
        self.who.addItem(self.tr("Everybody"), None)
        self.who.currentIndexChanged.connect(lambda _i: self.reload())
        for widget in (self.only_day, self.day, self.who):
            widget.setMinimumHeight(36)
        filters = QHBoxLayout()
        filters.addWidget(self.only_day)
        filters.addWidget(self.day)
        filters.addSpacing(16)
        who_label = QLabel(self.tr("&Who:"), self)
        who_label.setBuddy(self.who)
        filters.addWidget(who_label)
        filters.addWidget(self.who, 1)

        self.entries = QTreeWidget(self)
        self.entries.setObjectName("changeLogEntries")
        self.entries.setRootIsDecorated(False)
        self.entries.setAlternatingRowColors(True)
        self.entries.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Stand"), self.tr("What"),
                                      self.tr("Change")])
        header = self.entries.header()
        for column in range(COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS - 1, QHeaderView.ResizeMode.Stretch)

        self.message = QLabel(self)
        self.message.setObjectName("changeLogMessage")
        self.message.setWordWrap(True)
        self.newer_button = QPushButton(self.tr("◀ Newer"), self)
        self.older_button = QPushButton(self.tr("Older ▶"), self)
        self.page_label = QLabel(self)
        close = QPushButton(self.tr("Close"), self)
        for button in (self.newer_button, self.older_button, close):
            button.setMinimumHeight(36)
            button.setAutoDefault(False)
        self.newer_button.clicked.connect(lambda: self._show(self.browser.newer))
        self.older_button.clicked.connect(lambda: self._show(self.browser.older))
        close.clicked.connect(self.accept)
        paging = QHBoxLayout()
        paging.addWidget(self.newer_button)
        paging.addWidget(self.page_label)
        paging.addWidget(self.older_button)
        paging.addStretch(1)
        paging.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.entries, 1)
        layout.addWidget(self.message)
        layout.addLayout(paging)
        self.resize(1000, 600)
        self._fill_people()
        self.reload()

    def _fill_people(self) -> None:
        try:
            actors = self.browser.actors()
        except ReservationBookError as error:
            self.message.setText(sentence_for(error))
            return
        self.who.blockSignals(True)
        for actor in actors:
            self.who.addItem(actor, actor)
        self.who.blockSignals(False)

    def filters(self) -> tuple[date | None, str | None]:
        picked = self.day.date()
        day = date(picked.year(), picked.month(), picked.day()) if self.only_day.isChecked() else None
        actor = self.who.currentData()
        return day, actor if isinstance(actor, str) else None

    def reload(self) -> None:
        day, actor = self.filters()
        self._show(lambda: self.browser.show(day, actor))

    def _show(self, load: Callable[[], ChangeLogPage]) -> None:
        try:
            page: ChangeLogPage = load()
        except ReservationBookError as error:
            self.message.setText(sentence_for(error))
            return
        self.message.setText("" if page.entries else self.tr("No changes here."))
        self.entries.clear()
        zone = self.location.info.time_zone
        for entry in page.entries:
            subject, change = describe_entry(entry, self.location)
            who = entry.actor or (self.tr("the system") if entry.scope is None else entry.scope.value.lower())
            item = QTreeWidgetItem([moment_text(entry.at, zone), who, entry.terminal or "", subject, change])
            item.setToolTip(COLUMNS - 1, change)
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            self.entries.addTopLevelItem(item)
        self.newer_button.setEnabled(self.browser.has_newer)
        self.older_button.setEnabled(self.browser.has_older)
        self.page_label.setText(self.tr("Page {number}").format(number=self.browser.page_number))

    def shown_rows(self) -> list[list[str]]:
        """The rows as the manager reads them (for tests and a quick look)."""
        items = [self.entries.topLevelItem(r) for r in range(self.entries.topLevelItemCount())]
        return [[item.text(c) for c in range(COLUMNS)] for item in items if item is not None]
