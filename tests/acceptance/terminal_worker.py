"""A terminal of the terminal-race tests, in its own OS process ("spawn"): it opens its own book
on the shared database, waits at the barrier with the others, makes one change through the wire
API, and reports what came back (terminal_pool.serve_rounds)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from terminal_pool import serve_rounds

NOW = datetime(2026, 6, 8, 8, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def serve(url: str, terminal: str, inbox: Any, outbox: Any, barrier: Any) -> None:
    """Serve `(operation, request)` tasks until None; report `("ok", revision)`, `("refused", code)`
    or `("crash", traceback)`."""
    from maitred.api import open_api

    api = open_api(url, clock=clock)
    stand = api.as_scope("FULL", actor=f"host at {terminal}", terminal=terminal)

    def call(task: tuple[str, dict[str, Any]]) -> Any:
        operation, request = task
        return stand.call(operation, request)["reservation"]["revision"]

    try:
        serve_rounds(call, inbox, outbox, barrier, ready=terminal)
    finally:
        api.close()
