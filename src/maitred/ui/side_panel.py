"""The side panel beside the timeline: who arrives next (with Seat), the requests waiting for an
answer (Approve / Decline), and search results.

Each list is a `ReservationListModel` kept in sync row by row (inserts, removals, changed rows),
never reset for one changed reservation. Buttons are painted by the row delegate so every row
stays a 44 px touch target and the lists stay plain models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
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
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import zone as time_zone
from maitred.ui import status_style as st
from maitred.ui.dialogs.wording import date_text, guest_name, tables_text, time_text
from maitred.ui.party_list import PartyListView
from maitred.ui.waitlist_panel import WaitlistPanel

S = ReservationStatus
_Index = QModelIndex | QPersistentModelIndex
ROW_HEIGHT = 44
BUTTON_WIDTH = 84


# --- what the panel and the status bar say about a day ----------------------------------------


@dataclass(frozen=True, slots=True)
class DaySummary:
    covers: int
    seated: int
    next_arrival: Reservation | None
    requests_waiting: int


def upcoming_arrivals(reservations: Iterable[Reservation], now: datetime, day: date, today: date) -> list[Reservation]:
    """Parties still to come: RESERVED (or waiting for payment) and not over yet; late ones stay
    on the list until seated or marked no-show. A past day has none, a future day all of them.
    Parties due at the same time come in the order they booked, so the list doesn't reshuffle."""
    if day < today:
        return []
    waiting = [r for r in reservations if r.status in (S.RESERVED, S.PAYMENT_PENDING) and not r.is_expired(now)]
    if day == today:
        waiting = [r for r in waiting if r.end > now]
    return sorted(waiting, key=lambda r: (r.start, r.created or r.start, r.id))


def summarise_day(reservations: Iterable[Reservation], now: datetime, day: date, today: date,
                  requests_waiting: int) -> DaySummary:
    """The status bar's figures: covers of the day, covers seated, the next arrival."""
    counted = [r for r in reservations if r.status in st.COUNTED_STATUSES and not r.is_expired(now)]
    arrivals = [r for r in upcoming_arrivals(counted, now, day, today) if r.start >= now or day != today]
    return DaySummary(
        covers=sum(r.party_size for r in counted),
        seated=sum(r.party_size for r in counted if r.status is S.SEATED),
        next_arrival=arrivals[0] if arrivals else None,
        requests_waiting=requests_waiting,
    )


# --- the list model -------------------------------------------------------------------------


class ReservationRole(IntEnum):
    RESERVATION_ID = Qt.ItemDataRole.UserRole + 1
    RESERVATION = Qt.ItemDataRole.UserRole + 2
    #: "Fri 13 Jun · T5" in lists spanning days, else empty: drawn on the row's second line
    SECOND_LINE = Qt.ItemDataRole.UserRole + 3


