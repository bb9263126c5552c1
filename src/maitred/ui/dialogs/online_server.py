"""Online bookings, for managers: run the server that a website or the Wix SDK books through,
see its address and certificate fingerprint, and make or revoke the API keys it accepts.

A new key is shown once, in the dialog, to be copied into the website's settings: the book keeps
only its hash.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.online_server import OnlineServerControl
from maitred.domain.errors import ReservationBookError
from maitred.domain.lifecycle import Scope
from maitred.ui.dialogs.messages import sentence_for


class OnlineServerDialog(QDialog):
    def __init__(self, control: OnlineServerControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onlineServerDialog")
        self.setWindowTitle(self.tr("Online bookings"))
        self.control = control
        column = QVBoxLayout(self)

        server = QGroupBox(self.tr("Server"), self)
        form = QFormLayout(server)
        self.host = QLineEdit(control.host, server)
        self.host.setToolTip(self.tr("127.0.0.1: this computer only; 0.0.0.0: every network it is on"))
        self.port = QSpinBox(server)
        self.port.setRange(1, 65535)
        self.port.setValue(control.port)
        self.toggle = QPushButton(server)
        self.toggle.setObjectName("toggleServer")
        self.toggle.clicked.connect(self.start_or_stop)
        self.state = QLabel(server)
        self.state.setObjectName("serverState")
        self.state.setWordWrap(True)
        self.fingerprint = QLabel(server)
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Address"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow("", self.toggle)
        form.addRow(self.tr("Status"), self.state)
        form.addRow(self.tr("Certificate SHA-256"), self.fingerprint)
        column.addWidget(server)

        keys = QGroupBox(self.tr("API keys"), self)
        key_column = QVBoxLayout(keys)
        self.table = QTableWidget(0, 4, keys)
        self.table.setObjectName("apiKeys")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Scope"), self.tr("Created"), self.tr("State")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        key_column.addWidget(self.table)
        row = QHBoxLayout()
        self.key_name = QLineEdit(keys)
        self.key_name.setPlaceholderText(self.tr("website"))
        self.key_scope = QComboBox(keys)
        self.key_scope.addItem(self.tr("BASIC — a website"), Scope.BASIC)
        self.key_scope.addItem(self.tr("FULL — a trusted integration"), Scope.FULL)
        self.create_button = QPushButton(self.tr("New key"), keys)
        self.create_button.clicked.connect(self.create_key)
        self.revoke_button = QPushButton(self.tr("Revoke"), keys)
        self.revoke_button.clicked.connect(self.revoke_selected)
        for widget in (self.key_name, self.key_scope, self.create_button, self.revoke_button):
            row.addWidget(widget)
        key_column.addLayout(row)
        self.new_key = QLineEdit(keys)
        self.new_key.setObjectName("newKey")
        self.new_key.setReadOnly(True)
        self.new_key.setVisible(False)
        key_column.addWidget(self.new_key)
        self.message = QLabel(keys)
        self.message.setObjectName("keyMessage")
        self.message.setWordWrap(True)
        key_column.addWidget(self.message)
        column.addWidget(keys)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        control.state_changed.connect(self.refresh)
        self.resize(640, 520)
        self.refresh()

    def refresh(self) -> None:
        running = self.control.running
        self.toggle.setText(self.tr("Stop") if running else self.tr("Start"))
        self.host.setEnabled(not running)
        self.port.setEnabled(not running)
        if running:
            self.state.setText(self.tr("Taking online bookings at {url}").format(url=self.control.url))
        elif not self.state.property("failed"):
            self.state.setText(self.tr("Stopped"))
        pairs = (self.control.fingerprint or "").split(":")
        self.fingerprint.setText(":".join(pairs[:16]) + ":\n" + ":".join(pairs[16:]) if len(pairs) > 16
                                 else self.tr("(made at the first start)"))
        keys = self.control.api_keys()
        self.table.setRowCount(len(keys))
        for r, key in enumerate(keys):
            state = self.tr("revoked") if key.revoked else self.tr("active")
            for c, text in enumerate((key.name, str(key.scope), f"{key.created:%Y-%m-%d %H:%M} UTC", state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, key.id)
                self.table.setItem(r, c, item)

    def start_or_stop(self) -> None:
        self.state.setProperty("failed", False)
        if self.control.running:
            self.control.stop()
            return
        try:
            self.control.start(self.host.text().strip() or "127.0.0.1", self.port.value())
        except (OSError, ReservationBookError) as error:
            self.state.setProperty("failed", True)
            self.state.setText(self.tr("Could not start: {reason}").format(reason=error))
            self.refresh()

    def create_key(self) -> None:
        try:
            text = self.control.create_key(self.key_name.text(), self.key_scope.currentData())
        except ReservationBookError as error:
            self.message.setText(sentence_for(error))
            return
        self.key_name.clear()
        self.new_key.setText(text)
        self.new_key.setVisible(True)
        self.new_key.selectAll()
        self.message.setText(self.tr("Copy the key now into the website's settings: it is shown only this once."))

    def revoke_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            self.message.setText(self.tr("Choose the key to revoke first."))
            return
        self.control.revoke_key(str(item.data(Qt.ItemDataRole.UserRole)))
        self.message.setText(self.tr("The key is revoked: requests with it are refused from now on."))
