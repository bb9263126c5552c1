"""The stand's keyboard shortcuts, in one table: the window binds them, F1 lists them.

Keys are written in Qt's portable form ("Ctrl+N"); the dialog shows them in the platform's
native form (⌘N on a Mac).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class Shortcut:
    name: str  # the action it triggers
    keys: tuple[str, ...]  # portable key sequences; empty: handled by the focused view itself
    shown_keys: str = ""  # how the list writes keys no action binds (Enter, arrows)

    def description(self) -> str:
        return QCoreApplication.translate("Shortcuts", str(_DESCRIPTIONS[self.name]))


_DESCRIPTIONS = {
    "new": QT_TRANSLATE_NOOP("Shortcuts", "New phone-in reservation"),
    "walk_in": QT_TRANSLATE_NOOP("Shortcuts", "Walk-in: seat a party now"),
    "search": QT_TRANSLATE_NOOP("Shortcuts", "Search a guest by name or phone"),
    "open": QT_TRANSLATE_NOOP("Shortcuts", "Open the selected reservation"),
    "arrows": QT_TRANSLATE_NOOP("Shortcuts", "Move the selection (tables up and down, time left and right)"),
    "seat": QT_TRANSLATE_NOOP("Shortcuts", "Seat the selected reservation"),
    "finish": QT_TRANSLATE_NOOP("Shortcuts", "Finish the selected reservation (table is free)"),
    "no_show": QT_TRANSLATE_NOOP("Shortcuts", "Mark the selected reservation as a no-show"),
    "approve": QT_TRANSLATE_NOOP("Shortcuts", "Approve the selected request"),
    "decline": QT_TRANSLATE_NOOP("Shortcuts", "Decline the selected request (asks why)"),
    "cancel": QT_TRANSLATE_NOOP("Shortcuts", "Cancel the selected reservation (asks to confirm)"),
    "undo": QT_TRANSLATE_NOOP("Shortcuts", "Undo the last seat, finish, no-show, cancel or move (approving, "
                                           "declining, a phone-in booked and a walk-in can't be undone: it says so)"),
    "previous_day": QT_TRANSLATE_NOOP("Shortcuts", "Previous day"),
    "next_day": QT_TRANSLATE_NOOP("Shortcuts", "Next day"),
    "today": QT_TRANSLATE_NOOP("Shortcuts", "Today, with the map back to now"),
    "back_to_now": QT_TRANSLATE_NOOP("Shortcuts", "The map back to now, after picking a time on the timeline"),
    "show_cancelled": QT_TRANSLATE_NOOP("Shortcuts", "Show or hide cancelled and declined reservations"),
    "help": QT_TRANSLATE_NOOP("Shortcuts", "This list of shortcuts"),
    "waitlist_add": QT_TRANSLATE_NOOP("Shortcuts", "Add a party to the waitlist (the wait is quoted from the room)"),
    "guests": QT_TRANSLATE_NOOP("Shortcuts", "The guest book: find, edit, merge, export or erase a guest"),
    "print_day_sheet": QT_TRANSLATE_NOOP("Shortcuts", "Print the day sheet of the day shown (preview, PDF)"),
    "lock": QT_TRANSLATE_NOOP("Shortcuts", "Lock the stand (the next person signs in with their PIN)"),
    "map_add_table": QT_TRANSLATE_NOOP("Shortcuts", "Floor plan editing: add a table"),
    "map_undo": QT_TRANSLATE_NOOP("Shortcuts", "Floor plan editing: undo the last change to the floor"),
}

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("new", ("Ctrl+N",)),
    Shortcut("walk_in", ("Ctrl+W",)),
    Shortcut("search", ("Ctrl+F", "/")),
    Shortcut("open", (), "Enter"),
    Shortcut("arrows", (), "← → ↑ ↓"),
    Shortcut("seat", ("S",)),
    Shortcut("finish", ("F",)),
    Shortcut("no_show", ("N",)),
    Shortcut("approve", ("A",)),
    Shortcut("decline", ("D",)),
    Shortcut("cancel", ("Delete",)),
    Shortcut("undo", ("Ctrl+Z",)),
    Shortcut("previous_day", ("Ctrl+Left",)),
    Shortcut("next_day", ("Ctrl+Right",)),
    Shortcut("today", ("Ctrl+T",)),
    Shortcut("back_to_now", (), "Esc on the map or timeline"),
    Shortcut("show_cancelled", ("Ctrl+H",)),
    Shortcut("lock", ("Ctrl+L",)),
    Shortcut("waitlist_add", ("Ctrl+Shift+W",)),
    Shortcut("guests", ("Ctrl+G",)),
    Shortcut("print_day_sheet", ("Ctrl+P",)),
    Shortcut("help", ("F1",)),
    Shortcut("map_add_table", (), "Insert"),
    Shortcut("map_undo", (), "Ctrl+Z on the map"),
)


def keys_of(name: str) -> list[QKeySequence]:
    shortcut = next(s for s in SHORTCUTS if s.name == name)
    return [QKeySequence(k) for k in shortcut.keys]


def native_keys(shortcut: Shortcut) -> str:
    if not shortcut.keys:
        return QCoreApplication.translate("Shortcuts", shortcut.shown_keys)
    return QCoreApplication.translate("Shortcuts", " or ").join(
        QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in shortcut.keys)


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts (F1): every key the stand answers to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(SHORTCUTS), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, shortcut in enumerate(SHORTCUTS):
            keys = QTableWidgetItem(native_keys(shortcut))
            keys.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 0, keys)
            self.table.setItem(row, 1, QTableWidgetItem(shortcut.description()))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(30)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 600)

    def listed_keys(self) -> list[str]:
        return [item.text() if (item := self.table.item(row, 0)) else "" for row in range(self.table.rowCount())]


def show(parent: QWidget | None) -> None:
    dialog = ShortcutsDialog(parent)
    dialog.exec()
    dialog.deleteLater()