class ReservationListModel(QAbstractListModel):
    """A list of reservations, one per row, kept in sync by `sync()` without resets."""

    def __init__(self, parent: QObject | None = None, *, show_date: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[Reservation] = []
        self._location: ReservationLocation | None = None
        self._now: datetime | None = None
        self._show_date = show_date

    def set_location(self, location: ReservationLocation) -> None:
        self._location = location
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def set_now(self, now: datetime) -> None:
        """Late marks and countdowns follow the clock."""
        self._now = now
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1),
                                  [Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DisplayRole])

    def reservations(self) -> Sequence[Reservation]:
        return tuple(self._rows)

    def row_of(self, reservation_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == reservation_id), None)

    def sync(self, wanted: Sequence[Reservation]) -> None:
        """Make the rows equal `wanted`: remove, insert and update single rows."""
        wanted_ids = {r.id for r in wanted}
        for row in reversed(range(len(self._rows))):
            if self._rows[row].id not in wanted_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        kept = [r.id for r in self._rows]
        if kept != [r.id for r in wanted if r.id in set(kept)]:
            self.beginResetModel()  # the order changed (a start moved): rare, so simply rebuild
            self._rows = list(wanted)
            self.endResetModel()
            return
        for i, r in enumerate(wanted):
            if i < len(self._rows) and self._rows[i].id == r.id:
                if self._rows[i] != r:
                    self._rows[i] = r
                    self.dataChanged.emit(self.index(i), self.index(i))
                continue
            self.beginInsertRows(QModelIndex(), i, i)
            self._rows.insert(i, r)
            self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or index.column() != 0:
            return None
        r = self._rows[index.row()]
        if role == ReservationRole.RESERVATION_ID:
            return r.id
        if role == ReservationRole.RESERVATION:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            return self.line(r)
        if role == ReservationRole.SECOND_LINE:
            return self.second_line(r)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            status = st.describe(r, self._now) if self._now else st.status_label(r.status)
            whole = " · ".join(part for part in (self.line(r), self.second_line(r)) if part)
            return f"{whole}\n{status}" if role == Qt.ItemDataRole.ToolTipRole else f"{whole}, {status}"
        return None

    def line(self, r: Reservation) -> str:
        """ "19:00  Smith · 4 · T5"; in lists spanning days "19:00  Smith · 4", the date and tables
        going to the second line, so the time, the guest and the party are never cut."""
        first = f"{time_text(r.start, self._zone())}  {guest_name(r)} · {r.party_size}"
        return first if self._show_date else f"{first} · {self._tables(r)}"

    def second_line(self, r: Reservation) -> str:
        """ "Fri 13 Jun · T5" in lists spanning days (requests, search results), else empty."""
        if not self._show_date:
            return ""
        day = date_text(r.start.astimezone(time_zone(self._zone())).date())
        tables = self._tables(r)
        return f"{day} · {tables}" if tables else day

    def _tables(self, r: Reservation) -> str:
        return tables_text(self._location, r) if self._location else ""

    def _zone(self) -> str:
        return self._location.info.time_zone if self._location else "UTC"

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


# --- rows with buttons ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowButton:
    key: str  # "seat", "approve", "decline"
    label: str


