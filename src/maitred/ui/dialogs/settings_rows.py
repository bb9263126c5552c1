"""An editable list of rows for the settings dialog (opening hours, turnover rules, tables...).

Each column says how to make its editor widget and how to read and fill it, so a section of the
settings is a list of column specs rather than a page of widget code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Column:
    title: str
    make: Callable[[], QWidget]
    read: Callable[[QWidget], Any]
    fill: Callable[[QWidget, Any], None]
    stretch: bool = False


def text_column(title: str, stretch: bool = True) -> Column:
    def fill(w: QWidget, v: Any) -> None:
        assert isinstance(w, QLineEdit)
        w.setText(str(v or ""))

    return Column(title, QLineEdit, lambda w: w.text().strip(), fill, stretch)  # type: ignore[attr-defined]


def suggest_column(title: str, suggestions: Sequence[str], stretch: bool = True) -> Column:
    """Free text with the usual answers offered in a list (an editable combo box): an area, say,
    typed the same way each time without stopping anyone from starting a new one."""

    def make() -> QWidget:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(list(suggestions))
        combo.setCurrentIndex(-1)
        return combo

    def fill(w: QWidget, v: Any) -> None:
        assert isinstance(w, QComboBox)
        w.setCurrentText(str(v or ""))

    return Column(title, make, lambda w: w.currentText().strip(), fill, stretch)  # type: ignore[attr-defined]


def number_column(title: str, low: int, high: int, default: int) -> Column:
    def make() -> QWidget:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(default)
        return spin

    return Column(title, make, lambda w: w.value(), lambda w, v: w.setValue(int(v)))  # type: ignore[attr-defined]


def check_column(title: str, default: bool = True) -> Column:
    def make() -> QWidget:
        box = QCheckBox()
        box.setChecked(default)
        return box

    return Column(title, make, lambda w: w.isChecked(), lambda w, v: w.setChecked(bool(v)))  # type: ignore[attr-defined]


def choice_column(title: str, choices: Sequence[tuple[str, Any]]) -> Column:
    """A combo box of (label, value) pairs."""

    def make() -> QWidget:
        combo = QComboBox()
        for label, value in choices:
            combo.addItem(label, value)
        return combo

    def fill(w: QWidget, v: Any) -> None:
        assert isinstance(w, QComboBox)
        w.setCurrentIndex(max(0, w.findData(v)))

    return Column(title, make, lambda w: w.currentData(), fill)  # type: ignore[attr-defined]


def time_column(title: str) -> Column:
    """Minutes after midnight, edited as a wall-clock time."""

    def make() -> QWidget:
        edit = QTimeEdit()
        edit.setDisplayFormat("HH:mm")
        return edit

    def read(w: QWidget) -> int:
        assert isinstance(w, QTimeEdit)
        return w.time().hour() * 60 + w.time().minute()

    def fill(w: QWidget, minutes: Any) -> None:
        assert isinstance(w, QTimeEdit)
        w.setTime(QTime(int(minutes) // 60 % 24, int(minutes) % 60))

    return Column(title, make, read, fill)


def moment_column(title: str, time_zone: str) -> Column:
    """An aware datetime, edited in the restaurant's wall-clock time."""
    tz = QTimeZone(time_zone.encode())

    def make() -> QWidget:
        edit = QDateTimeEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy HH:mm")
        edit.setTimeZone(tz)
        return edit

    def read(w: QWidget) -> datetime:
        assert isinstance(w, QDateTimeEdit)
        return datetime.fromtimestamp(w.dateTime().toSecsSinceEpoch(), UTC)

    def fill(w: QWidget, value: Any) -> None:
        assert isinstance(w, QDateTimeEdit)
        w.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp()), tz))

    return Column(title, make, read, fill)


class RowsEditor(QWidget):
    """A table of editor rows with Add / Remove; each row may carry a key (a stored item's id)."""

    edited = Signal()

    def __init__(self, columns: Sequence[Column], add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        #: The values of a row added with the Add button (None: each column's default).
        self.new_row: Callable[[], Sequence[Any] | None] = lambda: None
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setHorizontalHeaderLabels([c.title for c in self.columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.setMinimumHeight(36 * 5 + 30)  # five rows in view, then it scrolls
        header = self.table.horizontalHeader()
        for i, column in enumerate(self.columns):
            mode = QHeaderView.ResizeMode.Stretch if column.stretch else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(i, mode)
        self.add_button = QPushButton(add_text, self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
            button.setMinimumHeight(32)
        self.add_button.clicked.connect(lambda: self.add_row(self.new_row()))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._keys: list[str] = []

    def add_row(self, values: Sequence[Any] | None = None, key: str = "") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._keys.append(key)
        for i, column in enumerate(self.columns):
            widget = column.make()
            if values is not None:
                column.fill(widget, values[i])
            self.table.setCellWidget(row, i, widget)
        self.edited.emit()
        return row

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            del self._keys[row]
            self.edited.emit()

    def rows(self) -> list[tuple[str, list[Any]]]:
        """Each row's key and its values, top to bottom."""
        return [(self._keys[row], [c.read(self.table.cellWidget(row, i)) for i, c in enumerate(self.columns)])
                for row in range(self.table.rowCount())]

    def cell(self, row: int, column: int) -> QWidget:
        return self.table.cellWidget(row, column)

    def mark_row(self, row: int) -> None:
        """Select and show a row the book complained about."""
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

