"""Terminals racing on one database, shared by test_race.py and test_terminal_races.py.

- `fresh_database`: a SQLite file in the test's tmp_path, or, when MAITRED_TEST_DATABASE_URL
  names a PostgreSQL server, a schema of its own in that database, dropped afterwards.
- `Terminals`: worker processes ("spawn") on that database, started once and raced round after
  round: each gets its task, they all wait at one barrier, then make their call at once.
- `serve_rounds`: the workers' side of it (race_worker.py, terminal_worker.py): report "ready",
  then for every task wait at the barrier, make the call and report `(kind, value)`:
  `("ok", what the call returned)`, `("refused", ApiError code)` or `("crash", traceback)`.

Keeping the processes for all the rounds keeps start-up (imports, connecting) out of the races.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("MAITRED_TEST_DATABASE_URL")


@contextmanager
def fresh_database(tmp_path: Path, name: str) -> Iterator[str]:
    """`sqlite:///<tmp_path>/<name>.db`, or a fresh schema `<name>_<random>` of the PostgreSQL
    database named by the environment (every connection of the URL uses it)."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / f'{name}.db'}"
        return
    schema = f"{name}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Terminals:
    """One worker process per entry of `arguments`, each running `serve(*arguments[n], inbox,
    outbox, barrier)`; the serve function must be importable by name (a module, not a test)."""

    def __init__(self, serve: Callable[..., None], arguments: Sequence[tuple[Any, ...]]) -> None:
        context = multiprocessing.get_context("spawn")
        self.barrier = context.Barrier(len(arguments))
        self.outbox = context.Queue()
        self.inboxes = [context.Queue() for _ in arguments]
        self.processes = [
            context.Process(target=serve, args=(*leading, inbox, self.outbox, self.barrier), daemon=True)
            for leading, inbox in zip(arguments, self.inboxes, strict=True)
        ]
        for process in self.processes:
            process.start()
        ready = [self.outbox.get(timeout=120) for _ in self.processes]
        assert all(kind == "ready" for kind, _ in ready), ready

    def race(self, tasks: Sequence[Any]) -> list[tuple[str, Any]]:
        """Give each terminal its task; they start together at the barrier. Returns what each got
        (in the order they answered)."""
        for inbox, task in zip(self.inboxes, tasks, strict=True):
            inbox.put(task)
        results = [self.outbox.get(timeout=120) for _ in tasks]
        crashes = [value for kind, value in results if kind == "crash"]
        assert not crashes, "\n".join(crashes)
        return results

    def close(self) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join(timeout=10)

    def __enter__(self) -> Terminals:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.close()


def serve_rounds(call: Callable[[Any], Any], inbox: Any, outbox: Any, barrier: Any, ready: Any = None) -> None:
    """A worker's loop: `call(task)` for every task until a None arrives, each at the barrier."""
    from maitred.api import ApiError

    outbox.put(("ready", ready))
    while (task := inbox.get()) is not None:
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            outbox.put(("crash", "the barrier broke: a terminal did not come to the start"))
            continue
        try:
            value = call(task)
        except ApiError as error:
            outbox.put(("refused", error.code))
        except Exception:  # anything else is a bug the parent must see
            outbox.put(("crash", traceback.format_exc()))
        else:
            outbox.put(("ok", value))
