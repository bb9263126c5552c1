"""Alembic environment of the reservation book.

At start-up `maitred.store.migrate` runs Alembic in code and hands over its connection (already
inside the transaction it will commit), so the whole upgrade is all-or-nothing. A developer's
`alembic -c src/maitred/store/alembic.ini ...` has no such connection and uses the URL from
`MAITRED_DATABASE_URL` or alembic.ini's `sqlalchemy.url`.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from maitred.store.engine import create_engine_for
from maitred.store.schema import metadata

config = context.config
target_metadata = metadata


def _url() -> str:
    url = os.environ.get("MAITRED_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set MAITRED_DATABASE_URL (or sqlalchemy.url in alembic.ini) to migrate by hand")
    return url


def _run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can't ALTER most things: copy-and-move tables instead
        compare_type=True,
        transactional_ddl=True,  # our SQLite engine emits BEGIN itself, so DDL is transactional
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    handed_over = config.attributes.get("connection")
    if isinstance(handed_over, Connection):
        _run_on(handed_over)
        return
    engine = create_engine_for(_url())
    try:
        with engine.connect() as connection:
            _run_on(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
