"""The PIN pad: who is at the stand, by touch or by keyboard.

Big buttons for a finger (names on the left, digits on the right), and the keyboard works
everywhere on the pad: digits type the PIN, Backspace takes one back, ↑/↓ pick another name, Enter
signs in. The person who signed in last is picked already, so coming back to a locked stand is a
PIN and Enter.

`LockScreen` covers the main window while nobody is signed in; `ask_manager` is the small dialog
a host gets when an override needs a manager's PIN.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.staff_session import ManagerApproval, StaffOnDuty
from maitred.domain.errors import ReservationBookError
from maitred.domain.staff import PIN_MAX_DIGITS, Permission, StaffMember
from maitred.ui import status_style as st
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.staff_wording import role_text

KEY_SIZE = 64  # a fingertip, with room to spare
NAME_ROW_HEIGHT = 52


class PinPad(QWidget):
    """Names to pick from, the PIN as dots, and a keypad. `submitted(member_id, pin)` on Enter/OK."""

    submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinPad")
        self.names = QListWidget(self)
        self.names.setObjectName("pinPadNames")
        self.names.setAccessibleName(self.tr("Who are you?"))
        self.names.setMinimumWidth(220)
        self.names.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        font = self.names.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.names.setFont(font)
        self.names.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays on the PIN

        self.pin = QLineEdit(self)
        self.pin.setObjectName("pinField")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{PIN_MAX_DIGITS}}}"), self))
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.setAccessibleName(self.tr("PIN"))
        self.pin.setMinimumHeight(48)
        pin_font = self.pin.font()
        pin_font.setPointSizeF(pin_font.pointSizeF() * 1.8)
        self.pin.setFont(pin_font)
        self.pin.returnPressed.connect(self.submit)
        self.pin.installEventFilter(self)
        self.names.itemClicked.connect(lambda _item: self.pin.setFocus())

        self.message = QLabel(self)
        self.message.setObjectName("pinPadMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet(f"color: {st.ALERT_COLOR.name()};")
        self.message.setMinimumHeight(40)

        keys = QGridLayout()
        keys.setSpacing(6)
        self.key_buttons: dict[str, QPushButton] = {}
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for i, label in enumerate(labels):
            button = QPushButton(label, self)
            button.setObjectName(f"pinKey:{label}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.setMinimumSize(KEY_SIZE, KEY_SIZE)
            key_font = button.font()
            key_font.setPointSizeF(key_font.pointSizeF() * 1.5)
            button.setFont(key_font)
            if label == "⌫":
                button.setAccessibleName(self.tr("Delete the last digit"))
                button.clicked.connect(self.pin.backspace)
            elif label == "OK":
                button.setText(self.tr("OK"))
                button.setAccessibleName(self.tr("Sign in"))
                button.clicked.connect(self.submit)
            else:
                button.clicked.connect(lambda _=False, d=label: self.pin.insert(d))
            keys.addWidget(button, i // 3, i % 3)
            self.key_buttons[label] = button

        right = QVBoxLayout()
        right.addWidget(self.pin)
        right.addLayout(keys)
        top = QHBoxLayout()
        top.addWidget(self.names, 1)
        top.addLayout(right)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.message)

    def set_members(self, members: Sequence[StaffMember], selected_id: str | None = None) -> None:
        """The names to pick from; `selected_id` (else the first) is picked."""
        self.names.clear()
        for member in members:
            item = QListWidgetItem(f"{member.name}  ·  {role_text(member.role)}")
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setSizeHint(QSize(0, NAME_ROW_HEIGHT))
            self.names.addItem(item)
        rows = [self.names.item(r) for r in range(self.names.count())]
        picked = next((r for r, item in enumerate(rows) if item.data(Qt.ItemDataRole.UserRole) == selected_id), 0)
        if rows:
            self.names.setCurrentRow(picked)

    def member_id(self) -> str | None:
        item = self.names.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def pick(self, member_id: str) -> None:
        for row in range(self.names.count()):
            if self.names.item(row).data(Qt.ItemDataRole.UserRole) == member_id:
                self.names.setCurrentRow(row)

    def submit(self) -> None:
        member_id = self.member_id()
        if member_id is None:
            self.say(self.tr("Pick your name first."))
            return
        if len(self.pin.text()) < 4:
            self.say(self.tr("Type your PIN (4 to 8 digits)."))
            return
        pin = self.pin.text()
        self.pin.clear()
        self.submitted.emit(member_id, pin)

    def say(self, text: str) -> None:
        self.message.setText(text)

    def focus(self) -> None:
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↑/↓ in the PIN field pick another name, so the hands never leave the keyboard."""
        if watched is self.pin and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
            if step is not None and self.names.count():
                self.names.setCurrentRow((self.names.currentRow() + step) % self.names.count())
                return True
        return super().eventFilter(watched, event)


