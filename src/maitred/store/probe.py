"""Checking a book's address before a stand is pointed at it: reachable, and a Maitre D book this
version can open (or an empty database it will set up). Nothing is written."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import Engine, inspect

from maitred.domain.errors import DatabaseUnusable
from maitred.store.engine import unavailable_when_busy
from maitred.store.migrate import alembic_config
from maitred.store.schema import Base


def check_reachable(engine: Engine) -> None:
    where = engine.url.render_as_string(hide_password=True)
    with unavailable_when_busy(), engine.connect() as connection:
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
        revisions = set(MigrationContext.configure(connection).get_current_heads())
    if not revisions:
        if tables & set(Base.metadata.tables) or (engine.dialect.name == "sqlite" and tables):
            raise DatabaseUnusable(f"{where} is not a Maitre D reservation book.")
        return
    script = ScriptDirectory.from_config(alembic_config())
    for revision in revisions:
        try:
            script.get_revision(revision)
        except (CommandError, RevisionError):
            raise DatabaseUnusable(
                f"{where} was written by a newer version of Maitre D (database version {revision}).") from None