class ReservationRowDelegate(QStyledItemDelegate):
    """Paints a row (status bar and mark, time, guest, tables, status word) and its buttons."""

    #: reservation id, button key
    button_clicked = Signal(str, str)

    def __init__(self, buttons: Sequence[RowButton], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buttons = tuple(buttons)
        self._now: datetime | None = None
        self._pressed: tuple[int, str] | None = None

    def set_now(self, now: datetime) -> None:
        self._now = now

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(240, ROW_HEIGHT)

    def button_rects(self, rect: QRect) -> list[tuple[RowButton, QRect]]:
        rects = []
        right = rect.right() - 4
        for button in reversed(self._buttons):
            box = QRect(right - BUTTON_WIDTH + 1, rect.top() + 5, BUTTON_WIDTH, rect.height() - 10)
            rects.append((button, box))
            right = box.left() - 4
        return list(reversed(rects))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        r = index.data(ReservationRole.RESERVATION)
        if not isinstance(r, Reservation):
            super().paint(painter, option, index)
            return
        painter.save()
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        rect: QRect = option.rect
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        look = st.style_for(r.status)
        painter.fillRect(QRect(rect.left() + 2, rect.top() + 4, 6, rect.height() - 8), look.fill)
        mark = st.mark_for(r, self._now) if self._now else look.mark
        text_left = rect.left() + 14
        if mark is not st.Mark.NONE:
            palette: QPalette = option.palette
            st.paint_mark(painter, QRect(text_left, rect.top() + 12, 20, 20).toRectF(), mark,
                          palette.color(QPalette.ColorRole.Text) if mark is not st.Mark.CLOCK else look.text)
            text_left += 24
        buttons = self.button_rects(rect)
        text_right = (buttons[0][1].left() - 6) if buttons else rect.right() - 6
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        status = st.describe(r, self._now) if self._now else st.status_label(r.status)
        second = str(index.data(ReservationRole.SECOND_LINE) or "")
        if second:
            status = f"{second} · {status}"
        text_rect = QRect(text_left, rect.top(), max(0, text_right - text_left), rect.height() // 2 + 4)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                         QFontMetrics(bold).elidedText(line, Qt.TextElideMode.ElideRight, text_rect.width()))
        painter.setFont(font)
        status_rect = QRect(text_left, rect.top() + rect.height() // 2 + 2, text_rect.width(), rect.height() // 2 - 4)
        painter.drawText(status_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         metrics.elidedText(status, Qt.TextElideMode.ElideRight, status_rect.width()))
        for button, box in buttons:
            opt = QStyleOptionButton()
            opt.rect = box
            opt.text = button.label
            opt.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
            if self._pressed == (index.row(), button.key):
                opt.state |= QStyle.StateFlag.State_Sunken
            opt.palette = QApplication.palette()
            opt.fontMetrics = metrics
            style.drawControl(QStyle.ControlElement.CE_PushButton, opt, painter, widget)
        painter.restore()

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: _Index) -> bool:
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return super().editorEvent(event, model, option, index)
        hit = next((b for b, box in self.button_rects(option.rect)
                    if box.contains(event.position().toPoint())), None)
        if event.type() == QEvent.Type.MouseButtonPress and hit is not None:
            self._pressed = (index.row(), hit.key)
            return True
        if event.type() == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            if hit is not None and pressed == (index.row(), hit.key):
                self.button_clicked.emit(str(index.data(ReservationRole.RESERVATION_ID)), hit.key)
                return True
        return super().editorEvent(event, model, option, index)


class ReservationList(PartyListView):
    """A list of reservation rows: Enter opens one, a click selects it, buttons act on it."""

    reservation_selected = Signal(str)
    reservation_activated = Signal(str)
    #: reservation id, button key
    button_clicked = Signal(str, str)

    def __init__(self, model: ReservationListModel, buttons: Sequence[RowButton], empty_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(empty_text, parent)
        self.setModel(model)
        self.delegate = ReservationRowDelegate(buttons, self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.delegate.button_clicked.connect(self.button_clicked)
        self.activated.connect(lambda index: self.reservation_activated.emit(self._id_at(index)))
        self.selectionModel().currentChanged.connect(self._on_current_changed)

    def list_model(self) -> ReservationListModel:
        model = self.model()
        assert isinstance(model, ReservationListModel)
        return model

    def select_reservation(self, reservation_id: str) -> None:
        row = self.list_model().row_of(reservation_id)
        if row is not None:
            self.setCurrentIndex(self.list_model().index(row))

    def button_point(self, reservation_id: str, key: str) -> Any:
        """The centre of a row's button in viewport coordinates (tests, automation)."""
        row = self.list_model().row_of(reservation_id)
        if row is None:
            raise KeyError(reservation_id)
        rect = self.visualRect(self.list_model().index(row))
        return next(box.center() for b, box in self.delegate.button_rects(rect) if b.key == key)

    def on_enter(self, index: QModelIndex) -> None:
        self.reservation_activated.emit(self._id_at(index))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.reservation_selected.emit(self._id_at(current))

    @staticmethod
    def _id_at(index: QModelIndex) -> str:
        return str(index.data(ReservationRole.RESERVATION_ID))


# --- the panel ------------------------------------------------------------------------------


class SidePanel(QTabWidget):
    """Arrivals, Requests (with the count waiting) and, while searching, the results."""

    reservation_selected = Signal(str)
    reservation_activated = Signal(str)
    seat_requested = Signal(str)
    approve_requested = Signal(str)
    decline_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.arrivals_model = ReservationListModel(self)
        self.requests_model = ReservationListModel(self, show_date=True)
        self.results_model = ReservationListModel(self, show_date=True)
        self.arrivals = ReservationList(self.arrivals_model, [RowButton("seat", self.tr("Seat"))],
                                        self.tr("Nobody else is expected."), self)
        self.requests = ReservationList(
            self.requests_model,
            [RowButton("approve", self.tr("Approve")), RowButton("decline", self.tr("Decline…"))],
            self.tr("No requests are waiting."), self)
        self.results = ReservationList(self.results_model, [], self.tr("Nobody found."), self)
        self.arrivals.setObjectName("arrivalsList")
        self.requests.setObjectName("requestsList")
        self.results.setObjectName("searchResults")
        self._results_page = QWidget(self)
        self._results_page.setVisible(False)  # a tab only while searching
        page = QVBoxLayout(self._results_page)
        page.setContentsMargins(0, 0, 0, 0)
        self.results_title = QLabel(self._results_page)
        self.results_title.setContentsMargins(8, 4, 8, 4)
        page.addWidget(self.results_title)
        page.addWidget(self.results)
        self.addTab(self.arrivals, self.tr("Arrivals"))
        self.addTab(self.requests, self.tr("Requests"))
        for view in (self.arrivals, self.requests, self.results):
            view.reservation_selected.connect(self.reservation_selected)
            view.reservation_activated.connect(self.reservation_activated)
            view.button_clicked.connect(self._on_button)
        self._update_titles()

    def set_location(self, location: ReservationLocation) -> None:
        for model in (self.arrivals_model, self.requests_model, self.results_model):
            model.set_location(location)

    def set_now(self, now: datetime) -> None:
        for view in (self.arrivals, self.requests, self.results):
            view.delegate.set_now(now)
            view.list_model().set_now(now)

    def set_arrivals(self, arrivals: Sequence[Reservation]) -> None:
        self.arrivals_model.sync(arrivals)
        self._update_titles()

    def set_requests(self, requests: Sequence[Reservation]) -> None:
        self.requests_model.sync(requests)
        self._update_titles()

    def show_results(self, text: str, found: Sequence[Reservation]) -> None:
        """Search results in their own tab (opened and brought to front); empty text closes it."""
        index = self.indexOf(self._results_page)
        if not text.strip():
            if index >= 0:
                self.removeTab(index)
            self.results_model.sync([])
            return
        self.results_model.sync(found)
        self.results_title.setText(self.tr("Found for “{text}”: {count}").format(text=text.strip(), count=len(found)))
        if index < 0:
            index = self.addTab(self._results_page, self.tr("Search"))
        self.setCurrentIndex(index)

    def requests_count(self) -> int:
        return self.requests_model.rowCount()

    def _update_titles(self) -> None:
        count = self.requests_model.rowCount()
        self.setTabText(self.indexOf(self.requests),
                        self.tr("Requests ({count})").format(count=count) if count else self.tr("Requests"))
        arrivals = self.arrivals_model.rowCount()
        self.setTabText(self.indexOf(self.arrivals),
                        self.tr("Arrivals ({count})").format(count=arrivals) if arrivals else self.tr("Arrivals"))

    def _on_button(self, reservation_id: str, key: str) -> None:
        signal = {"seat": self.seat_requested, "approve": self.approve_requested,
                  "decline": self.decline_requested}.get(key)
        if signal is not None:
            signal.emit(reservation_id)

    # --- the waitlist (its own tab: see ui/waitlist_panel.py) --------------------------------

    def add_waitlist(self, panel: WaitlistPanel) -> None:
        """The Waitlist tab after Requests, its title counting the parties waiting."""
        self.insertTab(self.indexOf(self.requests) + 1, panel, self.tr("Waitlist"))

        def count(waiting: int) -> None:
            self.setTabText(self.indexOf(panel),
                            self.tr("Waitlist ({count})").format(count=waiting) if waiting else self.tr("Waitlist"))

        panel.count_changed.connect(count)
        count(panel.model.rowCount())

