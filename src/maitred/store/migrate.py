"""Bring the book's database to this version's schema at start-up, safely.

- A database this version can't use is refused with `DatabaseUnusable` and a sentence the
  manager can act on (damaged file, newer Maitre D, somebody else's database), never a traceback.
- Before a pending migration touches a SQLite file that already holds data, the file is copied
  next to itself with SQLite's online backup API (consistent even while other terminals read).
- The whole upgrade runs in one write transaction (SQLite `BEGIN IMMEDIATE`, a PostgreSQL
  advisory lock), so two terminals starting at once migrate once, and a failure leaves the
  database as it was.
"""

from __future__ import annotations

import ast
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, exc, func, inspect, select, text
from sqlalchemy.engine import URL

from maitred.domain.errors import DatabaseUnusable, Unavailable
from maitred.store.engine import (
    BUSY_MESSAGE,
    WRITE_OPTION,
    create_engine_for,
    is_postgres,
    is_sqlite,
    sqlite_file,
    unavailable_when_busy,
)
from maitred.store.schema import metadata

if TYPE_CHECKING:  # alembic loads only when a database must be migrated or its version is unknown
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_FOLDER = Path(__file__).with_name("migrations")

#: PostgreSQL advisory lock held while migrating, so terminals starting together migrate once.
MIGRATION_LOCK_KEY = 0x6D61_6974_7264_01

_SQLITE_DAMAGED_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+)$", re.MULTILINE)


def schema_heads() -> frozenset[str]:
    """The heads of the migrations folder, read from the migration files' `revision` and
    `down_revision` lines without loading Alembic (a test holds this to what Alembic computes):
    a database at exactly these opens with no migration machinery at all."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for migration in (MIGRATIONS_FOLDER / "versions").glob("*.py"):
        lines = dict(_REVISION_LINE.findall(migration.read_text(encoding="utf-8")))
        revisions.add(ast.literal_eval(lines["revision"]))
        down = ast.literal_eval(lines.get("down_revision", "None"))
        parents.update([down] if isinstance(down, str) else down or ())
    return frozenset(revisions - parents)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code: no alembic.ini is needed at run time."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revisions() -> set[str]:
    """The schema revisions this version of Maitre D writes, as Alembic reads them from the
    migrations: features may add their tables on branches of their own from a common base, and a
    database is current when all are applied."""
    return set(_scripts().get_heads())


def unknown_revision(revisions: frozenset[str]) -> str | None:
    """A revision among these that this version has no migration for (a newer Maitre D wrote
    it), or None. The usual case, a book at this version's heads, needs no Alembic."""
    if revisions <= schema_heads():
        return None
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    scripts = _scripts()
    for revision in sorted(revisions):
        try:
            scripts.get_revision(revision)
        except (CommandError, RevisionError):
            return revision
    return None


def database_revisions(connection: Connection) -> frozenset[str]:
    """The revisions a database is at: Alembic's version table, read directly (none if absent)."""
    if not inspect(connection).has_table("alembic_version"):
        return frozenset()
    return frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def upgrade_database(engine_or_url: Engine | str | URL) -> Path | None:
    """Check the database and migrate it to this version's schema; returns the backup made, if any.

    Raises `DatabaseUnusable` for a damaged, foreign or newer database, `Unavailable` when it
    is locked or unreachable.
    """
    if isinstance(engine_or_url, Engine):
        return _upgrade(engine_or_url)
    engine = create_engine_for(engine_or_url)
    try:
        return _upgrade(engine)
    finally:
        engine.dispose()


def _upgrade(engine: Engine) -> Path | None:
    path = sqlite_file(engine.url) if is_sqlite(engine) else None
    where = str(path) if path is not None else engine.url.render_as_string(hide_password=True)
    with _refusing_damaged(where):
        if path is not None:
            _check_sqlite_file(path, where)
        with engine.connect() as connection:
            current = _current_revisions(connection, where)
            connection.rollback()
        if current == schema_heads():
            return None
        return _migrate(engine, path, where)


