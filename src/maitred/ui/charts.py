"""Small charts drawn with QPainter (the stand ships without QtCharts): bars and lines.

Series are told apart by colour *and* by pattern (bars) or dash and marker (lines), with a
legend, so a colour-blind manager or a black-and-white printout reads them the same. Text and
axes take the palette's colours, so dark mode works. Hovering a bar or a point shows its value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

#: Okabe-Ito colours: distinct for the common kinds of colour blindness.
SERIES_COLOURS = (QColor("#0072B2"), QColor("#E69F00"), QColor("#009E73"), QColor("#CC79A7"))
#: Drawn over a bar of the series with the same index, so print and colour blindness still tell them apart.
SERIES_PATTERNS = (Qt.BrushStyle.NoBrush, Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.Dense5Pattern,
                   Qt.BrushStyle.CrossPattern)
LINE_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per category; None: nothing to show there


def axis_step(value: float, lines: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 × a power of ten) so that at most `lines` steps reach `value`."""
    if value <= 0:
        return 0.25
    rough = value / lines
    power = 10.0 ** math.floor(math.log10(rough))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if rough <= step * power * 1.0000001)


def axis(value: float) -> tuple[float, float]:
    """The top of the axis (a whole number of round steps at or above `value`) and the step."""
    step = axis_step(value)
    return step * max(1, math.ceil(value / step - 1e-9)), step


class Chart(QWidget):
    """A titled chart over categories (days, party sizes), one or more series."""

    def __init__(self, title: str, parent: QWidget | None = None, *,
                 value_text: Callable[[float], str] = lambda v: f"{v:g}") -> None:
        super().__init__(parent)
        self.title = title
        self.value_text = value_text
        self.categories: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.empty_text = self.tr("Nothing to show for these days.")
        self._spots: list[tuple[QRectF, str]] = []  # hover areas and their text
        self.setAccessibleName(title)
        self.setMouseTracking(True)
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    def set_data(self, categories: Sequence[str], series: Sequence[Series]) -> None:
        self.categories = tuple(categories)
        self.series = tuple(series)
        self.setAccessibleDescription(self.describe())
        self.update()

    def has_data(self) -> bool:
        return any(v is not None and v > 0 for s in self.series for v in s.values)

    def describe(self) -> str:
        """The chart as text, for screen readers and tests."""
        parts = []
        for s in self.series:
            values = ", ".join(f"{c} {self.value_text(v)}" for c, v in zip(self.categories, s.values, strict=False)
                               if v is not None)
            parts.append(f"{s.label}: {values}")
        return "; ".join(parts)

    def spot_texts(self) -> list[str]:
        return [text for _, text in self._spots]

    # --- painting --------------------------------------------------------------------------

    def top_value(self) -> float:
        """The largest value the axis must reach."""
        values = [v for s in self.series for v in s.values if v is not None]
        return max(values, default=0.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(ink)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        painter.drawText(QRectF(8, 4, self.width() - 16, line + 4), int(Qt.AlignmentFlag.AlignLeft), self.title)
        painter.setFont(self.font())
        legend_bottom = self._paint_legend(painter, metrics, line + 8)
        self._spots = []
        if not self.categories or not self.has_data():
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect().adjusted(8, int(legend_bottom), -8, -8), int(Qt.AlignmentFlag.AlignCenter),
                             self.empty_text)
            painter.end()
            return
        top, step = axis(self.top_value())
        ticks = [step * k for k in range(round(top / step) + 1)]
        label_width = max(metrics.horizontalAdvance(self.value_text(t)) for t in ticks) + 8
        plot = QRectF(8 + label_width, legend_bottom + 6, self.width() - 16 - label_width,
                      self.height() - legend_bottom - 12 - line * 1.6)
        grid = QColor(ink)
        grid.setAlpha(60)
        for k, tick in enumerate(ticks):
            y = plot.bottom() - plot.height() * tick / top
            painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine if k else Qt.PenStyle.SolidLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(ink)
            painter.drawText(QRectF(0, y - line / 2, label_width + 2, line),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self.value_text(tick))
        slot = plot.width() / len(self.categories)
        self.paint_series(painter, plot, slot, top)
        painter.setPen(ink)
        every = max(1, math.ceil(max(metrics.horizontalAdvance(c) + 8 for c in self.categories) / slot))
        for i, category in enumerate(self.categories):
            if i % every == 0:
                painter.drawText(QRectF(plot.left() + i * slot - slot * (every - 1) / 2, plot.bottom() + 3,
                                        slot * every, line), int(Qt.AlignmentFlag.AlignHCenter), category)
        painter.end()

    def _paint_legend(self, painter: QPainter, metrics: QFontMetrics, top: float) -> float:
        if len(self.series) < 2 and not (self.series and self.series[0].label):
            return top
        x = 8.0
        line = metrics.height()
        for index, s in enumerate(self.series):
            box = QRectF(x, top + 2, 22, line - 4)
            self.paint_key(painter, box, index)
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(QPointF(box.right() + 4, top + metrics.ascent()), s.label)
            x = box.right() + 12 + metrics.horizontalAdvance(s.label)
        return top + line + 2

    def paint_key(self, painter: QPainter, box: QRectF, index: int) -> None:
        paint_bar(painter, box, index)

    def paint_series(self, painter: QPainter, plot: QRectF, slot: float, top: float) -> None:
        raise NotImplementedError

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        text = next((t for area, t in self._spots if area.contains(point)), "")
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)


