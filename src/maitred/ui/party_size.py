"""How many guests: buttons 1–8 for a tap, and a number box for the keyboard and larger parties.

The same picker in the phone-in, walk-in and waitlist dialogs. The buttons take no focus (a host
at the keyboard types the number, as UI.md's keystroke budget counts it); the one for the current
size is shown pressed, whichever way the size was set.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSpinBox, QWidget

PRESETS = range(1, 9)
MAX_PARTY = 1000


class PartySizePicker(QWidget):
    """The party size. `spin` is the number box (it has the focus for the picker); `preset_picked`
    says a button was tapped, after the size changed, for dialogs that then move on."""

    preset_picked = Signal(int)

    def __init__(self, size: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spin = QSpinBox(self)
        self.spin.setRange(1, MAX_PARTY)
        self.spin.setValue(size)
        self.spin.setMinimumHeight(36)
        self.spin.setAccessibleName(self.tr("Party size"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.buttons: dict[int, QPushButton] = {}
        for n in PRESETS:
            button = QPushButton(str(n), self)
            button.setObjectName(f"party:{n}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard users type the number
            button.setAutoDefault(False)
            button.setCheckable(True)
            button.setMinimumSize(36, 36)
            button.setAccessibleName(self.tr("Party of {size}").format(size=n))
            button.clicked.connect(lambda _=False, size=n: self.pick(size))
            row.addWidget(button)
            self.buttons[n] = button
        row.addWidget(self.spin)
        self.setFocusProxy(self.spin)  # a label's mnemonic (&Guests) lands in the number box
        self.spin.valueChanged.connect(self._mark)
        self._mark(size)

    def value(self) -> int:
        return self.spin.value()

    def set_value(self, size: int) -> None:
        self.spin.setValue(size)

    def pick(self, size: int) -> None:
        """A preset tapped: the size, then `preset_picked`."""
        self.spin.setValue(size)
        self._mark(size)  # pressed again on the current size: keep it shown pressed
        self.preset_picked.emit(size)

    def _mark(self, size: int) -> None:
        for n, button in self.buttons.items():
            button.setChecked(n == size)
