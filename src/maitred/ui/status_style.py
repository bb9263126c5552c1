"""The status language of the stand: one colour, pattern, label and mark per reservation status.

Every view (timeline, map, lists, dialogs) asks this module, so a host who learns "amber with a
countdown is a hold" once reads it the same everywhere. Colour is never the only cue: each status
also has a label and a mark (a painted icon or a character that every font has), and some add a
pattern (hatched no-shows, dashed holds, struck-through cancellations, faded finished tables).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.reservation import Reservation

S = ReservationStatus

#: A RESERVED party whose start passed by this much, and who is not seated yet, is late.
DEFAULT_LATE_GRACE = timedelta(minutes=15)

#: Statuses the views hide unless the host asks to see them.
HIDDEN_BY_DEFAULT: frozenset[ReservationStatus] = frozenset({S.CANCELED, S.DECLINED})

#: Statuses whose guests are still expected or present: they count as covers of the service.
COUNTED_STATUSES: frozenset[ReservationStatus] = frozenset(
    {S.HELD, S.PAYMENT_PENDING, S.REQUESTED, S.RESERVED, S.SEATED, S.FINISHED}
)

#: The red of the late badge and of the "now" line: an alarm, the same in light and dark mode.
ALERT_COLOR = QColor("#d32f2f")


_MarkPainter = Callable[[QPainter, QRectF, QColor], None]


class Mark(Enum):
    """The non-colour cue drawn on a block or a table, beside its name."""

    NONE = "none"
    HOURGLASS = "hourglass"  # a hold, next to its countdown
    DOLLAR = "dollar"  # waiting for a deposit
    QUESTION = "question"  # a request waiting for approval
    DOT = "dot"  # at the table
    CHECK = "check"  # done
    CROSS = "cross"  # did not come
    BAN = "ban"  # cancelled or declined
    CLOCK = "clock"  # late (RESERVED past the grace minutes)


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """How one status looks. `fill` is the block colour, `text` readable on it."""

    fill: QColor
    outline: QColor
    text: QColor
    mark: Mark
    pattern: Qt.BrushStyle = Qt.BrushStyle.NoBrush  # drawn over the fill, in `outline`
    dashed: bool = False
    faded: bool = False
    struck: bool = False

    @property
    def outline_style(self) -> Qt.PenStyle:
        return Qt.PenStyle.DashLine if self.dashed else Qt.PenStyle.SolidLine


_WHITE = QColor("#ffffff")
_INK = QColor("#1b1b1b")

_STYLES: dict[ReservationStatus, StatusStyle] = {
    S.HELD: StatusStyle(QColor("#ffc94d"), QColor("#8a5a00"), _INK, Mark.HOURGLASS, dashed=True),
    S.PAYMENT_PENDING: StatusStyle(QColor("#ffb74d"), QColor("#8a4b00"), _INK, Mark.DOLLAR),
    S.REQUESTED: StatusStyle(QColor("#8e6bd1"), QColor("#4a2a8a"), _WHITE, Mark.QUESTION),
    S.RESERVED: StatusStyle(QColor("#2f6fd0"), QColor("#163f80"), _WHITE, Mark.NONE),
    S.SEATED: StatusStyle(QColor("#2e8b3e"), QColor("#15531f"), _WHITE, Mark.DOT),
    S.FINISHED: StatusStyle(QColor("#9e9e9e"), QColor("#616161"), _INK, Mark.CHECK, faded=True),
    S.NO_SHOW: StatusStyle(QColor("#e57373"), QColor("#8e1b1b"), _INK, Mark.CROSS, pattern=Qt.BrushStyle.BDiagPattern),
    S.CANCELED: StatusStyle(QColor("#c4c4c4"), QColor("#757575"), _INK, Mark.BAN, struck=True),
    S.DECLINED: StatusStyle(QColor("#c4c4c4"), QColor("#757575"), _INK, Mark.BAN, struck=True),
}


def style_for(status: ReservationStatus) -> StatusStyle:
    """The look of a status (the late variant is RESERVED plus `Mark.CLOCK`, see `mark_for`)."""
    return _STYLES[status]


def status_label(status: ReservationStatus) -> str:
    """The status in the host's words, translated at call time (translators load after import)."""
    tr = QCoreApplication.translate
    labels = {
        S.HELD: tr("StatusStyle", "Held"),
        S.PAYMENT_PENDING: tr("StatusStyle", "Waiting for payment"),
        S.REQUESTED: tr("StatusStyle", "Request"),
        S.RESERVED: tr("StatusStyle", "Reserved"),
        S.SEATED: tr("StatusStyle", "Seated"),
        S.FINISHED: tr("StatusStyle", "Finished"),
        S.NO_SHOW: tr("StatusStyle", "No-show"),
        S.CANCELED: tr("StatusStyle", "Cancelled"),
        S.DECLINED: tr("StatusStyle", "Declined"),
    }
    return labels[status]