class LockScreen(QWidget):
    """Covers its window while nobody is signed in; the pad on top signs the next person in."""

    #: the member signed in
    signed_in = Signal(object)

    def __init__(self, staff: StaffOnDuty, restaurant: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.staff = staff
        self.setAutoFillBackground(True)  # opaque: the book is not readable behind the lock
        self.title = QLabel(restaurant, self)
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question = QLabel(self.tr("The stand is locked. Who is at the stand?"), self)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        question_font = self.question.font()
        question_font.setPointSizeF(question_font.pointSizeF() * 1.25)
        self.question.setFont(question_font)
        self.hint = QLabel(self)
        self.hint.setObjectName("lockHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setFixedWidth(600)  # wrapped lines of a readable length, centred
        self.hint.setVisible(False)
        self.pad = PinPad(self)
        self.pad.setMaximumWidth(620)
        self.pad.submitted.connect(self._sign_in)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.question)
        column.addWidget(self.hint, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())
        self.setVisible(False)

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setMinimumHeight(self.hint.heightForWidth(self.hint.width()))  # every wrapped line shows
        self.hint.setVisible(bool(text))

    def appear(self) -> None:
        """Show over the window with the staff list as it is now."""
        try:
            members = self.staff.members()
        except ReservationBookError as error:
            members = []
            self.pad.say(sentence_for(error))
        else:
            self.pad.say("")
        self.pad.set_members(members, self.staff.last_member_id)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.setVisible(True)
        self.raise_()
        self.pad.focus()

    def _sign_in(self, member_id: str, pin: str) -> None:
        try:
            on_duty = self.staff.sign_in(member_id, pin)
        except ReservationBookError as error:
            self.pad.say(sentence_for(error))
            self.pad.focus()
            return
        self.pad.say("")
        self.setVisible(False)
        self.signed_in.emit(on_duty.member)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.pad.focus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return super().eventFilter(watched, event)


class ManagerPinDialog(QDialog):
    """A manager allows one override by typing their PIN; the host stays signed in."""

    def __init__(self, staff: StaffOnDuty, what: str, parent: QWidget | None = None,
                 permission: Permission = Permission.BOOK_OVER_CONFLICTS) -> None:
        super().__init__(parent)
        self.setObjectName("managerPinDialog")
        self.setWindowTitle(self.tr("A manager's PIN"))
        self.staff = staff
        self.permission = permission
        self.approval: ManagerApproval | None = None
        self.question = QLabel(self.tr("{what} needs a manager. A manager types their PIN:").format(what=what), self)
        self.question.setWordWrap(True)
        self.pad = PinPad(self)
        self.pad.submitted.connect(self._approve)
        cancel = QPushButton(self.tr("Cancel (Esc)"), self)
        cancel.setAutoDefault(False)
        cancel.setMinimumHeight(40)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.pad)
        layout.addWidget(cancel, 0, Qt.AlignmentFlag.AlignLeft)
        try:
            managers = [m for m in staff.members() if m.may(permission)]
        except ReservationBookError as error:
            managers = []
            self.pad.say(sentence_for(error))
        self.pad.set_members(managers)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.pad.focus()

    def _approve(self, member_id: str, pin: str) -> None:
        try:
            self.approval = self.staff.approve(member_id, pin, self.permission)
        except ReservationBookError as error:
            self.pad.say(sentence_for(error))
            self.pad.focus()
            return
        self.accept()


def ask_manager(parent: QWidget | None, staff: StaffOnDuty, what: str,
                permission: Permission = Permission.BOOK_OVER_CONFLICTS) -> ManagerApproval | None:
    """A manager's approval for `what`, or None when nobody gave it."""
    dialog = ManagerPinDialog(staff, what, parent, permission)
    dialog.exec()
    approval = dialog.approval
    dialog.deleteLater()
    return approval
