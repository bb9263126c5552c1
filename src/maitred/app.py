"""Starting the stand: the QApplication, the book, the first run, and errors a host can read.

A book that can't be opened (damaged, written by a newer Maitre D, a server that doesn't answer)
is explained in a message box; an unexpected error later is logged with its traceback in the
data folder and shown as one sentence, never as a traceback on screen.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSettings, QTimeZone
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from maitred import __version__
from maitred.bootstrap import book_backups, open_book, probe_database
from maitred.controllers.session import StandSession
from maitred.controllers.stand_settings import StandPreferences, saved_database_url
from maitred.domain.errors import ReservationBookError
from maitred.domain.lifecycle import Scope
from maitred.domain.location import LocationInfo, OnlineReservations, ReservationLocation, TimePeriod, Weekday
from maitred.paths import data_dir, resources_dir
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.ui.dialogs.messages import sentence_for
from maitred.ui.main_window import MainWindow

log = logging.getLogger("maitred")
APP_NAME = "Maitre D"
ORGANISATION = "MaitreD"
LoadDemo = Callable[[ReservationBook, date], str]


@dataclass(frozen=True, slots=True)
class StartOptions:
    data_dir: Path | None = None
    database_url: str | None = None
    smoke_test: bool = False
    actor: str = "host"


def _demo_loader() -> LoadDemo | None:
    """The demo restaurant, when this build has it (it is optional at start-up)."""
    try:
        from maitred.demo import load_demo
    except ImportError:
        return None
    return load_demo


def application_icon() -> QIcon:
    """The cloche in every size the desktop may ask for (title bar, task bar, switcher)."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(resources_dir() / "icons" / f"maitred-{size}.png"))
    return icon


def create_application(argv: Sequence[str], *, offscreen: bool = False) -> QApplication:
    """The one QApplication; offscreen (no display needed) for the smoke test.

    Everything imported so far (modules, classes, Qt's enums) lives as long as the stand: it is
    frozen out of the garbage collector's sight, so no full collection walks it again (one took
    60–130 ms of every start on the build machine)."""
    gc.freeze()
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("maitred")  # matches packaging/linux/maitred.desktop (Wayland icons)
    app.setWindowIcon(application_icon())
    return app


def first_run(book: ReservationBook, today: date, load_demo: LoadDemo | None = None) -> str:
    """An empty book gets the demo restaurant (or, without it, a bare one to set up)."""
    loader = load_demo or _demo_loader()
    if loader is not None:
        return loader(book, today)
    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    every_day = tuple(TimePeriod(d, 12 * 60, d, 22 * 60) for d in Weekday)
    location = book.locations.create(Caller(Scope.FULL, actor="setup"), ReservationLocation(
        id="", info=LocationInfo(name=QCoreApplication.translate("App", "My restaurant"), time_zone=zone),
        online=OnlineReservations(periods=every_day),
    ))
    return location.id


def open_session(book: ReservationBook, actor: str, *, load_day: bool = True) -> StandSession:
    """The stand over the book, with a restaurant in it (the demo on the first run); the day is
    read now unless `load_day` is False (then `session.day.load_now()` reads it later)."""
    locations, count = book.locations.list()
    if count == 0:
        first_run(book, book.clock().astimezone().date())
    session = StandSession.open(book, actor, locations=locations if count else None)
    session.load(day=load_day)
    return session


def ui_settings(folder: Path) -> QSettings:
    """Window geometry and view choices, kept beside the book so each data folder has its own."""
    return QSettings(str(folder / "maitred-ui.ini"), QSettings.Format.IniFormat)


def explain_and_quit(message: str, smoke_test: bool) -> int:
    """A refusal at start-up: a box with the sentence (stderr only in the smoke test)."""
    print(message, file=sys.stderr)
    if not smoke_test:
        QMessageBox.critical(None, APP_NAME, message)
    return 2


