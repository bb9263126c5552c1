"""The floor map: what each table shows at a moment, clicks, and the manager's layout editing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale, QPoint, QPointF, Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.location import ReservationLocation, TableDefinition, TableLayout
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.ui import status_style as st
from maitred.ui.dialogs.settings import NewTableDialog, next_table_name
from maitred.ui.dialogs.wording import date_text
from maitred.ui.main_window import MainWindow
from maitred.ui.status_style import style_for
from maitred.ui.table_map import TableMapView, TableStateKind, auto_layouts, compact_time_text, table_states

pytest_plugins = ["fixtures_app"]
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
    assert table.name == "P3"  # the patio's P1 and P2 exist
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


# --- adding a table on the floor ---------------------------------------------------------------


def open_dialogs(view: TableMapView) -> list[NewTableDialog]:
    return [d for d in view.findChildren(NewTableDialog) if d.isVisible()]


def test_the_edit_bar_stays_clear_of_a_scroll_bar_that_comes_later(qtbot: QtBot, floor: TableMapView) -> None:
    floor.set_editing(True)
    bar = floor.edit_bar
    assert bar.geometry().right() == floor.viewport().geometry().right()
    floor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # as when zoomed in
    scroll_bar = floor.verticalScrollBar()
    qtbot.waitUntil(scroll_bar.isVisible)
    scroll_bar_left = scroll_bar.mapTo(floor, QPoint(0, 0)).x()
    qtbot.waitUntil(lambda: bar.geometry().right() < scroll_bar_left)
    assert bar.geometry().width() == floor.viewport().width()
    assert bar.done_button.mapTo(floor, QPoint(bar.done_button.width(), 0)).x() <= scroll_bar_left


def test_a_new_table_is_named_after_its_area() -> None:
    def named(*names: str, area: str = "Main") -> list[TableDefinition]:
        return [TableDefinition(name, name, 1, 2, layout=TableLayout(area=area)) for name in names]

    tables = [*named("T1", "T2", "T24"), *[replace(t, layout=None) for t in named("B1")]]
    assert next_table_name(tables) == "B2"  # the tables without an area are the bar's
    assert next_table_name(tables, "Main") == "T25"
    assert next_table_name([*tables, *named("P1", "P2", area="Patio")], "Patio") == "P3"
    assert next_table_name(named("T1", "T2", "T24", "P1"), "Main") == "T25"  # no gap filled: T3 may be old
    assert next_table_name(named("T1", "T2", "T3"), "Terrace") == "T4"  # a new area: the usual letter
    assert next_table_name([], "") == "T1"
    assert next_table_name(named("Window", "T1", "T2"), "Main") == "T3"


def test_edit_mode_shows_the_add_remove_undo_bar(floor: TableMapView) -> None:
    assert not floor.edit_bar.isVisible()
    floor.set_editing(True)
    bar = floor.edit_bar
    assert bar.isVisible() and bar.add_button.height() >= 32
    assert not bar.remove_button.isEnabled() and not bar.undo_button.isEnabled()
    floor.select_table("t2")
    assert bar.remove_button.isEnabled()
    QTest.mouseClick(bar.add_button, Qt.MouseButton.LeftButton)
    dialogs = open_dialogs(floor)
    assert len(dialogs) == 1 and dialogs[0].isModal()
    dialogs[0].reject()
    floor.set_editing(False)
    assert not bar.isVisible()
    assert floor.open_new_table_dialog() is None  # only in edit mode


def test_add_table_here_on_the_floor_places_it_where_clicked(qtbot: QtBot, floor: TableMapView) -> None:
    floor.set_editing(True)
    assert floor.edit_menu(QPoint(5, 5)) is not None
    near_the_patio = floor.mapFromScene(QPointF(215, 290))
    menu = floor.edit_menu(near_the_patio)
    assert menu is not None and [a.text() for a in menu.actions()] == ["Add table here…"]
    menu.actions()[0].trigger()
    (dialog,) = open_dialogs(floor)
    assert (dialog.name.text(), dialog.area.currentText()) == ("P3", "Patio")  # the area under the pointer
    assert (dialog.seats_min.value(), dialog.seats_max.value()) == (1, 4)
    dialog.seats_min.setValue(2)
    dialog.seats_max.setValue(6)
    dialog.shape.setCurrentIndex(dialog.shape.findData("ROUND"))
    with qtbot.waitSignal(floor.layout_edited):
        QTest.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (new_id,) = set(changed(floor)) - {*ACTIVE, "old"}
    table = changed(floor)[new_id]
    assert (table.name, table.seats_min, table.seats_max, table.is_active) == ("P3", 2, 6, True)
    layout = table.layout
    assert layout is not None
    scene = QPointF(floor.mapToScene(near_the_patio))
    assert (layout.x, layout.y, layout.width, layout.height) == (
        round((scene.x() - 40) / 10) * 10, round((scene.y() - 40) / 10) * 10, 80, 80)  # centred, on the grid
    assert (layout.shape, layout.area) == ("ROUND", "Patio")
    assert floor.selected_table_ids() == [new_id] and floor.is_layout_modified()
    assert floor.edit_bar.state.text() == "Not saved yet"


def test_a_menu_on_a_table_turns_or_removes_it(floor: TableMapView) -> None:
    floor.set_editing(True)
    menu = floor.edit_menu(on_screen(floor, "p1"))
    assert menu is not None and [a.text() for a in menu.actions()] == ["Turn P1 by 15°", "Remove P1"]
    menu.actions()[1].trigger()
    assert "p1" not in changed(floor)


@pytest.mark.parametrize(("name", "low", "high", "sentence"), [
    ("T1", 1, 4, "There is already a table called T1: give this one another name."),
    ("T99", 1, 4, "There is already a table called T99: give this one another name."),  # switched off, still there
    ("T20", 5, 4, "The smallest party (5) is larger than the largest (4): lower the first number or raise the "
                  "second."),
    ("T20", 0, 4, 'A table seats at least 1 guest: set "Seats from" to 1 or more.'),
    ("T20", 0, 0, 'A table seats at least 1 guest: set "Seats from" to 1 or more.'),
    ("  ", 1, 4, "Give the table a name, such as T12."),
    ("T20", 1, 1200, "A table seats at most 1000 guests."),
])
def test_a_table_the_book_would_refuse_is_not_added(qtbot: QtBot, floor: TableMapView, name: str, low: int,
                                                   high: int, sentence: str) -> None:
    floor.set_editing(True)
    before = changed(floor)
    dialog = floor.open_new_table_dialog()
    assert dialog is not None
    dialog.name.setText(name)
    dialog.seats_min.setValue(low)
    dialog.seats_max.setValue(high)
    with qtbot.assertNotEmitted(floor.layout_edited):
        QTest.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == sentence
    assert changed(floor) == before and not floor.is_layout_modified()
    dialog.reject()


def test_cancelling_the_new_table_leaves_the_floor_alone(qtbot: QtBot, floor: TableMapView) -> None:
    floor.set_editing(True)
    before = changed(floor)
    dialog = floor.open_new_table_dialog(QPointF(400, 300))
    assert dialog is not None
    assert dialog.area.currentText() == "Main"  # nothing around the spot: the first area
    dialog.name.setText("T30")
    with qtbot.assertNotEmitted(floor.layout_edited):
        QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert changed(floor) == before
    assert not floor.is_layout_modified() and not floor.edit_bar.undo_button.isEnabled()


def test_insert_name_enter_adds_a_table_from_the_keyboard(qtbot: QtBot, floor: TableMapView) -> None:
    floor.set_editing(True)
    floor.setFocus()
    QTest.keyClick(floor, Qt.Key.Key_Insert)
    (dialog,) = open_dialogs(floor)
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.name and dialog.name.selectedText() == "T100"  # T99 is switched off
    QTest.keyClicks(dialog.name, "Window")
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert "Window" in {t.name for t in changed(floor).values()}


def test_the_typed_name_stays_when_the_area_changes(floor: TableMapView) -> None:
    floor.set_editing(True)
    dialog = floor.open_new_table_dialog()
    assert dialog is not None
    dialog.area.setCurrentText("Patio")
    assert dialog.name.text() == "P3"  # still the suggestion: it follows the area
    dialog.name.clear()
    QTest.keyClicks(dialog.name, "Window")
    dialog.area.setCurrentText("Main")
    assert dialog.name.text() == "Window"
    dialog.reject()


def test_each_floor_edit_can_be_undone(floor: TableMapView) -> None:
    floor.set_editing(True)
    original = changed(floor)
    new_id = floor.add_table(seats=2, area="Main")
    floor.rotate_selected(45)
    floor.select_table("t1")
    floor.select_table("t2")
    floor.remove_selected_tables()
    assert floor.edit_bar.undo_button.isEnabled()
    floor.setFocus()
    QTest.keyClick(floor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "t2" in changed(floor)
    floor.undo_edit()
    assert changed(floor)[new_id].layout.rotation == 0  # type: ignore[union-attr]
    assert floor.is_layout_modified()
    floor.undo_edit()
    assert changed(floor) == original
    assert not floor.is_layout_modified() and not floor.undo_edit()
    floor.rotate_selected(15)  # nothing selected: no edit
    assert not floor.is_layout_modified()


def test_a_table_added_on_the_map_is_saved_with_its_seats_and_spot(qtbot: QtBot, stand_window: MainWindow,
                                                                   stand_book: ReservationBook,
                                                                   stand_restaurant: ReservationLocation) -> None:
    edit = stand_window.actions_by_name["edit_floor"]
    edit.trigger()
    floor = stand_window.map
    dialog = floor.open_new_table_dialog(QPointF(400, 60))
    assert dialog is not None
    assert (dialog.name.text(), dialog.area.currentText()) == ("T7", "Main")  # after T1–T6
    dialog.seats_min.setValue(2)
    dialog.seats_max.setValue(6)
    dialog.online.setChecked(False)
    QTest.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert floor.is_layout_modified()
    assert stand_book.locations.get(stand_restaurant.id) == stand_restaurant, "not saved before edit mode ends"
    edit.trigger()
    qtbot.waitUntil(lambda: not stand_window.session.day.is_loading())
    saved = stand_book.locations.get(stand_restaurant.id)
    assert saved.revision == stand_restaurant.revision + 1
    t7 = next(t for t in saved.table_management.tables if t.name == "T7")
    assert (t7.seats_min, t7.seats_max, t7.is_active, t7.online_reservations) == (2, 6, True, False)
    assert t7.layout is not None
    assert (t7.layout.x, t7.layout.y, t7.layout.width, t7.layout.area) == (360, 20, 90, "Main")  # centred, on the grid
    assert t7.id in floor.table_ids() and not floor.is_layout_modified()


# --- the moment shown, and the status language on small tables -----------------------------------


def badge_pixels(view: TableMapView, table_id: str) -> list[QColor]:
    """The colours inside a table's corner badge, as painted on screen."""
    item = view.table_item(table_id)
    assert item is not None
    label = item.label
    rect = label.deviceTransform(view.viewportTransform()).mapRect(label.badge_rect()).toAlignedRect()
    image = view.viewport().grab().toImage()
    return [image.pixelColor(x, y) for x in range(rect.left() + 2, rect.right() - 1)
            for y in range(rect.top() + 2, rect.bottom() - 1)]


