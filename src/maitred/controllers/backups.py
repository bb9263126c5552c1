"""Automatic copies of the book while the stand runs, and a manager putting one back.

A copy is taken when the stand starts and then whenever the newest one is a day old (looked at
every hour, so a PC that slept through the night still makes its copy in the morning). Copies are
taken off the GUI thread: a large book takes a moment to copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from maitred.controllers.background import BackgroundRunner
from maitred.controllers.staff_session import StaffGate
from maitred.domain.backups import BackupCopy, BackupReason
from maitred.domain.errors import ReservationBookError
from maitred.domain.staff import Permission
from maitred.services.ports import BookBackups, Clock

CHECK_EVERY_MS = 60 * 60 * 1000
DAILY = timedelta(days=1)


class BackupKeeper(QObject):
    """Takes the start-up and daily copies; restores one for a manager."""

    #: BackupCopy: a copy was taken
    taken = Signal(object)
    #: ReservationBookError or OSError: a copy could not be taken (the next check tries again)
    failed = Signal(object)
    #: BackupCopy: a copy was put back (the argument is the copy of the book as it was before)
    restored = Signal(object)

    def __init__(self, backups: BookBackups, staff: StaffGate, clock: Clock, runner: BackgroundRunner,
                 parent: QObject | None = None, check_every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        self._backups, self._staff, self._clock, self._runner = backups, staff, clock, runner
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(self.check)

    @property
    def folder(self) -> str:
        return self._backups.folder

    def start(self) -> None:
        """The start-up copy now, then a look every hour."""
        self.take(BackupReason.START)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def copies(self) -> Sequence[BackupCopy]:
        return self._backups.copies()

    def check(self) -> bool:
        """Take the daily copy if the newest copy is a day old; True when one was started."""
        copies = self._backups.copies()
        if copies and self._clock() - copies[0].taken < DAILY:
            return False
        self.take(BackupReason.DAILY)
        return True

    def take(self, reason: BackupReason = BackupReason.MANUAL) -> None:
        """Copy the book off the GUI thread; `taken` or `failed` follows."""

        def failed(error: BaseException) -> None:
            if not isinstance(error, ReservationBookError | OSError):
                raise error
            self.failed.emit(error)

        self._runner.run("backup", lambda: self._backups.take(reason), self.taken.emit, failed)

    def restore(self, path: str) -> BackupCopy:
        """Put the copy at `path` back as the book (a manager only); returns the copy of the book
        as it was just before, which can be put back the same way."""
        self._staff.caller_for(Permission.RESTORE_BACKUPS)
        before = self._backups.restore(path)
        self.restored.emit(before)
        return before
