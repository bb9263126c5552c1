"""A restaurant in a real (in-memory) book, a clock the test moves, and a stand session over them.

A test module uses these fixtures with `pytest_plugins = ["fixtures_app"]` and imports the plain
helpers by name; conftest.py belongs to the timeline and map tests. PYTEST_DONT_REWRITE: this
module is imported before pytest registers it as a plugin, and has no asserts to rewrite.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from maitred.bootstrap import open_book
from maitred.controllers.session import StandSession
from maitred.domain.lifecycle import ReservationStatus, Scope, Source
from maitred.domain.location import (
    ApprovalMode,
    LocationInfo,
    OnlineReservations,
    ReservationLocation,
    TableCombination,
    TableDefinition,
    TableLayout,
    TableManagement,
    TimePeriod,
    TurnoverRule,
    Weekday,
)
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller, ReservationDraft, ReserveeDraft
from maitred.ui.dialogs import messages, move_conflict
from maitred.ui.main_window import MainWindow

ROME = ZoneInfo("Europe/Rome")
FRIDAY = date(2025, 6, 13)
HOST = Caller(Scope.FULL, actor="host")
GUEST = Caller(Scope.BASIC)


def rome(hour: int, minute: int = 0, day: date = FRIDAY) -> datetime:
    """A wall-clock time in the restaurant as the aware UTC instant the book uses."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ROME).astimezone(UTC)


class FakeClock:
    """The book's clock, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def _table(
    name: str, seats: int, x: float, y: float, area: str = "Main", shape: str = "RECTANGLE", seats_min: int = 1
) -> TableDefinition:
    return TableDefinition(
        id="", name=name, seats_min=seats_min, seats_max=seats, layout=TableLayout(x=x, y=y, area=area, shape=shape)
    )


def create_restaurant(book: ReservationBook) -> ReservationLocation:
    """Trattoria Test: lunch and dinner every day, eight tables and one combination."""
    days = list(Weekday)
    periods = tuple(
        p for d in days for p in (TimePeriod(d, 12 * 60, d, 14 * 60 + 30), TimePeriod(d, 18 * 60, d, 22 * 60))
    )
    tables = (
        _table("T1", 2, 20, 20),
        _table("T2", 2, 110, 20),
        _table("T3", 4, 200, 20),
        _table("T4", 4, 20, 120),
        _table("T5", 4, 110, 120),
        _table("T6", 6, 200, 120, seats_min=3),
        _table("P1", 2, 20, 240, "Patio", "ROUND"),
        _table("P2", 2, 110, 240, "Patio", "ROUND"),
    )
    wanted = ReservationLocation(
        id="",
        info=LocationInfo(name="Trattoria Test", time_zone="Europe/Rome", country_code="IT"),
        online=OnlineReservations(
            enabled=True,
            party_size_min=1,
            party_size_max=8,
            default_turnover_minutes=90,
            turnover_rules=(TurnoverRule(5, 8, 120),),
            time_slot_interval=15,
            periods=periods,
            approval_mode=ApprovalMode.MANUAL_FOR_LARGE_PARTIES,
            approval_threshold=6,
        ),
        table_management=TableManagement(tables=tables),
    )
    location = book.locations.create(HOST, wanted)
    ids = {t.name: t.id for t in location.table_management.tables}
    combo = TableCombination("", (ids["T4"], ids["T5"]), 5, 8)
    return book.locations.update(
        HOST,
        location.id,
        location.revision,
        lambda loc: replace(loc, table_management=replace(loc.table_management, combinations=(combo,))),
    )


def table_id(location: ReservationLocation, name: str) -> str:
    return next(t.id for t in location.table_management.tables if t.name == name)


def book_guest(
    book: ReservationBook,
    location: ReservationLocation,
    start: datetime,
    party: int,
    name: str,
    tables: tuple[str, ...] | None = None,
    status: ReservationStatus | None = None,
    phone: str = "+393331234567",
) -> Reservation:
    """A phone-in made straight through the book (as another terminal would)."""
    first, _, last = name.partition(" ")
    return book.reservations.create(
        HOST,
        ReservationDraft(
            location_id=location.id,
            start=start,
            party_size=party,
            table_ids=tables,
            status=status,
            source=Source.OFFLINE,
            reservee=ReserveeDraft(first_name=first, last_name=last or None, phone=phone),
        ),
    )


def request_online(
    book: ReservationBook, location: ReservationLocation, start: datetime, party: int, name: str
) -> Reservation:
    """An online booking of a large party: it waits for approval (REQUESTED)."""
    return book.reservations.create(
        GUEST,
        ReservationDraft(
            location_id=location.id,
            start=start,
            party_size=party,
            reservee=ReserveeDraft(first_name=name, phone="+393339876543"),
        ),
    )


# Fixture names start with "stand_" so they never shadow the conftest fixtures of other suites.


@pytest.fixture
def stand_clock() -> FakeClock:
    """Friday 13 June 2025, 17:00 in Rome: an hour before dinner."""
    return FakeClock(rome(17, 0))


@pytest.fixture
def stand_book(stand_clock: FakeClock) -> Iterator[ReservationBook]:
    opened = open_book("sqlite://", clock=stand_clock)
    yield opened
    opened.close()


@pytest.fixture
def stand_restaurant(stand_book: ReservationBook) -> ReservationLocation:
    return create_restaurant(stand_book)


@pytest.fixture
def stand_session(qapp: object, stand_book: ReservationBook,
                  stand_restaurant: ReservationLocation) -> Iterator[StandSession]:
    stand = StandSession.open(stand_book)
    stand.load()
    yield stand
    stand.stop()
    stand.deleteLater()


@pytest.fixture
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box the test did not expect fails the test instead of waiting for a click."""

    def unexpected(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"unexpected modal question or message: {args[1:]}")

    monkeypatch.setattr(messages, "show_error", unexpected)
    monkeypatch.setattr(messages, "confirm", unexpected)
    monkeypatch.setattr(messages, "ask_decline_reason", unexpected)
    monkeypatch.setattr(move_conflict, "ask", unexpected)


@pytest.fixture
def stand_window(qtbot: QtBot, stand_session: StandSession, tmp_path: Path,
                 no_modal_boxes: None) -> Iterator[MainWindow]:
    """The main window over the stand session, with its view settings in a temporary file."""
    window = MainWindow(stand_session, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    if window.current_dialog is not None:
        window.current_dialog.done(0)
    window.close()


def press(qtbot: QtBot, within: QWidget, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the host presses it: to whatever has the focus inside `within`'s window."""
    target = within.focusWidget() or within
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, within: QWidget, text: str) -> None:
    target = within.focusWidget() or within
    qtbot.keyClicks(target, text)


def ask_for_slots(qtbot: QtBot, dialog: QWidget, party: str, time: str) -> None:
    """In the phone-in, as the host types it: the party, Tab, the time, Enter (the slots show)."""
    type_text(qtbot, dialog, party)
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, time)
    press(qtbot, dialog, Qt.Key.Key_Return)


def shortcut(qtbot: QtBot, window: QMainWindow, sequence: str) -> None:
    """Trigger a window shortcut the way the keyboard does (through the shortcut map)."""
    keys = QKeySequence(sequence)[0]
    qtbot.keyClick(window.focusWidget() or window, keys.key(), keys.keyboardModifiers())
