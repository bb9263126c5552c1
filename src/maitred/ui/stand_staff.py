"""The main window's side of several staff at several stands: the lock screen, who is signed in,
what they may press, the manager's windows (staff, change log, this stand, backups), and the
idle lock's watch on activity.

Kept apart from `main_window.py` so the window itself only builds these actions and calls
`attach()`; everything about roles and locking is here.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QToolButton

from maitred.domain.backups import BackupCopy, BackupReason
from maitred.domain.errors import ReservationBookError
from maitred.domain.staff import DEFAULT_PIN, Permission
from maitred.ui.dialogs import messages
from maitred.ui.dialogs.pin_pad import LockScreen
from maitred.ui.dialogs.staff_wording import role_text
from maitred.ui.dialogs.wording import moment_text

if TYPE_CHECKING:
    from maitred.ui.main_window import MainWindow

P = Permission

#: What each of the window's actions needs; the others only read and are always there.
NEEDS: dict[str, Permission] = {
    **dict.fromkeys(("new", "walk_in", "seat", "finish", "no_show", "approve", "decline", "cancel", "undo",
                     "backup", "waitlist_add", "import_csv"), P.CHANGE_RESERVATIONS),
    **dict.fromkeys(("settings", "edit_floor", "stand_settings", "online_server"), P.CHANGE_SETTINGS),
    "staff": P.MANAGE_STAFF,
    **dict.fromkeys(("change_log", "reports"), P.READ_CHANGE_LOG),  # the manager's reports
    "restore": P.RESTORE_BACKUPS,
}
#: Still there while the stand is locked.
WHILE_LOCKED = frozenset({"quit"})


def _tr(text: str) -> str:
    return QCoreApplication.translate("StandStaff", text)


class StandStaffUi:
    """Adds the staff actions to `window` (`build_actions`), then wires the rest (`attach`)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.session = window.session
        self.lock_screen: LockScreen | None = None
        self.lock_button: QToolButton | None = None
        self.pin_notice = QLabel(window)
        self.pin_notice.setObjectName("pinNotice")
        self.pin_notice.setVisible(False)
        self._hidden_dialog: QDialog | None = None

    def build_actions(self) -> None:
        a = self.window._action
        a("lock", _tr("Lock the stand"), self.lock)
        a("change_pin", _tr("Change my PIN…"), self.change_own_pin)
        a("staff", _tr("Staff…"), self.open_staff)
        a("change_log", _tr("Change log…"), self.open_change_log)
        a("stand_settings", _tr("This stand…"), self.open_stand_settings)
        a("backup", _tr("Back up the book now"), self.back_up_now)
        a("restore", _tr("Put back a copy of the book…"), self.choose_copy_to_restore)

    # --- wiring ---------------------------------------------------------------------------------

    def attach(self) -> None:
        w, s = self.window, self.session
        self.lock_screen = LockScreen(s.staff, s.location.info.name, w)
        self.lock_screen.signed_in.connect(lambda _member: self._after_sign_in())
        button = QToolButton(w.header)
        button.setObjectName("lockButton")
        button.setText(_tr("Lock"))
        button.setToolTip(_tr("Lock the stand (Ctrl+L); the next person signs in with their PIN"))
        button.setMinimumSize(36, 36)
        button.clicked.connect(self.lock)
        header_layout = w.header.layout()
        if header_layout is not None:
            header_layout.addWidget(button)
        self.lock_button = button
        w.statusBar().addPermanentWidget(self.pin_notice)
        s.staff.changed.connect(lambda _on_duty: self.refresh())
        s.actions.undo_changed.connect(lambda _available, _what: self.refresh())  # after the window's own slot
        if s.backups is not None:
            s.backups.taken.connect(self._on_backup_taken)
            s.backups.failed.connect(lambda error: w.statusBar().showMessage(messages.sentence_for(error), 10000))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(s.idle)  # every key, click and touch restarts the idle lock
        self.refresh()

    # --- who is here, and what they may press ------------------------------------------------------

    def refresh(self) -> None:
        """Show who is signed in, enable what they may do, and cover the window when locked."""
        w, staff = self.window, self.session.staff
        locked = staff.locked
        member = staff.member
        for name, action in w.actions_by_name.items():
            if locked:
                action.setEnabled(name in WHILE_LOCKED)
                continue
            permission = NEEDS.get(name)
            enabled = permission is None or staff.may(permission)
            if name == "undo":
                enabled = enabled and self.session.actions.can_undo()
            elif name in ("backup", "restore"):
                enabled = enabled and self.session.backups is not None
            elif name == "stand_settings":
                enabled = enabled and self.session.preferences is not None
            elif name in ("lock", "change_pin"):
                enabled = staff.required and member is not None
            action.setEnabled(enabled)
        may_book = not locked and staff.may(P.CHANGE_RESERVATIONS)
        w.header.new_button.setEnabled(may_book)
        w.header.walk_in_button.setEnabled(may_book)
        if self.lock_button is not None:
            self.lock_button.setVisible(staff.required)
            self.lock_button.setEnabled(member is not None)
        if member is not None:
            w.header.staff.setText(_tr("{name} · {role}").format(name=member.name, role=role_text(member.role)))
        elif not staff.required:
            w.header.staff.setText(_tr("Staff: {name}").format(name=self.session.actor or _tr("host")))
        else:
            w.header.staff.setText(_tr("Locked"))
        self.pin_notice.setText(_tr("{name} still signs in with PIN {pin}: Stand → Change my PIN…").format(
            name=member.name if member else "", pin=DEFAULT_PIN))
        self.pin_notice.setVisible(member is not None and staff.default_pin_in_use)
        self._show_lock(locked)

    def _show_lock(self, locked: bool) -> None:
        screen = self.lock_screen
        if screen is None:
            return
        if locked and not screen.isVisible():
            dialog = self.window.current_dialog
            if dialog is not None and dialog.isVisible():
                dialog.hide()  # kept as it is, with what was typed, until somebody signs in
                self._hidden_dialog = dialog
            screen.appear()
        elif not locked and screen.isVisible():
            screen.setVisible(False)

    def _after_sign_in(self) -> None:
        dialog, self._hidden_dialog = self._hidden_dialog, None
        if dialog is not None and self.window.current_dialog is dialog:
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
        staff = self.session.staff
        if staff.member is not None:
            self.window.statusBar().showMessage(_tr("{name} is at the stand.").format(name=staff.member.name), 5000)

    def show_first_run_hint(self) -> None:
        if self.lock_screen is not None:
            self.lock_screen.show_hint(_tr(
                "First start: sign in as Manager with PIN {pin}, then give yourself a PIN of your own "
                "(Stand → Change my PIN…) and add your staff (Stand → Staff…).").format(pin=DEFAULT_PIN))

    # --- the actions ------------------------------------------------------------------------------

    def lock(self) -> None:
        self.session.staff.lock()

    def change_own_pin(self) -> QDialog:
        from maitred.ui.dialogs.staff import ChangePinDialog  # the manager's windows load when opened

        admin = self.session.staff_admin()

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.window.statusBar().showMessage(_tr("Your PIN was changed."), 5000)
                self.refresh()

        return self.window._open_dialog(ChangePinDialog(_tr("Change my PIN"), admin.change_own_pin, self.window), done)

    def open_staff(self) -> QDialog | None:
        from maitred.ui.dialogs.staff import StaffDialog

        try:
            dialog = StaffDialog(self.session.staff_admin(), self.window)
        except ReservationBookError as error:
            messages.show_error(self.window, error)
            return None
        return self.window._open_dialog(dialog)

    def open_change_log(self) -> QDialog | None:
        from maitred.ui.dialogs.change_log import ChangeLogDialog

        try:
            dialog = ChangeLogDialog(self.session.change_log(), self.session.location, self.session.day.day,
                                     self.window)
        except ReservationBookError as error:
            messages.show_error(self.window, error)
            return None
        return self.window._open_dialog(dialog)

    def open_stand_settings(self) -> QDialog | None:
        preferences = self.session.preferences
        if preferences is None:
            return None
        from maitred.ui.dialogs.stand_settings import StandSettingsDialog

        return self.window._open_dialog(StandSettingsDialog(preferences, self.window))

    def back_up_now(self) -> None:
        if self.session.backups is not None:
            self.session.backups.take(BackupReason.MANUAL)
            self.window.statusBar().showMessage(_tr("Backing up the book…"), 3000)

    def _on_backup_taken(self, copy: BackupCopy) -> None:
        if copy.reason is BackupReason.MANUAL:
            self.window.statusBar().showMessage(_tr("Backed up: {file}").format(file=Path(copy.path).name), 8000)

    def choose_copy_to_restore(self) -> None:
        keeper = self.session.backups
        if keeper is None:
            return
        path, _filter = QFileDialog.getOpenFileName(self.window, _tr("Put back a copy of the book"), keeper.folder,
                                                    _tr("Copies of the book (*.db *.bak);;All files (*)"))
        if path:
            self.restore_copy(path)

    def restore_copy(self, path: str) -> BackupCopy | None:
        """Put a copy back after the manager confirms; the stand then asks who is there."""
        keeper = self.session.backups
        if keeper is None:
            return None
        question = _tr("Put back the copy {file}? Every change made since that copy was taken leaves the book "
                       "(a copy of the book as it is now is kept first).").format(file=Path(path).name)
        if not messages.confirm(self.window, question, _tr("Put it back"), _tr("Keep the book as it is")):
            return None
        try:
            before = keeper.restore(path)
        except ReservationBookError as error:
            messages.show_error(self.window, error)
            return None
        when = moment_text(before.taken.astimezone(UTC), self.session.location.info.time_zone)
        said = _tr("The copy was put back. The book as it was at {when} is kept as {file}.")
        self.window.statusBar().showMessage(said.format(when=when, file=Path(before.path).name), 15000)
        return before

