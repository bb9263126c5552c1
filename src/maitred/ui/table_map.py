"""The floor map: every table where it stands, coloured by what it is doing at one moment.

A QGraphicsScene of items keyed by table id that only paint state; which reservation a table
shows is decided here, once, by `table_states` (plain Python, tested without a screen). Names and
state chips ignore the view's zoom so they stay readable on a small side panel; each status's
mark is a badge on the table's corner, never dropped for want of room. While the floor shows a
moment picked on the timeline, a chip above it says which, and a click on it or Esc asks the window
for now again (`back_to_now_requested`, as Ctrl+T). In edit mode a
manager moves, resizes (corner grip), rotates (round grip above) and adds or removes tables, from
a bar of buttons above the floor (touch), the keyboard (Insert, Delete, R, arrows, Ctrl+Z) or a
right-click (add a table where clicked); each edit can be undone. The view hands the new table
definitions back through `layout_changes()` / `layout_edited`, it never saves them itself: the
window saves them through `LocationSettings.save_floor_plan` when edit mode ends.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from enum import Enum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QPoint, QPointF, QRect, QRectF, Qt, QTime, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from maitred.domain.lifecycle import OCCUPYING_STATUSES, ReservationStatus
from maitred.domain.location import ReservationLocation, TableDefinition, TableLayout
from maitred.domain.reservation import Reservation
from maitred.ui import status_style as st
from maitred.ui.dialogs.wording import date_text
from maitred.ui.timeline_model import guest_caption, natural_key

if TYPE_CHECKING:
    from maitred.ui.dialogs.settings import NewTableDialog

#: A booking starting within this long after the moment shows as "reserved soon".
DEFAULT_SOON = timedelta(minutes=90)
GRID = 10.0  # edit-mode positions and sizes snap to this many scene units
MIN_SIZE = 30.0
GRIP_RADIUS = 16.0  # a grip is a 32 px touch target at zoom 1
ROTATE_STEP = 15.0
SMALLER_TEXT = 0.8  # a table's second and third lines shrink this much before a guest's is cut short
SMALLEST_TEXT = 0.7  # a time line's last size before it is left to the tooltip
_AUTO_CELL = 100.0  # spacing of tables placed automatically
_CHIP_MARGIN = 4  # px around the moment chip
_CAPTION_ROOM = 26.0  # px above an area's tables for its name (`_place_captions` puts it 24 px up)
_AUTO_COLUMNS = 6

TimeText = Callable[[datetime], str]
#: One line of a table's label: tiers of forms, each fullest first; a tier is tried at every size
#: before the next (a hold's "9:41 left" is shrunk before it is written bare).
_Line = list[list[str]]


class TableStateKind(Enum):
    FREE = "free"
    SOON = "soon"  # a booking starts within the "soon" window
    OCCUPIED = "occupied"  # a booking holds the table at the moment (held, reserved, seated…)


@dataclass(frozen=True, slots=True)
class TableState:
    """What a table is doing at the map's moment, and for whom."""

    kind: TableStateKind = TableStateKind.FREE
    reservation: Reservation | None = None


def table_states(
    table_ids: Iterable[str],
    reservations: Iterable[Reservation],
    moment: datetime,
    now: datetime,
    soon: timedelta = DEFAULT_SOON,
) -> dict[str, TableState]:
    """Each table's state at `moment`: the booking occupying it (seated parties first), else the
    next booking starting within `soon`, else free. Lapsed holds (by `now`) occupy nothing."""
    states = {table_id: TableState() for table_id in table_ids}
    ranked: dict[str, tuple[tuple[int, datetime, str], TableState]] = {}
    for r in reservations:
        if r.status not in OCCUPYING_STATUSES or r.is_expired(now):
            continue
        if r.start <= moment < r.end:
            rank = (0 if r.status is ReservationStatus.SEATED else 1, r.start, r.id)
            state = TableState(TableStateKind.OCCUPIED, r)
        elif moment < r.start <= moment + soon:
            rank, state = (2, r.start, r.id), TableState(TableStateKind.SOON, r)
        else:
            continue
        for table_id in r.table_ids:
            if table_id in states and (table_id not in ranked or rank < ranked[table_id][0]):
                ranked[table_id] = (rank, state)
    states.update({table_id: state for table_id, (_, state) in ranked.items()})
    return states


