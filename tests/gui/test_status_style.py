"""The status language: one look per status, never colour alone, the late rule and the countdown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.reservation import Reservation
from maitred.ui import status_style as st

S = ReservationStatus
Make = Callable[..., Reservation]


def test_every_status_has_a_style_and_a_label() -> None:
    labels = {status: st.status_label(status) for status in S}
    assert all(labels.values())
    assert len(set(labels.values())) == len(S)  # a host can tell each one by its word


def test_no_two_statuses_differ_by_colour_alone() -> None:
    """Cancelled and declined look alike on purpose; any other two differ beyond colour."""

    def cues(status: ReservationStatus) -> tuple[object, ...]:
        style = st.style_for(status)
        return (style.mark, style.pattern, style.dashed, style.faded, style.struck)

    looks = {status: cues(status) for status in S if status is not S.DECLINED}
    assert len(set(looks.values())) == len(looks)
    assert cues(S.DECLINED) == cues(S.CANCELED)


@pytest.mark.parametrize(
    ("status", "look"),
    [
        (S.HELD, "dashed"),
        (S.NO_SHOW, "pattern"),
        (S.FINISHED, "faded"),
        (S.CANCELED, "struck"),
        (S.DECLINED, "struck"),
    ],
)
def test_the_patterns_of_the_ui_guide(status: ReservationStatus, look: str) -> None:
    style = st.style_for(status)
    value = getattr(style, look)
    assert value not in (False, Qt.BrushStyle.NoBrush)


def test_status_colours_follow_the_guide() -> None:
    hue = {status: st.style_for(status).fill.hslHue() for status in S}
    assert 30 <= hue[S.HELD] <= 50  # amber
    assert 25 <= hue[S.PAYMENT_PENDING] <= 50
    assert 250 <= hue[S.REQUESTED] <= 290  # violet
    assert 200 <= hue[S.RESERVED] <= 230  # blue
    assert 100 <= hue[S.SEATED] <= 150  # green
    assert hue[S.NO_SHOW] <= 10 or hue[S.NO_SHOW] >= 350  # red
    assert st.style_for(S.FINISHED).fill.hslSaturation() == 0  # grey


def test_cancelled_and_declined_are_hidden_by_default() -> None:
    assert {S.CANCELED, S.DECLINED} == st.HIDDEN_BY_DEFAULT


def test_text_is_readable_on_every_fill() -> None:
    def luminance(color: QColor) -> float:
        return 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF()

    for status in S:
        style = st.style_for(status)
        assert abs(luminance(style.fill) - luminance(style.text)) > 0.35, status


def test_a_reserved_party_is_late_once_the_grace_minutes_pass(reservation_factory: Make) -> None:
    r = reservation_factory("r", S.RESERVED, (19, 0))
    assert not st.is_late(r, r.start + timedelta(minutes=14, seconds=59))
    assert st.is_late(r, r.start + timedelta(minutes=15))
    assert not st.is_late(r, r.start + timedelta(minutes=15), grace=timedelta(minutes=20))
    assert st.mark_for(r, r.start + timedelta(minutes=16)) is st.Mark.CLOCK
    assert st.mark_for(r, r.start) is st.Mark.NONE
    assert st.badge_text(r, r.start + timedelta(minutes=16)) == "late"


@pytest.mark.parametrize("status", [S.SEATED, S.REQUESTED, S.FINISHED, S.NO_SHOW])
def test_only_reserved_parties_are_late(reservation_factory: Make, status: ReservationStatus) -> None:
    r = reservation_factory("r", status, (19, 0))
    assert not st.is_late(r, r.start + timedelta(hours=1))


def test_a_hold_counts_down_in_minutes_and_seconds(reservation_factory: Make, now: datetime) -> None:
    held = reservation_factory("h", S.HELD, (20, 0), created=now - timedelta(seconds=19))
    assert st.hold_countdown(held, now) == "9:41"
    assert st.badge_text(held, now) == "9:41 left"
    assert st.hold_countdown(held, now + timedelta(seconds=580, milliseconds=500)) == "0:01"
    assert st.hold_countdown(held, now + timedelta(minutes=30)) == "0:00"
    assert "9:41" in st.describe(held, now)


def test_payment_pending_counts_down_too_and_others_do_not(reservation_factory: Make, now: datetime) -> None:
    pending = reservation_factory("p", S.PAYMENT_PENDING, (20, 0), created=now)
    assert st.hold_countdown(pending, now) == "10:00"
    reserved = replace(pending, status=S.RESERVED)
    assert st.hold_countdown(reserved, now) is None
    assert st.badge_text(reserved, now) == ""


@pytest.mark.parametrize("mark", [m for m in st.Mark if m is not st.Mark.NONE])
def test_every_mark_paints_something(qapp: object, mark: st.Mark) -> None:
    image = QImage(24, 24, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    st.paint_mark(painter, QRectF(0, 0, 24, 24), mark, QColor("#000000"))
    painter.end()
    painted = sum(image.pixelColor(x, y).alpha() > 0 for x in range(24) for y in range(24))
    assert painted > 10


def test_the_late_clock_is_red_whatever_colour_is_asked(qapp: object) -> None:
    image = QImage(24, 24, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    st.paint_mark(painter, QRectF(0, 0, 24, 24), st.Mark.CLOCK, QColor("#00ff00"))
    painter.end()
    assert image.pixelColor(6, 12).red() > 180
    assert image.pixelColor(6, 12).green() < 100


def test_a_hold_says_how_long_is_left_in_words(reservation_factory: Make, now: datetime) -> None:
    held = reservation_factory("h", S.HELD, (20, 0), created=now - timedelta(seconds=19))
    assert st.countdown_left(held, now) == "9:41 left"
    assert st.countdown_left(replace(held, status=S.RESERVED), now) is None


def ink(image: QImage, color: QColor, tolerance: int = 40) -> int:
    return sum(
        all(abs(a - b) <= tolerance for a, b in zip(image.pixelColor(x, y).getRgb()[:3], color.getRgb()[:3],
                                                    strict=True))
        for x in range(image.width()) for y in range(image.height())
    )


def test_a_badge_is_its_mark_in_the_status_ink_on_white(qapp: object) -> None:
    style = st.style_for(S.REQUESTED)
    image = QImage(24, 24, QImage.Format.Format_ARGB32)
    image.fill(style.fill)  # on the violet of the table it sits on
    painter = QPainter(image)
    st.paint_badge(painter, QPointF(12, 12), 16, st.Mark.QUESTION, style)
    painter.end()
    assert ink(image, QColor("#ffffff"), 10) > 40  # the white disc
    assert ink(image, style.outline) > 20  # the ring and the "?"
    blank = QImage(24, 24, QImage.Format.Format_ARGB32)
    blank.fill(Qt.GlobalColor.transparent)
    painter = QPainter(blank)
    st.paint_badge(painter, QPointF(12, 12), 16, st.Mark.NONE, st.style_for(S.RESERVED))
    painter.end()
    assert all(blank.pixelColor(x, y).alpha() == 0 for x in range(24) for y in range(24))


def test_the_hourglass_has_solid_glass_so_a_small_one_is_no_cross(qapp: object) -> None:
    def painted(mark: st.Mark) -> QImage:
        image = QImage(24, 24, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        st.paint_mark(painter, QRectF(0, 0, 24, 24), mark, QColor("#000000"))
        painter.end()
        return image

    hourglass, cross = painted(st.Mark.HOURGLASS), painted(st.Mark.CROSS)
    assert hourglass.pixelColor(12, 7).alpha() > 200  # inside the upper glass, the sand
    assert cross.pixelColor(12, 7).alpha() == 0
