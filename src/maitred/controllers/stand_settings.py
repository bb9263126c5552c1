"""This stand's own settings, kept in the data folder beside the window's: its name in the audit
log, how soon it locks itself, and which book it opens at the next start.

The book's address is read once at start-up (`saved_database_url`); changing it takes effect at
the next start, so a stand never switches books under a host's hands. A manager may check the
address first (`probe`, given by the application: controllers don't open databases).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, QSysInfo, Signal

from maitred.controllers.idle_lock import DEFAULT_IDLE_MINUTES
from maitred.controllers.staff_session import OpenStand, StaffGate
from maitred.domain.backups import DEFAULT_KEEP
from maitred.domain.errors import FieldViolation, InvalidArgument
from maitred.domain.lifecycle import Scope
from maitred.domain.staff import Permission
from maitred.services.commands import Caller

TERMINAL_KEY = "stand/terminalName"
IDLE_KEY = "stand/idleLockMinutes"
DATABASE_KEY = "stand/databaseUrl"
BACKUPS_KEY = "stand/backupsKept"
MAX_IDLE_MINUTES = 24 * 60
_URL = re.compile(r"^(sqlite|postgresql(\+psycopg)?)://", re.IGNORECASE)


def default_terminal_name() -> str:
    return QSysInfo.machineHostName() or "stand"


def saved_database_url(settings: QSettings) -> str | None:
    value = settings.value(DATABASE_KEY, "")
    return str(value).strip() or None


def check_database_url(url: str) -> str | None:
    """The address as saved: empty is this PC's own book (None); else a SQLite or PostgreSQL URL."""
    url = url.strip()
    if not url:
        return None
    if not _URL.match(url):
        raise InvalidArgument(FieldViolation(
            "databaseUrl", "must start with postgresql+psycopg:// (a shared server) or sqlite:/// (a file)"))
    return url


class StandPreferences(QObject):
    """Reads and (for a manager) saves this stand's settings."""

    #: the settings were saved
    changed = Signal()

    def __init__(self, settings: QSettings, staff: StaffGate | None = None,
                 probe: Callable[[str], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._staff = staff or OpenStand(Caller(Scope.FULL))
        self._probe = probe

    @property
    def terminal_name(self) -> str:
        return str(self._settings.value(TERMINAL_KEY, "") or "").strip() or default_terminal_name()

    @property
    def idle_minutes(self) -> float:
        try:
            value = self._settings.value(IDLE_KEY, DEFAULT_IDLE_MINUTES)
            return min(MAX_IDLE_MINUTES, max(0.0, float(str(value))))
        except (TypeError, ValueError):
            return DEFAULT_IDLE_MINUTES

    @property
    def database_url(self) -> str | None:
        return saved_database_url(self._settings)

    @property
    def backups_kept(self) -> int:
        try:
            return max(1, int(str(self._settings.value(BACKUPS_KEY, DEFAULT_KEEP))))
        except (TypeError, ValueError):
            return DEFAULT_KEEP

    @property
    def may_change(self) -> bool:
        return self._staff.may(Permission.CHANGE_SETTINGS)

    @property
    def can_probe(self) -> bool:
        return self._probe is not None

    def probe(self, url: str) -> None:
        """Try to open the book at `url` (raises the book's own error when it can't)."""
        checked = check_database_url(url)
        if checked is not None and self._probe is not None:
            self._probe(checked)

    def save(self, *, terminal_name: str, idle_minutes: float, database_url: str) -> None:
        self._staff.caller_for(Permission.CHANGE_SETTINGS)
        name = " ".join(terminal_name.split())
        if len(name) > 50:
            raise InvalidArgument(FieldViolation("terminalName", "is longer than 50 characters"))
        if not 0 <= idle_minutes <= MAX_IDLE_MINUTES:
            raise InvalidArgument(FieldViolation("idleLockMinutes", f"must be between 0 and {MAX_IDLE_MINUTES}"))
        url = check_database_url(database_url)
        self._settings.setValue(TERMINAL_KEY, name)
        self._settings.setValue(IDLE_KEY, float(idle_minutes))
        self._settings.setValue(DATABASE_KEY, url or "")
        self._settings.sync()
        self.changed.emit()
