"""`maitred backup` and `maitred restore FILE`: copies of the book from the command line.

The same copies as the stand's own (`<data folder>/backups/`, the newest kept), so a manager can
take one before an update or put one back when the window won't start. A restore first copies the
book as it is, so it can be undone the same way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from maitred.bootstrap import book_backups
from maitred.domain.backups import BackupReason
from maitred.domain.errors import ReservationBookError
from maitred.paths import data_dir


def _book_url(folder: Path, database_url: str | None) -> str | None:
    """The book this stand opens: the option, else the address saved in the stand's settings."""
    if database_url:
        return database_url
    from maitred.app import ui_settings  # Qt's settings file, read without a window
    from maitred.controllers.stand_settings import saved_database_url

    return saved_database_url(ui_settings(folder))


def run_command(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    url = _book_url(folder, args.database_url)
    backups = book_backups(url, data_dir=folder)
    if backups is None:
        print("This stand's book is on a database server: back it up with the server's own tools "
              "(for PostgreSQL, pg_dump).", file=sys.stderr)
        return 2
    try:
        if args.command == "backup":
            copy = backups.take(BackupReason.MANUAL)
            print(copy.path)
            return 0
        before = backups.restore(str(args.file))
    except ReservationBookError as error:
        print(error.message, file=sys.stderr)
        return 2
    print(f"Put back {args.file}. The book as it was is kept as {before.path}")
    return 0
