"""The migrations build exactly schema.py's tables, and start-up refuses what it can't use."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from store_builders import make_location, make_reservation

from maitred.domain.errors import DatabaseUnusable
from maitred.store import SqlBook, create_engine_for, head_revisions, migrate, upgrade_database
from maitred.store.schema import metadata


@pytest.fixture
def migrated_engine(database_url: str) -> Engine:
    upgrade_database(database_url)
    return create_engine_for(database_url)


def test_migrations_build_exactly_the_declared_schema(migrated_engine: Engine) -> None:
    try:
        with migrated_engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            assert set(context.get_current_heads()) == head_revisions()
    finally:
        migrated_engine.dispose()


def test_the_indexes_the_hot_paths_need_exist(migrated_engine: Engine) -> None:
    try:
        with migrated_engine.connect() as connection:
            inspector = inspect(connection)
            indexes = {index["name"]: index["column_names"] for index in inspector.get_indexes("reservations")}
            audit = {index["name"]: index["column_names"] for index in inspector.get_indexes("audit_entries")}
    finally:
        migrated_engine.dispose()
    assert indexes["ix_reservations_location_start"][:2] == ["location_id", "start_ms"]
    assert indexes["ix_reservations_status_created"] == ["status", "created_ms"]
    assert indexes["ix_reservations_created_id"] == ["created_ms", "id"]
    assert audit["ix_audit_entries_subject_id"] == ["subject_id", "id"]


def test_downgrade_to_nothing_and_up_again(database_url: str) -> None:
    upgrade_database(database_url)
    engine = create_engine_for(database_url)
    try:
        with engine.connect() as connection, connection.begin():
            command.downgrade(migrate.alembic_config(connection), "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    upgrade_database(database_url)


def test_a_new_file_is_built_without_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert upgrade_database(f"sqlite:///{path}") is None
    assert upgrade_database(f"sqlite:///{path}") is None  # already current: nothing to do
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".bak"] == []


def test_an_in_memory_book_is_built_by_the_migrations() -> None:
    with SqlBook("sqlite://") as book, book() as unit_of_work:
        assert unit_of_work.locations.count() == 0


# --- refusing what can't be used ---------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    path.write_bytes(b"These are the minutes of the staff meeting, not a database. " * 200)
    with pytest.raises(DatabaseUnusable, match="damaged or is not a database") as refused:
        SqlBook(f"sqlite:///{path}")
    assert str(path) in str(refused.value)
    assert refused.value.code == "UNAVAILABLE"


def test_a_damaged_database_is_refused_plainly(sqlite_url: str, tmp_path: Path) -> None:
    with SqlBook(sqlite_url) as book, book(write=True) as unit_of_work:
        unit_of_work.locations.add(make_location())
        for number in range(400):
            unit_of_work.reservations.add(make_reservation(f"r{number:04}", team_message="x" * 200))
        unit_of_work.commit()
    path = tmp_path / "book.db"
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 10 * page
    data[3 * page : 8 * page] = b"\xa5" * (5 * page)  # scribble over some b-tree pages
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseUnusable, match="damaged or is not a database"):
        SqlBook(sqlite_url)


def test_a_database_from_a_newer_maitre_d_is_refused_plainly(sqlite_url: str, tmp_path: Path) -> None:
    SqlBook(sqlite_url).close()
    with closing(sqlite3.connect(tmp_path / "book.db")) as database:
        database.execute("DELETE FROM alembic_version")  # one row per branch head: all become one newer
        database.execute("INSERT INTO alembic_version (version_num) VALUES ('0042')")
        database.commit()
    with pytest.raises(DatabaseUnusable, match="newer version of Maitre D") as refused:
        SqlBook(sqlite_url)
    assert "0042" in str(refused.value)
    assert not list(tmp_path.glob("*.bak"))


def test_somebody_elses_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as database:
        database.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        database.commit()
    with pytest.raises(DatabaseUnusable, match="not a Maitre D reservation book"):
        SqlBook(f"sqlite:///{path}")


# --- a pending migration: backup first, all or nothing ------------------------------------------

#: Today's heads (one per feature branch); the later version merges them all.
HEADS = tuple(sorted(head_revisions()))
LATER = "0099_later"

LATER_MIGRATION = '''
"""A later schema change, for the tests: a column added with a batch (copy-and-move) operation."""
import sqlalchemy as sa
from alembic import op

revision = "0099_later"
down_revision = {heads!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reservations") as batch:
        batch.add_column(sa.Column("occasion", sa.Text(), nullable=True))
    {extra}


def downgrade() -> None:
    with op.batch_alter_table("reservations") as batch:
        batch.drop_column("occasion")
'''


@pytest.fixture
def later_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend this is the next Maitre D, whose migrations have one revision more."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_FOLDER, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_FOLDER", folder)
    return folder / "versions" / "0099_later.py"


def _fill_book(url: str) -> None:
    with SqlBook(url) as book, book(write=True) as unit_of_work:
        unit_of_work.locations.add(make_location())
        unit_of_work.reservations.add(make_reservation("r1"))
        unit_of_work.commit()


def _columns(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as database:
        return {row[1] for row in database.execute("PRAGMA table_info(reservations)")}


def _revisions(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as database:
        return {str(row[0]) for row in database.execute("SELECT version_num FROM alembic_version")}


def test_the_file_is_copied_before_a_pending_migration(sqlite_url: str, tmp_path: Path, later_version: Path) -> None:
    _fill_book(sqlite_url)  # at today's heads, with data
    later_version.write_text(LATER_MIGRATION.format(extra="", heads=HEADS))
    with SqlBook(sqlite_url) as book:
        backup = book.backup
        with book() as unit_of_work:
            assert unit_of_work.reservations.get("r1") == make_reservation("r1")
    assert backup is not None
    assert backup.parent == tmp_path
    assert backup.name.startswith(f"book.db.before-{min(HEADS)}-") and backup.name.endswith(".bak")
    # The copy is the book as it was: old revision, old columns, the data.
    assert _revisions(backup) == set(HEADS)
    assert "occasion" not in _columns(backup)
    with closing(sqlite3.connect(backup)) as database:
        assert database.execute("SELECT id FROM reservations").fetchall() == [("r1",)]
    assert _revisions(tmp_path / "book.db") == {LATER}
    assert "occasion" in _columns(tmp_path / "book.db")
    # Opening again migrates nothing and copies nothing.
    SqlBook(sqlite_url).close()
    assert list(tmp_path.glob("*.bak")) == [backup]


def test_a_failing_migration_changes_nothing(sqlite_url: str, tmp_path: Path, later_version: Path) -> None:
    _fill_book(sqlite_url)
    later_version.write_text(LATER_MIGRATION.format(extra='raise RuntimeError("migration bug")', heads=HEADS))
    with pytest.raises(RuntimeError, match="migration bug"):
        SqlBook(sqlite_url)
    path = tmp_path / "book.db"
    assert _revisions(path) == set(HEADS)
    assert "occasion" not in _columns(path)
    with SqlBook(sqlite_url, migrate=False) as book, book() as unit_of_work:
        assert unit_of_work.reservations.get("r1") == make_reservation("r1")


def test_the_heads_read_from_the_migration_files_are_alembics() -> None:
    """A current book opens without loading Alembic because the heads are read from the files."""
    assert migrate.schema_heads() == head_revisions()


def test_a_current_book_opens_without_loading_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'book.db'}"
    upgrade_database(url)
    script = ("import sys\nfrom maitred.store import upgrade_database\n"
              f"assert upgrade_database({url!r}) is None\n"
              "assert not [name for name in sys.modules if name.split('.')[0] == 'alembic']\n")
    subprocess.run([sys.executable, "-c", script], check=True)
