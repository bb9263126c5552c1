"""The timeline: its model (lanes, slots, covers, single updates) and its painted view (drag, keys)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt, QTime
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.location import OnlineReservations, ReservationLocation, TimePeriod, Weekday
from maitred.domain.reservation import Reservation
from maitred.ui.status_style import ALERT_COLOR
from maitred.ui.timeline_model import TimelineModel, TimelineRole
from maitred.ui.timeline_view import COVERS_HEIGHT, HEADER_HEIGHT, LABEL_WIDTH, TimelineView

S = ReservationStatus
At = Callable[..., datetime]
Make = Callable[..., Reservation]
T1, T2, T4, T5, T10, P1, P2, B1, UNASSIGNED = range(9)
FRIDAY = date(2025, 6, 13)


@pytest.fixture
def model(location: ReservationLocation, reservations: list[Reservation]) -> TimelineModel:
    model = TimelineModel()
    model.set_snapshot(location, reservations, FRIDAY)
    return model


@pytest.fixture
def view(qtbot: QtBot, model: TimelineModel, now: datetime) -> TimelineView:
    view = TimelineView(model)
    qtbot.addWidget(view)
    view.resize(1100, 560)
    view.show()
    qtbot.waitExposed(view)
    view.set_now(now)
    return view


def short_time(hour: int, minute: int) -> str:
    return QLocale().toString(QTime(hour, minute), QLocale.FormatType.ShortFormat)


def drag(view: TimelineView, start: QPoint, end: QPoint) -> None:
    """Press, move in two steps (past the drag distance), release: as a hand would."""
    port = view.viewport()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(port, (start + end) / 2)
    QTest.mouseMove(port, end)
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def record(*signals: object) -> list[tuple[object, ...]]:
    """Every emission of the given signals, in order, as argument tuples."""
    seen: list[tuple[object, ...]] = []
    for signal in signals:
        signal.connect(lambda *args: seen.append(args))  # type: ignore[attr-defined]
    return seen


def lane_y(view: TimelineView, row: int) -> int:
    return round(view.lane_rect(row).center().y())


def right_edge(view: TimelineView, reservation_id: str, row: int) -> QPoint:
    rect = view.block_rect(reservation_id, row)
    assert rect is not None
    return QPoint(round(rect.right()) - 4, round(rect.center().y()))


# --- the model -------------------------------------------------------------------------------


def test_model_passes_the_model_tester_through_updates(
    qtmodeltester: ModelTester, model: TimelineModel, reservation_factory: Make, at_rome: At
) -> None:
    qtmodeltester.check(model, force_py=True)
    smith = model.reservation("smith")
    assert smith is not None
    model.upsert_reservation(replace(smith, table_ids=("t1",), start=at_rome(21, 30), end=at_rome(23, 0)))
    model.upsert_reservation(reservation_factory("new", S.RESERVED, (18, 15), party=5))
    model.remove_reservation("rossi")
    model.set_show_cancelled(True)
    model.upsert_reservation(reservation_factory("late-night", S.RESERVED, (23, 45)))
    qtmodeltester.check(model, force_py=True)


def test_lanes_are_tables_by_area_in_natural_order_then_unassigned(model: TimelineModel) -> None:
    names = [model.lane(row).name for row in range(model.rowCount())]
    assert names == ["T1", "T2", "T4", "T5", "T10", "P1", "P2", "B1", ""]  # T99 is switched off
    assert [model.lane(row).area for row in range(model.rowCount())][:7] == ["Main"] * 5 + ["Patio"] * 2
    vertical = Qt.Orientation.Vertical
    assert model.headerData(T10, vertical) == "T10 · 4"
    assert model.headerData(UNASSIGNED, vertical) == "Unassigned (1)"
    assert model.headerData(UNASSIGNED, vertical, TimelineRole.IS_UNASSIGNED) is True
    assert model.headerData(T2, vertical, TimelineRole.TABLE_ID) == "t2"


def test_columns_are_the_slots_of_the_service_in_local_time(model: TimelineModel, at_rome: At) -> None:
    # dinner opens 17:00 and takes bookings until 22:00, plus a 90-minute last turn: 17:00-23:30
    assert model.columnCount() == 26
    assert model.window == (at_rome(17, 0), at_rome(23, 30))
    horizontal = Qt.Orientation.Horizontal
    assert model.headerData(0, horizontal) == short_time(17, 0)
    assert model.headerData(10, horizontal) == short_time(19, 30)
    assert model.headerData(10, horizontal, TimelineRole.SLOT_START) == at_rome(19, 30)


def test_covers_count_arrivals_per_interval_without_cancellations_or_no_shows(
    model: TimelineModel, at_rome: At
) -> None:
    def covers(hour: int, minute: int) -> int:
        column = model.column_at(at_rome(hour, minute))
        assert column is not None
        return int(model.headerData(column, Qt.Orientation.Horizontal, TimelineRole.COVERS))

    assert covers(19, 30) == 10  # Smith 4 + Kim 6
    assert covers(20, 0) == 4  # the hold and Lee
    assert covers(17, 30) == 2  # Rossi, finished, came
    assert covers(17, 15) == 0  # Novak did not come
    assert covers(18, 0) == 0  # Moreau cancelled


def test_cells_list_the_reservations_they_show(model: TimelineModel, at_rome: At) -> None:
    column = model.column_at(at_rome(19, 30))
    assert column is not None
    assert model.data(model.index(T4, column), TimelineRole.RESERVATION_IDS) == ["kim"]
    assert model.data(model.index(T5, column), TimelineRole.RESERVATION_IDS) == ["kim"]
    assert model.data(model.index(T4, column)) == "Kim · 6"
    later = model.index(T4, column + 1)
    assert model.data(later) == ""  # Kim started in the slot before: named once
    assert model.data(later, TimelineRole.RESERVATION_IDS) == ["kim"]


def test_cancelled_ones_are_hidden_until_asked_for(model: TimelineModel, at_rome: At) -> None:
    column = model.column_at(at_rome(18, 0))
    assert column is not None
    cell = model.index(T2, column)
    assert model.data(cell, TimelineRole.RESERVATION_IDS) == []
    model.set_show_cancelled(True)
    assert model.data(cell, TimelineRole.RESERVATION_IDS) == ["moreau"]


def test_an_upsert_changes_only_the_lanes_and_covers_it_touches(
    qtbot: QtBot, model: TimelineModel, at_rome: At
) -> None:
    rows: list[int] = []
    columns: list[int] = []
    model.dataChanged.connect(lambda top, bottom, *_: rows.extend(range(top.row(), bottom.row() + 1)))
    model.headerDataChanged.connect(
        lambda orientation, first, last: (
            columns.extend(range(first, last + 1)) if orientation == Qt.Orientation.Horizontal else None
        )
    )
    smith = model.reservation("smith")
    assert smith is not None
    with qtbot.assertNotEmitted(model.modelReset):
        model.upsert_reservation(replace(smith, table_ids=("t1",), start=at_rome(21, 30), end=at_rome(23, 0)))
    assert sorted(rows) == [T1, T2]
    assert sorted(columns) == [model.column_at(at_rome(19, 30)), model.column_at(at_rome(21, 30))]
    assert [r.id for r in model.lane_reservations(T1)] == ["rossi", "held", "smith"]
    assert model.lane_reservations(T2) == []


def test_unassigned_lane_counts_what_it_holds(qtbot: QtBot, model: TimelineModel, reservation_factory: Make) -> None:
    with qtbot.waitSignal(model.headerDataChanged) as changed:
        model.upsert_reservation(reservation_factory("walk", S.SEATED, (19, 45), party=3))
    assert changed.args == [Qt.Orientation.Vertical, UNASSIGNED, UNASSIGNED]
    assert model.lane_label(UNASSIGNED) == "Unassigned (2)"
    model.remove_reservation("lee")
    assert model.lane_label(UNASSIGNED) == "Unassigned (1)"


def test_a_reservation_moved_to_another_day_leaves(model: TimelineModel, at_rome: At) -> None:
    smith = model.reservation("smith")
    assert smith is not None
    saturday = date(2025, 6, 14)
    model.upsert_reservation(replace(smith, start=at_rome(19, 30, saturday), end=at_rome(21, 0, saturday)))
    assert model.reservation("smith") is None
    assert model.headerData(model.column_at(at_rome(19, 30)), Qt.Orientation.Horizontal, TimelineRole.COVERS) == 6


def test_a_booking_after_the_window_widens_it(
    qtbot: QtBot, model: TimelineModel, reservation_factory: Make, at_rome: At
) -> None:
    with qtbot.waitSignal(model.modelReset):
        model.upsert_reservation(reservation_factory("owl", S.RESERVED, (23, 45), minutes=60))
    assert model.window == (at_rome(17, 0), at_rome(0, 45, date(2025, 6, 14)))
    assert model.rows_of(model.reservation("owl")) == [UNASSIGNED]  # type: ignore[arg-type]


def test_the_spring_forward_night_has_no_two_oclock(location: ReservationLocation) -> None:
    night = TimePeriod(Weekday.SUNDAY, 0, Weekday.SUNDAY, 5 * 60)
    location = replace(location, online=OnlineReservations(periods=(night,), default_turnover_minutes=60))
    model = TimelineModel()
    model.set_snapshot(location, [], date(2025, 3, 30))
    assert model.columnCount() == 20  # local 00:00-06:00 is five hours that night
    assert model.headerData(7, Qt.Orientation.Horizontal) == short_time(1, 45)
    assert model.headerData(8, Qt.Orientation.Horizontal) == short_time(3, 0)


# --- the view --------------------------------------------------------------------------------


def test_today_scrolls_to_now_once(qtbot: QtBot, model: TimelineModel, now: datetime) -> None:
    view = TimelineView(model)
    qtbot.addWidget(view)
    view.resize(600, 400)  # three hours of the six and a half
    view.show()
    qtbot.waitExposed(view)
    assert view.horizontalScrollBar().value() == 0
    view.set_now(now)
    assert view.horizontalScrollBar().value() > 0
    assert LABEL_WIDTH < view.x_of(now) < LABEL_WIDTH + (600 - LABEL_WIDTH) / 2
    view.horizontalScrollBar().setValue(0)  # the host looks back at the early tables
    view.set_now(now + timedelta(seconds=1))
    assert view.horizontalScrollBar().value() == 0


def test_cancelled_blocks_show_with_the_toggle(view: TimelineView) -> None:
    assert view.block_rect("moreau") is None
    view.set_show_cancelled(True)
    assert view.block_rect("moreau", T2) is not None
    view.set_show_cancelled(False)
    assert view.block_rect("moreau") is None


def test_a_combination_is_drawn_in_each_of_its_lanes(view: TimelineView) -> None:
    t4, t5 = view.block_rect("kim", T4), view.block_rect("kim", T5)
    assert t4 is not None and t5 is not None
    assert t4.left() == t5.left() and t4.width() == t5.width()
    assert t5.top() > t4.top()


def test_dragging_a_block_asks_to_move_it_to_the_lane_and_time_under_the_pointer(
    qtbot: QtBot, view: TimelineView, at_rome: At
) -> None:
    start = view.point_in("smith", 0.4, T2)
    end = QPoint(start.x() + 2 * 36, lane_y(view, T1))  # two 15-minute slots later, one lane up
    with qtbot.waitSignal(view.move_requested) as moved:
        drag(view, start, end)
    assert moved.args == ["smith", ["t1"], at_rome(20, 0)]


def test_dragging_one_table_of_a_combination_keeps_the_other(qtbot: QtBot, view: TimelineView, at_rome: At) -> None:
    start = view.point_in("kim", 0.3, T5)
    with qtbot.waitSignal(view.move_requested) as moved:
        drag(view, start, QPoint(start.x(), lane_y(view, T10)))
    assert moved.args == ["kim", ["t4", "t10"], at_rome(19, 30)]


def test_dragging_to_and_from_the_unassigned_lane(qtbot: QtBot, view: TimelineView, at_rome: At) -> None:
    start = view.point_in("smith", 0.4, T2)
    with qtbot.waitSignal(view.move_requested) as moved:
        drag(view, start, QPoint(start.x(), lane_y(view, UNASSIGNED)))
    assert moved.args == ["smith", [], at_rome(19, 30)]
    start = view.point_in("lee", 0.4, UNASSIGNED)
    with qtbot.waitSignal(view.move_requested) as moved:
        drag(view, start, QPoint(start.x() - 36, lane_y(view, B1)))
    assert moved.args == ["lee", ["b1"], at_rome(19, 45)]


def test_a_small_wobble_moves_nothing_and_a_click_selects(qtbot: QtBot, view: TimelineView) -> None:
    start = view.point_in("smith", 0.4, T2)
    with qtbot.assertNotEmitted(view.move_requested), qtbot.assertNotEmitted(view.resize_requested):
        drag(view, start, start + QPoint(12, 0))  # past the drag distance, under half a slot
    seen = record(view.reservation_selected, view.table_selected)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    assert seen == [("smith",), ("t2",)]
    assert view.selected_reservation_id() == "smith"


def test_dragging_the_right_edge_asks_for_a_new_end(qtbot: QtBot, view: TimelineView, at_rome: At) -> None:
    edge = right_edge(view, "smith", T2)
    with qtbot.waitSignal(view.resize_requested) as resized, qtbot.assertNotEmitted(view.move_requested):
        drag(view, edge, edge + QPoint(2 * 36, 0))
    assert resized.args == ["smith", at_rome(21, 30)]


def test_an_end_never_comes_before_one_slot(qtbot: QtBot, view: TimelineView, at_rome: At) -> None:
    edge = right_edge(view, "smith", T2)
    with qtbot.waitSignal(view.resize_requested) as resized:
        drag(view, edge, QPoint(LABEL_WIDTH + 30, edge.y()))
    assert resized.args == ["smith", at_rome(19, 45)]


def test_clicking_an_empty_place_picks_that_time_and_table(qtbot: QtBot, view: TimelineView, at_rome: At) -> None:
    point = QPoint(round(view.x_of(at_rome(18, 40))), lane_y(view, T2))
    seen = record(view.time_selected, view.table_selected)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert seen == [(at_rome(18, 30),), ("t2",)]
    assert view.selected_time() == at_rome(18, 30)


def test_double_click_opens_the_reservation(qtbot: QtBot, view: TimelineView) -> None:
    with qtbot.waitSignal(view.reservation_activated) as opened:
        QTest.mouseDClick(
            view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view.point_in("wong", 0.5, P2)
        )
    assert opened.args == ["wong"]


def test_arrows_walk_the_blocks_and_enter_opens(qtbot: QtBot, view: TimelineView) -> None:
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)  # nothing selected: the T1 block nearest now
    assert view.selected_reservation_id() == "held"
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert view.selected_reservation_id() == "rossi"
    QTest.keyClick(view, Qt.Key.Key_Left)  # the first of the lane stays selected
    assert view.selected_reservation_id() == "rossi"
    view.select_reservation("smith", T2)
    with qtbot.waitSignal(view.table_selected) as table:
        QTest.keyClick(view, Qt.Key.Key_Down)
    assert (view.selected_reservation_id(), table.args) == ("kim", ["t4"])
    QTest.keyClick(view, Qt.Key.Key_Down)  # Kim again, in T5
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_reservation_id() == "jones"
    QTest.keyClick(view, Qt.Key.Key_Down)  # past the patio heading
    assert view.selected_reservation_id() == "bianchi"
    with qtbot.waitSignal(view.reservation_activated) as opened:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == ["bianchi"]


def test_the_late_badge_appears_once_the_grace_minutes_pass(view: TimelineView, at_rome: At) -> None:
    def red_pixels() -> int:
        rect = view.block_rect("jones", T10)
        assert rect is not None
        image: QImage = view.viewport().grab().toImage()
        left, top = round(rect.left()), round(rect.top())
        found = 0
        for x in range(left + 2, left + 26):
            for y in range(top + 4, round(rect.bottom()) - 4):
                color = image.pixelColor(x, y)
                found += abs(color.red() - ALERT_COLOR.red()) < 30 and color.green() < 90 and color.blue() < 90
        return found

    view.set_now(at_rome(19, 29))  # 14 minutes after Jones was due
    assert red_pixels() == 0
    view.set_now(at_rome(19, 30))
    assert red_pixels() > 20


def test_the_hold_countdown_redraws_every_second(view: TimelineView, now: datetime) -> None:
    def picture() -> QImage:
        rect = view.block_rect("held", T1)
        assert rect is not None
        return view.viewport().grab(rect.toRect()).toImage()

    first = picture()
    assert picture() == first
    view.set_now(now + timedelta(seconds=1))
    assert picture() != first


def test_an_upsert_moves_the_block_and_keeps_the_selection(
    qtbot: QtBot, view: TimelineView, model: TimelineModel, at_rome: At
) -> None:
    view.select_reservation("smith", T2)
    smith = model.reservation("smith")
    assert smith is not None
    with qtbot.assertNotEmitted(model.modelReset):
        model.upsert_reservation(replace(smith, table_ids=("t1",), start=at_rome(21, 30), end=at_rome(23, 0)))
    assert view.block_rect("smith", T2) is None
    moved = view.block_rect("smith", T1)
    assert moved is not None and moved.left() == pytest.approx(view.x_of(at_rome(21, 30)))
    assert view.selected_reservation_id() == "smith"


def test_highlighting_a_table_from_the_map(view: TimelineView) -> None:
    view.highlight_table("p2")
    image = view.viewport().grab().toImage()
    y = lane_y(view, P2)
    label_bg = image.pixelColor(4, y)
    plain_bg = image.pixelColor(4, lane_y(view, P1))
    assert label_bg != plain_bg


def test_a_new_model_replaces_the_old_one(
    view: TimelineView, model: TimelineModel, location: ReservationLocation, reservation_factory: Make
) -> None:
    other = TimelineModel()
    other.set_snapshot(location, [reservation_factory("solo", S.RESERVED, (19, 0), tables=("t1",))], FRIDAY)
    view.set_model(other)
    assert view.model() is other
    assert view.block_rect("smith") is None
    assert view.block_rect("solo", T1) is not None
    model.upsert_reservation(reservation_factory("ghost", S.RESERVED, (19, 0), tables=("t2",)))
    assert view.block_rect("ghost") is None  # the old model no longer reaches the view


# --- the moment the map shows, and the header ---------------------------------------------------


def test_a_click_on_a_lanes_label_picks_the_table_not_the_time(qtbot: QtBot, view: TimelineView) -> None:
    seen = record(view.time_selected, view.table_selected)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(LABEL_WIDTH // 3, lane_y(view, T2)))
    assert seen == [("t2",)]
    assert view.selected_time() is None


def test_esc_asks_for_now_while_a_time_is_picked(qtbot: QtBot, view: TimelineView, at_rome: At) -> None:
    view.setFocus()
    with qtbot.assertNotEmitted(view.back_to_now_requested):
        QTest.keyClick(view, Qt.Key.Key_Escape)  # nothing picked: the map already shows now
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(view.x_of(at_rome(18, 40))), lane_y(view, T2)))
    assert view.selected_time() == at_rome(18, 30)
    start = view.point_in("smith", 0.4, T2)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view.viewport(), start + QPoint(40, 0))
    with qtbot.assertNotEmitted(view.back_to_now_requested), qtbot.assertNotEmitted(view.move_requested):
        QTest.keyClick(view, Qt.Key.Key_Escape)  # during a drag Esc only drops the drag
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           start + QPoint(40, 0))
    with qtbot.waitSignal(view.back_to_now_requested):
        QTest.keyClick(view, Qt.Key.Key_Escape)


def test_the_now_badge_hides_the_hour_label_under_it(view: TimelineView, at_rome: At) -> None:
    """At 20:00 the red "20:00" sits on the 20:00 label: the label's tail must not peek out."""
    eight = at_rome(20, 0)
    view.set_now(eight)
    view.scroll_to_time(eight)
    metrics = view.fontMetrics()
    text = short_time(20, 0)
    x = view.x_of(eight)
    pill_right = x + (metrics.horizontalAdvance(text) + 10) / 2
    label_right = x + 4 + metrics.horizontalAdvance(text)
    image = view.viewport().grab().toImage()
    header = view.palette().color(view.palette().ColorRole.Window)
    time_row = range(COVERS_HEIGHT + 6, HEADER_HEIGHT - 4)
    inked = [(px, py) for px in range(round(pill_right) + 2, round(label_right) + 1) for py in time_row
             if image.pixelColor(px, py) != header]
    assert inked == []
    half_past = view.x_of(at_rome(20, 30))  # the next label is still written
    assert any(image.pixelColor(px, py) != header
               for px in range(round(half_past) + 4, round(half_past) + 20) for py in time_row)
