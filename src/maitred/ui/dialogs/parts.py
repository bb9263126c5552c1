"""Small pieces the stand's dialogs share: the line a refusal is shown in, and the row of the
two buttons that end a dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from maitred.ui import status_style as st


def error_label(parent: QWidget) -> QLabel:
    """Where a dialog says, in one sentence, why it refused what was typed."""
    label = QLabel(parent)
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {st.ALERT_COLOR.name()};")
    return label


def back_out_and_act(parent: QWidget, back_out: str, act: str, on_back_out: Callable[[], object],
                     on_act: Callable[[], object]) -> tuple[QPushButton, QPushButton, QHBoxLayout]:
    """The back-out button on the left, the dialog's action on the right, never side by side (a
    slip in a rush lands on neither); Enter and Escape are the dialog's own keys, so neither
    button is a default."""
    back_out_button = QPushButton(back_out, parent)
    act_button = QPushButton(act, parent)
    for button in (back_out_button, act_button):
        button.setAutoDefault(False)
        button.setMinimumHeight(36)
    back_out_button.clicked.connect(on_back_out)
    act_button.clicked.connect(on_act)
    row = QHBoxLayout()
    row.addWidget(back_out_button)
    row.addStretch(1)
    row.addWidget(act_button)
    return back_out_button, act_button, row
