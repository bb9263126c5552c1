"""Everything about one reservation: its fields, the status moves allowed from where it is, which
tables would fit (and why the others don't), and who changed what.

The status buttons come from the lifecycle table itself (`ALLOWED_STATUS_CHANGES`), so the
dialog never offers a move the book would refuse. A change made elsewhere to the same
reservation (another terminal, the sweeper) reloads the dialog and says so.

What the host typed is never lost without a word: Enter saves it, Esc and Close ask first, a
status button saves it before the move, and a change from another stand does not overwrite it
(a notice offers Reload instead).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import Enum

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.changes import Changes
from maitred.controllers.details import ReservationDetails, ReservationEdit, TableChoices
from maitred.controllers.session import StandSession
from maitred.controllers.walk_in import table_names
from maitred.domain.errors import ReservationBookError, TimeNotAvailable
from maitred.domain.lifecycle import ALLOWED_STATUS_CHANGES, CANCELABLE_STATUSES, ReservationStatus
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import zone
from maitred.ui import status_style as st
from maitred.ui.dialogs import messages, pin_pad
from maitred.ui.dialogs.history import describe_change
from maitred.ui.dialogs.table_choice import TableChoiceModel
from maitred.ui.dialogs.wording import (
    action_label,
    date_edit_format,
    guest_name,
    location_conflict_text,
    moment_text,
    time_edit_format,
    weekday_text,
)

S = ReservationStatus


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReservationDetailsDialog", text)


# --- edits not saved yet ----------------------------------------------------------------------


class EditsAnswer(Enum):
    """What the host wants done with edits not saved yet, when closing."""

    SAVE = "save"
    DISCARD = "discard"
    KEEP_EDITING = "keep editing"


def ask_about_unsaved_edits(parent: QWidget | None, guest: str) -> EditsAnswer:
    """Closing with edits not saved: Save (the default, Enter), Discard, or Keep editing (Esc),
    so a hurried key never throws the edits away."""
    box = QMessageBox(QMessageBox.Icon.Question, _tr("Maitre D"),
                      _tr("Save changes to {guest}?").format(guest=guest),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("unsavedEditsBox")
    box.setInformativeText(_tr("Your edits to this reservation are not saved yet."))
    save = box.addButton(_tr("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return EditsAnswer.SAVE
    if clicked is discard:
        return EditsAnswer.DISCARD
    return EditsAnswer.KEEP_EDITING


# --- the dialog -----------------------------------------------------------------------------


class ReservationDetailsDialog(QDialog):
    """One reservation, editable; status moves happen at once, field edits on Save."""

    def __init__(self, session: StandSession, reservation_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reservationDetailsDialog")
        self.session = session
        self.details: ReservationDetails = session.details()
        self.location = self.details.location
        self._zone = self.location.info.time_zone
        self.reservation: Reservation = self.details.get(reservation_id)
        self.status_buttons: dict[ReservationStatus, QPushButton] = {}

        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        font = self.status_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.status_label.setFont(font)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.source_label = QLabel(self)
        self.notice = QLabel(self)
        self.notice.setObjectName("noticeLabel")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.reload_button = QPushButton(self.tr("Reload"), self)
        self.reload_button.setObjectName("reloadButton")
        self.reload_button.setToolTip(self.tr("Show the reservation as it is now; the edits made here are dropped"))
        self.reload_button.setVisible(False)
        self._editable = False

        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(date_edit_format())
        self.weekday = QLabel(self)
        self.weekday.setObjectName("weekdayLabel")
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat(time_edit_format())
        self.party = QSpinBox(self)
        self.party.setRange(1, 1000)
        self.length = QSpinBox(self)
        self.length.setRange(5, 24 * 60)
        self.length.setSuffix(self.tr(" min"))
        self.length.setSingleStep(15)
        self.first_name = QLineEdit(self)
        self.last_name = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.notes = QLineEdit(self)
        self.decline_reason = QLabel(self)
        self.decline_reason.setWordWrap(True)
        self.custom_fields: dict[str, QLineEdit] = {}

        when = QHBoxLayout()
        when.addWidget(self.date, 2)
        when.addWidget(self.weekday)
        when.addWidget(self.time, 1)
        form = self._form = QFormLayout()
        form.addRow(self.tr("Date and time"), when)
        form.addRow(self.tr("&Guests"), self.party)
        form.addRow(self.tr("&Length"), self.length)
        form.addRow(self.tr("&First name"), self.first_name)
        form.addRow(self.tr("&Last name"), self.last_name)
        form.addRow(self.tr("&Phone"), self.phone)
        form.addRow(self.tr("&E-mail"), self.email)
        form.addRow(self.tr("N&ote"), self.notes)
        for definition in self.location.form.custom_fields:
            edit = QLineEdit(self)
            edit.setObjectName(f"custom:{definition.id}")
            form.addRow(definition.name, edit)
            self.custom_fields[definition.id] = edit
        form.addRow(self.tr("Decline reason"), self.decline_reason)
        for widget in (self.date, self.time, self.party, self.length, self.first_name, self.last_name,
                       self.phone, self.email, self.notes, *self.custom_fields.values()):
            widget.setMinimumHeight(32)

        self.actions_box = QGroupBox(self.tr("Change status"), self)
        self.actions_grid = QGridLayout(self.actions_box)

        self.tables = QListView(self)
        self.tables.setObjectName("tableChoice")
        self.table_model = TableChoiceModel(self)
        self.tables.setModel(self.table_model)
        self.tables.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tables.setSpacing(2)
        self.tables_note = QLabel(self)
        self.tables_note.setWordWrap(True)
        tables_page = QWidget(self)
        tables_layout = QVBoxLayout(tables_page)
        tables_layout.addWidget(self.tables_note)
        tables_layout.addWidget(self.tables)
        self.history = QTreeWidget(self)
        self.history.setObjectName("history")
        self.history.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What")])
        self.history.setRootIsDecorated(False)
        self.history.setWordWrap(True)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.addTab(tables_page, self.tr("Tables"))
        self.side_tabs.addTab(self.history, self.tr("History"))

        self.error = QLabel(self)
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {st.ALERT_COLOR.name()};")
        self.error.setVisible(False)
        self.save_button = QPushButton(self.tr("Save changes"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        for button in (self.save_button, self.close_button, self.reload_button):
            button.setMinimumHeight(36)
            button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.reload_button.clicked.connect(self.reload)

        left = QVBoxLayout()
        heading = QHBoxLayout()
        heading.addWidget(self.status_label, 1)
        heading.addWidget(self.source_label)
        left.addLayout(heading)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.reload_button)
        left.addLayout(notice_row)
        left.addLayout(form)
        left.addWidget(self.actions_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(self.side_tabs, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(bottom)
        self.resize(900, 600)

        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(250)
        self._recheck.timeout.connect(self.check_tables)
        for signal in (self.date.dateChanged, self.time.timeChanged, self.party.valueChanged,
                       self.length.valueChanged):
            signal.connect(lambda *_: self._recheck.start())
            signal.connect(lambda *_: self._show_edit_state())
        for edit in (self.first_name, self.last_name, self.phone, self.email, self.notes,
                     *self.custom_fields.values()):
            edit.textChanged.connect(lambda *_: self._show_edit_state())
        self.tables.selectionModel().currentChanged.connect(lambda *_: self._show_edit_state())
        self.date.dateChanged.connect(lambda picked: self.weekday.setText(weekday_text(picked.toPython())))
        session.feed.changed.connect(self._on_changed)
        self._listening = True
        self.show_reservation(self.reservation)
        self._start_focus()

    # --- showing ---------------------------------------------------------------------------

    def show_reservation(self, reservation: Reservation) -> None:
        """Fill every field from a snapshot and rebuild the status buttons and the side tabs."""
        self.reservation = reservation
        self.setWindowTitle(self.tr("{guest} · {party} — reservation").format(
            guest=guest_name(reservation), party=reservation.party_size))
        now = self.details.now()
        self.status_label.setText(st.describe(reservation, now))
        look = st.style_for(reservation.status)
        self.status_label.setStyleSheet(
            f"background: {look.fill.name()}; color: {look.text.name()}; padding: 4px 8px; border-radius: 4px;")
        self.source_label.setText(self._source_text(reservation))
        local = reservation.start.astimezone(zone(self._zone))
        widgets = (self.date, self.time, self.party, self.length)
        for widget in widgets:
            widget.blockSignals(True)
        self.date.setDate(QDate(local.year, local.month, local.day))
        self.weekday.setText(weekday_text(local.date()))
        self.time.setTime(QTime(local.hour, local.minute))
        self.party.setValue(reservation.party_size)
        self.length.setValue(round(reservation.duration.total_seconds() / 60))
        for widget in widgets:
            widget.blockSignals(False)
        guest = reservation.reservee
        self.first_name.setText(guest.first_name or "" if guest else "")
        self.last_name.setText(guest.last_name or "" if guest else "")
        self.phone.setText(guest.phone or "" if guest else "")
        self.email.setText(guest.email or "" if guest else "")
        for field_id, edit in self.custom_fields.items():
            edit.setText(str(guest.custom_fields.get(field_id, "")) if guest else "")
        self.notes.setText(reservation.team_message or "")
        self.decline_reason.setText(reservation.decline_reason or "")
        self._form.setRowVisible(self.decline_reason, bool(reservation.decline_reason))  # only once declined
        editable = reservation.status is not S.HELD and self.session.actions.may_change  # a viewer only reads
        self._editable = editable
        for field in (*widgets, self.first_name, self.last_name, self.phone, self.email, self.notes,
                      *self.custom_fields.values(), self.save_button, self.tables):
            field.setEnabled(editable)
        self.reload_button.setVisible(False)
        self._build_status_buttons()
        self.check_tables(keep_pick=False)
        self.show_history()
        self._show_edit_state()

    def _start_focus(self) -> None:
        """The focus starts on Close, where a stray key changes nothing (Enter and Space close
        the untouched dialog): not on the date, where it would move the booking to another day,
        nor in the note, whose text the dialog's first focus selects for a stray key to replace.
        The fields are a click or their Alt+letter away."""
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_edit_state(self) -> None:
        """Enter saves while there are edits, and closes when there are none."""
        dirty = self.has_unsaved_edits()
        (self.save_button if dirty else self.close_button).setDefault(True)

    def _source_text(self, reservation: Reservation) -> str:
        words = {"ONLINE": self.tr("online"), "OFFLINE": self.tr("by phone / at the stand"),
                 "WALK_IN": self.tr("walk-in"), "UNDEFINED": self.tr("at the stand")}
        return words.get(reservation.source.value, reservation.source.value)

    def _build_status_buttons(self) -> None:
        for button in self.status_buttons.values():
            self.actions_grid.removeWidget(button)
            button.deleteLater()
        self.status_buttons = {}
        current = self.reservation.status
        targets = sorted(ALLOWED_STATUS_CHANGES[current], key=lambda s: list(S).index(s))
        if current in CANCELABLE_STATUSES and S.CANCELED not in targets:
            targets.append(S.CANCELED)
        for i, target in enumerate(targets):
            button = QPushButton(action_label(current, target), self.actions_box)
            button.setObjectName(f"status:{target.value}")
            button.setMinimumHeight(40)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, t=target: self.change_status(t))
            button.setEnabled(self.session.actions.may_change)
            self.actions_grid.addWidget(button, i // 3, i % 3)
            self.status_buttons[target] = button
        if not targets:
            hint = QPushButton(self.tr("No status change possible"), self.actions_box)
            hint.setEnabled(False)
            self.actions_grid.addWidget(hint, 0, 0)
            self.status_buttons[current] = hint

    def check_tables(self, keep_pick: bool = True) -> None:
        """Which tables fit the stay as now typed in, and why the others don't; a table the host
        picked stays picked when the time or party size changes (`keep_pick`)."""
        start, end = self._stay()
        picked = self._chosen_tables() if keep_pick else None
        try:
            found: TableChoices = self.details.table_choices(self.reservation, start, end, self.party.value())
        except ReservationBookError as error:
            self.tables_note.setText(messages.sentence_for(error))
            return
        self.table_model.set_choices(found.choices, self.party.value())
        row = None if picked is None else self.table_model.row_of(picked)
        if row is None:
            row = self.table_model.row_of(self.reservation.table_ids)
        if row is not None:
            self.tables.setCurrentIndex(self.table_model.index(row))
        self._show_edit_state()
        notes = [location_conflict_text(c).capitalize() + "." for c in found.location_conflicts]
        for clash in self.reservation.table_clashes:
            notes.append(self.tr("Booked anyway: {table} is shared with another reservation.").format(
                table=table_names(self.location, (clash.table_id,))))
        usable = sum(1 for c in found.choices if c.usable)
        notes.insert(0, self.tr("Free for this stay: {count}.").format(count=usable))
        self.tables_note.setText(" ".join(notes))

    def show_history(self) -> None:
        self.history.clear()
        try:
            entries = self.details.history(self.reservation.id)
        except ReservationBookError as error:
            self.history.addTopLevelItem(QTreeWidgetItem(["", "", messages.sentence_for(error)]))
            return
        for entry in entries:
            who = entry.actor or (self.tr("the system") if entry.scope is None else entry.scope.value.lower())
            if entry.terminal:
                who = self.tr("{who} at {stand}").format(who=who, stand=entry.terminal)
            item = QTreeWidgetItem([moment_text(entry.at, self._zone), who, describe_change(entry, self.location)])
            item.setToolTip(2, item.text(2))
            self.history.addTopLevelItem(item)
        self.history.resizeColumnToContents(0)

    # --- acting ----------------------------------------------------------------------------

    def change_status(self, target: ReservationStatus) -> None:
        """A status button: decline asks why, cancel asks to confirm, the rest happen at once.
        Edits typed but not saved are saved first, never dropped by the reload that follows."""
        actions, rid, guest = self.session.actions, self.reservation.id, guest_name(self.reservation)
        cancel = target is S.CANCELED and self.reservation.status in CANCELABLE_STATUSES
        reason: str | None = None
        if target is S.DECLINED:
            reason = messages.ask_decline_reason(self, guest)
            if reason is None:
                return
        elif cancel and not messages.confirm(self, self.tr("Cancel the reservation of {guest}?").format(guest=guest),
                                             self.tr("Cancel reservation")):
            return
        saved_first = self.has_unsaved_edits()
        if saved_first and not self._save_before_status_change():
            return
        try:
            if reason is not None:
                after = actions.decline(rid, reason, initiator=self)
            elif cancel:
                after = actions.cancel(rid, initiator=self)
            else:
                after = actions.change_status(rid, target, initiator=self)
        except ReservationBookError as error:
            self._say(messages.sentence_for(error))
            return
        self._say(self.tr("Your edits were saved first.") if saved_first else "")
        self.show_reservation(after)

    def _save_before_status_change(self) -> bool:
        """Save the edits before a status move; if the book refuses them, the status stays and
        the edits stay on screen, with the reason."""
        if self.save():
            return True
        self._say(self.error.text() + " " + self.tr("The status was not changed; your edits are still here."))
        return False

    def has_unsaved_edits(self) -> bool:
        """Whether the host typed something the book does not have yet."""
        return self._editable and not self.edit().is_empty

    def edit(self) -> ReservationEdit:
        """The fields the host changed, compared with the reservation shown."""
        r = self.reservation
        start, end = self._stay()
        guest = r.reservee

        def changed(edit: QLineEdit, old: str | None) -> str | None:
            return edit.text() if edit.text().strip() != (old or "") else None

        custom_now = {k: e.text().strip() for k, e in self.custom_fields.items()}
        custom_old = {k: str(v) for k, v in (guest.custom_fields.items() if guest else ())}
        # only the fields on the form count; answers to fields since removed are kept as they are
        custom_changed = any(v != custom_old.get(k, "") for k, v in custom_now.items())
        chosen = self._chosen_tables()
        return ReservationEdit(
            start=start if start != r.start else None,
            end=end if end != r.end else None,
            party_size=self.party.value() if self.party.value() != r.party_size else None,
            table_ids=chosen if chosen is not None and frozenset(chosen) != frozenset(r.table_ids) else None,
            first_name=changed(self.first_name, guest.first_name if guest else None),
            last_name=changed(self.last_name, guest.last_name if guest else None),
            phone=changed(self.phone, guest.phone if guest else None),
            email=changed(self.email, guest.email if guest else None),
            custom_fields={**custom_old, **custom_now} if custom_changed else None,
            team_message=changed(self.notes, r.team_message),
        )

    def save(self) -> bool:
        """Save the edited fields; a clash is explained and a FULL host may book anyway."""
        edit = self.edit()
        if edit.is_empty:
            self._say(self.tr("Nothing was changed."))
            return False
        actions = self.session.actions
        try:
            after = actions.save_edit(self.reservation, edit, initiator=self)
        except TimeNotAvailable as refusal:
            if not actions.may_book_anyway or not messages.confirm(
                    self, messages.sentence_for(refusal) + "\n\n" + self.tr("Book it like this anyway?"),
                    self.tr("Book anyway"), self.tr("Go back")):
                self._say(messages.sentence_for(refusal))
                return False
            approval = None
            if actions.override_needs_manager:  # a host: a manager types their PIN for it
                approval = pin_pad.ask_manager(self, self.session.staff, self.tr("Booking anyway"))
                if approval is None:
                    self._say(messages.sentence_for(refusal))
                    return False
            try:
                after = actions.save_edit(self.reservation, edit, anyway=refusal, initiator=self, approval=approval)
            except ReservationBookError as error:
                self._say(self._refusal(error))
                return False
        except ReservationBookError as error:
            self._say(self._refusal(error))
            return False
        self._say(self.tr("Saved."))
        self.show_reservation(after)
        return True

    def _refusal(self, error: ReservationBookError) -> str:
        """Why a save was refused, in one sentence; when a change from elsewhere is in the way,
        the sentence says how to go on and Reload appears beside the notice."""
        if error.code != "REVISION_MISMATCH":
            return messages.sentence_for(error)
        self.reload_button.setVisible(True)
        return self.tr("Not saved: this reservation was changed elsewhere since you opened it. "
                       "Reload to see the change, then make your edits again.")

    def reload(self) -> None:
        """Show the reservation as it is now in the book, dropping the edits made here."""
        try:
            fresh = self.details.get(self.reservation.id)
        except ReservationBookError as error:
            self._say(messages.sentence_for(error))
            return
        self._say("")
        self._show_notice(self.tr("Reloaded: showing it as it is now."))
        self.show_reservation(fresh)

    # --- internals -------------------------------------------------------------------------

    def _stay(self) -> tuple[datetime, datetime]:
        picked, at = self.date.date(), self.time.time()
        local = datetime(picked.year(), picked.month(), picked.day(), at.hour(), at.minute(), tzinfo=zone(self._zone))
        start = local.astimezone(UTC)
        r = self.reservation
        if start.replace(second=0, microsecond=0) == r.start.replace(second=0, microsecond=0):
            start = r.start  # a walk-in at 12:07:31 keeps its seconds
        length = timedelta(minutes=self.length.value())
        if self.length.value() == round(r.duration.total_seconds() / 60):
            length = r.duration  # a stay cut short at 21:43:10 keeps its seconds too
        return start, start + length

    def _chosen_tables(self) -> tuple[str, ...] | None:
        index = self.tables.currentIndex()
        if not index.isValid():
            return None
        return tuple(self.table_model.choice(index.row()).table_ids)

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if initiator is self or self.reservation.id not in changes.reservation_ids:
            return
        if self.reservation.id in changes.removed_ids:
            self._show_notice(self.tr("This reservation was removed meanwhile."))
            self.save_button.setEnabled(False)
            return
        fresh = next(r for r in changes.reservations if r.id == self.reservation.id)
        if fresh.revision == self.reservation.revision:
            return
        if self.has_unsaved_edits():  # what the host is typing stays; they decide
            self._show_notice(self.tr("Changed elsewhere meanwhile (now {status}), so your edits can't be saved "
                                      "over it. Reload to see the change, then make them again.").format(
                status=st.describe(fresh, self.details.now())), reload=True)
            return
        self._show_notice(self.tr("Changed meanwhile (another action or terminal); showing it as it is now."))
        self.show_reservation(fresh)

    def _show_notice(self, text: str, *, reload: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setVisible(True)
        self.reload_button.setVisible(reload)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def reject(self) -> None:
        """Esc, Close or the window's ×: edits not saved yet are never thrown away without asking."""
        if self.has_unsaved_edits():
            answer = ask_about_unsaved_edits(self, guest_name(self.reservation))
            if answer is EditsAnswer.KEEP_EDITING or (answer is EditsAnswer.SAVE and not self.save()):
                return
        super().reject()

    def done(self, result: int) -> None:
        self._recheck.stop()
        if self._listening:
            self._listening = False
            self.session.feed.changed.disconnect(self._on_changed)
        super().done(result)

    def hideEvent(self, event: QHideEvent) -> None:
        self._recheck.stop()
        super().hideEvent(event)


def show(parent: QWidget | None, session: StandSession, reservation_id: str) -> Reservation:
    """Open the details of a reservation until the host closes them; the reservation as it is then."""
    dialog = ReservationDetailsDialog(session, reservation_id, parent)
    dialog.exec()
    result = dialog.reservation
    dialog.deleteLater()
    return result