def near(color: QColor, target: QColor, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(color.getRgb()[:3], target.getRgb()[:3], strict=True))


def test_a_picked_moment_says_so_above_the_floor_until_now_comes_back(
    qtbot: QtBot, floor: TableMapView, at_rome: At
) -> None:
    chip = floor.moment_chip
    assert floor.shows_now() and chip.isHidden() and floor.moment_chip_text() == ""
    floor.set_moment(at_rome(22, 30))
    assert chip.isVisible() and chip.height() >= 32  # a touch target
    ten_thirty = QLocale().toString(QTime(22, 30), QLocale.FormatType.ShortFormat)
    assert floor.moment_chip_text() == f"Showing {ten_thirty} · Back to now (Ctrl+T)"
    assert chip.geometry().bottom() < floor.viewport().geometry().top()  # above the floor, hiding no table
    assert floor.verticalScrollBar().maximum() == 0  # and the floor still shows whole
    with qtbot.waitSignal(floor.back_to_now_requested):
        QTest.mouseClick(chip, Qt.MouseButton.LeftButton)
    floor.set_moment(None)  # what the window does when asked (as Ctrl+T)
    assert chip.isHidden() and floor.moment_chip_text() == ""


def test_the_chip_names_the_day_of_a_moment_on_another_day(floor: TableMapView, at_rome: At) -> None:
    floor.set_moment(at_rome(19, 0) + timedelta(days=1))
    seven = QLocale().toString(QTime(19, 0), QLocale.FormatType.ShortFormat)
    assert floor.moment_chip_text().startswith(f"Showing {date_text(date(2025, 6, 14))} {seven}")  # "Sat 14 Jun"


