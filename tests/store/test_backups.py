"""Copies of a SQLite book (store/backups.py) and `maitred backup` / `maitred restore`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from store_builders import make_location, make_reservation

from maitred.domain.backups import BackupReason
from maitred.domain.errors import DatabaseUnusable
from maitred.store import SqlBook
from maitred.store.backups import SqliteBackups, check_book_file


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 8, 12, 0, 0, 125000, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def book_file(tmp_path: Path) -> Path:
    path = tmp_path / "maitred.db"
    with SqlBook(f"sqlite:///{path}") as book, book(write=True) as unit_of_work:
        unit_of_work.locations.add(make_location())
        unit_of_work.reservations.add(make_reservation("r1"))
        unit_of_work.commit()
    return path


def _ids(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as database:
        return [row[0] for row in database.execute("SELECT id FROM reservations ORDER BY id")]


def test_a_copy_is_a_whole_self_contained_book_named_by_its_time(book_file: Path, tmp_path: Path) -> None:
    backups = SqliteBackups(book_file, tmp_path / "backups", Clock())
    copy = backups.take(BackupReason.START)
    assert Path(copy.path).name == "maitred-20260608T120000125Z-start.db"
    assert copy.size_bytes == Path(copy.path).stat().st_size > 0
    with closing(sqlite3.connect(copy.path)) as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _ids(Path(copy.path)) == ["r1"]
    assert backups.copies() == [copy] and backups.folder == str(tmp_path / "backups")
    check_book_file(Path(copy.path))


def test_only_the_newest_copies_are_kept(book_file: Path, tmp_path: Path) -> None:
    clock = Clock()
    backups = SqliteBackups(book_file, tmp_path / "backups", clock, keep=3)
    taken = []
    for _ in range(5):
        taken.append(backups.take(BackupReason.DAILY))
        clock.now += timedelta(days=1)
    clock.now -= timedelta(days=1)
    same_time = backups.take(BackupReason.DAILY)  # the same millisecond as the last copy: another name
    assert same_time.path.endswith("-daily-2.db") and same_time.taken == taken[4].taken
    (tmp_path / "backups" / "notes.txt").write_text("not a copy")
    (tmp_path / "backups" / "maitred-20260608T120000125Z-unknown.db").write_text("not ours")
    assert [c.path for c in backups.copies()] == [taken[4].path, same_time.path, taken[3].path]
    assert not Path(taken[0].path).exists()


def test_a_copy_put_back_replaces_the_open_book_after_a_copy_of_it(book_file: Path, tmp_path: Path) -> None:
    backups = SqliteBackups(book_file, tmp_path / "backups", Clock())
    copy = backups.take(BackupReason.MANUAL)
    with SqlBook(f"sqlite:///{book_file}") as book:
        with book(write=True) as unit_of_work:
            unit_of_work.reservations.add(make_reservation("r2"))
            unit_of_work.commit()
        before = backups.restore(copy.path)
        with book() as unit_of_work:  # the open book sees the copy at once
            assert unit_of_work.reservations.get("r2") is None
            assert unit_of_work.reservations.get("r1") is not None
    assert before.reason is BackupReason.BEFORE_RESTORE and _ids(Path(before.path)) == ["r1", "r2"]
    with closing(sqlite3.connect(book_file)) as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_what_is_not_a_sound_book_is_never_put_back(book_file: Path, tmp_path: Path) -> None:
    backups = SqliteBackups(book_file, tmp_path / "backups", Clock())
    foreign = tmp_path / "other.db"
    with closing(sqlite3.connect(foreign)) as database:
        database.execute("CREATE TABLE invoices (id INTEGER)")
        database.commit()
    newer = tmp_path / "newer.db"
    newer.write_bytes(book_file.read_bytes())
    with closing(sqlite3.connect(newer)) as database:
        database.execute("DELETE FROM alembic_version")
        database.execute("INSERT INTO alembic_version VALUES ('0999_future')")
        database.commit()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"minutes of the staff meeting " * 300)
    for path, why in ((tmp_path / "missing.db", "no file"), (foreign, "not a Maitre D"), (newer, "newer version"),
                      (junk, "damaged or is not a database")):
        with pytest.raises(DatabaseUnusable, match=why):
            backups.restore(str(path))
    assert backups.copies() == [], "nothing was copied or changed for a refused restore"
    assert _ids(book_file) == ["r1"]


def test_a_missing_book_or_an_unwritable_folder_is_said_plainly(book_file: Path, tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnusable, match="no reservation book"):
        SqliteBackups(tmp_path / "none.db", tmp_path / "backups", Clock()).take(BackupReason.START)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    with pytest.raises((DatabaseUnusable, OSError)):
        SqliteBackups(book_file, blocked, Clock()).take(BackupReason.START)


def run_maitred(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([sys.executable, "-m", "maitred", *args], capture_output=True, text=True, timeout=120,
                          env=env, check=False)


@pytest.mark.slow
def test_the_command_line_backs_up_and_restores(book_file: Path, tmp_path: Path) -> None:
    done = run_maitred("backup", "--data-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    copy = Path(done.stdout.strip())
    assert copy.parent == tmp_path / "backups" and _ids(copy) == ["r1"]
    with SqlBook(f"sqlite:///{book_file}") as book, book(write=True) as unit_of_work:
        unit_of_work.reservations.add(make_reservation("r2"))
        unit_of_work.commit()
    done = run_maitred("--data-dir", str(tmp_path), "restore", str(copy))
    assert done.returncode == 0, done.stderr
    assert _ids(book_file) == ["r1"]
    kept = [p for p in (tmp_path / "backups").iterdir() if "before-restore" in p.name]
    assert len(kept) == 1 and _ids(kept[0]) == ["r1", "r2"]
    refused = run_maitred("restore", str(tmp_path / "nothing.db"), "--data-dir", str(tmp_path))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr and refused.stderr.strip()
    server = run_maitred("backup", "--database-url", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    assert server.returncode == 2 and "pg_dump" in server.stderr
