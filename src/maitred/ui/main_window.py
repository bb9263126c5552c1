"""The host stand's window: header, timeline, side panel over the table map, status bar.

The window owns no data of its own: the `StandSession`'s controllers load the day and announce
every change, and the window passes each change to the views that show it (one reservation at a
time, never the whole day for one change). Actions on the selected reservation go through
`ReservationActions`; a refusal is shown as one plain sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QSettings,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from maitred import __version__
from maitred.controllers.actions import ChangedSince, NotUndoable, UndoStep
from maitred.controllers.changes import Changes
from maitred.controllers.day_controller import DaySnapshot
from maitred.controllers.session import StandSession
from maitred.domain.errors import ReservationBookError
from maitred.domain.lifecycle import CANCELABLE_STATUSES, ReservationStatus, can_change_status
from maitred.domain.reservation import Reservation
from maitred.ui import front_of_house
from maitred.ui.dialogs import messages, pin_pad, shortcuts  # pin_pad: the lock screen needs it anyway
from maitred.ui.dialogs.wording import date_text, guest_name, tables_text, time_text
from maitred.ui.side_panel import SidePanel, summarise_day, upcoming_arrivals
from maitred.ui.stand_staff import StandStaffUi
from maitred.ui.status_style import is_late, status_label
from maitred.ui.table_map import TableMapView
from maitred.ui.timeline_model import TimelineModel
from maitred.ui.timeline_view import TimelineView

S = ReservationStatus
SEARCH_DELAY_MS = 250
PROGRESS_DELAY_MS = 100
#: Changes this window makes without `ReservationActions`, by the object that announces them:
#: none of them can be undone (see `_remember_other_actions`).
NOT_UNDOABLE_BY_SENDER = {"guestBookDialog": "ERASE", "csvImportDialog": "IMPORT"}


def _key_allows(current: ReservationStatus, target: ReservationStatus) -> bool:
    """Whether a status key may act on a party: A approves requests only (RESERVED is also where
    unseating leads), Delete cancels what cancelReservation takes, the rest follow the lifecycle."""
    if target is S.RESERVED:
        return current is S.REQUESTED
    if target is S.CANCELED:
        return current in CANCELABLE_STATUSES
    return can_change_status(current, target)


class HeaderBar(QWidget):
    """Restaurant, day navigation, search, the two ways guests arrive, and who is at the stand."""

    day_picked = Signal(object)  # date
    search_changed = Signal(str)
    search_submitted = Signal()  # Enter or Down in the search field: on to the results
    search_dismissed = Signal()  # Esc in the search field: the search is over

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headerBar")
        self.restaurant = QLabel(self)
        font = self.restaurant.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.restaurant.setFont(font)
        self.previous_button = self._tool("◀", self.tr("Previous day (Ctrl+←)"))
        self.today_button = QPushButton(self.tr("Today"), self)
        self.today_button.setToolTip(self.tr("Today (Ctrl+T)"))
        self.next_button = self._tool("▶", self.tr("Next day (Ctrl+→)"))
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setAccessibleName(self.tr("Day shown"))
        self.date.dateChanged.connect(self._on_date)
        self.search = QLineEdit(self)
        self.search.setObjectName("searchField")
        self.search.setPlaceholderText(self.tr("Search name or phone…  (Ctrl+F or /)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.search.textChanged.connect(self.search_changed)
        self.search.installEventFilter(self)
        self.new_button = QPushButton(self.tr("+ New"), self)
        self.new_button.setToolTip(self.tr("New phone-in reservation (Ctrl+N)"))
        self.walk_in_button = QPushButton(self.tr("Walk-in"), self)
        self.walk_in_button.setToolTip(self.tr("Seat a walk-in party now (Ctrl+W)"))
        self.staff = QLabel(self)
        self.staff.setObjectName("staffLabel")
        for widget in (self.today_button, self.date, self.search, self.new_button, self.walk_in_button):
            widget.setMinimumHeight(36)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.restaurant)
        layout.addSpacing(16)
        for navigation in (self.previous_button, self.today_button, self.next_button, self.date):
            layout.addWidget(navigation)
        layout.addSpacing(16)
        layout.addWidget(self.search, 1)
        layout.addSpacing(8)
        layout.addWidget(self.new_button)
        layout.addWidget(self.walk_in_button)
        layout.addSpacing(16)
        layout.addWidget(self.staff)

    def _tool(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setMinimumSize(36, 36)
        return button

    def set_day(self, day: date) -> None:
        self.date.blockSignals(True)
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.date.blockSignals(False)

    def _on_date(self, picked: QDate) -> None:
        self.day_picked.emit(date(picked.year(), picked.month(), picked.day()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The search field from the keyboard: Enter or Down goes on to the results, Esc ends it."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                self.search_submitted.emit()
                return True
            if key == Qt.Key.Key_Escape:
                self.search_dismissed.emit()
                return True
        return super().eventFilter(watched, event)


if TYPE_CHECKING:
    from maitred.controllers.online_server import OnlineServerControl


class MainWindow(QMainWindow):
    """The stand. `session` gives the controllers; `settings` remembers the window between runs."""

    def __init__(self, session: StandSession, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self.settings = settings or QSettings()
        self.selected_id: str | None = None
        self.current_dialog: QDialog | None = None
        self._now: datetime = session.clock.now()
        self._location_revision = -1
        self._splitters_restored = False
        self._searched = ""  # the text last searched for
        self._results_shown = ""  # the text the results tab shows the results of
        self._results_wanted = False  # Enter was pressed in the search before its results came
        self._day_read = False  # a day was read while the window showed (the keys then go to the timeline)

        self.header = HeaderBar(self)
        self.timeline_model = TimelineModel(self)
        self.timeline = TimelineView(self.timeline_model, self)
        self.timeline.setObjectName("timeline")
        self.side = SidePanel(self)
        self.map = TableMapView(self)
        self.map.setObjectName("tableMap")
        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.setObjectName("sideSplitter")
        self.right.addWidget(self.side)
        self.right.addWidget(self.map)
        self.right.setSizes([360, 300])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.timeline)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([930, 420])
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.summary = QLabel(self)
        self.summary.setObjectName("summaryLabel")
        self.loading = QLabel(self.tr("Loading…"), self)
        self.loading.setVisible(False)
        self.synced = QLabel(self)
        self.synced.setObjectName("syncedLabel")
        self.statusBar().addWidget(self.summary, 1)
        self.statusBar().addPermanentWidget(self.loading)
        self.statusBar().addPermanentWidget(self.synced)
        self._progress = QTimer(self)
        self._progress.setSingleShot(True)
        self._progress.setInterval(PROGRESS_DELAY_MS)
        self._progress.timeout.connect(lambda: self.loading.setVisible(self.session.day.is_loading()))
        self._search_delay = QTimer(self)
        self._search_delay.setSingleShot(True)
        self._search_delay.setInterval(SEARCH_DELAY_MS)
        self._search_delay.timeout.connect(self._search_now)

        self.actions_by_name: dict[str, QAction] = {}
        self.stand_staff = StandStaffUi(self)  # sign-in, roles, locking, the manager's windows
        self._build_actions()
        self.stand_staff.build_actions()
        self.front_of_house = front_of_house.FrontOfHouseUi(self)  # waitlist, guests, day sheet, CSV, reports
        self.front_of_house.build_actions()
        self._build_menus()
        self._wire()
        self._show_reachable(True)
        self.header.staff.setText(self.tr("Staff: {name}").format(name=session.actor or self.tr("host")))
        self.setWindowTitle(self.tr("Maitre D — {restaurant}").format(restaurant=session.location.info.name))
        # What a tick does, then the day: the map and the lists are filled once, already at `now`
        # (from here on each tick keeps the views' `now`, so a day loaded needn't set it again).
        self.timeline.set_now(self._now)
        self.map.set_now(self._now)
        self.side.set_now(self._now)
        self.side.set_requests(session.requests.requests())
        if session.day.loaded:
            self._on_day_loaded(session.day.snapshot())
        else:  # the application reads the day once the window is up (behind the lock screen): see app.run
            self.header.restaurant.setText(session.location.info.name)
            self.header.set_day(session.day.day)
            self._refresh_lists()
        self.restore_view()
        self.stand_staff.attach()
        self.front_of_house.attach()
        if self.stand_staff.lock_screen is not None:  # signed in: the keys go to the timeline again
            self.stand_staff.lock_screen.signed_in.connect(lambda _member: QTimer.singleShot(0, self.focus_timeline))

    # --- building --------------------------------------------------------------------------

    def _action(self, name: str, text: str, slot: Callable[[], object], *, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action:{name}")
        keys = shortcuts.keys_of(name) if any(s.name == name for s in shortcuts.SHORTCUTS) else []
        if keys:
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(lambda _on: slot())
        else:
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        a("new", self.tr("New phone-in…"), self.new_phone_in)
        a("walk_in", self.tr("Walk-in…"), self.new_walk_in)
        a("search", self.tr("Search"), self.focus_search)
        a("open", self.tr("Open reservation…"), lambda: self.open_details(self.selected_id))
        a("seat", self.tr("Seat"), lambda: self.act_on_selected(S.SEATED))
        a("finish", self.tr("Finish"), lambda: self.act_on_selected(S.FINISHED))
        a("no_show", self.tr("No-show"), lambda: self.act_on_selected(S.NO_SHOW))
        a("approve", self.tr("Approve request"), lambda: self.act_on_selected(S.RESERVED))
        a("decline", self.tr("Decline request…"), lambda: self.act_on_selected(S.DECLINED))
        a("cancel", self.tr("Cancel reservation…"), lambda: self.act_on_selected(S.CANCELED))
        a("undo", self.tr("Undo"), self.undo).setEnabled(False)
        a("previous_day", self.tr("Previous day"), lambda: self.go_to_day(self.session.day.day - timedelta(days=1)))
        a("next_day", self.tr("Next day"), lambda: self.go_to_day(self.session.day.day + timedelta(days=1)))
        a("today", self.tr("Today"), lambda: self.go_to_day(self.session.today()))
        a("show_cancelled", self.tr("Show cancelled and declined"), self._toggle_cancelled, checkable=True)
        a("edit_floor", self.tr("Edit floor plan"), self._toggle_floor_editing, checkable=True).setEnabled(
            self.session.settings.may_change)
        a("settings", self.tr("Restaurant settings…"), self.open_settings).setEnabled(
            self.session.settings.may_change)
        a("online_server", self.tr("Online bookings…"), self.open_online_server).setEnabled(
            self.session.settings.may_change)
        a("help", self.tr("Keyboard shortcuts"), self.show_shortcuts)
        a("quit", self.tr("Quit"), self.close).setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        names: dict[str, list[str | None]] = {
            self.tr("&Stand"): ["new", "walk_in", None, *front_of_house.STAND_ITEMS, None,
                                "settings", "online_server", "stand_settings", "staff", "change_log", None,
                                "backup", "restore", None, "lock", "change_pin", None, "quit"],
            self.tr("&Reservation"): ["open", None, "seat", "finish", "no_show", None, "approve", "decline",
                                      "cancel", None, "undo"],
            self.tr("&Guests"): list(front_of_house.GUEST_ITEMS),
            self.tr("&View"): ["previous_day", "today", "next_day", None, "search", "show_cancelled", "edit_floor"],
            self.tr("&Help"): ["help"],
        }
        menu = None
        for title, items in names.items():
            menu = bar.addMenu(title)
            for name in items:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_by_name[name])
        about = QAction(self.tr("About Maitre D"), self)
        about.triggered.connect(lambda: self.statusBar().showMessage(
            self.tr("Maitre D {version}").format(version=__version__), 5000))
        if menu is not None:  # the last menu is Help
            menu.addAction(about)

    def _wire(self) -> None:
        s, h = self.session, self.header
        s.day.day_loaded.connect(self._on_day_loaded)
        s.day.reservations_changed.connect(self._on_reservations_changed)
        s.day.loading_changed.connect(self._on_loading)
        s.requests.changed.connect(self._on_requests)
        s.clock.ticked.connect(self._on_tick)
        s.live.reachable_changed.connect(self._show_reachable)
        s.actions.undo_changed.connect(self._on_undo_changed)
        s.feed.changed.connect(self._remember_other_actions)
        s.search.results.connect(self._on_search_results)
        for failing in (s.day.failed, s.requests.failed, s.search.failed, s.holds.failed):
            failing.connect(lambda error: self.statusBar().showMessage(messages.sentence_for(error), 10000))
        h.previous_button.clicked.connect(self.actions_by_name["previous_day"].trigger)
        h.next_button.clicked.connect(self.actions_by_name["next_day"].trigger)
        h.today_button.clicked.connect(self.actions_by_name["today"].trigger)
        h.new_button.clicked.connect(self.new_phone_in)
        h.walk_in_button.clicked.connect(self.new_walk_in)
        h.day_picked.connect(self.go_to_day)
        h.search_changed.connect(lambda _text: self._search_delay.start())
        h.search_submitted.connect(self.go_to_results)
        h.search_dismissed.connect(self.leave_search)
        t = self.timeline
        t.reservation_selected.connect(self._on_timeline_selection)
        t.reservation_activated.connect(self.open_details)
        t.move_requested.connect(self.request_move)
        t.resize_requested.connect(self.request_resize)
        t.time_selected.connect(self.map.set_moment)
        t.table_selected.connect(self.map.highlight_table)
        t.back_to_now_requested.connect(self.actions_by_name["today"].trigger)  # Esc, as Ctrl+T
        self.map.back_to_now_requested.connect(self.actions_by_name["today"].trigger)  # its chip, Esc
        self.map.table_clicked.connect(self._on_table_clicked)
        self.map.editing_finished.connect(self._finish_floor_editing)
        self.map.layout_edited.connect(lambda _tables: self.statusBar().showMessage(
            self.tr("Floor plan changed: Save and finish (above the map) keeps it."), 5000))
        self.side.reservation_selected.connect(self._on_list_selection)
        self.side.reservation_activated.connect(self.open_details)
        self.side.seat_requested.connect(lambda rid: self.act(rid, S.SEATED))
        self.side.approve_requested.connect(lambda rid: self.act(rid, S.RESERVED))
        self.side.decline_requested.connect(lambda rid: self.act(rid, S.DECLINED))

    # --- showing the day ---------------------------------------------------------------------

    def _on_day_loaded(self, snapshot: DaySnapshot) -> None:
        location = snapshot.location
        self.timeline_model.set_snapshot(location, snapshot.reservations, snapshot.day)
        if location.revision != self._location_revision:
            self._location_revision = location.revision
            self.map.set_location(location)
            self.side.set_location(location)
            self.header.restaurant.setText(location.info.name)
        self.map.set_reservations(snapshot.reservations)
        self._show_same_moment(snapshot)
        self.header.set_day(snapshot.day)
        if self.selected_id and self.session.day.reservation(self.selected_id) is None:
            self.selected_id = None
        self._refresh_lists()
        if self.isVisible() and not self._day_read:  # the application reads the day once the window shows
            self._day_read = True
            if self.focusWidget() is not self.header.search:
                self.focus_timeline()

    def _show_same_moment(self, snapshot: DaySnapshot) -> None:
        """Today the map follows now; another day it shows the first arrival (or the opening),
        and the timeline marks that moment, so both always show the same one."""
        if snapshot.day == self.session.today():
            moment = None
        else:
            starts = [r.start for r in snapshot.reservations if r.status not in (S.CANCELED, S.DECLINED)]
            moment = min(starts) if starts else self.timeline_model.window[0]
        self.map.set_moment(moment)
        self.timeline.set_selected_time(moment)

    def _on_reservations_changed(self, changes: Changes, _initiator: object) -> None:
        """Only the reservations named: the timeline and the map upsert or drop them."""
        for reservation in changes.reservations:
            self.timeline_model.upsert_reservation(reservation)
            self.map.upsert_reservation(reservation)
        for reservation_id in changes.removed_ids:
            self.timeline_model.remove_reservation(reservation_id)
            self.map.remove_reservation(reservation_id)
        self._refresh_lists()

    def _on_requests(self, requests: object) -> None:
        assert isinstance(requests, tuple)
        self.side.set_requests(requests)
        self._show_summary()

    def _on_tick(self, now: datetime) -> None:
        self._now = now
        self.timeline.set_now(now)
        self.map.set_now(now)
        self.side.set_now(now)
        self._refresh_lists()

    def _refresh_lists(self) -> None:
        day = self.session.day
        self.side.set_arrivals(upcoming_arrivals(day.reservations(), self._now, day.day, self.session.today()))
        self._show_summary()

    def _show_summary(self) -> None:
        day = self.session.day
        today = self.session.today()
        summary = summarise_day(day.reservations(), self._now, day.day, today, self.side.requests_count())
        where = self.tr("today") if day.day == today else self.tr("on {day}").format(day=date_text(day.day))
        parts = [self.tr("{covers} covers {when}").format(covers=summary.covers, when=where),
                 self.tr("{seated} seated").format(seated=summary.seated)]
        if summary.next_arrival is not None:
            arrival = summary.next_arrival
            parts.append(self.tr("next arrival {time} {guest}").format(
                time=time_text(arrival.start, day.time_zone), guest=guest_name(arrival)))
        if summary.requests_waiting:
            parts.append(self.tr("{count} requests waiting").format(count=summary.requests_waiting)
                         if summary.requests_waiting != 1 else self.tr("1 request waiting"))
        self.summary.setText(" · ".join(parts))

    def _on_loading(self, loading: bool) -> None:
        if loading:
            self._progress.start()
        else:
            self._progress.stop()
            self.loading.setVisible(False)

    def _show_reachable(self, reachable: bool) -> None:
        self.synced.setText(self.tr("● synced") if reachable else self.tr("● offline"))
        self.synced.setToolTip(self.tr("Changes from other terminals show up within a second.") if reachable
                               else self.tr("The reservation book can't be reached; Maitre D keeps trying. "
                                            "What you type stays in its window until it can be saved."))
        if not reachable:
            self.statusBar().showMessage(self.tr(
                "The reservation book can't be reached (server down, file locked or disk full). Keep what you "
                "typed open: save it again once the status bar says synced."), 15000)

    def _on_undo_changed(self, available: bool, _what: str) -> None:
        """The menu item says what Ctrl+Z will do: undo an action, or say it can't be undone."""
        action = self.actions_by_name["undo"]
        action.setEnabled(available)
        step = self.session.actions.next_undo()
        action.setText(messages.undo_menu_text(step.what, step.guest, step.can_be_undone) if step
                       else self.tr("Undo"))

    def _remember_other_actions(self, changes: Changes, initiator: object) -> None:
        """What this window changes without `ReservationActions` (a waiting party seated, a guest
        erased, a file imported) can't be undone: Ctrl+Z says so rather than reach past it."""
        what = self._not_undoable_action(initiator)
        if what is not None and changes.reservations:
            only = changes.reservations[0] if len(changes.reservations) == 1 else None
            self.session.actions.remember_not_undoable(what, only)

    def _not_undoable_action(self, initiator: object) -> str | None:
        if initiator is not None and initiator is self.front_of_house.waitlist:
            return "WAITLIST_SEAT"
        return NOT_UNDOABLE_BY_SENDER.get(initiator.objectName()) if isinstance(initiator, QObject) else None

    # --- selection -------------------------------------------------------------------------

    def _on_timeline_selection(self, reservation_id: str) -> None:
        self.selected_id = reservation_id
        self.side.arrivals.select_reservation(reservation_id)

    def _on_list_selection(self, reservation_id: str) -> None:
        self.selected_id = reservation_id
        self.timeline.select_reservation(reservation_id)
        reservation = self.session.day.reservation(reservation_id)
        if reservation is not None and reservation.table_ids:
            self.map.highlight_table(reservation.table_ids[0])

    def _on_table_clicked(self, table_id: str) -> None:
        self.map.highlight_table(table_id)
        self.timeline.highlight_table(table_id)

    def selected(self) -> Reservation | None:
        return None if self.selected_id is None else self._known(self.selected_id)

    def _known(self, reservation_id: str) -> Reservation | None:
        """The reservation as this stand shows it: on the day, among the requests or found by a search."""
        found = self.session.day.reservation(reservation_id)
        for model in (self.side.requests_model, self.side.results_model):
            found = found or next((r for r in model.reservations() if r.id == reservation_id), None)
        return found

    # --- acting ----------------------------------------------------------------------------

    def act_on_selected(self, target: ReservationStatus) -> None:
        if self.selected_id is None:
            self.statusBar().showMessage(
                self.tr("Select a reservation first: click it on the timeline or in a list."), 5000)
            return
        self.act(self.selected_id, target)

    def act(self, reservation_id: str, target: ReservationStatus) -> Reservation | None:
        """A status move from a key, a menu or a list button: refused in one sentence when the
        party's status doesn't allow it, before anything is asked; else confirmed or asked for
        where needed, then done."""
        reservation = self._known(reservation_id)
        if reservation is not None and not _key_allows(reservation.status, target):
            self.say(messages.wrong_status_sentence(guest_name(reservation), reservation.status, target))
            return None
        if reservation is not None and target is S.NO_SHOW and not self._no_show_is_due(reservation):
            return None
        try:
            done = self._change_status(reservation_id, reservation, target)
        except ReservationBookError as error:
            self.say(messages.sentence_for(error))
            return None
        if done is not None:
            self.say(self.tr("{guest}: {status}").format(guest=guest_name(done), status=self._status_word(done)))
        return done

    def _change_status(self, reservation_id: str, reservation: Reservation | None,
                       target: ReservationStatus) -> Reservation | None:
        """Decline asks why, cancel asks to confirm, the rest happen at once (None: backed out)."""
        actions = self.session.actions
        guest = guest_name(reservation) if reservation else ""
        if target is S.DECLINED:
            reason = messages.ask_decline_reason(self, guest)
            if reason is None:
                return None
            return actions.decline(reservation_id, reason, initiator=self)
        if target is S.CANCELED:
            if not messages.confirm(self, self.tr("Cancel the reservation of {guest}?").format(guest=guest),
                                    self.tr("Cancel reservation")):
                return None
            return actions.cancel(reservation_id, initiator=self)
        return actions.change_status(reservation_id, target, initiator=self)

    def _no_show_is_due(self, reservation: Reservation) -> bool:
        """A party isn't a no-show before it is late (its start plus the grace the timeline marks
        late by): until then the host confirms, and the safe answer, No, is the default."""
        if is_late(reservation, self.session.clock.now()):
            return True
        zone = self.session.day.time_zone
        return messages.confirm(self, self.tr(
            "{guest} is booked for {time} and isn't late yet. Mark them as a no-show anyway?").format(
            guest=guest_name(reservation), time=time_text(reservation.start, zone)),
            self.tr("Mark no-show"), self.tr("Keep waiting"))

    @staticmethod
    def _status_word(reservation: Reservation) -> str:
        return status_label(reservation.status)

    def say(self, sentence: str, milliseconds: int = 8000) -> None:
        """One plain sentence in the status bar, where the host looks after a key."""
        self.statusBar().showMessage(sentence, milliseconds)

    def undo(self) -> None:
        """Ctrl+Z: take the last action back, or say in the status bar why it can't be."""
        step = self.session.actions.next_undo()
        try:
            done = self.session.actions.undo(initiator=self)
        except NotUndoable as refusal:
            assert refusal.step is not None
            self.say(messages.not_undoable_sentence(refusal.step.what, refusal.step.guest))
            return
        except ChangedSince as refusal:
            self.say(messages.changed_since_sentence(refusal.step.guest if refusal.step else ""))
            return
        except ReservationBookError as error:
            self.say(messages.sentence_for(error))
            return
        self.say(self._undone_sentence(step, done))

    def _undone_sentence(self, step: UndoStep | None, done: Reservation) -> str:
        if step is not None and step.what in ("MOVE", "EDIT"):
            return self.tr("Undone: {guest} is back at {time} on {tables}.").format(
                guest=guest_name(done), time=time_text(done.start, self.session.day.time_zone),
                tables=tables_text(self.session.location, done))
        return self.tr("Undone: {guest} is {status} again.").format(
            guest=guest_name(done), status=self._status_word(done).lower())

    def request_move(self, reservation_id: str, table_ids: list[str], start: datetime) -> None:
        """A block dropped elsewhere: check first, explain a clash, maybe book anyway."""
        self._move(reservation_id, tuple(table_ids), start, None)

    def request_resize(self, reservation_id: str, end: datetime) -> None:
        reservation = self.session.day.reservation(reservation_id)
        if reservation is not None:
            self._move(reservation_id, reservation.table_ids, reservation.start, end)

    def _move(self, reservation_id: str, table_ids: tuple[str, ...], start: datetime, end: datetime | None) -> None:
        actions = self.session.actions
        try:
            check = actions.check_move(reservation_id, table_ids, start, end)
            anyway, approval = None, None
            if not check.ok:
                from maitred.ui.dialogs import move_conflict  # dialogs load when first opened

                if not move_conflict.ask(self, check, self.session.location, actions.may_book_anyway):
                    return
                anyway = check
                if actions.override_needs_manager:  # a host: a manager types their PIN for it
                    approval = pin_pad.ask_manager(self, self.session.staff, self.tr("Booking anyway"))
                    if approval is None:
                        return
            actions.move(reservation_id, table_ids, start, end, anyway=anyway, initiator=self, approval=approval)
        except ReservationBookError as error:
            messages.show_error(self, error)

    # --- dialogs ---------------------------------------------------------------------------

    def _open_dialog(self, dialog: QDialog, on_done: Callable[[int], None] | None = None) -> QDialog:
        """Dialogs open window-modal without blocking, so the stand keeps ticking behind them."""
        self.current_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            if self.current_dialog is dialog:
                self.current_dialog = None
            if on_done is not None:
                on_done(result)
            self.focus_timeline()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def new_phone_in(self) -> QDialog:
        from maitred.ui.dialogs.phone_in import PhoneInDialog

        dialog = PhoneInDialog(self.session.phone_in(), self.session.day.day, self)

        def done(_result: int) -> None:
            booked = dialog.result_reservation
            if booked is not None:
                self.session.actions.remember_not_undoable("BOOK", booked)  # cancelling it is Delete, with a question
                self.selected_id = booked.id
                self.timeline.select_reservation(booked.id)
                self.statusBar().showMessage(self.tr("Booked: {guest}, {party} at {time}.").format(
                    guest=guest_name(booked), party=booked.party_size,
                    time=time_text(booked.start, self.session.day.time_zone)), 8000)

        return self._open_dialog(dialog, done)

    def new_walk_in(self) -> QDialog:
        from maitred.ui.dialogs.walk_in import WalkInDialog

        dialog = WalkInDialog(self.session.walk_in(), self)

        def done(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            try:
                seated = self.session.actions.seat_walk_in(dialog.draft(), initiator=self)
            except ReservationBookError as error:
                messages.show_error(self, error)
                return
            if self.session.day.day != self.session.today():
                self.go_to_day(self.session.today())
            self.selected_id = seated.id
            self.statusBar().showMessage(self.tr("Walk-in of {party} seated.").format(party=seated.party_size), 5000)

        return self._open_dialog(dialog, done)

    def open_details(self, reservation_id: str | None) -> QDialog | None:
        if not reservation_id:
            return None
        from maitred.ui.dialogs.reservation_details import ReservationDetailsDialog

        try:
            dialog = ReservationDetailsDialog(self.session, reservation_id, self)
        except ReservationBookError as error:
            messages.show_error(self, error)
            return None
        return self._open_dialog(dialog)

    def open_settings(self) -> QDialog | None:
        from maitred.ui.dialogs.settings import SettingsDialog

        try:
            dialog = SettingsDialog(self.session.settings, self)
        except ReservationBookError as error:
            messages.show_error(self, error)
            return None
        return self._open_dialog(dialog)

    # --- online bookings (the server a website books through; set by app.py) ------------------

    online_server: OnlineServerControl | None = None

    def open_online_server(self) -> QDialog | None:
        if self.online_server is None:
            return None
        from maitred.ui.dialogs.online_server import OnlineServerDialog

        return self._open_dialog(OnlineServerDialog(self.online_server, self))

    def show_shortcuts(self) -> QDialog:
        return self._open_dialog(shortcuts.ShortcutsDialog(self))

    # --- navigation ------------------------------------------------------------------------

    def go_to_day(self, day: date) -> None:
        self.header.set_day(day)
        self.session.day.show_day(day)

    def focus_timeline(self) -> None:
        """The keys go to the timeline (arrows, S, F, N…), unless the lock screen or a dialog
        has them."""
        screen = self.stand_staff.lock_screen
        if (screen is not None and screen.isVisible()) or self.current_dialog is not None:
            return
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.header.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.header.search.selectAll()

    def _search_now(self) -> None:
        self._search_delay.stop()
        self._searched = self.header.search.text()
        self.session.search.search(self._searched)

    def go_to_results(self) -> None:
        """Enter or Down in the search field: the first result gets the keys (Enter opens it).
        Typed faster than the search: it runs at once, and the keys follow when it answers."""
        text = self.header.search.text()
        if not text.strip():
            return
        if self._results_shown == text:
            self._focus_first_result(text)
            return
        self._results_wanted = True
        if self._search_delay.isActive() or self._searched != text:
            self._search_now()

    def leave_search(self) -> None:
        """Esc in the search field: the search and its tab go, and the keys go back to the timeline."""
        self._results_wanted = False
        self.header.search.clear()
        self._search_now()  # an empty search: answered at once, the results tab closes
        self.focus_timeline()

    def _focus_first_result(self, text: str) -> None:
        results = self.side.results
        model = results.list_model()
        if model.rowCount() == 0:
            self.say(self.tr("Nobody found for “{text}”: check the spelling, or try the phone number.").format(
                text=text.strip()))
            return
        results.setFocus(Qt.FocusReason.ShortcutFocusReason)
        results.setCurrentIndex(QModelIndex())  # cleared first, so the first row is selected anew
        results.setCurrentIndex(model.index(0, 0))

    def _on_search_results(self, text: str, found: object) -> None:
        if text != self.header.search.text():
            return  # an older search
        assert isinstance(found, list)
        self.side.show_results(text, found)
        self._results_shown = text
        if self._results_wanted and text.strip():
            self._results_wanted = False
            self._focus_first_result(text)

    def _toggle_cancelled(self) -> None:
        self.timeline.set_show_cancelled(self.actions_by_name["show_cancelled"].isChecked())

    def _toggle_floor_editing(self) -> None:
        """Managers move tables on the map; switching edit mode off saves the floor plan. A save
        the book refuses leaves the map in edit mode with every edit kept, to fix or undo."""
        action = self.actions_by_name["edit_floor"]
        editing = action.isChecked()
        if not editing and self.map.is_layout_modified():
            try:
                self.session.settings.save_floor_plan(self.map.layout_changes(), initiator=self)
            except ReservationBookError as error:
                messages.show_error(self, error)
                with QSignalBlocker(action):
                    action.setChecked(True)
                return
            self.statusBar().showMessage(self.tr("Floor plan saved."), 5000)
        self.map.set_editing(editing)

    def _finish_floor_editing(self) -> None:
        """The edit bar's Save and finish: as switching off View → Edit floor plan."""
        action = self.actions_by_name["edit_floor"]
        if action.isChecked():
            action.trigger()

    # --- remembering the view ----------------------------------------------------------------

    def restore_view(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 740)
        show = self.settings.value("view/showCancelled", False, type=bool)
        self.actions_by_name["show_cancelled"].setChecked(bool(show))

    def _restore_splitters(self) -> None:
        """Once the window has its size: splitter sizes only mean something inside it."""
        for splitter, key in ((self.splitter, "window/mainSplitter"), (self.right, "window/sideSplitter")):
            state = self.settings.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitters_restored:
            self._splitters_restored = True
            self._restore_splitters()
            QTimer.singleShot(0, self.focus_timeline)  # once painted: not the first header button

    def save_view(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/mainSplitter", self.splitter.saveState())
        self.settings.setValue("window/sideSplitter", self.right.saveState())
        self.settings.setValue("view/showCancelled", self.actions_by_name["show_cancelled"].isChecked())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.current_dialog is not None:
            self.current_dialog.reject()  # a phone-in still open lets its held table go
            if self.current_dialog is not None and self.current_dialog.isVisible():  # "Keep editing"
                event.ignore()
                return
        self.save_view()
        self.session.stop()
        super().closeEvent(event)
