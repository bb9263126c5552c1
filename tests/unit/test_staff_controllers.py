"""Controllers of several staff at several stands: signing in, roles and overrides, the idle lock,
the change log, this stand's settings, backups, live refresh by day and being offline."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))  # the shared book fixtures
pytest_plugins = ["fixtures_app"]

from fixtures_app import FRIDAY, FakeClock, book_guest, create_restaurant, rome, table_id  # noqa: E402

from maitred.bootstrap import open_book  # noqa: E402
from maitred.controllers.backups import BackupKeeper  # noqa: E402
from maitred.controllers.idle_lock import IdleLock  # noqa: E402
from maitred.controllers.session import StandSession  # noqa: E402
from maitred.controllers.staff_session import MAX_TRIES, TooManyTries  # noqa: E402
from maitred.controllers.stand_settings import StandPreferences, check_database_url  # noqa: E402
from maitred.domain.backups import BackupCopy, BackupReason  # noqa: E402
from maitred.domain.errors import InvalidArgument, ReservationBookError, Unavailable  # noqa: E402
from maitred.domain.location import ReservationLocation  # noqa: E402
from maitred.domain.staff import DEFAULT_PIN, NotPermitted, Permission, Role, StaffMember, WrongPin  # noqa: E402
from maitred.services.book import ReservationBook  # noqa: E402
from maitred.services.commands import Caller  # noqa: E402


def sign_in_manager(session: StandSession) -> StaffMember:
    session.staff.require_sign_in()
    manager = next(m for m in session.staff.members() if m.role is Role.MANAGER)
    session.staff.sign_in(manager.id, DEFAULT_PIN)
    return manager


def add_member(session: StandSession, name: str, role: Role, pin: str) -> StaffMember:
    return session.staff_admin().add(name, role, pin, pin)


def test_a_stand_that_requires_sign_in_starts_locked_and_refuses_changes(stand_session: StandSession,
                                                                         stand_book: ReservationBook,
                                                                         stand_restaurant: ReservationLocation) -> None:
    guest = book_guest(stand_book, stand_restaurant, rome(19), 2, "Anna Rossi")
    assert stand_session.staff.may(Permission.CHANGE_RESERVATIONS), "open until sign-in is required"
    created = stand_session.staff.require_sign_in()
    assert created is not None and created.name == "Manager"
    assert stand_session.staff.locked and stand_session.actor == ""
    with pytest.raises(NotPermitted) as refused:
        stand_session.actions.seat(guest.id)
    assert refused.value.role is None
    stand_session.day.load_now()
    assert stand_session.day.reservation(guest.id) is not None, "a locked stand still reads"


def test_signing_in_puts_the_member_and_the_stand_in_the_audit_log(stand_session: StandSession,
                                                                   stand_book: ReservationBook,
                                                                   stand_restaurant: ReservationLocation) -> None:
    guest = book_guest(stand_book, stand_restaurant, rome(19), 2, "Anna Rossi")
    stand_session.staff.set_terminal("front door")
    manager = sign_in_manager(stand_session)
    assert stand_session.staff.default_pin_in_use and stand_session.actor == "Manager"
    stand_session.actions.seat(guest.id)
    last = stand_book.reservations.history(Caller(Role.MANAGER.scope), guest.id)[-1]
    assert (last.actor, last.terminal) == (manager.name, "front door")
    stand_session.staff.lock()
    assert stand_session.staff.locked and stand_session.staff.last_member_id == manager.id


def test_wrong_pins_are_refused_and_too_many_make_the_pad_wait(stand_session: StandSession,
                                                               stand_clock: FakeClock) -> None:
    stand_session.staff.require_sign_in()
    manager = stand_session.staff.members()[0]
    for _ in range(MAX_TRIES):
        with pytest.raises(WrongPin):
            stand_session.staff.sign_in(manager.id, "0000")
    with pytest.raises(TooManyTries) as waiting:
        stand_session.staff.sign_in(manager.id, DEFAULT_PIN)  # even the right PIN waits
    assert waiting.value.seconds == 30
    stand_clock.advance(seconds=31)
    assert stand_session.staff.sign_in(manager.id, DEFAULT_PIN).member.id == manager.id


def test_a_host_books_anyway_only_with_a_managers_pin(stand_session: StandSession, stand_book: ReservationBook,
                                                      stand_restaurant: ReservationLocation) -> None:
    sign_in_manager(stand_session)
    host = add_member(stand_session, "Anna", Role.HOST, "2468")
    add_member(stand_session, "Bruno", Role.HOST, "1357")
    t1 = table_id(stand_restaurant, "T1")
    book_guest(stand_book, stand_restaurant, rome(19), 2, "Early Bird", tables=(t1,))
    t2 = table_id(stand_restaurant, "T2")
    late = book_guest(stand_book, stand_restaurant, rome(21), 2, "Late Comer", tables=(t2,))
    stand_session.staff.lock()
    stand_session.staff.sign_in(host.id, "2468")
    actions = stand_session.actions
    assert actions.may_book_anyway and actions.override_needs_manager
    check = actions.check_move(late.id, (t1,), rome(19, 30))
    assert not check.ok
    with pytest.raises(NotPermitted) as refused:
        actions.move(late.id, (t1,), rome(19, 30), anyway=check)
    assert refused.value.permission is Permission.BOOK_OVER_CONFLICTS
    bruno = next(m for m in stand_session.staff.members() if m.name == "Bruno")
    with pytest.raises(NotPermitted):
        stand_session.staff.approve(bruno.id, "1357")  # a host's PIN allows nothing
    with pytest.raises(WrongPin):
        stand_session.staff.approve(stand_session.staff.members()[1].id, "9999")
    manager = next(m for m in stand_session.staff.members() if m.role is Role.MANAGER)
    approval = stand_session.staff.approve(manager.id, DEFAULT_PIN)
    moved = actions.move(late.id, (t1,), rome(19, 30), anyway=check, approval=approval)
    assert moved.table_ids == (t1,) and moved.table_clashes
    last = stand_book.reservations.history(Caller(Role.MANAGER.scope), late.id)[-1]
    assert last.actor == "Manager", "the override is the manager's"
    assert stand_session.staff.member is not None and stand_session.staff.member.name == "Anna", "Anna stays"


def test_a_viewer_changes_nothing(stand_session: StandSession, stand_book: ReservationBook,
                                  stand_restaurant: ReservationLocation) -> None:
    guest = book_guest(stand_book, stand_restaurant, rome(19), 2, "Anna Rossi")
    sign_in_manager(stand_session)
    viewer = add_member(stand_session, "Vera", Role.VIEWER, "1111")
    stand_session.staff.lock()
    stand_session.staff.sign_in(viewer.id, "1111")
    session = stand_session
    assert not session.actions.may_change and not session.actions.may_book_anyway
    assert not session.settings.may_change
    booking = session.phone_in()
    for attempt in (lambda: session.actions.seat(guest.id), lambda: session.actions.cancel(guest.id),
                    lambda: booking.take_hold(booking.wanted_start(FRIDAY, time(20)), 2),
                    lambda: session.settings.save(session.location.revision, lambda loc: loc),
                    lambda: session.staff_admin().members(), lambda: session.change_log().show()):
        with pytest.raises(NotPermitted) as refused:
            attempt()
        assert refused.value.role is Role.VIEWER
    assert stand_book.reservations.get(guest.id) == guest and booking.hold is None


def test_a_phone_in_uses_whoever_is_at_the_stand_now(stand_session: StandSession, stand_book: ReservationBook) -> None:
    sign_in_manager(stand_session)
    anna = add_member(stand_session, "Anna", Role.HOST, "2468")
    booking = stand_session.phone_in()
    held = booking.take_hold(booking.wanted_start(FRIDAY, time(20)), 2)
    stand_session.staff.lock()
    stand_session.staff.sign_in(anna.id, "2468")
    booked = booking.book(first_name="Carla", phone="+393331234567")
    history = stand_book.reservations.history(Caller(Role.MANAGER.scope), booked.id)
    assert [e.actor for e in history] == ["Manager", "Anna"] and held.id == booked.id
    second = booking.take_hold(booking.wanted_start(FRIDAY, time(21)), 2)
    stand_session.staff.lock()
    booking.release()  # locked meanwhile: the hold still goes, as the one who took it
    assert stand_book.reservations.history(Caller(Role.MANAGER.scope), second.id)[-1].actor == "Anna"


def test_the_idle_lock_counts_from_the_last_activity(qapp: object, stand_session: StandSession,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    idle = IdleLock(stand_session.staff, minutes=5)
    assert not idle.timer.isActive(), "an open stand never locks itself"
    sign_in_manager(stand_session)
    assert idle.timer.isActive() and idle.timer.interval() == 5 * 60_000
    restarts: list[tuple[object, ...]] = []
    monkeypatch.setattr(idle.timer, "start", lambda *args: restarts.append(args))
    assert idle.eventFilter(QObject(), QEvent(QEvent.Type.KeyPress)) is False  # never eats the key
    assert idle.eventFilter(QObject(), QEvent(QEvent.Type.MouseButtonPress)) is False
    idle.eventFilter(QObject(), QEvent(QEvent.Type.Paint))  # painting is not somebody at the stand
    assert restarts == [(), ()], "each key press and click starts the count again"
    monkeypatch.undo()
    idle.timer.timeout.emit()
    assert stand_session.staff.locked and not idle.timer.isActive()
    idle.set_minutes(0)
    stand_session.staff.sign_in(stand_session.staff.members()[0].id, DEFAULT_PIN)
    assert not idle.timer.isActive(), "0 minutes: never"
    idle.stop()


def test_the_change_log_pages_back_for_a_manager(stand_session: StandSession, stand_book: ReservationBook,
                                                 stand_restaurant: ReservationLocation) -> None:
    sign_in_manager(stand_session)
    for n in range(3):
        add_member(stand_session, f"Person {n}", Role.HOST, "2468")
    browser = stand_session.change_log()
    browser._page_size = 2
    first = browser.show()
    assert [e.operation for e in first.entries] == ["addStaffMember"] * 2 and browser.has_older
    assert not browser.has_newer and browser.page_number == 1
    browser.older()
    assert browser.page_number == 2 and browser.has_newer
    last = browser.older()
    assert not browser.has_older and browser.older() is last
    assert browser.newer().entries and browser.newer() == first and browser.newer() == first
    friday = browser.show(day=FRIDAY, actor="Manager")
    assert [e.after.name for e in friday.entries] == ["Person 2", "Person 1"]  # type: ignore[union-attr]
    assert browser.show(day=FRIDAY + timedelta(days=1)).entries == (), "nothing changed on Saturday"
    assert "Manager" in browser.actors()


def test_staff_admin_checks_the_pin_twice_and_ones_own_pin(stand_session: StandSession) -> None:
    sign_in_manager(stand_session)
    admin = stand_session.staff_admin()
    assert admin.may_manage
    with pytest.raises(InvalidArgument, match="not the same"):
        admin.add("Anna", Role.HOST, "2468", "2469")
    anna = admin.add("Anna", Role.HOST, "2468", "2468")
    assert admin.change(anna, role=Role.VIEWER).role is Role.VIEWER
    admin.reset_pin(admin.members()[0], "5555", "5555")
    assert stand_session.staff.default_pin_in_use
    admin.change_own_pin("7777", "7777")
    assert not stand_session.staff.default_pin_in_use
    stand_session.staff.lock()
    with pytest.raises(NotPermitted):
        admin.change_own_pin("1111", "1111")


def test_this_stands_settings_are_kept_in_the_data_folder(qapp: object, stand_session: StandSession,
                                                         tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "maitred-ui.ini"), QSettings.Format.IniFormat)
    probed: list[str] = []
    preferences = StandPreferences(settings, stand_session.staff, probed.append)
    assert preferences.terminal_name and preferences.idle_minutes == 5 and preferences.database_url is None
    assert preferences.backups_kept == 14 and preferences.may_change and preferences.can_probe
    stand_session.use_preferences(preferences)
    url = "postgresql+psycopg://maitred@10.0.0.5/maitred"
    preferences.save(terminal_name=" Bar  stand ", idle_minutes=2, database_url=f" {url} ")
    again = StandPreferences(QSettings(str(tmp_path / "maitred-ui.ini"), QSettings.Format.IniFormat))
    assert (again.terminal_name, again.idle_minutes, again.database_url) == ("Bar stand", 2.0, url)
    assert stand_session.staff.terminal == "Bar stand" and stand_session.idle.minutes == 2
    preferences.probe(url)
    preferences.probe("")
    assert probed == [url]
    for bad in ({"database_url": "mysql://x"}, {"idle_minutes": -1}, {"terminal_name": "x" * 51}):
        with pytest.raises(InvalidArgument):
            preferences.save(**{"terminal_name": "Bar", "idle_minutes": 5, "database_url": "", **bad})
    settings.setValue("stand/idleLockMinutes", "soon")
    settings.setValue("stand/backupsKept", "many")
    assert (preferences.idle_minutes, preferences.backups_kept) == (5, 14)
    assert check_database_url("sqlite:///C:/book.db") == "sqlite:///C:/book.db" and check_database_url(" ") is None
    sign_in_manager(stand_session)
    viewer = add_member(stand_session, "Vera", Role.VIEWER, "1111")
    stand_session.staff.lock()
    stand_session.staff.sign_in(viewer.id, "1111")
    assert not preferences.may_change
    with pytest.raises(NotPermitted):
        preferences.save(terminal_name="x", idle_minutes=1, database_url="")


@dataclass
class FakeBackups:
    """Copies kept in memory: what the keeper asks of the store."""

    clock: FakeClock
    kept: list[BackupCopy] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    folder: str = "/backups"
    broken: bool = False

    def take(self, reason: BackupReason) -> BackupCopy:
        if self.broken:
            raise Unavailable("disk full")
        copy = BackupCopy(f"/backups/{len(self.kept)}.db", self.clock(), reason)
        self.kept.insert(0, copy)
        return copy

    def copies(self) -> Sequence[BackupCopy]:
        return list(self.kept)

    def restore(self, path: str) -> BackupCopy:
        self.restored.append(path)
        return self.take(BackupReason.BEFORE_RESTORE)


def test_copies_are_taken_at_start_then_daily(qtbot: QtBot, stand_session: StandSession,
                                              stand_clock: FakeClock) -> None:
    backups = FakeBackups(stand_clock)
    keeper = stand_session.use_backups(backups)
    assert keeper.folder == "/backups"
    with qtbot.waitSignal(keeper.taken) as started:
        stand_session.start()
    assert started.args[0].reason is BackupReason.START and keeper.timer.isActive()
    stand_clock.advance(hours=23)
    assert keeper.check() is False
    stand_clock.advance(hours=1)
    with qtbot.waitSignal(keeper.taken) as daily:
        assert keeper.check() is True
    assert daily.args[0].reason is BackupReason.DAILY and len(keeper.copies()) == 2
    backups.broken = True
    with qtbot.waitSignal(keeper.failed) as failed:
        keeper.take()
    assert isinstance(failed.args[0], Unavailable)
    stand_session.stop()
    assert not keeper.timer.isActive()


def test_putting_a_copy_back_needs_a_manager_and_asks_who_is_there(stand_session: StandSession,
                                                                    stand_clock: FakeClock) -> None:
    backups = FakeBackups(stand_clock)
    keeper = BackupKeeper(backups, stand_session.staff, stand_clock, stand_session.runner)
    stand_session.backups = keeper
    keeper.restored.connect(lambda _before: stand_session.reload_book())
    sign_in_manager(stand_session)
    host = add_member(stand_session, "Anna", Role.HOST, "2468")
    stand_session.staff.lock()
    stand_session.staff.sign_in(host.id, "2468")
    with pytest.raises(NotPermitted):
        keeper.restore("/backups/old.db")
    stand_session.staff.lock()
    sign_in_manager(stand_session)
    before = keeper.restore("/backups/old.db")
    assert before.reason is BackupReason.BEFORE_RESTORE and backups.restored == ["/backups/old.db"]
    assert stand_session.staff.locked, "the staff list may have changed with the book"


def test_another_terminal_changing_another_day_does_not_reload_this_one(qtbot: QtBot, tmp_path: Path,
                                                                        stand_clock: FakeClock) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    here, there = open_book(url, clock=stand_clock), open_book(url, clock=stand_clock)
    try:
        location = create_restaurant(here)
        stand = StandSession.open(here)
        stand.load()
        stand.live.poll()
        fetched: list[object] = []
        real_fetch = stand.day._fetch

        def counting_fetch(*args: object) -> object:
            fetched.append(args)
            return real_fetch(*args)  # type: ignore[arg-type]

        stand.day._fetch = counting_fetch  # type: ignore[method-assign]
        book_guest(there, location, rome(19, day=FRIDAY + timedelta(days=3)), 2, "Next Week")
        assert stand.live.poll() is True
        stand.runner.wait()
        qtbot.wait(1)  # deliver any queued answer
        assert fetched == [], "a day nobody changed is not loaded again"
        tonight = book_guest(there, location, rome(20), 2, "Tonight")
        with qtbot.waitSignal(stand.day.reservations_changed, timeout=5000):
            assert stand.live.poll() is True
        assert len(fetched) == 1 and stand.day.reservation(tonight.id) is not None
        stand.stop()
    finally:
        here.close()
        there.close()


class FlakyBook:
    """A unit-of-work factory that raises Unavailable while `down` (the server is gone)."""

    def __init__(self, real: ReservationBook) -> None:
        self.real = real.unit_of_work
        self.down = False

    def __call__(self, *, write: bool = False) -> object:
        if self.down:
            raise Unavailable("The reservation book's database can't be reached right now. Please try again.")
        return self.real(write=write)


def test_an_unreachable_book_is_reported_and_recovered_from(qtbot: QtBot, stand_clock: FakeClock) -> None:
    real = open_book("sqlite://", clock=stand_clock)
    flaky = FlakyBook(real)
    book = ReservationBook.over(flaky, stand_clock)  # type: ignore[arg-type]
    try:
        location = create_restaurant(book)
        stand = StandSession.open(book)
        stand.load()
        states: list[bool] = []
        stand.live.reachable_changed.connect(states.append)
        stand.live.poll()
        flaky.down = True
        assert stand.live.poll() is False and states == [False]
        booking = stand.phone_in()
        with pytest.raises(Unavailable):
            booking.take_hold(booking.wanted_start(FRIDAY, time(20)), 2)
        book_guest(book.__class__.over(flaky.real, stand_clock), location, rome(19), 2, "While Offline")
        flaky.down = False
        with qtbot.waitSignal(stand.day.day_loaded, timeout=5000):
            stand.live.poll()
        assert states == [False, True]
        assert [r.reservee.first_name for r in stand.day.reservations() if r.reservee] == ["While"]
        assert booking.take_hold(booking.wanted_start(FRIDAY, time(20)), 2) is not None
        stand.stop()
    finally:
        real.close()


def test_a_locked_stand_refuses_what_needs_a_member(stand_session: StandSession) -> None:
    with pytest.raises(NotPermitted):  # open, but the staff list needs somebody signed in
        stand_session.staff.require(Permission.MANAGE_STAFF)
    stand_session.staff.require_sign_in()
    with pytest.raises(NotPermitted) as refused:
        stand_session.staff.require(Permission.MANAGE_STAFF)
    assert isinstance(refused.value, ReservationBookError) and refused.value.role is None
