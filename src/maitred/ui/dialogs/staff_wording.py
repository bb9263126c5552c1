"""Staff, roles and refusals in the host's words."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from maitred.controllers.staff_session import TooManyTries
from maitred.domain.errors import ReservationBookError
from maitred.domain.staff import LastManager, NotPermitted, Permission, Role, WrongPin


def _tr(text: str) -> str:
    return QCoreApplication.translate("Staff", text)


def role_text(role: Role) -> str:
    return {Role.HOST: _tr("host"), Role.MANAGER: _tr("manager"), Role.VIEWER: _tr("viewer")}[role]


def permission_text(permission: Permission) -> str:
    return {
        Permission.CHANGE_RESERVATIONS: _tr("change reservations"),
        Permission.BOOK_OVER_CONFLICTS: _tr("book over a conflict"),
        Permission.CHANGE_SETTINGS: _tr("change the settings"),
        Permission.MANAGE_STAFF: _tr("manage the staff list"),
        Permission.READ_CHANGE_LOG: _tr("read the change log"),
        Permission.RESTORE_BACKUPS: _tr("put back a copy of the book"),
    }[permission]


def staff_sentence(error: ReservationBookError) -> str | None:
    """The sentence for a refusal about who is at the stand; None for other refusals."""
    if isinstance(error, LastManager):
        return _tr("The last manager must stay a manager: make someone else a manager first.")
    if isinstance(error, WrongPin):
        return _tr("That PIN is not right. Try again.")
    if isinstance(error, TooManyTries):
        return _tr("Too many wrong PINs. Wait {seconds} seconds, then try again.").format(seconds=error.seconds)
    if isinstance(error, NotPermitted):
        if error.role is None:
            return _tr("Sign in first: the stand is locked.")
        if error.role is Role.VIEWER:
            return _tr("A viewer can look but not change anything. Ask a host or a manager.")
        return _tr("Only a manager may {what}. Ask a manager.").format(what=permission_text(error.permission))
    return None
