"""Checking a book's address before a stand is pointed at it: reachable, and a Maitre D book this
version can open (or an empty database it will set up). Nothing is written."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from maitred.domain.errors import DatabaseUnusable
from maitred.store.engine import unavailable_when_busy
from maitred.store.migrate import database_revisions, unknown_revision
from maitred.store.schema import metadata


def check_reachable(engine: Engine) -> None:
    where = engine.url.render_as_string(hide_password=True)
    with unavailable_when_busy(), engine.connect() as connection:
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
        revisions = database_revisions(connection)
    if not revisions:
        if tables & set(metadata.tables) or (engine.dialect.name == "sqlite" and tables):
            raise DatabaseUnusable(f"{where} is not a Maitre D reservation book.")
        return
    if (revision := unknown_revision(revisions)) is not None:
        raise DatabaseUnusable(f"{where} was written by a newer version of Maitre D (database version {revision}).")
