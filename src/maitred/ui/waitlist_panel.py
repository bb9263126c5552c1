"""The Waitlist tab: the parties waiting at the door, each with its quote counting down (red and
"late" once it passed), the party a freed table fits lit up, and Seat / Notify / Left.

The list is a model of plain snapshots kept in step with the `WaitlistDesk`; the countdowns
follow the stand's clock tick. The action buttons under the list act on the selected party, so
the whole list works from the keyboard (Tab to a button; Enter on a row seats it).

"Left" sits next to Notify, so it can be undone: for a few minutes a line under the list offers
Undo (Ctrl+Z while the tab has the focus), which puts the party back in its place in the queue.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from maitred.controllers.waitlist import WaitlistDesk
from maitred.controllers.walk_in import table_names
from maitred.domain.errors import ReservationBookError
from maitred.domain.waitlist import WaitingParty
from maitred.ui import status_style as st
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.dialogs.waitlist import AddWaitingPartyDialog, SeatWaitingPartyDialog
from maitred.ui.dialogs.wording import time_text
from maitred.ui.party_list import PartyListView

_Index = QModelIndex | QPersistentModelIndex
ROW_HEIGHT = 52
WAITING_COLOUR = QColor("#ffc94d")  # the amber of things that are waiting (holds, parties)
FREED_COLOUR = QColor("#2e7d32")  # the green of a table to sit at
#: How long a "Left" can be undone from the panel: long enough to notice the party is still at the bar.
UNDO_LEFT_WINDOW = timedelta(minutes=3)


def minutes_text(span: timedelta) -> str:
    """Whole minutes, rounded up while counting down (a minute left is still a minute)."""
    return str(max(0, -(-span // timedelta(minutes=1))))


class PartyRole(IntEnum):
    PARTY_ID = Qt.ItemDataRole.UserRole + 1
    PARTY = Qt.ItemDataRole.UserRole + 2
    OVERDUE = Qt.ItemDataRole.UserRole + 3
    FREED_TABLES = Qt.ItemDataRole.UserRole + 4


class WaitlistModel(QAbstractListModel):
    """The parties waiting, first come first; each row's text follows the clock."""

    def __init__(self, time_zone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WaitingParty] = []
        self._now: datetime | None = None
        self._time_zone = time_zone
        self._freed: tuple[str, str] | None = None  # party id, table names

    def parties(self) -> tuple[WaitingParty, ...]:
        return tuple(self._rows)

    def row_of(self, party_id: str) -> int | None:
        return next((i for i, p in enumerate(self._rows) if p.id == party_id), None)

    def set_parties(self, parties: Sequence[WaitingParty]) -> None:
        """Whole new list: the waitlist is short, and its order only grows at the end."""
        if list(parties) == self._rows:
            return
        self.beginResetModel()
        self._rows = list(parties)
        self.endResetModel()

    def set_now(self, now: datetime) -> None:
        self._now = now
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def set_freed(self, party_id: str | None, tables: str = "") -> None:
        self._freed = None if party_id is None else (party_id, tables)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def is_overdue(self, party: WaitingParty) -> bool:
        return self._now is not None and party.is_overdue(self._now)

    def freed_tables(self, party: WaitingParty) -> str:
        return self._freed[1] if self._freed and self._freed[0] == party.id else ""

    def countdown(self, party: WaitingParty) -> str:
        """ "12 min" left, "5 min late" once the quote passed, or "no quote"."""
        if self._now is None or party.quoted_ready is None:
            return self.tr("no quote")
        left = party.quoted_ready - self._now
        if left < timedelta(0):
            return self.tr("{minutes} min late").format(minutes=minutes_text(-left))
        return self.tr("{minutes} min").format(minutes=minutes_text(left))

    def details(self, party: WaitingParty) -> str:
        """The second line: how long they have waited, what they were told, whether they were called."""
        parts = []
        if self._now is not None:
            waited = max(timedelta(0), self._now - party.added) // timedelta(minutes=1)
            parts.append(self.tr("waiting {minutes} min").format(minutes=waited))
        if party.quoted_ready is not None:
            parts.append(self.tr("quoted {time}").format(time=time_text(party.quoted_ready, self._time_zone)))
        if party.notified is not None:
            parts.append(self.tr("told {time}").format(time=time_text(party.notified, self._time_zone)))
        if party.phone:
            parts.append("☎")
        if party.notes:
            parts.append(party.notes)
        return " · ".join(parts)

    def line(self, party: WaitingParty) -> str:
        return self.tr("{name} · {size}").format(name=party.name or self.tr("Waiting party"), size=party.party_size)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        party = self._rows[index.row()]
        if role == PartyRole.PARTY_ID:
            return party.id
        if role == PartyRole.PARTY:
            return party
        if role == PartyRole.OVERDUE:
            return self.is_overdue(party)
        if role == PartyRole.FREED_TABLES:
            return self.freed_tables(party)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self.line(party)}  {self.countdown(party)}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{self.line(party)}, {self.countdown(party)}. {self.details(party)}"
            freed = self.freed_tables(party)
            return text + (" " + self.tr("{tables} is free for them.").format(tables=freed) if freed else "")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class WaitlistDelegate(QStyledItemDelegate):
    """A row: the amber bar of a waiting party (green when a table is free for it), name and
    size, the countdown on the right (red with a clock once late), and the details below."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(240, ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        party = index.data(PartyRole.PARTY)
        model = index.model()
        if not isinstance(party, WaitingParty) or not isinstance(model, WaitlistModel):
            super().paint(painter, option, index)
            return
        painter.save()
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        rect: QRect = option.rect
        freed = str(index.data(PartyRole.FREED_TABLES) or "")
        overdue = bool(index.data(PartyRole.OVERDUE))
        bar = FREED_COLOUR if freed else (st.ALERT_COLOR if overdue else WAITING_COLOUR)
        painter.fillRect(QRect(rect.left() + 2, rect.top() + 4, 6, rect.height() - 8), bar)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        ink = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        font = QFont(option.font)
        bold = QFont(font)
        bold.setBold(True)
        metrics, bold_metrics = QFontMetrics(font), QFontMetrics(bold)
        left = rect.left() + 14
        countdown = model.countdown(party)
        count_width = bold_metrics.horizontalAdvance(countdown) + 8
        mark_width = 22 if overdue else 0
        top_rect = QRect(left, rect.top() + 4, rect.width() - (left - rect.left()) - count_width - mark_width - 6,
                         rect.height() // 2 - 2)
        painter.setFont(bold)
        painter.setPen(ink)
        painter.drawText(top_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         bold_metrics.elidedText(model.line(party), Qt.TextElideMode.ElideRight, top_rect.width()))
        count_rect = QRect(rect.right() - count_width - 4, top_rect.top(), count_width, top_rect.height())
        if overdue:
            st.paint_mark(painter, QRect(count_rect.left() - mark_width, count_rect.top() + 2, 18, 18).toRectF(),
                          st.Mark.CLOCK, st.ALERT_COLOR)
        painter.setPen(st.ALERT_COLOR if overdue and not selected else ink)
        painter.drawText(count_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), countdown)
        painter.setFont(font)
        painter.setPen(ink)
        second = model.details(party)
        if freed:
            second = self.tr("★ {tables} is free for them").format(tables=freed) + " · " + second
            if not selected:
                painter.setPen(FREED_COLOUR)
        low_rect = QRect(left, rect.top() + rect.height() // 2, rect.width() - (left - rect.left()) - 6,
                         rect.height() // 2 - 4)
        painter.drawText(low_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(second, Qt.TextElideMode.ElideRight, low_rect.width()))
        painter.restore()


class WaitlistView(PartyListView):
    """Enter on a party seats it."""

    seat_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.empty_text = self.tr("Nobody is waiting. When the room is full, add a party with Ctrl+Shift+W.")

    def on_enter(self, index: QModelIndex) -> None:
        self.seat_requested.emit(str(index.data(PartyRole.PARTY_ID)))


class WaitlistPanel(QWidget):
    """The Waitlist tab. `message` carries one sentence for the status bar; `count_changed` the
    number waiting (for the tab's title)."""

    message = Signal(str)
    count_changed = Signal(int)

    def __init__(self, desk: WaitlistDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitlistPanel")
        self.desk = desk
        self.dialog: QDialog | None = None
        self.model = WaitlistModel(desk.location.info.time_zone, self)
        self.view = WaitlistView(self)
        self.view.setObjectName("waitlistList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(WaitlistDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        self.view.setAccessibleName(self.tr("Parties waiting"))
        self.add_button = QPushButton(self.tr("+ Add party…"), self)
        self.add_button.setToolTip(self.tr("Add a waiting party (Ctrl+Shift+W)"))
        self.summary = QLabel(self)
        self.summary.setObjectName("waitlistSummary")
        self.seat_button = QPushButton(self.tr("Seat…"), self)
        self.notify_button = QPushButton(self.tr("Notify"), self)
        self.notify_button.setToolTip(self.tr("Tell the party its table is ready (a text message when set up)"))
        self.left_button = QPushButton(self.tr("Left"), self)
        self.left_button.setToolTip(self.tr("The party gave up: take it off the list (Undo puts it back)"))
        self.left_party: WaitingParty | None = None  # the last party that left, while it can be undone
        self.undo_strip = QWidget(self)
        self.undo_strip.setObjectName("waitlistUndo")
        self.undo_note = QLabel(self.undo_strip)
        self.undo_note.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"), self.undo_strip)
        self.undo_button.setToolTip(self.tr("Put the party back in its place in the queue (Ctrl+Z)"))
        strip = QHBoxLayout(self.undo_strip)
        strip.setContentsMargins(0, 0, 0, 0)
        strip.addWidget(self.undo_note, 1)
        strip.addWidget(self.undo_button)
        self.undo_strip.setVisible(False)
        for button in (self.add_button, self.seat_button, self.notify_button, self.left_button, self.undo_button):
            button.setMinimumHeight(36)
            button.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.summary, 1)
        actions = QHBoxLayout()
        for button in (self.seat_button, self.notify_button, self.left_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.undo_strip)  # above the buttons, so they never move under the host's finger
        layout.addLayout(actions)
        self.add_button.clicked.connect(self.add_party)
        self.seat_button.clicked.connect(lambda: self.seat(self.selected_id()))
        self.notify_button.clicked.connect(lambda: self.notify(self.selected_id()))
        self.left_button.clicked.connect(lambda: self.mark_left(self.selected_id()))
        self.undo_button.clicked.connect(self.undo_left)
        self.view.seat_requested.connect(self.seat)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._enable())
        desk.changed.connect(self.show_parties)
        desk.table_freed.connect(self._on_table_freed)
        self.model.set_now(desk.now())
        self.show_parties(desk.parties())

    # --- showing ---------------------------------------------------------------------------

    def set_now(self, now: datetime) -> None:
        self.model.set_now(now)
        self._summarise()
        if self._undo_ran_out(now):
            self._forget_left()

    def _undo_ran_out(self, now: datetime) -> bool:
        """A "Left" is undone for the mistake just made; later, the party is added again."""
        left = self.left_party.left if self.left_party is not None else None
        return left is not None and now - left > UNDO_LEFT_WINDOW

    def show_parties(self, parties: object) -> None:
        assert isinstance(parties, tuple)
        selected = self.selected_id()
        self.model.set_parties(parties)
        if self.left_party is not None and self.model.row_of(self.left_party.id) is not None:
            self._forget_left()  # back on the list already (brought back at another stand)
        highlight = self.desk.highlighted()
        if highlight is None:
            self.model.set_freed(None)
        else:
            self.model.set_freed(highlight[0], table_names(self.desk.location, highlight[1]))
        row = self.model.row_of(selected) if selected else None
        if row is None and parties:
            row = 0
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))
        self._enable()
        self._summarise()
        self.count_changed.emit(len(parties))

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        return str(index.data(PartyRole.PARTY_ID)) if index.isValid() else None

    def select(self, party_id: str) -> None:
        row = self.model.row_of(party_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))

    def _enable(self) -> None:
        chosen = self.selected_id() is not None
        for button in (self.seat_button, self.notify_button, self.left_button):
            button.setEnabled(chosen)

    def _summarise(self) -> None:
        parties = self.model.parties()
        if not parties:
            self.summary.setText("")
            return
        covers = sum(p.party_size for p in parties)
        late = sum(1 for p in parties if self.model.is_overdue(p))
        text = self.tr("{parties} waiting, {covers} guests").format(parties=len(parties), covers=covers)
        if late:
            text += " · " + self.tr("{late} past their quote").format(late=late)
        self.summary.setText(text)

    def _on_table_freed(self, party: object, tables: object) -> None:
        assert isinstance(party, WaitingParty) and isinstance(tables, tuple)
        names = table_names(self.desk.location, tables)
        self.model.set_freed(party.id, names)
        self.select(party.id)
        text = self.tr("{tables} is free: first in line is {name} ({size}).").format(
            tables=names, name=party.name or self.tr("a waiting party"), size=party.party_size)
        # After the action that freed the table has said its own word in the status bar.
        QTimer.singleShot(0, lambda: self.message.emit(text))

    # --- acting ----------------------------------------------------------------------------

    def add_party(self) -> QDialog:
        dialog = AddWaitingPartyDialog(self.desk, self)

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.party is not None:
                self.select(dialog.party.id)
                self.message.emit(self.tr("{name} ({size}) is on the waitlist.").format(
                    name=dialog.party.name, size=dialog.party.party_size))

        return self._open(dialog, done)

    def seat(self, party_id: str | None) -> QDialog | None:
        """Pick a free table (the one lit up first), then seat the party there."""
        if party_id is None:
            return None
        party = next((p for p in self.model.parties() if p.id == party_id), None)
        try:
            options = self.desk.seat_options(party_id)
        except ReservationBookError as error:
            self.message.emit(sentence_for(error))
            return None
        if party is None:
            return None
        if not options:
            self.message.emit(self.tr("No table is free for {size} right now: they wait a little longer.").format(
                size=party.party_size))
            return None
        dialog = SeatWaitingPartyDialog(party, options, self)

        def done(result: int) -> None:
            if result != QDialog.DialogCode.Accepted or dialog.chosen is None:
                return
            try:
                self.desk.seat(party_id, dialog.chosen.table_ids, initiator=self)
            except ReservationBookError as error:
                self.message.emit(sentence_for(error))
                return
            self.message.emit(self.tr("{name} seated at {table}.").format(
                name=party.name or self.tr("The party"), table=dialog.chosen.name))

        return self._open(dialog, done)

    def notify(self, party_id: str | None) -> None:
        if party_id is None:
            return
        try:
            party = self.desk.notify(party_id)
        except ReservationBookError as error:
            self.message.emit(sentence_for(error))
            return
        how = self.tr("by text message") if party.phone else self.tr("call out their name")
        self.message.emit(self.tr("{name} told the table is ready ({how}).").format(
            name=party.name or self.tr("The party"), how=how))

    def mark_left(self, party_id: str | None) -> None:
        """Take the party off the list at once, and offer Undo (the button sits next to Notify)."""
        if party_id is None:
            return
        focus_was_here = self._has_focus()
        try:
            party = self.desk.mark_left(party_id)
        except ReservationBookError as error:
            self.message.emit(sentence_for(error))
            return
        text = self.tr("{name} left the waitlist.").format(name=party.name or self.tr("The party"))
        self.left_party = party
        self.undo_note.setText(text)
        self.undo_strip.setVisible(True)
        if focus_was_here and not self._has_focus():  # "Left" went grey and gave the focus away
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)  # keep it here, so Ctrl+Z undoes at once
        self.message.emit(text + " " + self.tr("Ctrl+Z or Undo in the Waitlist tab brings them back."))

    def undo_left(self) -> None:
        """Bring back the party that left last, in its place in the queue and with its quote."""
        party = self.left_party
        if party is None:
            return
        name = party.name or self.tr("The party")
        try:
            self.desk.bring_back(party.id)
        except ReservationBookError as error:
            self._forget_left()
            if error.code == "CAN_NOT_BE_UPDATED":
                self.message.emit(self.tr("{name} can't be brought back: they are already on the list "
                                          "or were seated meanwhile.").format(name=name))
            else:
                self.message.emit(sentence_for(error))
            return
        self._forget_left()
        self.select(party.id)
        self.message.emit(self.tr("{name} is back on the waitlist, in their place.").format(name=name))

    def _has_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus))

    def _forget_left(self) -> None:
        self.left_party = None
        self.undo_strip.setVisible(False)

    def event(self, event: QEvent) -> bool:
        """Ctrl+Z inside the Waitlist tab undoes its last "Left", not the window's last reservation
        action; without a "Left" to undo, the window's Ctrl+Z works as ever."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Undo) and self.left_party is not None):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo) and self.left_party is not None:
            self.undo_left()
            event.accept()
            return
        super().keyPressEvent(event)

    def _open(self, dialog: QDialog, on_done: Any) -> QDialog:
        """Window-modal and not blocking, as the stand's other dialogs."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            on_done(result)

        dialog.finished.connect(finished)
        dialog.open()
        return dialog
