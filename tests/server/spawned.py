"""What the tests' spawned processes run: a module of its own, which a fresh interpreter imports
without the test modules' conftest (another test folder's conftest may come first on its path)."""

from __future__ import annotations

import time
from typing import Any


def take_twice(limiter: Any) -> None:
    limiter.take("key-a")
    limiter.take("key-a")


def hold_the_writers_lock(lock: Any, held: Any, release: Any) -> None:
    lock.acquire()
    held.set()
    release.wait(60)
    lock.release()


def die_holding_the_writers_lock(lock: Any, held: Any) -> None:
    lock.acquire()
    held.set()
    time.sleep(60)  # killed meanwhile
