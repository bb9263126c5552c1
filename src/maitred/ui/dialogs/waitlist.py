"""The waitlist's two dialogs: a party joins the list (Ctrl+Shift+W), and a party is seated.

Joining takes a few keys: the party size, Tab, the name, Enter (phone and note are optional).
The wait is quoted from the room as the size is typed, and the host may say otherwise.
Seating offers the free tables that seat the party for its whole turnover, the table that was
lit up for it (or the book's best) focused, so Enter seats.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.waitlist import WaitlistDesk
from maitred.controllers.walk_in import TableOption, table_names
from maitred.domain.errors import InvalidArgument, ReservationBookError
from maitred.domain.wait_quote import WaitQuote
from maitred.domain.waitlist import WaitingParty
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.parts import back_out_and_act, error_label
from maitred.ui.dialogs.wording import time_text
from maitred.ui.party_size import PartySizePicker

TABLE_COLUMNS = 4


def quote_sentence(quote: WaitQuote, now: datetime, location_tables: str, time_zone: str) -> str:
    """ "About 25 minutes: T4 frees up at 19:55." in the host's words."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("Waitlist", text)

    if quote.no_table_fits:
        return tr("No table or combination seats {party}: nothing can be promised.").format(party=quote.party_size)
    minutes = quote.minutes(now)
    if quote.ready_at is None or minutes is None:
        return tr("No table frees up for {party} in the next hours: quote by hand.").format(
            party=quote.party_size)
    if minutes == 0:
        return tr("No wait: {tables} is free now.").format(tables=location_tables)
    return tr("About {minutes} min: {tables} frees up at {time}.").format(
        minutes=minutes, tables=location_tables, time=time_text(quote.ready_at, time_zone))


class AddWaitingPartyDialog(QDialog):
    """A party joins the waitlist; `party` is what was added once accepted."""

    def __init__(self, desk: WaitlistDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addWaitingPartyDialog")
        self.setWindowTitle(self.tr("Add to the waitlist"))
        self.desk = desk
        self.party: WaitingParty | None = None
        self.quote: WaitQuote | None = None
        self.party_picker = PartySizePicker(2, self)
        self.party_size = self.party_picker.spin
        self.name = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(self.tr("optional: to text them when the table is ready"))
        self.notes = QLineEdit(self)
        self.notes.setPlaceholderText(self.tr("optional: high chair, outside, celebrating…"))
        for edit in (self.name, self.phone, self.notes):
            edit.setMinimumHeight(32)
        self.quote_label = QLabel(self)
        self.quote_label.setObjectName("quoteLabel")
        self.quote_label.setWordWrap(True)
        self.own_quote = QCheckBox(self.tr("Quote by hand:"), self)
        self.own_quote.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 600)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setEnabled(False)
        self.minutes.setMinimumHeight(32)
        self.own_quote.toggled.connect(self.minutes.setEnabled)
        quote_row = QHBoxLayout()
        quote_row.addWidget(self.own_quote)
        quote_row.addWidget(self.minutes)
        quote_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("&Guests"), self.party_picker)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Phone"), self.phone)
        form.addRow(self.tr("N&ote"), self.notes)
        form.addRow(self.tr("Wait"), self.quote_label)
        form.addRow("", quote_row)
        self.error = error_label(self)
        self.error.setVisible(False)
        self.cancel_button, self.add_button, buttons = back_out_and_act(
            self, self.tr("Cancel"), self.tr("Add (Enter)"), self.reject, self.add)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.party_size, self.name)
        QWidget.setTabOrder(self.name, self.phone)
        QWidget.setTabOrder(self.phone, self.notes)
        self.party_size.valueChanged.connect(self.update_quote)
        self.update_quote()
        self.resize(480, 330)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.party_size.setFocus(Qt.FocusReason.OtherFocusReason)
        self.party_size.selectAll()

    def update_quote(self) -> None:
        """The room's quote for this many guests, behind the parties already waiting."""
        try:
            self.quote = self.desk.quote(self.party_size.value())
        except ReservationBookError as error:
            self.quote = None
            self.quote_label.setText(sentence_for(error))
            return
        now = self.desk.now()
        location = self.desk.location
        tables = table_names(location, self.quote.table_ids) or self.tr("a table")
        self.quote_label.setText(quote_sentence(self.quote, now, tables, location.info.time_zone))
        minutes = self.quote.minutes(now)
        if not self.own_quote.isChecked():
            self.minutes.setValue(minutes if minutes is not None else 30)

    def add(self) -> None:
        try:
            self.party = self.desk.add(self.name.text(), self.party_size.value(), self.phone.text(), self.notes.text(),
                                       self.minutes.value() if self.own_quote.isChecked() else None)
        except ReservationBookError as error:
            self._say(sentence_for(error))
            if isinstance(error, InvalidArgument):
                target = {"name": self.name, "phone": self.phone, "notes": self.notes}.get(error.violations[0].field)
                if target is not None:
                    target.setFocus()
            return
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add()
            event.accept()
            return
        super().keyPressEvent(event)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class SeatWaitingPartyDialog(QDialog):
    """Which free table the party gets; `chosen` once accepted."""

    def __init__(self, party: WaitingParty, options: list[TableOption], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seatWaitingPartyDialog")
        self.setWindowTitle(self.tr("Seat {name}").format(name=party.name or self.tr("the party")))
        self.options = options
        self.chosen: TableOption | None = None
        self.buttons: list[QPushButton] = []
        intro = QLabel(self.tr("{name}, party of {size}: pick a free table (Enter seats the first).").format(
            name=party.name or self.tr("Waiting party"), size=party.party_size), self)
        intro.setWordWrap(True)
        box = QGroupBox(self.tr("Free tables"), self)
        grid = QGridLayout(box)
        for i, option in enumerate(options):
            button = QPushButton(self.tr("{table}\n{seats} seats").format(table=option.name, seats=option.seats_max),
                                 box)
            button.setObjectName(f"seat:{option.name}")
            button.setMinimumHeight(48)
            button.setAutoDefault(True)
            button.clicked.connect(lambda _=False, o=option: self.choose(o))
            grid.addWidget(button, i // TABLE_COLUMNS, i % TABLE_COLUMNS)
            self.buttons.append(button)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setAutoDefault(False)
        cancel.setMinimumHeight(36)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(box)
        layout.addWidget(cancel, 0, Qt.AlignmentFlag.AlignLeft)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.buttons:
            self.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self, option: TableOption) -> None:
        self.chosen = option
        self.accept()
