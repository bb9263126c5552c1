"""A terminal of the race test, run in its own OS process (multiprocessing "spawn").

Each worker opens its own `open_api(url)` on the shared database, then serves rounds: it waits at
the shared barrier with the other terminals, makes one call, and reports what came back. Keeping
the processes for all the rounds keeps start-up (imports, connecting) out of the races.
"""

from __future__ import annotations

import threading
import traceback
from datetime import UTC, datetime
from typing import Any

#: Every terminal's clock: the rounds book a slot later the same day.
NOW = datetime(2026, 6, 8, 8, 0, tzinfo=UTC)


def race_clock() -> datetime:
    return NOW


def serve(url: str, inbox: Any, outbox: Any, barrier: Any) -> None:
    """Serve `(scope, operation, request)` tasks until a None arrives; report `(kind, value)`:
    `("ok", reservation id)`, `("refused", ApiError code)` or `("crash", traceback)`."""
    from maitred.api import ApiError, open_api

    api = open_api(url, clock=race_clock)
    try:
        outbox.put(("ready", None))
        while (task := inbox.get()) is not None:
            scope, operation, request = task
            try:
                barrier.wait(timeout=60)
            except threading.BrokenBarrierError:
                outbox.put(("crash", "the barrier broke: a terminal did not come to the start"))
                continue
            try:
                response = getattr(api.as_scope(scope, actor="race"), operation)(request)
            except ApiError as error:
                outbox.put(("refused", error.code))
            except Exception:  # anything else is a bug the parent must see
                outbox.put(("crash", traceback.format_exc()))
            else:
                outbox.put(("ok", response.get("reservation", {}).get("id")))
    finally:
        api.close()