def paint_bar(painter: QPainter, rect: QRectF, index: int) -> None:
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    painter.fillRect(rect, colour)
    pattern = SERIES_PATTERNS[index % len(SERIES_PATTERNS)]
    if pattern is not Qt.BrushStyle.NoBrush:
        painter.fillRect(rect, QBrush(QColor(255, 255, 255, 150), pattern))
    painter.setPen(QPen(colour.darker(140), 1))
    painter.drawRect(rect)


class BarChart(Chart):
    """Bars per category: series side by side, or stacked (`stacked=True`, e.g. lunch + dinner)."""

    def __init__(self, title: str, parent: QWidget | None = None, *, stacked: bool = False,
                 value_text: Callable[[float], str] = lambda v: f"{v:g}") -> None:
        super().__init__(title, parent, value_text=value_text)
        self.stacked = stacked

    def top_value(self) -> float:
        if not self.stacked:
            return super().top_value()
        totals = [sum(s.values[i] or 0 for s in self.series if i < len(s.values)) for i in range(len(self.categories))]
        return max(totals, default=0.0)

    def paint_series(self, painter: QPainter, plot: QRectF, slot: float, top: float) -> None:
        width = slot * 0.7
        for i, category in enumerate(self.categories):
            left = plot.left() + i * slot + (slot - width) / 2
            base = plot.bottom()
            for index, s in enumerate(self.series):
                value = s.values[i] if i < len(s.values) else None
                if not value:
                    continue
                height = plot.height() * value / top
                if self.stacked:
                    rect = QRectF(left, base - height, width, height)
                    base -= height
                else:
                    bar = width / len(self.series)
                    rect = QRectF(left + index * bar, plot.bottom() - height, bar, height)
                paint_bar(painter, rect, index)
                label = f"{category} · {s.label}: " if s.label else f"{category}: "
                self._spots.append((rect, label + self.value_text(value)))


class LineChart(Chart):
    """A line per series over the categories, each with its own dash and marker."""

    def paint_key(self, painter: QPainter, box: QRectF, index: int) -> None:
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        painter.setPen(QPen(colour, 2, LINE_STYLES[index % len(LINE_STYLES)]))
        painter.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y()))
        paint_marker(painter, box.center(), index)

    def paint_series(self, painter: QPainter, plot: QRectF, slot: float, top: float) -> None:
        for index, s in enumerate(self.series):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            points: list[QPointF | None] = []
            for i, value in enumerate(s.values[: len(self.categories)]):
                if value is None:
                    points.append(None)
                    continue
                points.append(QPointF(plot.left() + (i + 0.5) * slot, plot.bottom() - plot.height() * value / top))
            painter.setPen(QPen(colour, 2, LINE_STYLES[index % len(LINE_STYLES)]))
            for a, b in pairwise(points):
                if a is not None and b is not None:
                    painter.drawLine(a, b)
            for i, point in enumerate(points):
                if point is None:
                    continue
                paint_marker(painter, point, index)
                label = f"{self.categories[i]} · {s.label}: " if s.label else f"{self.categories[i]}: "
                value = s.values[i]
                assert value is not None
                self._spots.append((QRectF(point.x() - 6, point.y() - 6, 12, 12), label + self.value_text(value)))


def paint_marker(painter: QPainter, at: QPointF, index: int) -> None:
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    painter.save()
    painter.setPen(QPen(colour.darker(140), 1))
    painter.setBrush(colour)
    box = QRectF(at.x() - 4, at.y() - 4, 8, 8)
    if index % 2:
        painter.drawRect(box)
    else:
        painter.drawEllipse(box)
    painter.restore()
