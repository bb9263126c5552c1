"""The staff list (Stand → Staff…, managers) and changing a PIN (anybody, for themselves).

A new member gets a name, a role and a PIN typed twice; a member who left is "let go" (they can't
sign in any more but stay in the change log). Refusals (a name taken, the last manager) are shown
in the dialog, in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.staff_admin import StaffAdmin
from maitred.domain.errors import ReservationBookError
from maitred.domain.staff import PIN_MAX_DIGITS, Role, StaffMember
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.parts import error_label
from maitred.ui.dialogs.staff_wording import role_text


def pin_field(parent: QWidget, placeholder: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{PIN_MAX_DIGITS}}}"), field))
    field.setPlaceholderText(placeholder)
    field.setMinimumHeight(36)
    return field


class ChangePinDialog(QDialog):
    """A new PIN, typed twice; `save(pin, pin_again)` stores it (and may refuse)."""

    def __init__(self, title: str, save: Callable[[str, str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePinDialog")
        self.setWindowTitle(title)
        self._save = save
        self.pin = pin_field(self, self.tr("4 to 8 digits"))
        self.again = pin_field(self, self.tr("the same again"))
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("New &PIN"), self.pin)
        form.addRow(self.tr("&Again"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> bool:
        try:
            self._save(self.pin.text(), self.again.text())
        except ReservationBookError as error:
            self.error.setText(sentence_for(error))
            self.pin.setFocus()
            return False
        self.accept()
        return True


class StaffDialog(QDialog):
    """Everybody who works the stand, and what a manager may change about them."""

    def __init__(self, admin: StaffAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffDialog")
        self.setWindowTitle(self.tr("Staff"))
        self.admin = admin
        self.members: list[StaffMember] = []

        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("staffTable")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Signs in")])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selection)

        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(role_text(role), role.value)
        self.role_button = QPushButton(self.tr("Give this role"), self)
        self.rename_button = QPushButton(self.tr("Rename…"), self)
        self.pin_button = QPushButton(self.tr("New PIN…"), self)
        self.leave_button = QPushButton(self.tr("Let go"), self)
        self.role_button.clicked.connect(self.give_role)
        self.rename_button.clicked.connect(self._rename)
        self.pin_button.clicked.connect(self._new_pin)
        self.leave_button.clicked.connect(self.toggle_active)
        selected = QHBoxLayout()
        for widget in (self.role, self.role_button, self.rename_button, self.pin_button, self.leave_button):
            widget.setMinimumHeight(36)
            selected.addWidget(widget)

        self.new_box = QGroupBox(self.tr("Somebody new"), self)
        self.new_name = QLineEdit(self.new_box)
        self.new_name.setMinimumHeight(36)
        self.new_role = QComboBox(self.new_box)
        for role in Role:
            self.new_role.addItem(role_text(role), role.value)
        self.new_pin = pin_field(self.new_box, self.tr("4 to 8 digits"))
        self.new_pin_again = pin_field(self.new_box, self.tr("the same again"))
        self.add_button = QPushButton(self.tr("Add"), self.new_box)
        self.add_button.setMinimumHeight(36)
        self.add_button.clicked.connect(self.add)
        form = QFormLayout(self.new_box)
        form.addRow(self.tr("&Name"), self.new_name)
        form.addRow(self.tr("&Role"), self.new_role)
        form.addRow(self.tr("&PIN"), self.new_pin)
        form.addRow(self.tr("PIN &again"), self.new_pin_again)
        form.addRow("", self.add_button)

        self.error = error_label(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(selected)
        layout.addWidget(self.new_box)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.resize(640, 560)
        self.reload()

    # --- reading -------------------------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        try:
            self.members = list(self.admin.members())
        except ReservationBookError as error:
            self._say(sentence_for(error))
            return
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            cells = (member.name, role_text(member.role), self.tr("yes") if member.active else self.tr("no (left)"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, member.id)
                self.table.setItem(row, column, item)
        target = next((r for r, m in enumerate(self.members) if m.id == select_id), 0 if self.members else -1)
        if target >= 0:
            self.table.selectRow(target)
        self._on_selection()

    def selected(self) -> StaffMember | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.members[min(rows)] if rows else None

    def select(self, name: str) -> None:
        row = next(r for r, m in enumerate(self.members) if m.name == name)
        self.table.selectRow(row)

    def _on_selection(self) -> None:
        member = self.selected()
        for widget in (self.role, self.role_button, self.rename_button, self.pin_button, self.leave_button):
            widget.setEnabled(member is not None)
        if member is not None:
            self.role.setCurrentIndex(list(Role).index(member.role))
            self.leave_button.setText(self.tr("Let go") if member.active else self.tr("Take back"))

    # --- changing ------------------------------------------------------------------------------

    def add(self) -> StaffMember | None:
        role = Role(self.new_role.currentData())
        try:
            added = self.admin.add(self.new_name.text(), role, self.new_pin.text(), self.new_pin_again.text())
        except ReservationBookError as error:
            self._say(sentence_for(error))
            return None
        for field in (self.new_name, self.new_pin, self.new_pin_again):
            field.clear()
        self._say("")
        self.reload(added.id)
        return added

    def give_role(self) -> None:
        member, role = self.selected(), Role(self.role.currentData())
        if member is not None:
            self._change(member, lambda: self.admin.change(member, role=role))

    def toggle_active(self) -> None:
        member = self.selected()
        if member is not None:
            self._change(member, lambda: self.admin.change(member, active=not member.active))

    def rename(self, name: str) -> None:
        member = self.selected()
        if member is not None:
            self._change(member, lambda: self.admin.change(member, name=name))

    def _rename(self) -> None:
        member = self.selected()
        if member is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename"), self.tr("New name of {name}:").format(
            name=member.name), QLineEdit.EchoMode.Normal, member.name)
        if ok:
            self.rename(name)

    def _new_pin(self) -> None:
        member = self.selected()
        if member is None:
            return
        dialog = ChangePinDialog(self.tr("New PIN for {name}").format(name=member.name),
                                 lambda pin, again: self.admin.reset_pin(member, pin, again), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._say(self.tr("{name} has a new PIN.").format(name=member.name))
            self.reload(member.id)
        dialog.deleteLater()

    def _change(self, member: StaffMember, change: Callable[[], StaffMember]) -> None:
        try:
            changed = change()
        except ReservationBookError as error:
            self._say(sentence_for(error))
            self.reload(member.id)
            return
        self._say("")
        self.reload(changed.id)

    def _say(self, text: str) -> None:
        self.error.setText(text)