def install_error_hook(folder: Path) -> None:
    """Unexpected errors go to the log with their traceback, and to the host as one sentence."""
    handler = logging.FileHandler(folder / "maitred.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, error, trace)))
        if QApplication.instance() is not None and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            QMessageBox.warning(None, APP_NAME, sentence_for(error))

    sys.excepthook = hook


# --- several stands on one book: staff sign-in, this stand's settings, backups ----------------------


def staff_and_backups(session: StandSession, settings: QSettings, url: str | None, folder: Path) -> bool:
    """Staff sign in with their PIN from now on (True when the first manager was created just now),
    the stand takes its name and idle lock from its settings, and a book that is a file is copied."""
    first_manager = session.staff.require_sign_in() is not None
    preferences = StandPreferences(settings, session.staff, probe_database, session)
    session.use_preferences(preferences)
    backups = book_backups(url, data_dir=folder, keep=preferences.backups_kept)
    if backups is not None:
        session.use_backups(backups)
    return first_manager


def start_up_done() -> None:
    """What start-up made (modules, classes, the window) lives as long as the stand: it is frozen
    out of the garbage collector's sight, and the collector, paused by `maitred`'s entry point
    while the stand started (maitred.__main__), runs again."""
    gc.freeze()
    gc.enable()


def show_the_day(session: StandSession) -> None:
    """Read the day into the window; if the book fails just now, it is read again off the GUI
    thread (a failure then is said in the status bar, as any failed load is)."""
    try:
        session.day.load_now()
    except ReservationBookError:
        session.day.reload()


def use_own_book_instead(url: str, problem: str, smoke_test: bool) -> bool:
    """The saved shared book can't be opened: offer this PC's own book for now (the address stays
    saved; a manager fixes it in Stand → This stand…)."""
    if smoke_test:
        return False
    answer = QMessageBox.question(
        None, APP_NAME,
        QCoreApplication.translate("App", "{problem}\n\nStart with this PC's own book instead? (The shared "
                                          "book's address stays saved; change it in Stand → This stand….)")
        .format(problem=problem),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def run(options: StartOptions, argv: Sequence[str] = ()) -> int:
    """Open the book, build the window, and run until the host closes it (the smoke test: until
    the window is built and has processed its events)."""
    app = create_application([sys.argv[0], *argv], offscreen=options.smoke_test)
    folder = data_dir(options.data_dir)
    install_error_hook(folder)
    settings = ui_settings(folder)
    url = options.database_url or saved_database_url(settings)
    try:
        book = open_book(url, data_dir=folder)
    except ReservationBookError as error:
        if options.database_url or url is None or not use_own_book_instead(url, error.message, options.smoke_test):
            return explain_and_quit(error.message, options.smoke_test)
        url = None
        try:
            book = open_book(None, data_dir=folder)
        except ReservationBookError as local_error:
            return explain_and_quit(local_error.message, options.smoke_test)
    try:
        # The stand opens locked: the day is read once the lock screen is up (see below).
        session = open_session(book, options.actor, load_day=False)
        first_manager = staff_and_backups(session, settings, url, folder)
    except ReservationBookError as error:
        book.close()
        return explain_and_quit(sentence_for(error), options.smoke_test)
    window = MainWindow(session, settings)
    from maitred.controllers.online_server import OnlineServerControl  # the server itself loads when started

    window.online_server = OnlineServerControl(book, folder, session.caller, window)  # stops with the app
    if first_manager:
        window.stand_staff.show_first_run_hint()
    window.show()
    app.processEvents()  # paint the window (the lock screen) first, then read the day behind it
    show_the_day(session)
    start_up_done()
    session.start()
    if options.smoke_test:
        app.processEvents()
        window.close()
        app.processEvents()
        print(f"smoke test passed: {session.location.info.name}, {len(session.day.reservations())} reservations")
        book.close()
        return 0
    code = app.exec()
    book.close()
    return code