def test_esc_on_the_map_asks_for_now_only_while_a_moment_is_picked(
    qtbot: QtBot, floor: TableMapView, at_rome: At
) -> None:
    floor.setFocus()
    with qtbot.assertNotEmitted(floor.back_to_now_requested):
        QTest.keyClick(floor, Qt.Key.Key_Escape)
    floor.set_moment(at_rome(22, 30))
    with qtbot.waitSignal(floor.back_to_now_requested):
        QTest.keyClick(floor, Qt.Key.Key_Escape)


def test_requests_holds_and_deposits_keep_their_badge_on_a_small_floor(
    floor: TableMapView, location: ReservationLocation
) -> None:
    floor.resize(220, 220)  # a side panel at its narrowest: two-tops of about 35 px
    floor.set_location(location)  # fitted again at the new size
    for table_id, status in (("p2", S.REQUESTED), ("t1", S.HELD), ("b1", S.PAYMENT_PENDING)):
        item = floor.table_item(table_id)
        assert item is not None and item.label.mark() is style_for(status).mark
        dark = style_for(status).outline
        pixels = badge_pixels(floor, table_id)
        assert sum(near(c, dark) for c in pixels) >= 8, table_id  # its mark and ring, in the status's ink
        assert sum(near(c, QColor("#ffffff"), 10) for c in pixels) >= 8, table_id  # on white
    reserved = floor.table_item("t2")
    assert reserved is not None and reserved.label.mark() is st.Mark.NONE  # plain reserved: blue, no badge


