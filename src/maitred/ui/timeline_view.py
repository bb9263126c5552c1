"""The timeline, the home screen: tables down the side, the service across, a block per booking.

Painted by hand on a QAbstractScrollArea because a busy Saturday (100 lanes, 800 bookings) must
repaint within a frame: block rectangles are computed when the model changes, and `paintEvent`
only walks the lanes and blocks inside the visible region. The view never changes the book
itself: drags and keys become signals the window's controllers turn into service calls, and the
model update that follows redraws the block where it landed.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    Qt,
    QTime,
    QTimer,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from maitred.domain.reservation import Reservation
from maitred.ui import status_style as st
from maitred.ui.timeline_model import TimelineModel, guest_caption

LABEL_WIDTH = 116
COVERS_HEIGHT = 24
TIME_HEIGHT = 28
HEADER_HEIGHT = COVERS_HEIGHT + TIME_HEIGHT
LANE_HEIGHT = 40  # a block is a touch target: at least 32 px tall when alone in its lane
AREA_HEIGHT = 24
EDGE_GRIP = 16  # px at a block's right end that resize instead of move (a third of short blocks)


class _DragKind(Enum):
    MOVE = "move"
    RESIZE = "resize"


@dataclass(slots=True)
class _Block:
    """Where one reservation is drawn in one lane, in content coordinates (before scrolling)."""

    reservation_id: str
    row: int
    rect: QRectF
    caption: str


@dataclass(slots=True)
class _Drag:
    kind: _DragKind
    block: _Block
    press: QPointF
    active: bool = False
    target_row: int = 0
    target_rect: QRectF | None = None
    target_start: datetime | None = None
    target_end: datetime | None = None


class TimelineView(QAbstractScrollArea):
    """The painted timeline over a `TimelineModel`; see the module docstring."""

    reservation_selected = Signal(str)
    reservation_activated = Signal(str)
    #: reservation id, the new table ids (list[str], empty = unassigned), the new aware UTC start
    move_requested = Signal(str, list, object)
    #: reservation id, the new aware UTC end
    resize_requested = Signal(str, object)
    #: an aware UTC datetime: the moment the map should colour
    time_selected = Signal(object)
    table_selected = Signal(str)
    #: Esc while the map shows a picked moment: the window does what Ctrl+T does
    back_to_now_requested = Signal()

    def __init__(self, model: TimelineModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: TimelineModel | None = None
        self._connections: list[tuple[SignalInstance, Callable[..., None]]] = []
        self._ppm = 2.4  # pixels per minute: a 15-minute slot is 36 px, 6 hours fit at 1366 px
        self._row_top: list[float] = []
        self._headings: list[tuple[float, float, str]] = []  # (top, height, text)
        self._blocks: list[list[_Block]] = []
        self._content = QRectF()
        self._now: datetime | None = None
        self._grace = st.DEFAULT_LATE_GRACE
        self._selected: tuple[int, str] | None = None
        self._highlight_row: int | None = None
        self._selected_time: datetime | None = None
        self._drag: _Drag | None = None
        self._pictures: dict[tuple[str, int], tuple[object, QPixmap]] = {}
        self._to_warm: list[_Block] = []  # blocks to draw ahead while idle, so scrolling stays smooth
        self._warmer = QTimer(self)
        self._warmer.setSingleShot(True)
        self._warmer.setInterval(0)
        self._warmer.timeout.connect(self._warm_pictures)
        self._scrolled_to_now = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.setAccessibleName(self.tr("Timeline"))
        self.set_model(model or TimelineModel(self))

    # --- wiring --------------------------------------------------------------------------------

    def model(self) -> TimelineModel:
        assert self._model is not None
        return self._model

    def set_model(self, model: TimelineModel) -> None:
        """Show another model (the view listens to its changes, not to the old one's)."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._model = model
        self._connections = [
            (model.modelReset, self._on_reset),
            (model.layoutChanged, self._on_reset),
            (model.rowsInserted, self._on_reset),
            (model.rowsRemoved, self._on_reset),
            (model.columnsInserted, self._on_reset),
            (model.columnsRemoved, self._on_reset),
            (model.dataChanged, self._on_data_changed),
            (model.headerDataChanged, self._on_header_changed),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        self._on_reset()

    def _on_header_changed(self, *_args: object) -> None:
        self.viewport().update()

    @Slot(object)
    def set_now(self, now: datetime) -> None:
        """Move the red line and tick the hold countdowns; the first time on today, scroll to now."""
        self._now = now
        if not self._scrolled_to_now and self._is_today():
            self.scroll_to_now()
        self.viewport().update()

    def now(self) -> datetime | None:
        return self._now

    def set_late_grace(self, grace: timedelta) -> None:
        self._grace = grace
        self.viewport().update()

    @Slot(bool)
    def set_show_cancelled(self, show: bool) -> None:
        """The toggle for CANCELED and DECLINED blocks (hidden by default)."""
        self.model().set_show_cancelled(show)

    def set_pixels_per_minute(self, ppm: float) -> None:
        """Zoom: 2.4 px a minute shows six hours on a 1366 px screen beside the side panel."""
        self._ppm = max(0.5, ppm)
        self._relayout()

    def scroll_to_now(self) -> None:
        if self._now is not None:
            self.scroll_to_time(self._now)
            self._scrolled_to_now = True

    def scroll_to_time(self, moment: datetime) -> None:
        """Bring `moment` to about a quarter of the width, so what comes next is in view; the
        left edge lands on a labelled time so the first label is not cut."""
        x = self._x_of(moment) - self._body_width() / 4
        step = self._label_step(QFontMetricsF(self.font())) * self._slot_width()
        if step > 0:
            x = math.floor(x / step) * step
        self.horizontalScrollBar().setValue(round(x))

    # --- selection -----------------------------------------------------------------------------

    def selected_reservation_id(self) -> str | None:
        return self._selected[1] if self._selected else None

    def select_reservation(self, reservation_id: str | None, row: int | None = None) -> None:
        """Select (and show) a reservation, e.g. picked in the arrivals list; emits nothing."""
        block = self._find_block(reservation_id, row) if reservation_id else None
        self._selected = (block.row, block.reservation_id) if block else None
        if block:
            self._ensure_visible(block)
        self.viewport().update()

    @Slot(str)
    def highlight_table(self, table_id: str | None) -> None:
        """Mark a table's lane (picked on the map) and scroll it into view."""
        row = self.model().row_of_table(table_id) if table_id else None
        self._highlight_row = row
        if row is not None:
            top = self._row_top[row]
            self._ensure_visible_y(top, top + LANE_HEIGHT)
        self.viewport().update()

    def set_selected_time(self, moment: datetime | None) -> None:
        """Show which moment the map is colouring (a dashed line); emits nothing."""
        self._selected_time = moment
        self.viewport().update()

    def selected_time(self) -> datetime | None:
        return self._selected_time

    # --- geometry, public for tests and for the window's context actions --------------------------

    def block_rect(self, reservation_id: str, row: int | None = None) -> QRectF | None:
        """A reservation's block in viewport coordinates (first of its lanes unless `row`)."""
        block = self._find_block(reservation_id, row)
        return self._to_viewport(block.rect) if block else None

    def lane_rect(self, row: int) -> QRectF:
        """A lane's body in viewport coordinates."""
        return self._to_viewport(QRectF(0, self._row_top[row], self._content.width(), LANE_HEIGHT))

    def x_of(self, moment: datetime) -> float:
        """The viewport x of a moment."""
        return LABEL_WIDTH + self._x_of(moment) - self.horizontalScrollBar().value()

    def time_at(self, x: float) -> datetime:
        """The moment under a viewport x (not snapped)."""
        minutes = (x - LABEL_WIDTH + self.horizontalScrollBar().value()) / self._ppm
        return self.model().window[0] + timedelta(minutes=minutes)

    def row_at(self, y: float) -> int | None:
        """The lane under a viewport y; None over the header, a heading or below the last lane."""
        cy = y - HEADER_HEIGHT + self.verticalScrollBar().value()
        i = bisect_right(self._row_top, cy) - 1
        if i >= 0 and cy < self._row_top[i] + LANE_HEIGHT and y >= HEADER_HEIGHT:
            return i
        return None

    # --- model changes -------------------------------------------------------------------------

    def _on_reset(self, *_args: object) -> None:
        self._scrolled_to_now = False
        self._drag = None
        self._relayout()
        if self._selected and not self._find_block(self._selected[1], None):
            self._selected = None
        if self._now is not None and self._is_today():
            self.scroll_to_now()

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, _roles: object = None) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            self._blocks[row] = self._lane_blocks(row)
            self._to_warm.extend(self._blocks[row])
        self._warmer.start()
        if self._selected:
            row, rid = self._selected
            if not any(b.reservation_id == rid for b in self._blocks[row]):
                moved = self._find_block(rid, None)
                self._selected = (moved.row, rid) if moved else None
        self.viewport().update()

    def _relayout(self) -> None:
        """Lane positions and every block rectangle: done on data changes, never while painting."""
        model = self.model()
        self._row_top, self._headings = [], []
        y = 0.0
        areas = {lane.area for lane in model.lanes() if not lane.is_unassigned}
        previous: str | None = None
        for lane in model.lanes():
            if lane.is_unassigned:
                self._headings.append((y, AREA_HEIGHT / 3, ""))
                y += AREA_HEIGHT / 3
            elif lane.area != previous and (lane.area or len(areas) > 1):
                text = lane.area or self.tr("Other tables")
                self._headings.append((y, AREA_HEIGHT, text))
                y += AREA_HEIGHT
            previous = lane.area
            self._row_top.append(y)
            y += LANE_HEIGHT
        width = model.columnCount() * model.interval.total_seconds() / 60 * self._ppm
        self._content = QRectF(0, 0, width, y)
        self._pictures.clear()
        self._blocks = [self._lane_blocks(row) for row in range(model.rowCount())]
        self._to_warm = [block for lane in self._blocks for block in lane]
        if self.isVisible():  # not yet shown: the first frame comes first, then paintEvent starts it
            self._warmer.start()
        self._update_scrollbars()
        self.viewport().update()

    def _lane_blocks(self, row: int) -> list[_Block]:
        """Blocks of a lane; overlapping ones (clashes, shown cancellations) share its height."""
        top = self._row_top[row]
        origin, ppm = self.model().window[0], self._ppm  # as _x_of, without a call per end
        blocks: list[_Block] = []
        cluster: list[tuple[Reservation, float, float, int]] = []  # (reservation, x, width, track)
        track_ends: list[datetime] = []
        cluster_end: datetime | None = None

        def close_cluster() -> None:
            """Each rectangle made once, at its track's height (a start-up lays out 800 of them)."""
            height = LANE_HEIGHT / max(1, len(track_ends))
            for r, x, width, track in cluster:
                blocks.append(_Block(r.id, row, QRectF(x, top + track * height, width, height), guest_caption(r)))

        for r in self.model().lane_reservations(row):
            if cluster_end is not None and r.start >= cluster_end:
                close_cluster()
                cluster, track_ends = [], []
            track = next((i for i, end in enumerate(track_ends) if end <= r.start), len(track_ends))
            if track == len(track_ends):
                track_ends.append(r.end)
            track_ends[track] = r.end
            cluster_end = r.end if cluster_end is None else max(cluster_end, r.end)
            x0 = (r.start - origin).total_seconds() / 60 * ppm
            x1 = (r.end - origin).total_seconds() / 60 * ppm
            cluster.append((r, x0, max(6.0, x1 - x0), track))
        close_cluster()
        return blocks

    # --- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setClipRect(event.rect())
        pal = self.palette()
        w, h = self.viewport().width(), self.viewport().height()
        painter.fillRect(QRect(0, 0, w, h), pal.color(QPalette.ColorRole.Base))
        hx, vy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        visible = QRectF(hx, vy, self._body_width(), max(0, h - HEADER_HEIGHT))
        rows = self._visible_rows(visible)

        painter.save()
        painter.setClipRect(
            QRect(LABEL_WIDTH, HEADER_HEIGHT, w - LABEL_WIDTH, h - HEADER_HEIGHT),
            Qt.ClipOperation.IntersectClip,
        )
        painter.translate(LABEL_WIDTH - hx, HEADER_HEIGHT - vy)
        self._paint_lanes(painter, rows, visible)
        self._paint_grid(painter, visible)
        self._paint_time_lines(painter, visible)  # under the blocks, so names stay readable
        self._paint_blocks(painter, rows, visible)
        self._paint_drag(painter)
        painter.restore()

        self._paint_labels(painter, rows, vy, h)
        self._paint_header(painter, hx, w)
        if self._to_warm and not self._warmer.isActive():  # what is left to draw ahead, after the frame
            self._warmer.start()

    def _paint_lanes(self, painter: QPainter, rows: range, visible: QRectF) -> None:
        pal = self.palette()
        for row in rows:
            band = QRectF(visible.left(), self._row_top[row], visible.width(), LANE_HEIGHT)
            if row % 2:
                painter.fillRect(band, pal.color(QPalette.ColorRole.AlternateBase))
            if row == self._highlight_row:
                painter.fillRect(band, _alpha(pal.color(QPalette.ColorRole.Highlight), 50))
        for top, height, _ in self._headings:
            if top + height >= visible.top() and top <= visible.bottom():
                painter.fillRect(
                    QRectF(visible.left(), top, visible.width(), height), pal.color(QPalette.ColorRole.Window)
                )

    def _paint_grid(self, painter: QPainter, visible: QRectF) -> None:
        model = self.model()
        slot_w = self._slot_width()
        if slot_w <= 0:
            return
        ink = self.palette().color(QPalette.ColorRole.Text)
        light, strong = QPen(_alpha(ink, 28), 1), QPen(_alpha(ink, 70), 1)
        first = max(0, int(visible.left() // slot_w))
        last = min(model.columnCount(), int(visible.right() // slot_w) + 1)
        bottom = min(visible.bottom(), self._content.height())
        for column in range(first, last + 1):
            x = column * slot_w
            at_hour = column < model.columnCount() and model.slot_start(column).astimezone(model.zone).minute == 0
            painter.setPen(strong if at_hour else light)
            painter.drawLine(QPointF(x, visible.top()), QPointF(x, bottom))

    def _paint_blocks(self, painter: QPainter, rows: range, visible: QRectF) -> None:
        """Blit each visible block from its cached picture; only the selection ring is drawn."""
        model, now = self.model(), self._now
        selected_id = self._selected[1] if self._selected else None
        ring = QPen(self.palette().color(QPalette.ColorRole.Highlight), 3)
        for row in rows:
            for block in self._blocks[row]:
                rect = block.rect
                if rect.right() < visible.left() or rect.left() > visible.right():
                    continue
                r = model.reservation(block.reservation_id)
                if r is None:
                    continue
                painter.drawPixmap(rect.topLeft(), self._block_picture(block, r, now))
                if block.reservation_id == selected_id:
                    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                    painter.setPen(ring)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRoundedRect(_inset(rect).adjusted(-1, -1, 1, 1), 5, 5)

    def _block_picture(self, block: _Block, r: Reservation, now: datetime | None) -> QPixmap:
        """A block's look, drawn once and reused until what it shows changes (a countdown
        changes it every second, most blocks never): this keeps a full repaint within a frame."""
        mark = st.mark_for(r, now, self._grace) if now else st.style_for(r.status).mark
        badge = st.badge_text(r, now, self._grace) if now else ""
        size = (block.rect.width(), block.rect.height())
        key = (r.status, r.revision, r.start, r.end, block.caption, size, mark, badge)
        cached = self._pictures.get((block.reservation_id, block.row))
        if cached is not None and cached[0] == key:
            return cached[1]
        if len(self._pictures) > 4000:  # a day never has this many; forget a stale zoom's
            self._pictures.clear()
        ratio = self.devicePixelRatioF()
        picture = QPixmap(math.ceil(size[0] * ratio), math.ceil(size[1] * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_block(painter, QRectF(0, 0, *size), r, mark, badge)
        painter.end()
        self._pictures[(block.reservation_id, block.row)] = (key, picture)
        return picture

    def _warm_pictures(self) -> None:
        """Draw block pictures ahead, a few milliseconds at a time, while the stand is idle."""
        deadline = time.perf_counter() + 0.006
        model = self.model()
        while self._to_warm and time.perf_counter() < deadline:
            block = self._to_warm.pop()
            r = model.reservation(block.reservation_id)
            if r is not None and block.row < len(self._blocks) and block in self._blocks[block.row]:
                self._block_picture(block, r, self._now)
        if self._to_warm:
            self._warmer.start()

    def _paint_block(self, painter: QPainter, area: QRectF, r: Reservation, mark: st.Mark, badge: str) -> None:
        style = st.style_for(r.status)
        rect = _inset(area)
        if style.faded:
            painter.setOpacity(0.6)
        painter.setPen(QPen(style.outline, 1.5, style.outline_style))
        painter.setBrush(style.fill)
        painter.drawRoundedRect(rect, 4, 4)
        if style.pattern != Qt.BrushStyle.NoBrush:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(_alpha(style.outline, 150), style.pattern))
            painter.drawRoundedRect(rect, 4, 4)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        self._paint_block_text(painter, QFontMetricsF(bold), rect, guest_caption(r), r, mark, badge)

    def _paint_block_text(
        self,
        painter: QPainter,
        metrics: QFontMetricsF,
        rect: QRectF,
        caption: str,
        r: Reservation,
        mark: st.Mark,
        badge: str,
    ) -> None:
        style = st.style_for(r.status)
        inner = rect.adjusted(4, 0, -4, 0)
        side = min(18.0, inner.height() - 4)
        if mark is not st.Mark.NONE and inner.width() > side + 8:
            st.paint_mark(painter, QRectF(inner.left(), inner.center().y() - side / 2, side, side), mark, style.text)
            inner.setLeft(inner.left() + side + 3)
        painter.setPen(style.text)
        badge_w = metrics.horizontalAdvance(badge) + 6 if badge else 0.0
        if badge and inner.width() >= badge_w + metrics.horizontalAdvance(caption[:3]) + 12:
            painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge)
            inner.setRight(inner.right() - badge_w)
        text = metrics.elidedText(caption, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        if style.struck and text:
            y = inner.center().y()
            painter.drawLine(QPointF(inner.left(), y), QPointF(inner.left() + metrics.horizontalAdvance(text), y))

    def _paint_drag(self, painter: QPainter) -> None:
        drag = self._drag
        if drag is None or not drag.active or drag.target_rect is None:
            return
        pal = self.palette()
        rect = drag.target_rect.adjusted(1.5, 3, -1.5, -3)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
        painter.setBrush(_alpha(pal.color(QPalette.ColorRole.Highlight), 60))
        painter.drawRoundedRect(rect, 4, 4)
        r = self.model().reservation(drag.block.reservation_id)
        if r is not None and drag.target_start and drag.target_end:
            model = self.model()
            text = f"{model.local_time_text(drag.target_start)}–{model.local_time_text(drag.target_end)}"
            painter.setPen(pal.color(QPalette.ColorRole.Text))
            painter.drawText(
                rect.adjusted(6, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
            )

    def _paint_time_lines(self, painter: QPainter, visible: QRectF) -> None:
        bottom = min(visible.bottom(), self._content.height())
        if self._selected_time is not None:
            x = self._x_of(self._selected_time)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, visible.top()), QPointF(x, bottom))
        if self._now is not None and self._in_window(self._now):
            x = self._x_of(self._now)
            painter.setPen(QPen(st.ALERT_COLOR, 2))
            painter.drawLine(QPointF(x, visible.top()), QPointF(x, bottom))

    def _paint_labels(self, painter: QPainter, rows: range, vy: int, h: int) -> None:
        pal, model = self.palette(), self.model()
        painter.fillRect(QRectF(0, HEADER_HEIGHT, LABEL_WIDTH, h - HEADER_HEIGHT), pal.color(QPalette.ColorRole.Window))
        painter.save()
        painter.setClipRect(QRect(0, HEADER_HEIGHT, LABEL_WIDTH, h - HEADER_HEIGHT))
        painter.translate(0, HEADER_HEIGHT - vy)
        metrics = QFontMetricsF(self.font())
        for row in rows:
            rect = QRectF(0, self._row_top[row], LABEL_WIDTH, LANE_HEIGHT)
            if row == self._highlight_row or (self._selected and self._selected[0] == row):
                painter.fillRect(rect, _alpha(pal.color(QPalette.ColorRole.Highlight), 70))
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            text = metrics.elidedText(model.lane_label(row), Qt.TextElideMode.ElideRight, LABEL_WIDTH - 20)
            painter.drawText(
                rect.adjusted(12, 0, -4, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
            )
        small = QFont(self.font())
        small.setBold(True)
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        painter.setFont(small)
        for top, height, text in self._headings:
            if text:
                painter.setPen(pal.color(QPalette.ColorRole.WindowText))
                painter.drawText(
                    QRectF(4, top, LABEL_WIDTH * 3, height),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text.upper(),
                )
        painter.restore()
        painter.setPen(_alpha(pal.color(QPalette.ColorRole.WindowText), 60))
        painter.drawLine(QPointF(LABEL_WIDTH - 0.5, HEADER_HEIGHT), QPointF(LABEL_WIDTH - 0.5, h))

    def _paint_header(self, painter: QPainter, hx: int, w: int) -> None:
        pal, model = self.palette(), self.model()
        painter.fillRect(QRect(0, 0, w, HEADER_HEIGHT), pal.color(QPalette.ColorRole.Window))
        text_color = pal.color(QPalette.ColorRole.WindowText)
        faint = pal.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(text_color)
        painter.drawText(
            QRectF(12, 0, LABEL_WIDTH - 16, COVERS_HEIGHT),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.tr("covers"),
        )
        painter.save()
        painter.setClipRect(QRect(LABEL_WIDTH, 0, w - LABEL_WIDTH, HEADER_HEIGHT))
        painter.translate(LABEL_WIDTH - hx, 0)
        slot_w = self._slot_width()
        first = max(0, int(hx // slot_w)) if slot_w > 0 else 0
        last = min(model.columnCount(), int((hx + self._body_width()) // slot_w) + 1) if slot_w > 0 else 0
        metrics = QFontMetricsF(self.font())
        step = self._label_step(metrics)
        interval = max(1, round(model.interval.total_seconds() / 60))
        pill = self._now_pill(metrics) if self._now is not None and self._in_window(self._now) else None
        for column in range(first, last):
            x = column * slot_w
            if x < hx - 2:  # half cut off by the label column: a stub of a number misleads
                continue
            covers = model.covers(column)
            painter.setPen(text_color if covers else faint)
            painter.drawText(QRectF(x, 0, slot_w, COVERS_HEIGHT), Qt.AlignmentFlag.AlignCenter, str(covers))
            local = model.slot_start(column).astimezone(model.zone)
            if (local.hour * 60 + local.minute) % (step * interval) == 0:  # on the clock, not the grid
                painter.setPen(_alpha(text_color, 90))
                painter.drawLine(QPointF(x, COVERS_HEIGHT + 4), QPointF(x, HEADER_HEIGHT))
                text = model.local_time_text(model.slot_start(column))
                if pill is not None and _overlaps(pill[0], x + 4, x + 4 + metrics.horizontalAdvance(text)):
                    continue  # half under the red "now" time, "20:00 00" reads as nonsense
                painter.setPen(text_color)
                painter.drawText(
                    QRectF(x + 4, COVERS_HEIGHT, slot_w * step - 4, TIME_HEIGHT),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
        if pill is not None:
            self._paint_now_pill(painter, pill)
        painter.restore()
        painter.setPen(_alpha(text_color, 60))
        painter.drawLine(QPointF(0, HEADER_HEIGHT - 0.5), QPointF(w, HEADER_HEIGHT - 0.5))

    def _now_pill(self, metrics: QFontMetricsF) -> tuple[QRectF, str]:
        """The red badge with now's time on the time row, centred on the now line (content x)."""
        assert self._now is not None
        text = self.model().local_time_text(self._now)
        x = self._x_of(self._now)
        width = metrics.horizontalAdvance(text) + 10
        return QRectF(x - width / 2, COVERS_HEIGHT + 4, width, TIME_HEIGHT - 8), text

    def _paint_now_pill(self, painter: QPainter, now_pill: tuple[QRectF, str]) -> None:
        pill, text = now_pill
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(st.ALERT_COLOR)
        painter.drawRoundedRect(pill, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)

    # --- mouse -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        hit = self._hit(pos)
        if hit is not None:
            block, on_edge = hit
            self._select(block)
            self._drag = _Drag(_DragKind.RESIZE if on_edge else _DragKind.MOVE, block, pos, target_row=block.row)
        elif pos.x() >= LABEL_WIDTH:
            self._choose_time(pos)
            if (row := self.row_at(pos.y())) is not None:
                self._choose_table(row)
        elif (row := self.row_at(pos.y())) is not None:
            self._choose_table(row)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        drag = self._drag
        if drag is None:
            hit = self._hit(pos)
            shape = Qt.CursorShape.ArrowCursor
            if hit is not None:
                shape = Qt.CursorShape.SizeHorCursor if hit[1] else Qt.CursorShape.PointingHandCursor
            self.viewport().setCursor(shape)
            return
        if not drag.active and (pos - drag.press).manhattanLength() >= QApplication.startDragDistance():
            drag.active = True
        if drag.active:
            self._auto_scroll(pos)
            self._update_drag_target(drag, pos)
            self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or not drag.active or event.button() != Qt.MouseButton.LeftButton:
            return
        self._update_drag_target(drag, event.position())
        self.viewport().update()
        r = self.model().reservation(drag.block.reservation_id)
        if r is None:
            return
        if drag.kind is _DragKind.RESIZE:
            if drag.target_end is not None and drag.target_end != r.end:
                self.resize_requested.emit(r.id, drag.target_end)
            return
        tables = self._tables_after_move(r, drag.block.row, drag.target_row)
        if drag.target_start is not None and (drag.target_start != r.start or tables != list(r.table_ids)):
            self.move_requested.emit(r.id, tables, drag.target_start)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        if hit is not None:
            self._drag = None
            self.reservation_activated.emit(hit[0].reservation_id)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self._hit(QPointF(event.pos()))
            r = self.model().reservation(hit[0].reservation_id) if hit else None
            if r is not None:
                QToolTip.showText(event.globalPos(), self._tooltip(r), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _tooltip(self, r: Reservation) -> str:
        model = self.model()
        location = model.location
        names = []
        for table_id in r.table_ids:
            table = location.table_management.any_table(table_id) if location else None
            names.append(table.name if table else table_id)
        tables = "+".join(names) or self.tr("no table")
        status = st.describe(r, self._now, self._grace) if self._now else st.status_label(r.status)
        times = f"{model.local_time_text(r.start)}–{model.local_time_text(r.end)}"
        return f"{guest_caption(r)}\n{times} · {tables}\n{status}"

    # --- keyboard --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        moves = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in moves and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self._move_selection(*moves[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected:
            self.reservation_activated.emit(self._selected[1])
        elif key == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None
            self.viewport().update()
        elif key == Qt.Key.Key_Escape and self._selected_time is not None:
            self.back_to_now_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _move_selection(self, dx: int, dy: int) -> None:
        """Left/right: the previous/next block in the lane; up/down: the nearest block in time
        in the next lane that has one. With nothing selected, start from now (or the top)."""
        current = self._find_block(self._selected[1], self._selected[0]) if self._selected else None
        if current is None:
            target = self._first_block()
        elif dx:
            lane = self._blocks[current.row]
            i = next((n for n, b in enumerate(lane) if b.reservation_id == current.reservation_id), 0) + dx
            target = lane[i] if 0 <= i < len(lane) else None
        else:
            target = None
            row = current.row + dy
            while 0 <= row < len(self._blocks) and target is None:
                if self._blocks[row]:
                    cx = current.rect.center().x()
                    target = min(self._blocks[row], key=lambda b: (_distance(b.rect, cx), b.rect.left()))
                row += dy
        if target is not None:
            self._select(target)
            self._ensure_visible(target)

    def _first_block(self) -> _Block | None:
        x = self._x_of(self._now) if self._now is not None else None
        for lane in self._blocks:
            if lane:
                if x is None:
                    return lane[0]
                return min(lane, key=lambda b: (_distance(b.rect, x), b.rect.left()))
        return None

    # --- helpers ---------------------------------------------------------------------------

    def _select(self, block: _Block) -> None:
        self._selected = (block.row, block.reservation_id)
        self.viewport().update()
        self.reservation_selected.emit(block.reservation_id)
        self._choose_table(block.row)

    def _choose_table(self, row: int) -> None:
        lane = self.model().lane(row)
        self._highlight_row = row
        self.viewport().update()
        if lane.table_id:
            self.table_selected.emit(lane.table_id)

    def _choose_time(self, pos: QPointF) -> None:
        moment = self._snap(self.time_at(pos.x()), floor=True)
        self._selected_time = moment
        self.viewport().update()
        self.time_selected.emit(moment)

    def _hit(self, pos: QPointF) -> tuple[_Block, bool] | None:
        """The block under a viewport point and whether the point is on its resize edge."""
        if pos.x() < LABEL_WIDTH or pos.y() < HEADER_HEIGHT:
            return None
        row = self.row_at(pos.y())
        if row is None:
            return None
        content = self._to_content(pos)
        for block in reversed(self._blocks[row]):
            if block.rect.contains(content):
                grip = min(EDGE_GRIP, block.rect.width() / 3)
                return block, content.x() >= block.rect.right() - grip
        return None

    def _update_drag_target(self, drag: _Drag, pos: QPointF) -> None:
        r = self.model().reservation(drag.block.reservation_id)
        if r is None:
            return
        steps = round((pos.x() - drag.press.x()) / self._slot_width()) if self._slot_width() else 0
        shift = steps * self.model().interval
        if drag.kind is _DragKind.RESIZE:
            drag.target_start = r.start
            drag.target_end = max(r.end + shift, r.start + self.model().interval)
            drag.target_row = drag.block.row
        else:
            drag.target_start, drag.target_end = r.start + shift, r.end + shift
            drag.target_row = self._nearest_row(pos.y())
        top = self._row_top[drag.target_row]
        x0, x1 = self._x_of(drag.target_start), self._x_of(drag.target_end)
        drag.target_rect = QRectF(x0, top, x1 - x0, LANE_HEIGHT)

    def _tables_after_move(self, r: Reservation, from_row: int, to_row: int) -> list[str]:
        """Swap the dragged lane's table for the target's, keeping the rest of a combination."""
        source, target = self.model().lane(from_row), self.model().lane(to_row)
        tables = list(r.table_ids)
        if target.table_id is None:
            return []
        if source.table_id is None or source.table_id not in tables:
            return [target.table_id]
        if target.table_id in tables:
            return tables
        return [target.table_id if t == source.table_id else t for t in tables]

    def _nearest_row(self, y: float) -> int:
        cy = y - HEADER_HEIGHT + self.verticalScrollBar().value()
        i = bisect_right(self._row_top, cy) - 1
        return min(max(i, 0), len(self._row_top) - 1)

    def _auto_scroll(self, pos: QPointF) -> None:
        margin, step = 24, 12
        v, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        if pos.y() < HEADER_HEIGHT + margin:
            v.setValue(v.value() - step)
        elif pos.y() > self.viewport().height() - margin:
            v.setValue(v.value() + step)
        if pos.x() < LABEL_WIDTH + margin:
            hbar.setValue(hbar.value() - step)
        elif pos.x() > self.viewport().width() - margin:
            hbar.setValue(hbar.value() + step)

    def _snap(self, moment: datetime, floor: bool = False) -> datetime:
        start, interval = self.model().window[0], self.model().interval
        slots = (moment - start) / interval
        count = int(slots // 1) if floor else round(slots)
        return start + count * interval

    def _find_block(self, reservation_id: str | None, row: int | None) -> _Block | None:
        rows = [row] if row is not None and 0 <= row < len(self._blocks) else range(len(self._blocks))
        for r in rows:
            for block in self._blocks[r]:
                if block.reservation_id == reservation_id:
                    return block
        return None

    def _ensure_visible(self, block: _Block) -> None:
        self._ensure_visible_y(block.rect.top(), block.rect.bottom())
        hbar, width = self.horizontalScrollBar(), self._body_width()
        if block.rect.left() < hbar.value():
            hbar.setValue(round(block.rect.left() - 20))
        elif block.rect.left() > hbar.value() + width - 60:
            hbar.setValue(round(block.rect.left() - width / 3))

    def _ensure_visible_y(self, top: float, bottom: float) -> None:
        vbar = self.verticalScrollBar()
        height = self.viewport().height() - HEADER_HEIGHT
        if top < vbar.value():
            vbar.setValue(round(top))
        elif bottom > vbar.value() + height:
            vbar.setValue(round(bottom - height))

    def _visible_rows(self, visible: QRectF) -> range:
        first = max(0, bisect_right(self._row_top, visible.top() - LANE_HEIGHT))
        last = bisect_right(self._row_top, visible.bottom())
        return range(first, last)

    def _update_scrollbars(self) -> None:
        body_h = self.viewport().height() - HEADER_HEIGHT
        self.horizontalScrollBar().setRange(0, max(0, round(self._content.width() - self._body_width())))
        self.horizontalScrollBar().setPageStep(max(1, round(self._body_width())))
        self.horizontalScrollBar().setSingleStep(max(1, round(self._slot_width())))
        self.verticalScrollBar().setRange(0, max(0, round(self._content.height() - body_h)))
        self.verticalScrollBar().setPageStep(max(1, body_h))
        self.verticalScrollBar().setSingleStep(LANE_HEIGHT)

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (dark mode) or font redraws every block picture."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._pictures.clear()
            self.viewport().update()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    def _body_width(self) -> float:
        return max(0.0, self.viewport().width() - LABEL_WIDTH)

    def _slot_width(self) -> float:
        return self.model().interval.total_seconds() / 60 * self._ppm

    def _label_step(self, metrics: QFontMetricsF) -> int:
        """Label every n-th slot, on the half hour or the hour, so times never run together."""
        model = self.model()
        if not model.columnCount() or self._slot_width() <= 0:
            return 1
        sample = QLocale().toString(QTime(22, 30), QLocale.FormatType.ShortFormat)
        needed = max(1, math.ceil((metrics.horizontalAdvance(sample) + 14) / self._slot_width()))
        per_hour = max(1, round(60 / (model.interval.total_seconds() / 60)))
        divisors = {d for d in range(1, per_hour + 1) if per_hour % d == 0}
        candidates = sorted(divisors | {per_hour * k for k in (2, 3, 4, 6)})
        return next((c for c in candidates if c >= needed), needed)

    def _x_of(self, moment: datetime) -> float:
        return (moment - self.model().window[0]).total_seconds() / 60 * self._ppm

    def _in_window(self, moment: datetime) -> bool:
        start, end = self.model().window
        return start <= moment <= end

    def _is_today(self) -> bool:
        return self._now is not None and self._now.astimezone(self.model().zone).date() == self.model().day

    def _to_viewport(self, rect: QRectF) -> QRectF:
        return rect.translated(
            LABEL_WIDTH - self.horizontalScrollBar().value(), HEADER_HEIGHT - self.verticalScrollBar().value()
        )

    def _to_content(self, pos: QPointF) -> QPointF:
        return QPointF(
            pos.x() - LABEL_WIDTH + self.horizontalScrollBar().value(),
            pos.y() - HEADER_HEIGHT + self.verticalScrollBar().value(),
        )

    def point_in(self, reservation_id: str, fraction: float = 0.5, row: int | None = None) -> QPoint:
        """A viewport point inside a block (fraction of its width), for tests and automation."""
        rect = self.block_rect(reservation_id, row)
        if rect is None:
            raise KeyError(reservation_id)
        return QPoint(round(rect.left() + rect.width() * fraction), round(rect.center().y()))


def _inset(rect: QRectF) -> QRectF:
    """A block inside its lane box: a gap above and below so neighbouring lanes stay apart."""
    if rect.height() >= LANE_HEIGHT:
        return rect.adjusted(1.5, 3, -1.5, -3)
    return rect.adjusted(1.5, 1, -1.5, -1)


def _alpha(color: QColor, alpha: int) -> QColor:
    result = QColor(color)
    result.setAlpha(alpha)
    return result


def _overlaps(pill: QRectF, left: float, right: float) -> bool:
    """Whether a label from `left` to `right` would run under the now badge (or touch it)."""
    return left < pill.right() + 2 and right > pill.left() - 2


def _distance(rect: QRectF, x: float) -> float:
    """0 when `x` falls inside the block, else how far its nearer end is."""
    if rect.left() <= x <= rect.right():
        return 0.0
    return min(abs(rect.left() - x), abs(rect.right() - x))