def _migrate(engine: Engine, path: Path | None, where: str) -> Path | None:
    from alembic import command

    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        sqlite = is_sqlite(engine)
        if sqlite:
            # Batch migrations copy and drop tables; SQLite's advice is to do that with foreign
            # keys off, then check them before committing.
            _set_foreign_keys(connection, enabled=False)
        try:
            with connection.begin():
                if is_postgres(engine):
                    connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
                current = _current_revisions(connection, where)  # again, now under the lock
                if current == schema_heads():
                    return None  # another terminal migrated meanwhile
                backup = _backup(path, min(current)) if path is not None and current else None
                command.upgrade(alembic_config(connection), "heads")
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise DatabaseUnusable(
                        f"The reservation book {where} could not be upgraded: its data breaks the new "
                        "schema's links between records. Nothing was changed."
                    )
                return backup
        finally:
            if sqlite:
                _set_foreign_keys(connection, enabled=True)


def _current_revisions(connection: Connection, where: str) -> frozenset[str]:
    current = database_revisions(connection)
    if (revision := unknown_revision(current)) is not None:
        raise DatabaseUnusable(
            f"The reservation book {where} was written by a newer version of Maitre D "
            f"(database version {revision}). Install that version or a later one to open it."
        )
    if not current:
        _refuse_foreign(connection, where)
    return current


def _refuse_foreign(connection: Connection, where: str) -> None:
    """A database without our version table must be empty of our tables (and, for a SQLite
    file, of any table): we don't build the book inside somebody else's database."""
    tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    ours = set(metadata.tables)
    if tables & ours or (connection.dialect.name == "sqlite" and tables):
        raise DatabaseUnusable(
            f"{where} is not a Maitre D reservation book, or one whose version is unknown. "
            "Choose another file or database."
        )


def _check_sqlite_file(path: Path, where: str) -> None:
    """Refuse a file that isn't a sound SQLite database before the engine ever opens it."""
    if not path.exists():
        return
    try:
        with closing(sqlite3.connect(path, timeout=10)) as database:
            result = database.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.OperationalError as error:
        if (getattr(error, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise Unavailable(BUSY_MESSAGE) from error
        raise _damaged(where, str(error)) from error
    except sqlite3.DatabaseError as error:
        raise _damaged(where, str(error)) from error
    if result != [("ok",)]:
        raise _damaged(where, "; ".join(str(row[0]) for row in result[:3]))


def _backup(path: Path, revision: str) -> Path:
    """Copy the database next to itself as `<name>.before-<revision>-<UTC time>.bak`."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.before-{revision}-{stamp}.bak")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.before-{revision}-{stamp}-{number}.bak")
    try:
        with closing(sqlite3.connect(path, timeout=10)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseUnusable(
            f"Maitre D must upgrade the reservation book {path} but could not copy it first "
            f"({error}). Nothing was changed; free some disk space or check the folder's permissions."
        ) from error
    return target


def _set_foreign_keys(connection: Connection, *, enabled: bool) -> None:
    # On the driver connection, outside any transaction: the pragma is a no-op inside one.
    driver_connection = connection.connection.driver_connection
    assert isinstance(driver_connection, sqlite3.Connection)
    driver_connection.execute(f"PRAGMA foreign_keys = {'ON' if enabled else 'OFF'}")


@contextmanager
def _refusing_damaged(where: str) -> Iterator[None]:
    """Busy or unreachable → `Unavailable`; a damaged SQLite file found late → `DatabaseUnusable`."""
    try:
        with unavailable_when_busy():
            yield
    except exc.DBAPIError as error:
        original = error.orig
        if isinstance(original, sqlite3.DatabaseError) and (
            (getattr(original, "sqlite_errorcode", 0) & 0xFF) in _SQLITE_DAMAGED_CODES
        ):
            raise _damaged(where, str(original)) from error
        raise


def _damaged(where: str, detail: str) -> DatabaseUnusable:
    return DatabaseUnusable(
        f"The reservation book {where} is damaged or is not a database ({detail}). "
        "Restore its latest copy (a .bak file next to it) or start Maitre D with another data folder."
    )
