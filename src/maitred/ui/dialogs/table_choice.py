"""Which tables and combinations would take a reservation's stay, and why the others can't:
the list in the details dialog, usable ones first, the current one at the top."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from maitred.controllers.details import TableChoice
from maitred.ui.dialogs.wording import table_conflict_text

_Index = QModelIndex | QPersistentModelIndex



class TableChoiceRole(IntEnum):
    TABLE_IDS = Qt.ItemDataRole.UserRole + 1
    USABLE = Qt.ItemDataRole.UserRole + 2


class TableChoiceModel(QAbstractListModel):
    """Every table and combination for the reservation's stay, usable ones first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choices: list[TableChoice] = []
        self._party = 0

    def set_choices(self, choices: Sequence[TableChoice], party_size: int) -> None:
        self.beginResetModel()  # a new stay is a new question: every answer changes
        self._choices = sorted(choices, key=lambda c: (not c.is_current, not c.usable))
        self._party = party_size
        self.endResetModel()

    def choice(self, row: int) -> TableChoice:
        return self._choices[row]

    def row_of(self, table_ids: Sequence[str]) -> int | None:
        wanted = frozenset(table_ids)
        return next((i for i, c in enumerate(self._choices) if frozenset(c.table_ids) == wanted), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._choices)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._choices) or index.column() != 0:
            return None
        choice = self._choices[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.describe(choice)
        if role == TableChoiceRole.TABLE_IDS:
            return list(choice.table_ids)
        if role == TableChoiceRole.USABLE:
            return choice.usable
        if role == Qt.ItemDataRole.ForegroundRole and not choice.usable:
            return QGuiApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.describe(choice)
        return None

    def describe(self, choice: TableChoice) -> str:
        tr = QCoreApplication.translate
        seats = tr("Details", "{low}–{high} seats").format(low=choice.seats_min, high=choice.seats_max) \
            if choice.seats_max else ""
        why = ", ".join(table_conflict_text(c, self._party) for c in choice.conflicts) or tr("Details", "free")
        mark = "✓ " if choice.is_current else ("" if choice.usable else "✗ ")
        return f"{mark}{choice.name} · {seats} — {why}" if seats else f"{mark}{choice.name} — {why}"

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
