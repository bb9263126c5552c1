"""The walk-in dialog (Ctrl+W): how many, then the suggested table or another free one.

Nothing to type but the party size: a walk-in needs no name or phone. The free tables are the
ones free for the party's whole turnover time from now; the book's own best choice comes first
and has the focus, so `Ctrl+W`, `3`, `Enter` seats a party of three.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.actions import WalkInDraft
from maitred.controllers.session import StandSession
from maitred.controllers.walk_in import TableOption, WalkInPlanner
from maitred.domain.errors import ReservationBookError
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.parts import back_out_and_act
from maitred.ui.party_size import PartySizePicker

TABLE_COLUMNS = 4


class WalkInDialog(QDialog):
    """Party size and table; `draft()` is what the host chose once accepted."""

    def __init__(self, planner: WalkInPlanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Walk-in"))
        self.setObjectName("walkInDialog")
        self.planner = planner
        self.options: list[TableOption] = []
        self.chosen: TableOption | None = None
        self.table_buttons: list[QPushButton] = []

        self.party_picker = PartySizePicker(2, self)
        self.party = self.party_picker.spin
        self.party.valueChanged.connect(self.show_tables)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("optional"))
        form = QFormLayout()
        form.addRow(self.tr("&Guests"), self.party_picker)
        form.addRow(self.tr("&Name"), self.name)

        self.tables_box = QGroupBox(self.tr("Free tables"), self)
        self.tables_grid = QGridLayout(self.tables_box)
        self.suggestion = QLabel(self)
        self.suggestion.setWordWrap(True)
        self.suggestion.setObjectName("suggestionLabel")

        self.cancel_button, self.seat_button, buttons = back_out_and_act(
            self, self.tr("Cancel"), self.tr("Seat now"), self.reject, self.seat_suggested)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.tables_box)
        layout.addLayout(buttons)
        self.resize(480, 360)
        self.show_tables()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.party.setFocus(Qt.FocusReason.OtherFocusReason)
        self.party.selectAll()

    def show_tables(self) -> None:
        """The free tables for this party, best first, as buttons."""
        for button in self.table_buttons:
            self.tables_grid.removeWidget(button)
            button.deleteLater()
        self.table_buttons = []
        party = self.party.value()
        try:
            self.options = self.planner.free_options(party)
        except ReservationBookError as error:
            self.options = []
            self.suggestion.setText(sentence_for(error))
            return
        previous: QWidget = self.name
        for i, option in enumerate(self.options):
            button = QPushButton(self.tr("{table} · {seats} seats").format(table=option.name, seats=option.seats_max),
                                 self.tables_box)
            button.setObjectName(f"table:{option.name}")
            button.setMinimumHeight(44)
            button.setAutoDefault(True)
            button.clicked.connect(lambda _=False, o=option: self.seat_at(o))
            self.tables_grid.addWidget(button, i // TABLE_COLUMNS, i % TABLE_COLUMNS)
            button.show()
            self.table_buttons.append(button)
            QWidget.setTabOrder(previous, button)
            previous = button
        if self.options:
            self.suggestion.setText(self.tr("Suggested: {table}. Press Enter to seat them there, or pick another.")
                                    .format(table=self.options[0].name))
        else:
            self.suggestion.setText(self.tr("No free table seats {party} right now. Seat them without a table, or "
                                            "free a table first.").format(party=party))
        self.seat_button.setText(self.tr("Seat at {table}").format(table=self.options[0].name) if self.options
                                 else self.tr("Seat without a table"))

    def seat_at(self, option: TableOption | None) -> None:
        self.chosen = option
        self.accept()

    def seat_suggested(self) -> None:
        self.seat_at(self.options[0] if self.options else None)

    def draft(self) -> WalkInDraft:
        tables = self.chosen.table_ids if self.chosen else ()
        return WalkInDraft(self.party.value(), tables, self.name.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() in (self.party, self.name):
            self.party.interpretText()
            self.seat_suggested()
            event.accept()
            return
        super().keyPressEvent(event)


def ask(parent: QWidget | None, session: StandSession) -> WalkInDraft | None:
    """The walk-in the host wants seated, or None."""
    dialog = WalkInDialog(session.walk_in(), parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    draft = dialog.draft() if accepted else None
    dialog.deleteLater()
    return draft
