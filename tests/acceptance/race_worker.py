"""A terminal of the race test, run in its own OS process (multiprocessing "spawn").

Each worker opens its own `open_api(url)` on the shared database, then serves rounds
(terminal_pool.serve_rounds): it waits at the shared barrier with the other terminals, makes one
call, and reports what came back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from terminal_pool import serve_rounds

#: Every terminal's clock: the rounds book a slot later the same day.
NOW = datetime(2026, 6, 8, 8, 0, tzinfo=UTC)


def race_clock() -> datetime:
    return NOW


def serve(url: str, inbox: Any, outbox: Any, barrier: Any) -> None:
    """Serve `(scope, operation, request)` tasks until a None arrives; report `(kind, value)`:
    `("ok", reservation id)`, `("refused", ApiError code)` or `("crash", traceback)`."""
    from maitred.api import open_api

    api = open_api(url, clock=race_clock)

    def call(task: tuple[str, str, dict[str, Any]]) -> Any:
        scope, operation, request = task
        response = getattr(api.as_scope(scope, actor="race"), operation)(request)
        return response.get("reservation", {}).get("id")

    try:
        serve_rounds(call, inbox, outbox, barrier)
    finally:
        api.close()
