"""Copies of a SQLite book in `<data folder>/backups/`, taken with SQLite's online backup API.

The backup API copies a consistent snapshot page by page while other terminals go on reading and
writing, so a copy is never half a transaction. The newest `keep` copies are kept. Putting a copy
back goes the same way in the other direction, into the open book, after a copy of the book as it
was — so a restore can itself be undone — and after checking that the copy is a sound Maitre D
book this version can read (an older one is migrated right after).

Names are `maitred-<UTC time to the millisecond>-<reason>.db`, so they sort by age.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from maitred.domain.backups import DEFAULT_KEEP, BackupCopy, BackupReason
from maitred.domain.errors import DatabaseUnusable, Unavailable
from maitred.store.engine import BUSY_MESSAGE
from maitred.store.migrate import unknown_revision, upgrade_database

BACKUP_FOLDER = "backups"
_NAME = re.compile(r"^maitred-(\d{8}T\d{6})(\d{3})Z-([a-z-]+)(?:-(\d+))?\.db$")
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


class SqliteBackups:
    """The `BookBackups` of the book file `database` (its copies in `folder`)."""

    def __init__(self, database: Path, folder: Path, clock: Callable[[], datetime], keep: int = DEFAULT_KEEP) -> None:
        self._database = Path(database)
        self._folder = Path(folder)
        self._clock = clock
        self._keep = max(1, keep)

    @property
    def folder(self) -> str:
        return str(self._folder)

    @property
    def database(self) -> Path:
        return self._database

    def take(self, reason: BackupReason) -> BackupCopy:
        if not self._database.exists():
            raise DatabaseUnusable(f"There is no reservation book at {self._database} to copy.")
        self._folder.mkdir(parents=True, exist_ok=True)
        taken = self._clock().astimezone(UTC)
        target = self._free_name(taken, reason)
        partial = target.with_name(target.name + ".part")
        try:
            with closing(_connect(self._database)) as source, closing(sqlite3.connect(partial)) as copy:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
            partial.replace(target)  # a copy cut short by a crash is never mistaken for a whole one
        except sqlite3.Error as error:
            partial.unlink(missing_ok=True)
            raise _refusal(error, f"The reservation book could not be copied to {self._folder} ({error}).") from error
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise DatabaseUnusable(
                f"The reservation book could not be copied to {self._folder} ({error}). "
                "Free some disk space or check the folder's permissions.") from error
        self._prune()
        return BackupCopy(str(target), taken, reason, target.stat().st_size)

    def copies(self) -> Sequence[BackupCopy]:
        if not self._folder.is_dir():
            return []
        found = []
        for path in self._folder.iterdir():
            match = _NAME.match(path.name)
            if match is None:
                continue
            stamp, millis, reason, _number = match.groups()
            try:
                taken = datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(
                    microsecond=int(millis) * 1000, tzinfo=UTC)
                kind = BackupReason(reason)
            except ValueError:
                continue
            found.append(BackupCopy(str(path), taken, kind, path.stat().st_size))
        return sorted(found, key=lambda c: (c.taken, c.path), reverse=True)

    def restore(self, path: str) -> BackupCopy:
        source = Path(path)
        check_book_file(source)
        before = self.take(BackupReason.BEFORE_RESTORE)
        try:
            with closing(_connect(source)) as copy, closing(_connect(self._database)) as book:
                copy.backup(book)
        except sqlite3.Error as error:
            raise _refusal(error, f"The copy {source} could not be put back ({error}); the book is unchanged "
                                  f"or, if not, restore {before.path}.") from error
        upgrade_database(f"sqlite:///{self._database}")  # an older copy gets this version's schema
        return before

    # --- internals ---------------------------------------------------------------------------

    def _free_name(self, taken: datetime, reason: BackupReason) -> Path:
        stamp = taken.strftime("%Y%m%dT%H%M%S") + f"{taken.microsecond // 1000:03d}Z"
        target = self._folder / f"maitred-{stamp}-{reason.value}.db"
        number = 1
        while target.exists():
            number += 1
            target = self._folder / f"maitred-{stamp}-{reason.value}-{number}.db"
        return target

    def _prune(self) -> None:
        for old in self.copies()[self._keep:]:
            Path(old.path).unlink(missing_ok=True)


def check_book_file(path: Path) -> None:
    """Refuse a file that is not a sound Maitre D book this version can open."""
    if not path.is_file():
        raise DatabaseUnusable(f"There is no file {path}.")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as copy:
            result = copy.execute("PRAGMA integrity_check").fetchall()
            tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = ({row[0] for row in copy.execute("SELECT version_num FROM alembic_version")}
                         if "alembic_version" in tables else set())
    except sqlite3.Error as error:
        raise DatabaseUnusable(f"{path} is damaged or is not a database ({error}).") from error
    if result != [("ok",)]:
        raise DatabaseUnusable(f"{path} is damaged ({result[0][0]}): choose another copy.")
    if not revisions or "reservations" not in tables:
        raise DatabaseUnusable(f"{path} is not a Maitre D reservation book.")
    if (revision := unknown_revision(frozenset(revisions))) is not None:
        raise DatabaseUnusable(f"{path} was written by a newer version of Maitre D (database version {revision}).")


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=10)


def _refusal(error: sqlite3.Error, message: str) -> Unavailable | DatabaseUnusable:
    if (getattr(error, "sqlite_errorcode", 0) & 0xFF) in _BUSY_CODES:
        return Unavailable(BUSY_MESSAGE)
    return DatabaseUnusable(message)
