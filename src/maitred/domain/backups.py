"""Copies of the book kept by Maitre D itself: when each was taken, and why.

Only a SQLite book is copied by the app (a PostgreSQL server is backed up by its own tools);
the copies live in `<data folder>/backups/` and the newest few are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

#: How many automatic copies are kept unless the stand is told otherwise.
DEFAULT_KEEP = 14


class BackupReason(StrEnum):
    START = "start"  # the stand started
    DAILY = "daily"  # once a day while it runs
    MANUAL = "manual"  # somebody asked for one (the command line, the menu)
    BEFORE_RESTORE = "before-restore"  # the book as it was before an older copy replaced it


@dataclass(frozen=True, slots=True)
class BackupCopy:
    """One copy of the book: the file, the moment it was taken (UTC) and why."""

    path: str
    taken: datetime
    reason: BackupReason
    size_bytes: int = 0
