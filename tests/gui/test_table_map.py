"""The floor map: what each table shows at a moment, clicks, and the manager's layout editing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QLocale, QPoint, QPointF, Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.location import ReservationLocation, TableDefinition
from maitred.domain.reservation import Reservation
from maitred.ui.status_style import style_for
from maitred.ui.table_map import TableMapView, TableStateKind, auto_layouts, table_states

S = ReservationStatus
At = Callable[..., datetime]
Make = Callable[..., Reservation]
ACTIVE = ["t10", "t1", "t2", "t4", "t5", "p1", "p2", "b1"]


@pytest.fixture
def floor(qtbot: QtBot, location: ReservationLocation, reservations: list[Reservation], now: datetime) -> TableMapView:
    view = TableMapView()
    qtbot.addWidget(view)
    view.resize(480, 480)
    view.show()
    qtbot.waitExposed(view)
    view.set_location(location)
    view.set_reservations(reservations)
    view.set_now(now)
    return view


def on_screen(view: TableMapView, table_id: str, local: QPointF | None = None) -> QPoint:
    """Where a point of a table (its centre by default) is in the view's viewport."""
    item = view.table_item(table_id)
    assert item is not None
    return view.mapFromScene(item.mapToScene(local or QPointF(0, 0)))


def colour_at(view: TableMapView, table_id: str) -> QColor:
    """The fill of a table, read just inside its left edge, away from its words."""
    item = view.table_item(table_id)
    assert item is not None
    width, _ = item.size
    point = on_screen(view, table_id, QPointF(-width / 2 + 5, 0))
    return view.viewport().grab().toImage().pixelColor(point)


def drag(view: TableMapView, start: QPoint, end: QPoint) -> None:
    port = view.viewport()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(port, (start + end) / 2)
    QTest.mouseMove(port, end)
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def changed(view: TableMapView) -> dict[str, TableDefinition]:
    return {t.id: t for t in view.layout_changes()}


# --- what a table shows ------------------------------------------------------------------------


def test_states_at_the_evenings_moment(reservations: list[Reservation], now: datetime) -> None:
    states = table_states(ACTIVE, reservations, now, now)
    kinds = {table_id: state.kind for table_id, state in states.items()}
    assert kinds == {
        "t1": TableStateKind.SOON,  # Rossi finished; the hold starts at 20:00
        "t2": TableStateKind.OCCUPIED,  # Smith is due (19:30)
        "t4": TableStateKind.OCCUPIED,
        "t5": TableStateKind.OCCUPIED,  # Kim's combination holds both
        "t10": TableStateKind.OCCUPIED,  # Jones, late
        "p1": TableStateKind.OCCUPIED,  # Bianchi, seated
        "p2": TableStateKind.SOON,  # Wong's request at 20:30
        "b1": TableStateKind.SOON,  # Garcia's deposit, 21:00
    }
    assert states["t1"].reservation is not None and states["t1"].reservation.id == "held"


def test_finished_no_show_and_cancelled_free_their_tables(
    reservations: list[Reservation], at_rome: At, now: datetime
) -> None:
    states = table_states(ACTIVE, reservations, at_rome(18, 0), now, soon=timedelta(minutes=10))
    assert states["t1"].kind is TableStateKind.FREE  # Rossi has finished: the table is free again
    assert states["t10"].kind is TableStateKind.FREE  # Novak never came
    assert states["t2"].kind is TableStateKind.FREE  # Moreau cancelled


def test_a_lapsed_hold_frees_the_table(reservations: list[Reservation], at_rome: At, now: datetime) -> None:
    moment = at_rome(20, 15)
    assert table_states(ACTIVE, reservations, moment, now)["t1"].kind is TableStateKind.OCCUPIED
    later = now + timedelta(minutes=11)
    assert table_states(ACTIVE, reservations, moment, later)["t1"].kind is TableStateKind.FREE