def is_late(reservation: Reservation, now: datetime, grace: timedelta = DEFAULT_LATE_GRACE) -> bool:
    """A RESERVED party is late once `now` is `grace` or more past its start."""
    return reservation.status is S.RESERVED and now - reservation.start >= grace


def hold_countdown(reservation: Reservation, now: datetime) -> str | None:
    """`m:ss` left on a HELD or PAYMENT_PENDING reservation (rounded up, never negative)."""
    deadline = reservation.hold_expires_at()
    if deadline is None:
        return None
    seconds = max(0, math.ceil((deadline - now).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def mark_for(reservation: Reservation, now: datetime, grace: timedelta = DEFAULT_LATE_GRACE) -> Mark:
    """The mark to draw for a reservation at `now`: its status mark, or the clock when late."""
    if is_late(reservation, now, grace):
        return Mark.CLOCK
    return style_for(reservation.status).mark


def badge_text(reservation: Reservation, now: datetime, grace: timedelta = DEFAULT_LATE_GRACE) -> str:
    """The words shown next to the mark: the live countdown of a hold ("9:41 left", never a bare
    "9:41" that reads as a start time), "late", or nothing."""
    left = countdown_left(reservation, now)
    if left is not None:
        return left
    if is_late(reservation, now, grace):
        return QCoreApplication.translate("StatusStyle", "late")
    return ""


def countdown_left(reservation: Reservation, now: datetime) -> str | None:
    """A hold's countdown as words, "9:41 left", so it never passes for a start time."""
    countdown = hold_countdown(reservation, now)
    if countdown is None:
        return None
    return QCoreApplication.translate("StatusStyle", "{countdown} left").format(countdown=countdown)


def describe(reservation: Reservation, now: datetime, grace: timedelta = DEFAULT_LATE_GRACE) -> str:
    """The status as one phrase for tooltips and screen readers, e.g. "Held (9:41 left)"."""
    tr = QCoreApplication.translate
    label = status_label(reservation.status)
    countdown = hold_countdown(reservation, now)
    if countdown is not None:
        return tr("StatusStyle", "{status} ({countdown} left)").format(status=label, countdown=countdown)
    if is_late(reservation, now, grace):
        return tr("StatusStyle", "{status}, late").format(status=label)
    return label


def paint_mark(painter: QPainter, rect: QRectF, mark: Mark, color: QColor) -> None:
    """Draw a mark centred in `rect` (square-ish) in `color`; the clock brings its own red disc."""
    if mark is Mark.NONE:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    side = min(rect.width(), rect.height()) * 0.8
    box = QRectF(0, 0, side, side)
    box.moveCenter(rect.center())
    pen = QPen(color, max(1.5, side / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    _PAINTERS[mark](painter, box, color)
    painter.restore()


def paint_badge(painter: QPainter, centre: QPointF, diameter: float, mark: Mark, style: StatusStyle) -> None:
    """A mark in its status's dark outline colour on a white disc ringed in the same colour: a
    corner badge that reads like print on any fill, floor or palette, so a small table never loses
    its status to its words (the late clock keeps its red disc)."""
    if mark is Mark.NONE:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    disc = QRectF(0, 0, diameter, diameter)
    disc.moveCenter(centre)
    painter.setPen(QPen(style.outline, 1.5))
    painter.setBrush(_WHITE)
    painter.drawEllipse(disc)
    paint_mark(painter, disc.adjusted(1, 1, -1, -1), mark, style.outline)
    painter.restore()


def _paint_text_mark(text: str) -> _MarkPainter:
    def paint(painter: QPainter, box: QRectF, _color: QColor) -> None:
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(max(8, round(box.height())))
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    return paint


def _paint_hourglass(painter: QPainter, box: QRectF, color: QColor) -> None:
    """Two bars and two solid glasses meeting at the waist: at a badge's few pixels an outlined
    hourglass passes for the no-show cross."""
    b = box.adjusted(box.width() * 0.18, 0, -box.width() * 0.18, 0)
    c = b.center()
    painter.drawLine(QLineF(b.topLeft(), b.topRight()))
    painter.drawLine(QLineF(b.bottomLeft(), b.bottomRight()))
    painter.setPen(QPen(color, 1.0))
    painter.setBrush(color)
    inset = b.width() * 0.1
    painter.drawPolygon(QPolygonF([b.topLeft() + QPointF(inset, 0), b.topRight() - QPointF(inset, 0), c]))
    painter.drawPolygon(QPolygonF([b.bottomLeft() + QPointF(inset, 0), b.bottomRight() - QPointF(inset, 0), c]))


def _paint_dot(painter: QPainter, box: QRectF, color: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    r = box.width() * 0.28
    painter.drawEllipse(box.center(), r, r)


def _paint_check(painter: QPainter, box: QRectF, _color: QColor) -> None:
    w, h = box.width(), box.height()
    a = QPointF(box.left() + w * 0.1, box.top() + h * 0.55)
    b = QPointF(box.left() + w * 0.4, box.top() + h * 0.85)
    c = QPointF(box.left() + w * 0.9, box.top() + h * 0.15)
    painter.drawPolyline([a, b, c])


def _paint_cross(painter: QPainter, box: QRectF, _color: QColor) -> None:
    b = box.adjusted(box.width() * 0.15, box.height() * 0.15, -box.width() * 0.15, -box.height() * 0.15)
    painter.drawLine(QLineF(b.topLeft(), b.bottomRight()))
    painter.drawLine(QLineF(b.topRight(), b.bottomLeft()))


def _paint_ban(painter: QPainter, box: QRectF, _color: QColor) -> None:
    b = box.adjusted(box.width() * 0.1, box.height() * 0.1, -box.width() * 0.1, -box.height() * 0.1)
    painter.drawEllipse(b)
    painter.drawLine(
        QLineF(
            b.center() + QPointF(-b.width() * 0.35, b.height() * 0.35),
            b.center() + QPointF(b.width() * 0.35, -b.height() * 0.35),
        )
    )


def _paint_clock(painter: QPainter, box: QRectF, _color: QColor) -> None:
    painter.setBrush(ALERT_COLOR)
    painter.setPen(QPen(_WHITE, max(1.2, box.width() / 10)))
    painter.drawEllipse(box)
    c = box.center()
    painter.drawLine(QLineF(c, c + QPointF(0, -box.height() * 0.32)))
    painter.drawLine(QLineF(c, c + QPointF(box.width() * 0.24, 0)))


_PAINTERS: dict[Mark, _MarkPainter] = {
    Mark.HOURGLASS: _paint_hourglass,
    Mark.DOLLAR: _paint_text_mark("$"),
    Mark.QUESTION: _paint_text_mark("?"),
    Mark.DOT: _paint_dot,
    Mark.CHECK: _paint_check,
    Mark.CROSS: _paint_cross,
    Mark.BAN: _paint_ban,
    Mark.CLOCK: _paint_clock,
}
