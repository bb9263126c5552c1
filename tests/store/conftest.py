"""Store fixtures: a fresh book built by the migrations, on a SQLite file and, when
MAITRED_TEST_DATABASE_URL names a PostgreSQL database, there too (that database is wiped)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from maitred.store import SqlBook, create_engine_for

POSTGRES_URL = os.environ.get("MAITRED_TEST_DATABASE_URL")


def _backends() -> list[Any]:
    backends: list[Any] = ["sqlite"]
    if POSTGRES_URL:
        backends.append(pytest.param("postgresql", marks=pytest.mark.postgres))
    return backends


def wipe_postgres(url: str) -> None:
    """Drop the book's tables so the migrations build them again from nothing."""
    engine = create_engine_for(url)
    try:
        with engine.begin() as connection:
            # Every table, whichever feature branches built them (staff, API keys, waitlist ...).
            tables = inspect(connection).get_table_names()
            if tables:
                connection.execute(text("DROP TABLE IF EXISTS " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'book.db'}"
    assert POSTGRES_URL is not None
    wipe_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def book(database_url: str) -> Iterator[SqlBook]:
    opened = SqlBook(database_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'book.db'}"