def test_a_seated_party_outranks_a_clashing_booking(reservation_factory: Make, now: datetime) -> None:
    clash = [
        reservation_factory("due", S.RESERVED, (19, 0), tables=("t2",)),
        reservation_factory("sat", S.SEATED, (19, 15), tables=("t2",)),
    ]
    state = table_states(["t2"], clash, now, now)["t2"]
    assert state.reservation is not None and state.reservation.id == "sat"


def test_tables_never_placed_get_a_grid_spot_below_the_floor(location: ReservationLocation) -> None:
    tables = location.table_management.tables
    spots = auto_layouts([t for t in tables if t.is_active])
    assert set(spots) == {"b1"}
    lowest = max(t.layout.y + t.layout.height for t in tables if t.layout)
    assert spots["b1"].y >= lowest
    stacked = [replace(t, layout=replace(t.layout, x=0, y=0)) for t in tables if t.layout and t.area == "Patio"]
    spots = auto_layouts(stacked)  # an area given, no position: all on one spot
    assert set(spots) == {"p2"}  # the first keeps its spot, the others are spread out
    assert spots["p2"].area == "Patio"


def test_the_map_colours_each_table_by_its_state(floor: TableMapView) -> None:
    assert colour_at(floor, "p1") == style_for(S.SEATED).fill
    assert colour_at(floor, "t2") == style_for(S.RESERVED).fill
    base = floor.palette().color(floor.palette().ColorRole.Base)
    soon = colour_at(floor, "p2")  # a light violet wash over the base
    assert soon != base and soon.blue() > soon.green()


def test_picking_a_moment_recolours_the_floor(floor: TableMapView, at_rome: At) -> None:
    floor.set_moment(at_rome(21, 0))
    assert floor.moment() == at_rome(21, 0)
    assert floor.table_state("t2").kind is TableStateKind.FREE  # Smith's 90 minutes are over
    assert floor.table_state("b1").kind is TableStateKind.OCCUPIED
    assert colour_at(floor, "b1") == style_for(S.PAYMENT_PENDING).fill
    floor.set_moment(None)  # back to following now
    assert floor.table_state("t2").kind is TableStateKind.OCCUPIED


def test_a_table_reads_time_name_and_party(floor: TableMapView, now: datetime) -> None:
    t2 = floor.table_item("t2")
    t1 = floor.table_item("t1")
    assert t2 is not None and t1 is not None
    half_past_seven = QLocale().toString(QTime(19, 30), QLocale.FormatType.ShortFormat)
    assert t2.label.lines() == ["T2 · 4", half_past_seven, "Smith · 4"]
    assert "9:41" in t1.label.lines()[1]  # the hold's live countdown
    floor.set_now(now + timedelta(seconds=2))
    assert "9:39" in t1.label.lines()[1]
    assert "Smith · 4" in t2.toolTip()


def test_clicking_a_table_names_it_and_rings_it(qtbot: QtBot, floor: TableMapView) -> None:
    with qtbot.waitSignal(floor.table_clicked) as clicked:
        QTest.mouseClick(
            floor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, on_screen(floor, "p2")
        )
    assert clicked.args == ["p2"]
    assert floor.highlighted_table() == "p2"


def test_clicking_the_floor_between_tables_names_nothing(qtbot: QtBot, floor: TableMapView) -> None:
    gap = (on_screen(floor, "t1") + on_screen(floor, "t2")) / 2
    with qtbot.assertNotEmitted(floor.table_clicked):
        QTest.mouseClick(floor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, gap)


# --- editing the floor ---------------------------------------------------------------------------


def test_outside_edit_mode_tables_stay_put(qtbot: QtBot, floor: TableMapView) -> None:
    before = changed(floor)["t1"].layout
    with qtbot.assertNotEmitted(floor.layout_edited):
        drag(floor, on_screen(floor, "t1"), on_screen(floor, "t1") + QPoint(60, 40))
    assert changed(floor)["t1"].layout == before
    assert not floor.is_layout_modified()