def test_a_hold_writes_its_countdown_as_time_left(floor: TableMapView) -> None:
    t1 = floor.table_item("t1")
    assert t1 is not None
    eight = QLocale().toString(QTime(20, 0), QLocale.FormatType.ShortFormat)
    assert t1.label.lines()[1] == f"{eight} · 9:41 left"
    assert any("9:41" in line for line in t1.label.written_lines())


def gaps_in_top_edge(view: TableMapView, table_id: str) -> int:
    """How many light pixels break a table's top edge (a dashed outline leaves gaps, a solid one none)."""
    item = view.table_item(table_id)
    assert item is not None
    body = item.body_rect()
    left = on_screen(view, table_id, body.topLeft() + QPointF(8, 0))
    right = on_screen(view, table_id, body.topRight() - QPointF(8, 0))
    image = view.viewport().grab().toImage()
    return sum(image.pixelColor(x, left.y()).lightness() > 200 for x in range(left.x(), right.x()))


def test_only_a_hold_has_a_dashed_outline_even_when_it_is_only_soon(floor: TableMapView) -> None:
    assert floor.table_state("b1").kind is TableStateKind.SOON  # Garcia's deposit, 21:00
    assert floor.table_state("t1").kind is TableStateKind.SOON  # the hold, 20:00
    assert gaps_in_top_edge(floor, "b1") == 0  # reserved soon: a solid edge
    assert gaps_in_top_edge(floor, "t1") >= 3  # held: dashed


@pytest.mark.parametrize("locale", ["it_IT", "en_US"])
def test_a_two_top_on_a_small_floor_keeps_its_whole_time(
    floor: TableMapView, location: ReservationLocation, reservation_factory: Make, locale: str
) -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(locale))
    try:
        floor.resize(220, 220)
        floor.set_location(location)
        floor.upsert_reservation(reservation_factory("pair", S.RESERVED, (19, 30), tables=("t1",), name="Ng"))
        t1 = floor.table_item("t1")
        assert t1 is not None and t1.label.lines()[1] == QLocale().toString(QTime(19, 30),
                                                                            QLocale.FormatType.ShortFormat)
        whole = QLocale().toString(QTime(19, 30), QLocale.FormatType.ShortFormat)  # "19:30", "7:30 PM"
        written = t1.label.written_lines()
        assert len(written) >= 2 and written[1] in (whole, compact_time_text(whole))  # never "19:…"
    finally:
        QLocale.setDefault(before)
