"""This stand's settings (Stand → This stand…, managers): its name, when it locks itself, and the
book it opens — this PC's own file, or a PostgreSQL server shared by several stands."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.stand_settings import StandPreferences
from maitred.domain.errors import ReservationBookError
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.parts import error_label


class StandSettingsDialog(QDialog):
    def __init__(self, preferences: StandPreferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("standSettingsDialog")
        self.setWindowTitle(self.tr("This stand"))
        self.preferences = preferences
        self.terminal = QLineEdit(preferences.terminal_name, self)
        self.terminal.setToolTip(self.tr("Written beside every change made here, in the change log."))
        self.idle = QDoubleSpinBox(self)
        self.idle.setRange(0, 24 * 60)
        self.idle.setDecimals(0)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setSpecialValueText(self.tr("never"))
        self.idle.setValue(preferences.idle_minutes)
        self.database = QLineEdit(preferences.database_url or "", self)
        self.database.setPlaceholderText(self.tr("empty: this PC's own book"))
        self.database.setToolTip(self.tr("e.g. postgresql+psycopg://maitred@192.168.1.10/maitred for a book "
                                         "shared by several stands"))
        self.check_button = QPushButton(self.tr("Check"), self)
        self.check_button.setVisible(preferences.can_probe)
        self.check_button.clicked.connect(self.check)
        book_row = QHBoxLayout()
        book_row.addWidget(self.database, 1)
        book_row.addWidget(self.check_button)
        for widget in (self.terminal, self.idle, self.database, self.check_button):
            widget.setMinimumHeight(36)
        form = QFormLayout()
        form.addRow(self.tr("&Name of this stand"), self.terminal)
        form.addRow(self.tr("&Lock after"), self.idle)
        form.addRow(self.tr("&Book"), book_row)
        self.note = QLabel(self.tr("A new book address is used from the next start of Maitre D."), self)
        self.note.setWordWrap(True)
        self.error = error_label(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(preferences.may_change)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 260)

    def check(self) -> bool:
        try:
            self.preferences.probe(self.database.text())
        except ReservationBookError as error:
            self.error.setText(sentence_for(error))
            return False
        self.error.setText(self.tr("That book can be reached."))
        return True

    def save(self) -> bool:
        try:
            self.preferences.save(terminal_name=self.terminal.text(), idle_minutes=self.idle.value(),
                                  database_url=self.database.text())
        except ReservationBookError as error:
            self.error.setText(sentence_for(error))
            return False
        self.accept()
        return True