def test_dragging_a_table_moves_it_on_the_grid(qtbot: QtBot, floor: TableMapView) -> None:
    floor.set_editing(True)
    scale = floor.transform().m11()
    with qtbot.waitSignal(floor.layout_edited) as edited:
        drag(floor, on_screen(floor, "t1"), on_screen(floor, "t1") + QPoint(round(43 * scale), round(-21 * scale)))
    layout = changed(floor)["t1"].layout
    assert layout is not None
    assert (layout.x, layout.y) == (60, 0)  # from (20, 20), 43 right and 21 up, snapped to 10
    assert {t.id: t for t in edited.args[0]}["t1"].layout == layout
    assert floor.is_layout_modified()


def test_the_corner_grip_resizes_and_the_top_grip_rotates(qtbot: QtBot, floor: TableMapView) -> None:
    floor.set_editing(True)
    floor.select_table("t10")
    item = floor.table_item("t10")
    assert item is not None
    scale = floor.transform().m11()
    corner = on_screen(floor, "t10", item.resize_grip())
    drag(floor, corner, corner + QPoint(round(40 * scale), round(20 * scale)))
    layout = changed(floor)["t10"].layout
    assert layout is not None
    assert (layout.x, layout.y, layout.width, layout.height) == (200, 120, 100, 80)  # top-left stays
    grip = on_screen(floor, "t10", item.rotate_grip())
    centre = on_screen(floor, "t10")
    drag(floor, grip, centre + QPoint(round(80 * scale), 0))  # swing the grip round to the right
    layout = changed(floor)["t10"].layout
    assert layout is not None and layout.rotation == 90


def test_keys_rotate_nudge_and_remove_the_selected_table(floor: TableMapView) -> None:
    floor.set_editing(True)
    floor.select_table("p2")
    floor.setFocus()
    QTest.keyClick(floor, Qt.Key.Key_R)
    QTest.keyClick(floor, Qt.Key.Key_Right)
    layout = changed(floor)["p2"].layout
    assert layout is not None and (layout.rotation, layout.x) == (15, 130)
    QTest.keyClick(floor, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    assert changed(floor)["p2"].layout.rotation == 0  # type: ignore[union-attr]
    QTest.keyClick(floor, Qt.Key.Key_Delete)
    assert "p2" not in changed(floor)


def test_adding_a_table_gives_it_a_fresh_name_and_id(floor: TableMapView) -> None:
    floor.set_editing(True)
    new_id = floor.add_table(shape="ROUND", seats=6, area="Patio")
    table = changed(floor)[new_id]
    assert table.name == "T3"  # T1, T2, T4, T5, T10 exist
    assert (table.seats_max, table.layout.shape, table.layout.area) == (6, "ROUND", "Patio")  # type: ignore[union-attr]
    assert new_id not in ACTIVE
    assert floor.selected_table_ids() == [new_id]
    floor.set_selected_shape("RECTANGLE")
    assert changed(floor)[new_id].layout.shape == "RECTANGLE"  # type: ignore[union-attr]


def test_the_edited_layout_keeps_every_other_table(floor: TableMapView, location: ReservationLocation) -> None:
    floor.set_editing(True)
    floor.select_table("t2")
    floor.rotate_selected(45)
    tables = changed(floor)
    assert set(tables) == {*ACTIVE, "old"}  # the switched-off table comes back untouched
    assert tables["old"] == location.table_management.table("old")
    assert tables["t2"].layout.rotation == 45  # type: ignore[union-attr]
    unchanged = location.table_management.table("t4")
    assert tables["t4"] == unchanged
    assert tables["b1"].layout is not None  # the auto-placed table keeps the spot it was shown in


def test_revert_forgets_the_edits(floor: TableMapView) -> None:
    floor.set_editing(True)
    floor.select_table("t2")
    floor.remove_selected_tables()
    assert "t2" not in changed(floor)
    floor.revert_layout()
    assert "t2" in changed(floor)
    assert not floor.is_layout_modified()
