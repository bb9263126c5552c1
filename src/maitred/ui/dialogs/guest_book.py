"""The guest book (Guests → Guest book…): find a guest, read and edit their card, merge a
duplicate, export their data or erase them on request.

The card shows what the house knows (tags, notes) beside the record the reservations make
(visits, cancellations, no-shows); a no-show is shown in red with a mark, not by colour alone.
Merging, exporting and erasing are a manager's; erasing asks first and cannot be undone.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.guest_book import GuestDesk
from maitred.domain.errors import ReservationBookError
from maitred.domain.guest import SUGGESTED_TAGS, Guest, GuestCard, GuestHasUpcomingVisit, GuestHistory, clean_tags
from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.schedule import zone
from maitred.ui import status_style as st
from maitred.ui.dialogs import messages
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.wording import date_text, time_text

S = ReservationStatus
SEARCH_DELAY_MS = 200


def _tr(text: str) -> str:
    return QCoreApplication.translate("GuestBook", text)


def guest_line(guest: Guest) -> str:
    """ "Anna Rossi · +39 333 123 4567" (a nameless guest by number only)."""
    return f"{guest.display_name} · {guest.phone}" if guest.display_name else guest.phone


def record_text(history: GuestHistory, time_zone: str) -> str:
    """ "3 visits (last Fri 13 Jun) · 1 cancellation · 1 no-show (Tue 3 Jun) · 1 booking to come"."""
    def on(moment: datetime | None) -> str:
        return date_text(moment.astimezone(zone(time_zone)).date()) if moment is not None else ""

    parts = [_tr("{count} visits").format(count=history.visits) if history.visits != 1 else _tr("1 visit")]
    if history.last_visit is not None:
        parts[-1] += " " + _tr("(last {day})").format(day=on(history.last_visit))
    if history.cancellations:
        parts.append(_tr("{count} cancelled").format(count=history.cancellations))
    if history.no_shows:
        parts.append(_tr("⚠ {count} no-show (last {day})").format(count=history.no_shows,
                                                                 day=on(history.last_no_show)))
    if history.upcoming:
        parts.append(_tr("{count} to come").format(count=history.upcoming))
    return " · ".join(parts)


def save_file_name(parent: QWidget | None, title: str, suggested: str, pattern: str) -> str:
    """Where to write a file (the platform's dialog); empty when the host backs out. Tests replace it."""
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
    return name


class GuestBookDialog(QDialog):
    """Search on the left, the chosen guest's card on the right."""

    def __init__(self, desk: GuestDesk, parent: QWidget | None = None, *, text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("guestBookDialog")
        self.setWindowTitle(self.tr("Guest book"))
        self.desk = desk
        self.card: GuestCard | None = None
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Name, e-mail or three digits of the phone…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(36)
        self.search.setAccessibleName(self.tr("Find a guest"))
        self.results = QListWidget(self)
        self.results.setObjectName("guestResults")
        self.results.setAccessibleName(self.tr("Guests found"))
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.results, 1)

        self.card_box = QGroupBox(self.tr("Guest"), self)
        self.first_name = QLineEdit(self.card_box)
        self.last_name = QLineEdit(self.card_box)
        self.phone = QLabel(self.card_box)
        self.phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.email = QLineEdit(self.card_box)
        self.tags = QLineEdit(self.card_box)
        self.tags.setPlaceholderText(self.tr("comma between tags: VIP, Allergy: nuts, High chair"))
        tag_buttons = QHBoxLayout()
        tag_buttons.setSpacing(4)
        for tag in SUGGESTED_TAGS[:7]:
            button = QPushButton(tag, self.card_box)
            button.setAutoDefault(False)
            button.setMinimumHeight(32)
            button.setToolTip(self.tr("Add the tag “{tag}”").format(tag=tag))
            button.clicked.connect(lambda _=False, t=tag: self.add_tag(t))
            tag_buttons.addWidget(button)
        self.notes = QPlainTextEdit(self.card_box)
        self.notes.setPlaceholderText(self.tr("What the team should know next time"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.record = QLabel(self.card_box)
        self.record.setObjectName("guestRecord")
        self.record.setWordWrap(True)
        self.history = QListWidget(self.card_box)
        self.history.setObjectName("guestHistory")
        self.history.setAccessibleName(self.tr("Reservations of this guest"))
        form = QFormLayout(self.card_box)
        form.addRow(self.tr("&First name"), self.first_name)
        form.addRow(self.tr("&Last name"), self.last_name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("&E-mail"), self.email)
        form.addRow(self.tr("&Tags"), self.tags)
        form.addRow("", tag_buttons)
        form.addRow(self.tr("N&otes"), self.notes)
        form.addRow(self.tr("Record"), self.record)
        form.addRow(self.history)

        self.error = QLabel(self)
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"), self)
        self.merge_button = QPushButton(self.tr("Merge a duplicate…"), self)
        self.export_button = QPushButton(self.tr("Export data…"), self)
        self.erase_button = QPushButton(self.tr("Erase guest…"), self)
        close = QPushButton(self.tr("Close"), self)
        for button in (self.save_button, self.merge_button, self.export_button, self.erase_button, close):
            button.setAutoDefault(False)
            button.setMinimumHeight(36)
        self.save_button.clicked.connect(self.save)
        self.merge_button.clicked.connect(self.merge)
        self.export_button.clicked.connect(self.export)
        self.erase_button.clicked.connect(self.erase)
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        for button in (self.merge_button, self.export_button, self.erase_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addWidget(close)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.card_box, 1)
        right_layout.addWidget(self.error)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([330, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SEARCH_DELAY_MS)
        self._delay.timeout.connect(self.find_guests)
        self.search.textChanged.connect(lambda _t: self._delay.start())
        self.results.currentItemChanged.connect(lambda item, _prev: self.show_guest(item.data(
            Qt.ItemDataRole.UserRole) if item else None))
        self.search.returnPressed.connect(self.results.setFocus)
        self.card_box.setEnabled(False)
        self.search.setText(text)
        self.find_guests()
        self.resize(980, 640)

    # --- finding ---------------------------------------------------------------------------

    def find_guests(self) -> None:
        self._delay.stop()
        try:
            found = self.desk.find(self.search.text())
        except ReservationBookError as error:
            self._say(sentence_for(error))
            return
        current = self.card.guest.id if self.card else None
        self.results.blockSignals(True)
        self.results.clear()
        for guest in found:
            item = QListWidgetItem(("★ " if guest.is_vip else "") + guest_line(guest))
            item.setData(Qt.ItemDataRole.UserRole, guest.id)
            self.results.addItem(item)
        self.results.blockSignals(False)
        ids = [g.id for g in found]
        if current in ids:
            self.results.setCurrentRow(ids.index(current))
        elif found:
            self.results.setCurrentRow(0)
        else:
            self.show_guest(None)

    def show_guest(self, guest_id: object) -> None:
        self._say("")
        if not isinstance(guest_id, str):
            self.card = None
            self.card_box.setEnabled(False)
            for button in (self.merge_button, self.export_button, self.erase_button):
                button.setEnabled(False)
            return
        try:
            self.card = self.desk.card(guest_id)
        except ReservationBookError as error:
            self._say(sentence_for(error))
            return
        guest, history = self.card.guest, self.card.history
        tz = self.desk.location.info.time_zone
        self.card_box.setEnabled(True)
        self.card_box.setTitle(guest_line(guest))
        self.first_name.setText(guest.first_name or "")
        self.last_name.setText(guest.last_name or "")
        phones = guest.phone + ("  " + self.tr("(also {numbers})").format(numbers=", ".join(guest.other_phones))
                                if guest.other_phones else "")
        self.phone.setText(phones)
        self.email.setText(guest.email or "")
        self.tags.setText(", ".join(guest.tags))
        self.notes.setPlainText(guest.notes)
        self.record.setText(record_text(history, tz))
        self.record.setStyleSheet(f"color: {st.ALERT_COLOR.name()};" if history.has_no_show else "")
        self.history.clear()
        for r in history.reservations:
            day = date_text(r.start.astimezone(zone(tz)).date())
            self.history.addItem(f"{day} {time_text(r.start, tz)} · {r.party_size} · {st.status_label(r.status)}")
        manager = self.desk.may_manage
        for button in (self.merge_button, self.export_button, self.erase_button):
            button.setEnabled(manager)

    def add_tag(self, tag: str) -> None:
        self.tags.setText(", ".join(clean_tags([*self.tags.text().split(","), tag])))

    # --- changing --------------------------------------------------------------------------

    def save(self) -> Guest | None:
        if self.card is None:
            return None
        try:
            saved = self.desk.update(self.card.guest, first_name=self.first_name.text(),
                                     last_name=self.last_name.text(), email=self.email.text(),
                                     tags=self.tags.text().split(","), notes=self.notes.toPlainText())
        except ReservationBookError as error:
            self._say(sentence_for(error))
            return None
        self.find_guests()
        self.show_guest(saved.id)
        self._say(self.tr("Saved."), error=False)
        return saved

    def merge(self) -> None:
        """Another profile of the same person (likely duplicates first) becomes part of this one."""
        if self.card is None:
            return
        keep = self.card.guest
        likely = self.desk.duplicates_of(keep.id)
        others = likely + [g for g in self.desk.find("") if g.id != keep.id and g not in likely]
        if not others:
            self._say(self.tr("There is no other guest to merge."))
            return
        labels = [("≈ " if g in likely else "") + guest_line(g) for g in others]
        chosen, ok = QInputDialog.getItem(self, self.tr("Merge a duplicate"), self.tr(
            "Which guest is the same person as {guest}? (≈ : same e-mail or name)").format(guest=guest_line(keep)),
            labels, 0, False)
        if not ok:
            return
        duplicate = others[labels.index(chosen)]
        try:
            merged = self.desk.merge(keep.id, duplicate.id)
        except ReservationBookError as error:
            self._say(sentence_for(error))
            return
        self.find_guests()
        self.show_guest(merged.id)
        self._say(self.tr("Merged: {guest} is now found by both numbers.").format(guest=guest_line(merged)),
                  error=False)

    def export(self) -> Path | None:
        """The guest's data as a JSON file (a request to see what is kept about them)."""
        if self.card is None:
            return None
        guest = self.card.guest
        suggested = f"guest-{(guest.display_name or guest.phone).replace(' ', '-').lower()}.json"
        name = save_file_name(self, self.tr("Export the guest's data"), suggested, self.tr("JSON files (*.json)"))
        if not name:
            return None
        try:
            Path(name).write_text(self.desk.export_json(guest.id), encoding="utf-8")
        except OSError as error:
            self._say(self.tr("The file could not be written: {reason}").format(reason=error.strerror or error))
            return None
        except ReservationBookError as error:
            self._say(sentence_for(error))
            return None
        self._say(self.tr("Exported to {file}.").format(file=name), error=False)
        return Path(name)

    def erase(self) -> bool:
        """Forget the guest (asks first): profile gone, names blanked on their reservations."""
        if self.card is None:
            return False
        guest = self.card.guest
        question = self.tr("Erase {guest}? Their profile goes, and their name, phone and e-mail are blanked on "
                           "every reservation. This can't be undone.").format(guest=guest_line(guest))
        if not messages.confirm(self, question, self.tr("Erase guest")):
            return False
        try:
            erased = self.desk.erase(guest.id, initiator=self)
        except GuestHasUpcomingVisit:
            self._say(self.tr("{guest} is expected, at a table or waiting: erase them after the visit, or cancel "
                              "their booking first.").format(guest=guest_line(guest)))
            return False
        except ReservationBookError as error:
            self._say(sentence_for(error))
            return False
        self.card = None
        self.find_guests()
        self._say(self.tr("Erased; {count} reservations no longer name them.").format(
            count=len(erased.reservations)), error=False)
        return True

    def _say(self, text: str, *, error: bool = True) -> None:
        self.error.setText(text)
        self.error.setStyleSheet(f"color: {st.ALERT_COLOR.name()};" if error else "")
        self.error.setVisible(bool(text))