def auto_layouts(tables: Iterable[TableDefinition]) -> dict[str, TableLayout]:
    """Layouts for tables never placed (no layout, or stacked on an earlier table's exact spot,
    as a form that only sets the area leaves them): a grid per area below the placed ones."""
    placed: dict[tuple[float, float], str] = {}
    bottom = 0.0
    waiting: dict[str, list[TableDefinition]] = {}
    for table in tables:
        layout = table.layout
        if layout is None or (layout.x, layout.y) in placed:
            waiting.setdefault(table.area, []).append(table)
        else:
            placed[(layout.x, layout.y)] = table.id
            bottom = max(bottom, layout.y + max(layout.width, layout.height))
    result: dict[str, TableLayout] = {}
    top = bottom + (_AUTO_CELL / 2 if placed else 20.0)
    for area, group in waiting.items():
        group.sort(key=lambda t: natural_key(t.name))
        for n, table in enumerate(group):
            base = table.layout or TableLayout(area=area)
            width = base.width if table.layout else (60.0 if table.seats_max <= 4 else 90.0)
            x = 20.0 + (n % _AUTO_COLUMNS) * _AUTO_CELL
            y = top + (n // _AUTO_COLUMNS) * _AUTO_CELL
            result[table.id] = replace(base, x=x, y=y, width=width)
        top += (math.ceil(len(group) / _AUTO_COLUMNS)) * _AUTO_CELL + _AUTO_CELL / 3
    return result


def _snap(value: float) -> float:
    return round(value / GRID) * GRID


def new_table_size(seats: int, shape: str) -> tuple[float, float]:
    """How big a new table is drawn, by its largest party: a manager resizes it to the room."""
    side = 60.0 if seats <= 4 else 80.0 if seats <= 6 else 100.0
    if shape == "ROUND":
        return side, side
    return (60.0, 60.0) if seats <= 4 else (90.0, 70.0) if seats <= 6 else (120.0, 70.0)


class TableItem(QGraphicsObject):
    """One table: its shape, turned by its rotation, filled by its state. Position = its centre."""

    def __init__(self, table: TableDefinition, layout: TableLayout) -> None:
        super().__init__()
        self.table = table
        self.shape_kind = layout.shape
        self.area = layout.area
        self._w, self._h = layout.width, layout.height
        self.state = TableState()
        self.highlighted = False
        self.editing = False
        self._grip: str | None = None  # "resize" | "rotate" while a grip is dragged
        self._before: TableLayout | None = None  # the layout when the press began
        self._anchor = QPointF()
        self.label = TableLabel(self)
        self.setPos(layout.x + self._w / 2, layout.y + self._h / 2)
        self.setRotation(layout.rotation)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    @property
    def table_id(self) -> str:
        return self.table.id

    @property
    def size(self) -> tuple[float, float]:
        return self._w, self._h

    def layout(self) -> TableLayout:
        """Where the table now stands, as the domain stores it (x, y = top-left before turning)."""
        return TableLayout(
            x=round(self.pos().x() - self._w / 2, 1),
            y=round(self.pos().y() - self._h / 2, 1),
            width=self._w,
            height=self._h,
            shape=self.shape_kind,
            rotation=self.rotation() % 360,
            area=self.area,
        )

    def set_size(self, width: float, height: float) -> None:
        self.prepareGeometryChange()
        self._w, self._h = max(MIN_SIZE, width), max(MIN_SIZE, height)
        self.label.follow()

    def set_shape_kind(self, shape: str) -> None:
        self.shape_kind = shape
        self.update()

    def set_state(self, state: TableState, tooltip: str = "") -> None:
        self.state = state
        self.setToolTip(tooltip)
        self.update()
        self.label.update()

    def set_editing(self, editing: bool) -> None:
        self.editing = editing
        flags = (
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setFlags(flags if editing else QGraphicsItem.GraphicsItemFlag(0))
        self.setCursor(Qt.CursorShape.SizeAllCursor if editing else Qt.CursorShape.PointingHandCursor)
        if not editing:
            self.setSelected(False)
        self.update()

    def body_rect(self) -> QRectF:
        return QRectF(-self._w / 2, -self._h / 2, self._w, self._h)

    def resize_grip(self) -> QPointF:
        return QPointF(self._w / 2, self._h / 2)

    def rotate_grip(self) -> QPointF:
        return QPointF(0, -self._h / 2 - 28)

    def boundingRect(self) -> QRectF:
        margin = GRIP_RADIUS + 4
        return self.body_rect().adjusted(-margin, -margin - 28, margin, margin)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        if self.shape_kind == "ROUND":
            path.addEllipse(self.body_rect())
        else:
            path.addRect(self.body_rect())
        if self.editing and self.isSelected():
            for grip in (self.resize_grip(), self.rotate_grip()):
                path.addEllipse(grip, GRIP_RADIUS, GRIP_RADIUS)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pal = widget.palette() if widget else QPalette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        fill, outline, pen_style, width = self._colours(pal)
        painter.setPen(QPen(outline, width, pen_style))
        painter.setBrush(fill)
        body = self.body_rect()
        if self.shape_kind == "ROUND":
            painter.drawEllipse(body)
        else:
            painter.drawRoundedRect(body, 6, 6)
        if self.highlighted or (self.editing and self.isSelected()):
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            ring = body.adjusted(-5, -5, 5, 5)
            if self.shape_kind == "ROUND":
                painter.drawEllipse(ring)
            else:
                painter.drawRoundedRect(ring, 9, 9)
        if self.editing and self.isSelected():
            self._paint_grips(painter, pal)

    def _colours(self, pal: QPalette) -> tuple[QColor, QColor, Qt.PenStyle, float]:
        """Occupied: the status's fill. Reserved soon: a pale wash of it (free for now, dark words
        on it), outlined as the status is, so a dashed edge still means a hold and nothing else."""
        state, r = self.state, self.state.reservation
        if state.kind is TableStateKind.OCCUPIED and r is not None:
            style = st.style_for(r.status)
            return style.fill, style.outline, style.outline_style, 2.0
        if state.kind is TableStateKind.SOON and r is not None:
            style = st.style_for(r.status)
            tint = QColor(style.fill)
            tint.setAlpha(70)
            on_dark = pal.color(QPalette.ColorRole.Base).lightnessF() < 0.5  # dark mode: the bright edge
            return tint, style.fill if on_dark else style.outline, style.outline_style, 2.5
        return (
            pal.color(QPalette.ColorRole.Base),
            pal.color(QPalette.ColorRole.Text),
            Qt.PenStyle.SolidLine,
            1.5,
        )

    def _paint_grips(self, painter: QPainter, pal: QPalette) -> None:
        painter.setPen(QPen(pal.color(QPalette.ColorRole.HighlightedText), 1.5))
        painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
        painter.drawLine(QPointF(0, -self._h / 2), self.rotate_grip())
        painter.drawEllipse(self.rotate_grip(), 9, 9)
        corner = self.resize_grip()
        painter.drawRect(QRectF(corner.x() - 7, corner.y() - 7, 14, 14))

    # --- edit-mode mouse: grips resize and rotate; the body moves (QGraphicsItem does that) ---

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._before = self.layout()
        grip = self._grip_at(event.pos()) if self.editing and self.isSelected() else None
        if grip is None:
            super().mousePressEvent(event)
            return
        self._grip = grip
        self._anchor = self.mapToScene(self.body_rect().topLeft())
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._grip == "resize":
            self._resize_to(event.scenePos())
        elif self._grip == "rotate":
            v = event.scenePos() - self.pos()
            angle = math.degrees(math.atan2(v.y(), v.x())) + 90
            self.setRotation(round(angle / ROTATE_STEP) * ROTATE_STEP % 360)
            self.label.follow()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._grip = None
        super().mouseReleaseEvent(event)
        view = _map_of(self)
        if self.editing and view is not None and self._before != self.layout():
            view.note_edit()

    def _grip_at(self, pos: QPointF) -> str | None:
        for name, point in (("resize", self.resize_grip()), ("rotate", self.rotate_grip())):
            if (pos - point).manhattanLength() <= GRIP_RADIUS * 1.4:
                return name
        return None

    def _resize_to(self, scene_pos: QPointF) -> None:
        """Keep the top-left corner where it was and stretch towards the pointer, in the table's
        own turned frame."""
        angle = math.radians(self.rotation())
        v = scene_pos - self._anchor
        cos, sin = math.cos(angle), math.sin(angle)
        width = max(MIN_SIZE, _snap(v.x() * cos + v.y() * sin))
        height = max(MIN_SIZE, _snap(-v.x() * sin + v.y() * cos))
        self.set_size(width, height)
        half = QPointF((width / 2) * cos - (height / 2) * sin, (width / 2) * sin + (height / 2) * cos)
        self.setPos(self._anchor + half)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.editing and self._grip is None:
            assert isinstance(value, QPointF)
            left = _snap(value.x() - self._w / 2)
            top = _snap(value.y() - self._h / 2)
            return QPointF(left + self._w / 2, top + self._h / 2)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self.label.follow()
        return super().itemChange(change, value)


class TableLabel(QGraphicsItem):
    """Name, seats and state written inside the table, level and at screen size whatever the
    zoom or the table's rotation, so a host can read it on a small panel; the status's mark is a
    badge on the table's corner, drawn whatever room the words leave. Lines that do not fit are
    left to the tooltip."""

    def __init__(self, table: TableItem) -> None:
        super().__init__()
        self.table = table
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(10)
        self.scale_hint = 1.0  # the view's zoom: the table's size on screen
        self.now: datetime | None = None
        self.zone_text: TimeText = _utc_time_text

    def follow(self) -> None:
        self.prepareGeometryChange()
        self.setPos(self.table.pos())

    def lines(self) -> list[str]:
        """What the table says, fullest form: "T2 · 4", "19:30" (or "Seated"; with a hold's
        countdown or "late"), "Smith · 4"."""
        return [tiers[0][0] for tiers in self._line_options()]

    def mark(self) -> st.Mark:
        """The status mark of the table's corner badge (none when free or plainly reserved)."""
        r = self.table.state.reservation
        if r is None:
            return st.Mark.NONE
        return st.mark_for(r, self.now) if self.now else st.style_for(r.status).mark

    def badge_rect(self) -> QRectF:
        """Where the corner badge is drawn, in the label's (screen-sized) coordinates."""
        box = self._box()
        diameter = _badge_diameter(box)
        corner = box.topRight() + QPointF(1.5, -1.5)  # mostly outside, clear of the name
        if self.table.shape_kind == "ROUND":  # astride the rim, up and to the right
            corner = box.center() + QPointF(box.width() / 2 * 0.85, -box.height() / 2 * 0.85)
        rect = QRectF(0, 0, diameter, diameter)
        rect.moveCenter(corner)
        return rect

    def written_lines(self, font: QFont | None = None) -> list[str]:
        """The lines as painted in the table's room on screen, in `font` (the application's)."""
        return [text for text, _ in self._fitted_lines(font or QFont(), self._text_box())]

    def _line_options(self) -> list[_Line]:
        """Each line as tiers of forms, fullest first (see `_fit_line`)."""
        table = self.table.table
        lines: list[_Line] = [[[f"{table.name} · {table.seats_max}", table.name]]]
        r = self.table.state.reservation
        if r is None:
            return lines
        lines.append(self._when_forms(r))
        name = r.reservee.display_name if r.reservee and r.reservee.display_name else ""
        lines.append([[guest_caption(r), name] if name else [guest_caption(r)]])
        return lines

    def _when_forms(self, r: Reservation) -> _Line:
        """The second line. A hold keeps "9:41 left" at every size before it is written bare (the
        hourglass badge then tells it from a start time); a late party keeps its start (the red
        clock badge says late); a 12-hour clock drops its AM/PM before the time is shrunk."""
        if r.status is ReservationStatus.SEATED:
            return [[_seated_text()]]
        when = self.zone_text(r.start)
        left = st.countdown_left(r, self.now) if self.now else None
        if left is not None and self.now is not None:
            return [[f"{when} · {left}", left], [st.hold_countdown(r, self.now) or left]]
        late = st.badge_text(r, self.now) if self.now else ""
        forms = [f"{when} · {late}", when] if late else [when]
        short = compact_time_text(when)
        return [[*forms, short] if short != when else forms]

    def _box(self) -> QRectF:
        """The table's box on screen, centred on the label's origin."""
        body = self.table.mapRectToScene(self.table.body_rect())
        w, h = body.width() * self.scale_hint, body.height() * self.scale_hint
        return QRectF(-w / 2, -h / 2, w, h)

    def boundingRect(self) -> QRectF:
        return self._box().united(self.badge_rect()).adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pal = widget.palette() if widget else QPalette()
        inner = self._text_box()
        lines = self._fitted_lines(QFont(painter.font()), inner)
        top = inner.center().y() - sum(QFontMetricsF(f).height() for _, f in lines) / 2
        painter.setPen(self._text_colour(pal))
        for text, line_font in lines:
            painter.setFont(line_font)
            height = QFontMetricsF(line_font).height()
            painter.drawText(QRectF(inner.left(), top, inner.width(), height), Qt.AlignmentFlag.AlignCenter, text)
            top += height
        r = self.table.state.reservation
        if r is not None and not any(text == _seated_text() for text, _ in lines):  # the word says it
            rect = self.badge_rect()
            st.paint_badge(painter, rect.center(), rect.width(), self.mark(), st.style_for(r.status))

    def _text_box(self) -> QRectF:
        """Where the words go: nearly the whole of a square table (its middle line is what a small
        table needs the width for), the square inside a round one."""
        box = self._box()
        if self.table.shape_kind == "ROUND":
            inner = QRectF(0, 0, box.width() * 0.8 - 4, box.height() * 0.8 - 2)
        else:
            inner = QRectF(0, 0, box.width() - 4, box.height() * 0.94 - 2)
        inner.moveCenter(box.center())
        return inner

    def _fitted_lines(self, font: QFont, inner: QRectF) -> list[tuple[str, QFont]]:
        """The lines in order, each in its fullest form at the largest size that fits the width
        and the height still free (a small table's time shrinks rather than go)."""
        lines: list[tuple[str, QFont]] = []
        room = inner.height()
        for n, tiers in enumerate(self._line_options()):
            if (line := _fit_line(n, tiers, font, inner.width(), room)) is not None:
                lines.append(line)
                room -= QFontMetricsF(line[1]).height()
        return lines

    def _text_colour(self, pal: QPalette) -> QColor:
        state, r = self.table.state, self.table.state.reservation
        if state.kind is TableStateKind.OCCUPIED and r is not None:
            return st.style_for(r.status).text
        return pal.color(QPalette.ColorRole.Text)


def _badge_diameter(box: QRectF) -> float:
    """A badge big enough to read its mark, never more than half a small table."""
    return max(13.0, min(16.0, min(box.width(), box.height()) * 0.42))


#: The sizes a table's time line tries before it is left out, as (scale, letter spacing in %):
#: a time is shrunk, never cut short ("19:…" tells a host nothing).
_TIME_SIZES = ((1.0, 100.0), (SMALLER_TEXT, 100.0), (SMALLER_TEXT, 92.0), (SMALLEST_TEXT, 100.0),
               (SMALLEST_TEXT, 92.0))
_GUEST_SIZES = ((1.0, 100.0), (SMALLER_TEXT, 100.0))


def _fit_line(n: int, tiers: _Line, font: QFont, width: float, room: float) -> tuple[str, QFont] | None:
    """How line `n` of a table's label is written in `width` and `room` (height): the first
    tier's fullest form that fits at the largest size that fits, else the next tier's. The name
    (first line) is always written, cut short if it must; the guest's (third) is cut too while a
    few letters are left; the time (second) never is: it is left to the tooltip."""
    if n == 0:
        bold = QFont(font)
        bold.setBold(True)
        fm = QFontMetricsF(bold)
        forms = tiers[0]
        text = _first_fitting(forms, fm, width)
        return (text if text is not None else fm.elidedText(forms[-1], Qt.TextElideMode.ElideRight, width)), bold
    for forms in tiers:
        for scale, spacing in _TIME_SIZES if n == 1 else _GUEST_SIZES:
            sized = _sized(font, scale, spacing)
            fm = QFontMetricsF(sized)
            if fm.height() <= room and (text := _first_fitting(forms, fm, width)) is not None:
                return text, sized
    small = _sized(font, SMALLER_TEXT, 100.0)
    small_fm = QFontMetricsF(small)
    if n == 1 or small_fm.height() > room:
        return None
    cut = small_fm.elidedText(tiers[-1][-1], Qt.TextElideMode.ElideRight, width)
    return (cut, small) if len(cut) >= 4 else None


def _seated_text() -> str:
    """The second line of a seated table: the status in words, so it needs no dot badge."""
    return QCoreApplication.translate("TableMap", "Seated")


def _sized(font: QFont, scale: float, spacing: float) -> QFont:
    """`font` scaled (point or pixel sized alike), its letters closer together below 100 %."""
    sized = QFont(font)
    if scale != 1.0:
        if font.pointSizeF() > 0:
            sized.setPointSizeF(font.pointSizeF() * scale)
        else:
            sized.setPixelSize(max(1, round(font.pixelSize() * scale)))
    if spacing != 100.0:
        sized.setLetterSpacing(QFont.SpacingType.PercentageSpacing, spacing)
    return sized


def _first_fitting(options: list[str], metrics: QFontMetricsF, width: float) -> str | None:
    """The fullest form of a line that fits, or None."""
    return next((text for text in options if metrics.horizontalAdvance(text) <= width), None)


def compact_time_text(text: str) -> str:
    """A clock time without its AM/PM ("7:30 PM" → "7:30"), for a table too small for it: the
    service's hours leave no doubt. Times of a 24-hour locale come back as they are."""
    locale = QLocale()
    for designator in (locale.amText(), locale.pmText()):
        if designator and designator in text:
            return text.replace(designator, "").strip()
    return text


def _utc_time_text(moment: datetime) -> str:
    return local_time_text(moment, UTC)


def local_time_text(moment: datetime, zone: tzinfo) -> str:
    """Wall-clock time in `zone`, in the locale's short format (as on the timeline)."""
    local = moment.astimezone(zone)
    return QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)


class FloorEditBar(QWidget):
    """Edit mode's buttons above the floor, so nothing needs a key or a right-click: add a table,
    remove the selected ones, undo; and whether the floor has changes not saved yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("floorEditBar")
        self.setAutoFillBackground(True)
        self.add_button = QPushButton(self.tr("+ Table…"), self)
        self.add_button.setToolTip(self.tr("Add a table (Insert), or right-click the floor where it goes"))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setToolTip(self.tr("Remove the selected tables (Delete)"))
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.undo_button.setToolTip(self.tr("Undo the last change to the floor (Ctrl+Z)"))
        self.done_button = QPushButton(self.tr("Save and finish"), self)
        self.done_button.setObjectName("floorDone")
        self.done_button.setToolTip(self.tr("Save the floor plan and leave editing (as View → Edit floor plan)"))
        for button in (self.add_button, self.remove_button, self.undo_button, self.done_button):
            button.setMinimumHeight(32)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys act on the map, which keeps the focus
        self.state = QLabel(self)
        self.state.setObjectName("floorState")
        # On a line of its own below the buttons (the side panel may be narrow), its height kept
        # when empty so the floor below doesn't jump.
        self.state.setMinimumHeight(self.state.fontMetrics().height())
        self.state.setStyleSheet(f"color: {st.ALERT_COLOR.name()}; font-weight: bold;")
        self.setToolTip(self.tr("Drag a table to move it; its square corner resizes it, the dot above turns "
                                "it. Right-click the floor to add a table there."))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 2)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.state)

    def show_state(self, modified: bool, can_undo: bool, selected: int) -> None:
        self.remove_button.setEnabled(selected > 0)
        self.undo_button.setEnabled(can_undo)
        self.done_button.setText(self.tr("Save and finish") if modified else self.tr("Finish"))
        self.state.setText(self.tr("Not saved yet") if modified else "")
        self.state.setToolTip(self.tr("Save and finish (or switch off View → Edit floor plan) to keep it.")
                              if modified else "")


class MomentChip(QPushButton):
    """Says which moment the floor is coloured for while it is not now ("Showing 22:30 · Back to
    now (Ctrl+T)"), in the red of the "now" line it brings back: a floor picked for later must
    never pass for the room as it is. A click (or Esc on the map) asks for now again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("momentChip")
        self.setMinimumHeight(32)  # a touch target
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Esc and the keys stay with the map
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("The map shows another moment than now: click, Esc or Ctrl+T to go back to now"))
        self.setStyleSheet(
            f"QPushButton#momentChip {{ background: {st.ALERT_COLOR.name()}; color: #ffffff; font-weight: bold;"
            " border: none; border-radius: 6px; padding: 4px 10px; }"
        )
        self.setVisible(False)

    def show_moment(self, when: str, room: int) -> None:
        """Name the moment shown, in the longest wording that fits `room` pixels."""
        full = self.tr("Showing {when} · Back to now (Ctrl+T)").format(when=when)
        short = self.tr("{when} · Back to now").format(when=when)
        self.setText(full)
        if self.sizeHint().width() > room:
            self.setText(short)
        self.setAccessibleName(full)


def _map_of(item: QGraphicsItem) -> TableMapView | None:
    scene = item.scene()
    views = scene.views() if scene else []
    return next((v for v in views if isinstance(v, TableMapView)), None)


class TableMapView(QGraphicsView):
    """The floor of one location; see the module docstring."""

    table_clicked = Signal(str)
    #: the chip or Esc asks for now again: the window does what Ctrl+T does
    back_to_now_requested = Signal()
    #: the manager is done editing (the edit bar's Save and finish): the window saves the floor plan
    editing_finished = Signal()
    #: tuple[TableDefinition, ...]: every table with its new layout, after each edit
    layout_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName(self.tr("Table map"))
        self._location: ReservationLocation | None = None
        self._items: dict[str, TableItem] = {}
        self._captions: list[QGraphicsSimpleTextItem] = []
        self._reservations: list[Reservation] = []
        self._now: datetime | None = None
        self._moment: datetime | None = None
        self._soon = DEFAULT_SOON
        self._zone_text: TimeText = _utc_time_text
        self._zone: tzinfo = UTC
        self._editing = False
        self._modified = False
        self._highlighted: str | None = None
        self._drawn: tuple[TableDefinition, ...] = ()  # the floor after the last edit
        self._undo: list[tuple[TableDefinition, ...]] = []  # the floor before each edit
        self.edit_bar = FloorEditBar(self)
        self.edit_bar.setVisible(False)
        self.edit_bar.add_button.clicked.connect(lambda: self.open_new_table_dialog())
        self.edit_bar.remove_button.clicked.connect(self.remove_selected_tables)
        self.edit_bar.undo_button.clicked.connect(self.undo_edit)
        self.edit_bar.done_button.clicked.connect(self.editing_finished.emit)
        self.scene().selectionChanged.connect(self._show_edit_state)
        self.moment_chip = MomentChip(self)
        self.moment_chip.clicked.connect(self.back_to_now_requested.emit)

    # --- data ------------------------------------------------------------------------------

    def set_location(self, location: ReservationLocation) -> None:
        """(Re)build the floor from the location's tables; unplaced tables get a grid spot."""
        self._location = location
        self._modified = False
        zone = ZoneInfo(location.info.time_zone)
        self._zone = zone
        self._zone_text = lambda moment: local_time_text(moment, zone)
        self._build(location.table_management.tables, auto_place=True)
        self._drawn, self._undo = self.layout_changes(), []
        self._fit()
        self._show_edit_state()

    def _build(self, tables: Iterable[TableDefinition], auto_place: bool) -> None:
        """A table item for each active table; with `auto_place`, unplaced ones get a grid spot."""
        self._items, self._captions = {}, []  # first: clearing the scene announces a selection change
        self.scene().clear()
        active = [t for t in tables if t.is_active]
        auto = auto_layouts(active) if auto_place else {}
        for table in active:
            self._add_item(table, auto.get(table.id) or table.layout or TableLayout())
        self._place_captions()
        self._refresh_states()

    def _add_item(self, table: TableDefinition, layout: TableLayout) -> TableItem:
        item = TableItem(table, layout)
        item.set_editing(self._editing)
        self.scene().addItem(item)
        self.scene().addItem(item.label)
        item.label.follow()
        item.label.zone_text = self._zone_text
        self._items[table.id] = item
        return item

    def set_reservations(self, reservations: Iterable[Reservation]) -> None:
        """The day's reservations; the map picks what each table shows at its moment."""
        self._reservations = list(reservations)
        self._refresh_states()

    def upsert_reservation(self, reservation: Reservation) -> None:
        """One reservation changed ("what changed" refreshes): replace or add it."""
        others = [r for r in self._reservations if r.id != reservation.id]
        self.set_reservations([*others, reservation])

    def remove_reservation(self, reservation_id: str) -> None:
        self.set_reservations([r for r in self._reservations if r.id != reservation_id])

    @Slot(object)
    def set_now(self, now: datetime) -> None:
        """Tick: countdowns, lapsed holds, and the moment itself while it follows now."""
        self._now = now
        self._refresh_states()
        self._show_moment_chip()  # a picked moment on yesterday's date says so after midnight

    @Slot(object)
    def set_moment(self, moment: datetime | None) -> None:
        """Colour the floor for this moment (picked on the timeline); None follows now. While it
        is another moment, the chip above the floor says which."""
        self._moment = moment
        self._refresh_states()
        self._show_moment_chip()

    def moment(self) -> datetime | None:
        """The moment shown: the picked one, else now."""
        return self._moment or self._now

    def shows_now(self) -> bool:
        """Whether the floor follows now (no moment picked)."""
        return self._moment is None

    def moment_chip_text(self) -> str:
        """What the chip says, "" while the floor follows now."""
        return self.moment_chip.text() if not self.shows_now() else ""

    def set_soon(self, soon: timedelta) -> None:
        self._soon = soon
        self._refresh_states()

    def table_state(self, table_id: str) -> TableState:
        return self._items[table_id].state

    def table_item(self, table_id: str) -> TableItem | None:
        return self._items.get(table_id)

    def table_ids(self) -> list[str]:
        return list(self._items)

    @Slot(str)
    def highlight_table(self, table_id: str | None) -> None:
        """Ring one table (selected on the timeline) and bring it into view."""
        self._highlighted = table_id
        for tid, item in self._items.items():
            item.highlighted = tid == table_id
            item.update()
        if table_id in self._items:
            self.ensureVisible(self._items[table_id], 20, 20)

    def highlighted_table(self) -> str | None:
        return self._highlighted

    # --- edit mode -------------------------------------------------------------------------

    def set_editing(self, editing: bool) -> None:
        self._editing = editing
        for item in self._items.values():
            item.set_editing(editing)
        self.edit_bar.setVisible(editing)
        self.setViewportMargins(0, self._top_margin(), 0, 0)
        self._place_edit_bar()
        bounds = self._fit_floor()  # the whole floor below the bar
        if editing and bounds is not None:  # and room to drag tables beyond it
            self.setSceneRect(bounds.adjusted(-300, -300, 300, 300))
            seen = self.mapToScene(self.viewport().rect()).boundingRect()  # the top first, if not all fits
            top = min([bounds.top()] + [caption.pos().y() for caption in self._captions])
            self.centerOn(bounds.center().x(), min(bounds.center().y(), top + seen.height() / 2))
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag if editing else QGraphicsView.DragMode.NoDrag)
        self._show_edit_state()

    def is_editing(self) -> bool:
        return self._editing

    def is_layout_modified(self) -> bool:
        return self._modified

    def layout_changes(self) -> tuple[TableDefinition, ...]:
        """Every active table with its layout as now drawn (new tables included, removed ones
        left out); inactive tables come back unchanged so the list can be saved as it is."""
        if self._location is None:
            return ()
        drawn = [replace(item.table, layout=item.layout()) for item in self._items.values()]
        inactive = [t for t in self._location.table_management.tables if not t.is_active]
        return tuple(drawn + inactive)

    def revert_layout(self) -> None:
        """Forget the edits since the location was set."""
        if self._location is not None:
            self.set_location(self._location)

    def add_table(self, shape: str = "RECTANGLE", seats: int = 4, area: str = "") -> str:
        """A new table named as the add dialog would suggest, in an empty spot of its area."""
        from maitred.ui.dialogs.settings import next_table_name  # the settings' dialogs load when first used

        name = next_table_name(self._naming_tables(), area)
        layout = TableLayout(shape=shape, area=area)
        return self.place_table(TableDefinition(id="", name=name, seats_min=1, seats_max=seats, layout=layout))

    def open_new_table_dialog(self, at: QPointF | None = None) -> NewTableDialog | None:
        """Ask for a new table (name, seats, area, shape), its area the one at `at` (a scene
        point) or in view; once accepted it stands centred on `at`, or in a free spot of its area.
        The dialog is window-modal and returned open; None outside edit mode."""
        if not self._editing or self._location is None:
            return None
        from maitred.ui.dialogs.settings import NewTableDialog  # loaded when first opened, not at start-up

        point = at if at is not None else self.mapToScene(self.viewport().rect().center())
        dialog = NewTableDialog(self._location, self.layout_changes(), self.area_at(point), self)
        dialog.accepted.connect(lambda: self.place_table(dialog.table(), at))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def place_table(self, table: TableDefinition, at: QPointF | None = None) -> str:
        """Put a new table on the floor (an id of the map's own if it has none), sized by its
        seats, centred on `at` or in a free spot beside its area; selected, and not saved yet."""
        base = table.layout or TableLayout()
        width, height = new_table_size(table.seats_max, base.shape)
        if at is None:
            spot = self._free_spot(width, height, base.area)
        else:
            spot = QPointF(_snap(at.x() - width / 2), _snap(at.y() - height / 2))
        layout = replace(base, x=spot.x(), y=spot.y(), width=width, height=height, rotation=0.0)
        table = replace(table, id=table.id or str(uuid.uuid4()), layout=layout)
        item = self._add_item(table, layout)
        margin = 2 * _AUTO_CELL  # room to drag it on
        self.setSceneRect(self.sceneRect().united(item.sceneBoundingRect().adjusted(-margin, -margin, margin, margin)))
        self.scene().clearSelection()
        item.setSelected(True)
        self.ensureVisible(item, 20, 20)
        self.note_edit()
        return table.id

    def area_at(self, point: QPointF) -> str:
        """The area whose tables are around a scene point, else the first area ("" if none)."""
        boxes = self._area_boxes()
        margin = _AUTO_CELL / 2
        inside = [area for area, box in boxes.items() if box.adjusted(-margin, -margin, margin, margin).contains(point)]
        return inside[0] if inside else next(iter(boxes), "")

    def remove_table(self, table_id: str) -> None:
        if self._drop(table_id):
            self.note_edit()

    def _drop(self, table_id: str) -> bool:
        item = self._items.pop(table_id, None)
        if item is None:
            return False
        self.scene().removeItem(item.label)
        self.scene().removeItem(item)
        return True

    def selected_table_ids(self) -> list[str]:
        return [tid for tid, item in self._items.items() if item.isSelected()]

    def select_table(self, table_id: str) -> None:
        self.scene().clearSelection()
        if table_id in self._items:
            self._items[table_id].setSelected(True)

    def remove_selected_tables(self) -> list[str]:
        """Remove the selected tables, as one edit (one undo brings them all back)."""
        removed = [table_id for table_id in self.selected_table_ids() if self._drop(table_id)]
        if removed:
            self.note_edit()
        return removed

    def rotate_selected(self, degrees: float = ROTATE_STEP) -> None:
        for table_id in self.selected_table_ids():
            item = self._items[table_id]
            item.setRotation((item.rotation() + degrees) % 360)
            item.label.follow()
        self.note_edit()

    def set_selected_shape(self, shape: str) -> None:
        for table_id in self.selected_table_ids():
            self._items[table_id].set_shape_kind(shape)
        self.note_edit()

    def note_edit(self) -> None:
        """An edit finished: remember the floor before it (for undo) and tell the window. An
        "edit" that changed nothing (a key with nothing selected) is no edit."""
        drawn = self.layout_changes()
        if drawn == self._drawn:
            return
        self._undo.append(self._drawn)
        self._drawn = drawn
        self._modified = True
        self._place_captions()
        self._refresh_states()
        self._show_edit_state()
        self.layout_edited.emit(drawn)

    def can_undo(self) -> bool:
        return self._editing and bool(self._undo)

    def undo_edit(self) -> bool:
        """Put the floor back as it was before the last edit; False if there is none. Undoing every
        edit leaves nothing to save."""
        if not self.can_undo():
            return False
        self._drawn = self._undo.pop()
        self._build(self._drawn, auto_place=False)
        self._modified = bool(self._undo)
        self._show_edit_state()
        self.layout_edited.emit(self._drawn)
        return True

    def edit_menu(self, pos: QPoint) -> QMenu | None:
        """The right-click menu at a viewport point in edit mode: on the floor, add a table there;
        on a table, turn or remove it. None outside edit mode."""
        if not self._editing or self._location is None:
            return None
        menu = QMenu(self)
        item = self._table_at(QPointF(pos))
        if item is None:
            at = self.mapToScene(pos)
            add = QAction(self.tr("Add table here…"), menu)
            add.triggered.connect(lambda: self.open_new_table_dialog(at))
            menu.addAction(add)
            return menu
        if not item.isSelected():
            self.select_table(item.table_id)
        turn = QAction(self.tr("Turn {name} by {degrees}°").format(name=item.table.name, degrees=int(ROTATE_STEP)),
                       menu)
        turn.triggered.connect(lambda: self.rotate_selected(ROTATE_STEP))
        remove = QAction(self.tr("Remove {name}").format(name=item.table.name), menu)
        remove.triggered.connect(lambda: self.remove_table(item.table_id))
        menu.addAction(turn)
        menu.addAction(remove)
        return menu

    # --- Qt events -------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._editing and event.button() == Qt.MouseButton.LeftButton:
            item = self._table_at(event.position())
            if item is not None:
                self.highlight_table(item.table_id)
                self.table_clicked.emit(item.table_id)
                event.accept()
                return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        """While the floor is edited, Ctrl+Z on the map undoes the floor's last edit, not the
        window's last reservation action."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Undo) and self.can_undo()):
            event.accept()
            return True
        return super().event(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.edit_menu(event.pos())
        if menu is None:
            super().contextMenuEvent(event)
            return
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self.shows_now():
            self.back_to_now_requested.emit()
            event.accept()
            return
        if self._editing and event.matches(QKeySequence.StandardKey.Undo):
            self.undo_edit()
            event.accept()
            return
        if self._editing and event.key() in (Qt.Key.Key_Insert, Qt.Key.Key_Plus):
            self.open_new_table_dialog()
            event.accept()
            return
        if not self._editing or not self.selected_table_ids():
            super().keyPressEvent(event)
            return
        key, shift = Qt.Key(event.key()), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        nudges = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_selected_tables()
        elif key == Qt.Key.Key_R:
            self.rotate_selected(-ROTATE_STEP if shift else ROTATE_STEP)
        elif key in nudges:
            dx, dy = nudges[key]
            for table_id in self.selected_table_ids():
                item = self._items[table_id]
                item.setPos(item.pos() + QPointF(dx * GRID, dy * GRID))
            self.note_edit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.shows_now():
            self._word_moment_chip()
        self._place_edit_bar()
        self._fit()

    def drawBackground(self, painter: QPainter, area: QRectF | QRect) -> None:
        """The floor in the palette's base colour; in edit mode, dots every 20 units to line
        tables up by."""
        rect = QRectF(area)
        painter.fillRect(rect, self.palette().color(QPalette.ColorRole.Base))
        if not self._editing:
            return
        dot = QColor(self.palette().color(QPalette.ColorRole.Text))
        dot.setAlpha(70)
        painter.setPen(QPen(dot, 0))
        step = 2 * GRID
        x0, y0 = math.floor(rect.left() / step) * step, math.floor(rect.top() / step) * step
        points = [
            QPointF(x0 + i * step, y0 + j * step)
            for i in range(int(rect.width() / step) + 2)
            for j in range(int(rect.height() / step) + 2)
        ]
        painter.drawPoints(points)

    # --- internals -------------------------------------------------------------------------

    def _table_at(self, pos: QPointF) -> TableItem | None:
        for item in self.items(pos.toPoint()):
            if isinstance(item, TableItem):
                return item
        return None

    def _refresh_states(self) -> None:
        moment = self.moment()
        now = self._now or moment
        if moment is None or now is None:
            states = {tid: TableState() for tid in self._items}
        else:
            states = table_states(self._items, self._reservations, moment, now, self._soon)
        for table_id, item in self._items.items():
            item.label.now = self._now
            item.set_state(states[table_id], self._tooltip(item.table, states[table_id]))

    def _tooltip(self, table: TableDefinition, state: TableState) -> str:
        """The whole story of a table, for when the label had to leave some of it out."""
        heading = self.tr("{name} · {seats} seats").format(name=table.name, seats=table.seats_max)
        r = state.reservation
        if r is None:
            return f"{heading}\n{self.tr('Free')}"
        status = st.describe(r, self._now) if self._now else st.status_label(r.status)
        return f"{heading}\n{self._zone_text(r.start)} · {guest_caption(r)}\n{status}"

    def _area_boxes(self) -> dict[str, QRectF]:
        """Each area's tables' outline, areas in the order of their first table."""
        boxes: dict[str, QRectF] = {}
        for item in self._items.values():
            if item.area:
                rect = item.mapRectToScene(item.body_rect())
                boxes[item.area] = boxes[item.area].united(rect) if item.area in boxes else rect
        return boxes

    def _place_captions(self) -> None:
        """Area names above each area's tables, in the palette's text colour."""
        for caption in self._captions:
            self.scene().removeItem(caption)
        self._captions = []
        for area, box in self._area_boxes().items():
            caption = QGraphicsSimpleTextItem(area.upper())
            font = QFont(self.font())
            font.setBold(True)
            caption.setFont(font)
            caption.setBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
            caption.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
            caption.setPos(box.left(), box.top() - 24 / max(self.transform().m11(), 0.1))
            self.scene().addItem(caption)
            self._captions.append(caption)

    def _free_spot(self, width: float, height: float, area: str = "") -> QPointF:
        """Top-left for a new table: beside its area's tables (else the centre of the view), moved
        right until nothing is there."""
        box = self._area_boxes().get(area)
        if box is not None:
            spot = QPointF(_snap(box.right() + 2 * GRID), _snap(box.top()))
        else:
            centre = self.mapToScene(self.viewport().rect().center())
            spot = QPointF(_snap(centre.x() - width / 2), _snap(centre.y() - height / 2))
        for _ in range(50):
            room = QRectF(spot, spot + QPointF(width, height)).adjusted(-GRID, -GRID, GRID, GRID)
            if not any(isinstance(i, TableItem) for i in self.scene().items(room)):
                break
            spot += QPointF(_AUTO_CELL, 0)
        return spot

    def _naming_tables(self) -> tuple[TableDefinition, ...]:
        """The tables whose names a new table must not take (or continue): on the floor, switched
        off, and removed ones old reservations still name."""
        deleted = self._location.table_management.deleted_tables if self._location else ()
        return (*self.layout_changes(), *deleted)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:  # a scroll bar came or went: the bars follow
            self._place_edit_bar()
        return super().viewportEvent(event)

    def _place_edit_bar(self) -> None:
        """Above the floor and as wide as it: the vertical scroll bar runs the whole height of the
        view, beside the bar, not under it. The moment chip comes below the bar, centred."""
        floor = self.viewport().geometry()
        top = self.contentsRect().top()
        bar_height = self.edit_bar.sizeHint().height()
        self.edit_bar.setGeometry(floor.left(), top, floor.width(), bar_height)
        if not self.moment_chip.isHidden():
            chip = self.moment_chip.sizeHint().expandedTo(self.moment_chip.minimumSize())
            width = min(chip.width(), floor.width() - 2 * _CHIP_MARGIN)
            chip_top = top + (bar_height if self._editing else 0) + _CHIP_MARGIN
            self.moment_chip.setGeometry(floor.left() + (floor.width() - width) // 2, chip_top, width, chip.height())

    def _top_margin(self) -> int:
        """Room above the floor for the edit bar and the moment chip, so neither hides a table."""
        return (self.edit_bar.sizeHint().height() if self._editing else 0) + self._chip_room()

    def _chip_room(self) -> int:
        """The height the moment chip takes above the floor (none while the floor follows now)."""
        if self.shows_now():
            return 0
        return max(self.moment_chip.sizeHint().height(), self.moment_chip.minimumHeight()) + 2 * _CHIP_MARGIN

    def _show_moment_chip(self) -> None:
        """Show the chip while the floor is coloured for a picked moment (with its day when that is
        not today), hide it while it follows now; the floor makes room for it."""
        showing = not self.shows_now()
        if showing:
            self._word_moment_chip()
        margin = self._top_margin()
        if self.moment_chip.isHidden() is not showing and margin == self.viewportMargins().top():
            self._place_edit_bar()  # shown or hidden as it should be: only its words may have changed
            return
        self.moment_chip.setVisible(showing)
        self.setViewportMargins(0, margin, 0, 0)
        self._place_edit_bar()
        self._fit()

    def _word_moment_chip(self) -> None:
        """The chip's words for the picked moment, as long as the map's width allows."""
        assert self._moment is not None
        self.moment_chip.show_moment(self._moment_text(self._moment), self.viewport().width() - 2 * _CHIP_MARGIN)

    def _moment_text(self, moment: datetime) -> str:
        """"22:30", or "Sat 14 Jun 19:00" when the moment is not on today's date."""
        when = self._zone_text(moment)
        day = moment.astimezone(self._zone).date()
        if self._now is not None and day == self._now.astimezone(self._zone).date():
            return when
        return f"{date_text(day)} {when}"

    def _show_edit_state(self) -> None:
        if self._editing:
            self.edit_bar.show_state(self._modified, self.can_undo(), len(self.selected_table_ids()))

    def _fit(self) -> None:
        """Show the whole floor, zoomed between half and double size (a little less than half while
        the moment chip takes its room; not while it is edited: the tables would jump under the
        manager's finger)."""
        if self._editing:
            self._update_scale_hints()
            return
        self._fit_floor()

    def _fit_floor(self) -> QRectF | None:
        """Zoom to the floor's tables; their outline, or None without tables."""
        if not self._items:
            self._update_scale_hints()
            return None
        tables = QRectF()
        for item in self._items.values():
            tables = tables.united(item.mapRectToScene(item.body_rect()))
        scale = self._floor_scale(tables.adjusted(-20, -40, 20, 20))
        bounds = tables.adjusted(-20, -max(40.0, _CAPTION_ROOM / scale), 20, 20)  # room above for area names
        scale = self._floor_scale(bounds)
        self.setSceneRect(bounds)
        self.resetTransform()
        self.scale(scale, scale)
        self._update_scale_hints()
        self._place_captions()
        return bounds

    def _floor_scale(self, bounds: QRectF) -> float:
        """The zoom that shows `bounds` whole, between half and double size; while the moment
        chip takes its room the floor shrinks a little further rather than scroll."""
        height = self.viewport().height()
        scale = min(self.viewport().width() / bounds.width(), height / bounds.height())
        least = 0.5 * height / (height + self._chip_room())
        return min(2.0, max(least, scale))

    def _update_scale_hints(self) -> None:
        scale = self.transform().m11()
        for item in self._items.values():
            item.label.scale_hint = scale
            item.label.follow()
