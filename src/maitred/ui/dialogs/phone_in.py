"""The phone-in dialog: party, time, a slot held at once, the guest's details, booked.

Built for the keystroke budget of UI.md: Ctrl+N, `4`, Tab, `1930`, Enter (slots appear, the
nearest free one focused), Enter (held), name, Tab, phone, Enter (booked). The hold is taken
the moment a slot is picked and shown with its ten-minute countdown; Escape lets it go, asking
first once a table is held or the guest's details are typed. A time gone by is shown as past,
never focused, and held only when the host says they are recording a late booking.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.phone_in import PhoneInBooking, SlotChoice, WantedTime
from maitred.controllers.session import StandSession
from maitred.controllers.walk_in import table_names
from maitred.domain.errors import InvalidArgument, ReservationBookError
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import zone
from maitred.ui.dialogs import messages
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.parts import back_out_and_act, error_label
from maitred.ui.dialogs.returning_guest import ReturningGuestLookup
from maitred.ui.dialogs.wording import blocker_sentence, blocker_text, date_text, moment_text, time_text
from maitred.ui.party_size import PartySizePicker

SLOT_COLUMNS = 3


class PhoneInDialog(QDialog):
    """One phone call. `booked` carries the reservation when the guest is booked."""

    booked = Signal(object)

    def __init__(self, booking: PhoneInBooking, day: date, parent: QWidget | None = None,
                 party_size: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Phone-in reservation"))
        self.setObjectName("phoneInDialog")
        self.booking = booking
        self.result_reservation: Reservation | None = None
        self._choices: list[SlotChoice] = []
        self._wanted: datetime | None = None
        self._zone = booking.location.info.time_zone
        self.slot_buttons: list[QPushButton] = []

        self.party_picker = PartySizePicker(party_size or 2, self)
        self.party_picker.preset_picked.connect(self._preset)
        self.party = self.party_picker.spin
        self.time = QLineEdit(self)
        self.time.setPlaceholderText(self.tr("e.g. 1930"))
        self.time.setAccessibleName(self.tr("Time"))
        self.time.setMinimumHeight(36)
        self.date = QDateEdit(QDate(day.year, day.month, day.day), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setMinimumHeight(36)
        self.find_button = QPushButton(self.tr("Show times"), self)
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.show_slots)

        when = QHBoxLayout()
        when.addWidget(self.time, 1)
        when.addWidget(self.date, 2)
        when.addWidget(self.find_button)

        ask = QFormLayout()
        ask.addRow(self.tr("&Guests"), self.party_picker)
        ask.addRow(self.tr("&Time"), when)
        self._set_buddy(ask, self.time, 1)
        self.time_note = QLabel(self)  # how the typed time was read: "Taken as 19:30.", "18:30 has passed…"
        self.time_note.setObjectName("timeNote")
        self.time_note.setWordWrap(True)
        self.time_note.setVisible(False)
        ask.addRow("", self.time_note)

        self.slots_box = QGroupBox(self.tr("Times (Enter holds the focused one)"), self)
        self.slots_box.setStyleSheet(
            "QPushButton:focus { border: 3px solid palette(highlight); border-radius: 4px; font-weight: bold; }"
            'QPushButton[past="true"] { color: palette(dark); font-style: italic; }')
        self.slots_grid = QGridLayout(self.slots_box)
        self.slots_hint = QLabel(self.tr("Type a time and press Enter to see the free times around it."),
                                 self.slots_box)
        self.slots_hint.setWordWrap(True)
        self.slots_grid.addWidget(self.slots_hint, 0, 0, 1, SLOT_COLUMNS)

        self.hold_label = QLabel(self)
        self.hold_label.setObjectName("holdLabel")
        self.hold_label.setWordWrap(True)
        self.hold_again = QPushButton(self.tr("Hold again"), self)
        self.hold_again.setAutoDefault(True)
        self.hold_again.setVisible(False)
        self.hold_again.clicked.connect(self._hold_again)
        hold_row = QHBoxLayout()
        hold_row.addWidget(self.hold_label, 1)
        hold_row.addWidget(self.hold_again)

        self.guest_box = QGroupBox(self.tr("Guest"), self)
        guest = QFormLayout(self.guest_box)
        self.name = QLineEdit(self.guest_box)
        self.phone = QLineEdit(self.guest_box)
        self.email = QLineEdit(self.guest_box)
        self.notes = QLineEdit(self.guest_box)
        self.phone.setPlaceholderText(self.tr("national or +international"))
        self.notes.setPlaceholderText(self.tr("for the team: allergies, high chair, birthday…"))
        guest.addRow(self.tr("&Name"), self.name)
        guest.addRow(self.tr("&Phone"), self.phone)
        # A returning guest, recognised from the third digit of the phone (the guest book).
        self.returning = ReturningGuestLookup(booking, self.phone, self.name, self.email, self.guest_box)
        guest.addRow("", self.returning.card)
        guest.addRow(self.tr("&E-mail"), self.email)
        guest.addRow(self.tr("N&ote"), self.notes)
        self.custom_fields: dict[str, QLineEdit] = {}
        for definition in booking.location.form.custom_fields:
            edit = QLineEdit(self.guest_box)
            edit.setObjectName(f"custom:{definition.id}")
            label = definition.name + (" *" if definition.required else "")
            guest.addRow(label, edit)
            self.custom_fields[definition.id] = edit
        for edit in (self.name, self.phone, self.email, self.notes, *self.custom_fields.values()):
            edit.setMinimumHeight(32)
        self.guest_box.setEnabled(False)

        self.error = error_label(self)
        self.error.setVisible(False)

        self.release_button, self.book_button, buttons = back_out_and_act(
            self, self.tr("Let go (Esc)"), self.tr("Book (Enter)"), self.let_go, self.book)
        self.book_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(ask)
        layout.addWidget(self.slots_box)
        layout.addLayout(hold_row)
        layout.addWidget(self.guest_box)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        QWidget.setTabOrder(self.party, self.time)
        QWidget.setTabOrder(self.time, self.date)
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self.tick)
        self.resize(560, 560)

    @staticmethod
    def _set_buddy(form: QFormLayout, field: QWidget, row: int) -> None:
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item else None
        if isinstance(label, QLabel):
            label.setBuddy(field)

    # --- the steps -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.party.setFocus(Qt.FocusReason.OtherFocusReason)
        self.party.selectAll()

    def _preset(self, _size: int) -> None:
        """A size tapped once the times are shown: the times for that size."""
        if self._wanted is not None:
            self.show_slots()

    def day(self) -> date:
        picked = self.date.date()
        return date(picked.year(), picked.month(), picked.day())

    def show_slots(self) -> None:
        """Slots around the wanted time as buttons; the nearest free one still to come gets the focus."""
        wanted = self.booking.wanted_from_typed(self.day(), self.time.text())
        if wanted is None:
            self._note_wanted(None)
            self._say(self.tr("Type the time as 1930, 19:30 or 7:30pm."))
            self.time.setFocus()
            return
        self._say("")
        self._note_wanted(wanted)
        self._wanted = wanted.start
        try:
            self._choices = self.booking.slots_around(self._wanted, self.party.value())
        except ReservationBookError as error:
            self._say(sentence_for(error))
            return
        self._build_slot_buttons()
        nearest = self.booking.nearest_free(self._choices, self._wanted)
        if nearest is None:
            self._say(self._nothing_free_sentence(self._wanted))
            self.time.setFocus()
            self.time.selectAll()
            return
        self.slot_buttons[self._choices.index(nearest)].setFocus(Qt.FocusReason.OtherFocusReason)

    def _note_wanted(self, wanted: WantedTime | None) -> None:
        """Say under the time how it was read when that's not as typed, and when it has gone by."""
        notes = []
        if wanted is not None and wanted.read_as_pm:
            notes.append(self.tr("Taken as {time}.").format(time=time_text(wanted.start, self._zone)))
        if wanted is not None and self.booking.is_past(wanted.start):
            notes.append(self.tr("{when} has already passed; a past time asks before it is held.").format(
                when=self._when_text(wanted.start)))
        self.time_note.setText(" ".join(notes))
        self.time_note.setVisible(bool(notes))

    def _nothing_free_sentence(self, wanted: datetime) -> str:
        """Why no slot got the focus; "after now" when only past slots are free (a slip, usually)."""
        at, party = time_text(wanted, self._zone), self.party.value()
        if any(c.available and c.past for c in self._choices):
            return self.tr("No time after now around {time} is free for {party}. Try a later time or another day."
                           ).format(time=at, party=party)
        return self.tr("No time around {time} is free for {party}. Try another time or day.").format(
            time=at, party=party)

    def _when_text(self, start: datetime) -> str:
        """The time alone when it is today, else with its date ("Thu 12 Jun 19:30")."""
        if start.astimezone(zone(self._zone)).date() == self.booking.today():
            return time_text(start, self._zone)
        return moment_text(start, self._zone)

    def _build_slot_buttons(self) -> None:
        for button in self.slot_buttons:
            self.slots_grid.removeWidget(button)
            button.deleteLater()
        self.slot_buttons = []
        self.slots_hint.setVisible(False)
        previous: QWidget = self.find_button
        for i, choice in enumerate(self._choices):
            button = self._slot_button(choice)
            self.slots_grid.addWidget(button, 1 + i // SLOT_COLUMNS, i % SLOT_COLUMNS)
            button.show()  # now, not when the layout gets round to it: it may take the focus at once
            self.slot_buttons.append(button)
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.name)

    def _slot_button(self, choice: SlotChoice) -> QPushButton:
        """A slot as a button: free (time and table), past (asks before holding) or why not."""
        text, party = time_text(choice.start, self._zone), self.party.value()
        button = QPushButton(self.slots_box)
        button.setObjectName(f"slot:{text}")
        button.setMinimumHeight(44)
        button.setAutoDefault(True)  # Enter on a focused slot holds it
        if choice.available and choice.past:
            button.setProperty("past", True)
            button.setText(f"{text}\n{self.tr('past')}")
            button.setToolTip(self.tr("{time} has already passed. Hold it only to record a late booking; "
                                      "it asks first.").format(time=text))
            button.clicked.connect(lambda _=False, c=choice: self.hold(c))
        elif choice.available:
            best = table_names(self.booking.location, choice.table_options[0]) if choice.table_options else ""
            button.setText(f"{text}\n{best}" if best else text)
            button.setToolTip(self.tr("Hold {time} for {party} ({tables})").format(
                time=text, party=party, tables=best or self.tr("no table needed")))
            button.clicked.connect(lambda _=False, c=choice: self.hold(c))
        else:
            button.setText(f"{text}\n{blocker_text(choice.blocker, party)}")
            button.setToolTip(blocker_sentence(choice.blocker, party))
            button.setEnabled(False)
        button.setAccessibleDescription(button.toolTip())
        return button

    def hold(self, choice: SlotChoice) -> None:
        """Hold the table for this slot right away; the guest's details come next. A time gone by
        is held only once the host says so (a late booking written up after the fact)."""
        late = self.booking.is_past(choice.start)
        if late and not self._confirm_past(choice.start):
            return
        try:
            self.booking.take_hold(choice.start, self.party.value(),
                                   choice.table_options[0] if choice.table_options else None, past_confirmed=late)
        except ReservationBookError as error:
            self.show_slots()  # the times as they are now, then why this one could not be held
            self._say(sentence_for(error))
            return
        self._say("")
        self.hold_again.setVisible(False)
        self.guest_box.setEnabled(True)
        self.book_button.setEnabled(True)
        self.countdown.start()
        self.tick()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _confirm_past(self, start: datetime) -> bool:
        """Ask before holding a time gone by; keeping clear of it is the default answer."""
        when = self._when_text(start)
        return messages.confirm(
            self, self.tr("{when} has already passed. Hold it anyway, to record a late booking?").format(when=when),
            self.tr("Hold {when} anyway").format(when=when), self.tr("Pick another time"))

    def tick(self) -> None:
        """The countdown, by the book's clock; a lapsed hold offers to hold again."""
        held = self.booking.hold
        if held is None:
            self.hold_label.setText("")
            return
        tables = table_names(self.booking.location, held.table_ids) or self.tr("a table")
        when = f"{date_text(self.day())} {time_text(held.start, self._zone)}"
        if self.booking.hold_lapsed():
            self.countdown.stop()
            self.hold_label.setText(self.tr("The 10-minute hold on {tables} ran out; the table is free again.")
                                    .format(tables=tables))
            self.hold_again.setVisible(True)
            self.book_button.setEnabled(False)
            if self.focusWidget() not in (self.name, self.phone, self.email, self.notes):
                self.hold_again.setFocus()
            return
        seconds = self.booking.seconds_left() or 0
        self.hold_label.setText(self.tr("{tables} held for {party} at {when} · {left} left").format(
            tables=tables, party=held.party_size, when=when, left=f"{seconds // 60}:{seconds % 60:02d}"))

    def _hold_again(self) -> None:
        held = self.booking.hold
        if held is None:
            return
        match = next((c for c in self._choices if c.start == held.start), None)
        self.hold(match or SlotChoice(held.start, True))  # gone by meanwhile? it asks, as any past time does

    def book(self) -> None:
        """Enter: book the held table for the guest (reserveReservation)."""
        if self.booking.hold is None:
            self._say(self.tr("Pick a time first."))
            return
        if self.booking.hold_lapsed():
            self.tick()
            return
        name = self.name.text().strip()
        if not name:
            self._say(self.tr("Type the guest's name."))
            self.name.setFocus()
            return
        first, _, last = name.rpartition(" ") if " " in name else (name, "", "")
        try:
            reservation = self.booking.book(
                first_name=first, last_name=last, phone=self.phone.text(), email=self.email.text(),
                notes=self.notes.text(), custom_fields={k: e.text() for k, e in self.custom_fields.items()},
            )
        except ReservationBookError as error:
            self._say(sentence_for(error))
            self._focus_field_of(error)
            self.tick()
            return
        self.countdown.stop()
        self.result_reservation = reservation
        self.booked.emit(reservation)
        self.accept()

    def _focus_field_of(self, error: ReservationBookError) -> None:
        if not isinstance(error, InvalidArgument):
            return
        field = error.violations[0].field
        target = {"reservee.phone": self.phone, "reservee.email": self.email, "reservee.firstName": self.name,
                  "reservee.lastName": self.name}.get(field)
        if field.startswith("reservee.customFields."):
            target = self.custom_fields.get(field.rsplit(".", 1)[-1])
        if target is not None:
            target.setFocus()
            target.selectAll()

    def let_go(self) -> None:
        """Escape or "Let go": end the call, asking first when a held table or typed details would go."""
        if self._may_let_go():
            self.reject()

    def _may_let_go(self) -> bool:
        question = self._let_go_question()
        return not question or messages.confirm(self, question, self.tr("Let go"), self.tr("Back to the call"))

    def _let_go_question(self) -> str:
        """What Escape would throw away, as a question naming the held table; empty when nothing."""
        held, typed = self.booking.hold, self._guest_typed()
        if held is None or self.booking.hold_lapsed():
            return self.tr("Throw away what you typed for this guest?") if typed else ""
        tables = table_names(self.booking.location, held.table_ids) or self.tr("the held table")
        when = self._when_text(held.start)
        if typed:
            return self.tr("Let go of {tables} at {when} and what you typed?").format(tables=tables, when=when)
        return self.tr("Let go of {tables} at {when}?").format(tables=tables, when=when)

    def _guest_typed(self) -> bool:
        fields = (self.name, self.phone, self.email, self.notes, *self.custom_fields.values())
        return any(field.text().strip() for field in fields)

    def reject(self) -> None:
        """Let the held table go without asking (after the question, or when the stand closes)."""
        self.countdown.stop()
        with suppress(ReservationBookError):  # if it can't be let go now, it lapses within ten minutes
            self.booking.release()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close box (the host's hand: a spontaneous event) asks as Escape does; a
        close from code, like `reject()`, lets go at once."""
        if event.spontaneous() and self.isVisible() and not self._may_let_go():
            event.ignore()
            return
        super().closeEvent(event)

    # --- keys ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter means "next step": show times from the question fields, book from the guest's.
        Escape lets the call go, asking first if that would lose a held table or typed details."""
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.let_go()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if focus in (self.party, self.time, self.date) or (focus is not None and self._inside(focus, self.date)):
                self.show_slots()
            elif focus is not None and self._inside(focus, self.guest_box):
                self.book()
            event.accept()
            return
        super().keyPressEvent(event)

    @staticmethod
    def _inside(widget: QWidget, container: QWidget) -> bool:
        return widget is container or container.isAncestorOf(widget)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


def ask(parent: QWidget | None, session: StandSession, day: date, party_size: int | None = None) -> Reservation | None:
    """Take a phone-in from start to finish; the booked reservation, or None if let go."""
    dialog = PhoneInDialog(session.phone_in(), day, parent, party_size)
    dialog.exec()
    result = dialog.result_reservation
    dialog.deleteLater()
    return result
