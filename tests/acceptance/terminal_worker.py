"""A terminal of the terminal-race tests, in its own OS process ("spawn"): it opens its own book
on the shared database, waits at the barrier with the others, makes one change through the wire
API, and reports what came back."""

from __future__ import annotations

import threading
import traceback
from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 6, 8, 8, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def serve(url: str, terminal: str, inbox: Any, outbox: Any, barrier: Any) -> None:
    """Serve `(operation, request)` tasks until None; report `("ok", revision)`, `("refused", code)`
    or `("crash", traceback)`."""
    from maitred.api import ApiError, open_api

    api = open_api(url, clock=clock)
    stand = api.as_scope("FULL", actor=f"host at {terminal}", terminal=terminal)
    try:
        outbox.put(("ready", terminal))
        while (task := inbox.get()) is not None:
            operation, request = task
            try:
                barrier.wait(timeout=60)
            except threading.BrokenBarrierError:
                outbox.put(("crash", "the barrier broke"))
                continue
            try:
                response = stand.call(operation, request)
            except ApiError as error:
                outbox.put(("refused", error.code))
            except Exception:  # the parent must see anything else
                outbox.put(("crash", traceback.format_exc()))
            else:
                outbox.put(("ok", response["reservation"]["revision"]))
    finally:
        api.close()
