"""Per-key request rate (token buckets) and the request-size limit.

A website's key that goes wild (a bot, a loop in its code) must not take the stand's book down
with it: each key gets `rate` requests a second on average and bursts up to `burst`; beyond that
the answer is 429 at once, before any work. Failed authentications are limited per client
address the same way, so guessing keys costs the guesser, not the book.

One server process keeps its buckets in a dict (`RateLimiter`). The worker processes of
`maitred serve --workers N` share theirs (`SharedRateLimiter` over `SharedBuckets`, a table in
shared memory made before the workers start): a key gets its rate whatever worker answers it,
not N times its rate.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

MAX_BUCKETS = 10_000  # bounded memory whatever the callers send


class Limiter(Protocol):
    """What the gate asks of a rate limiter."""

    @property
    def rate(self) -> float: ...

    @property
    def burst(self) -> int: ...

    def has_token(self, name: str) -> bool: ...

    def take(self, name: str) -> bool: ...

    def retry_after(self, name: str) -> int: ...


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Token buckets by name; `rate <= 0` turns limiting off. Used from the event loop only."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def _bucket(self, name: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.get(name)
        if bucket is None:
            if len(self._buckets) >= MAX_BUCKETS:
                self._forget_full(now)
            bucket = self._buckets[name] = _Bucket(float(self.burst), now)
        else:
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
        return bucket

    def has_token(self, name: str) -> bool:
        return not self.enabled or self._bucket(name).tokens >= 1

    def take(self, name: str) -> bool:
        """Spend one token; False when the bucket is empty (the request must be refused)."""
        if not self.enabled:
            return True
        bucket = self._bucket(name)
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def retry_after(self, name: str) -> int:
        """Whole seconds until the next token (for the Retry-After header)."""
        if not self.enabled:
            return 0
        missing = 1 - self._bucket(name).tokens
        return max(1, int(missing / self.rate + 0.999))

    def _forget_full(self, now: float) -> None:
        """Buckets that have refilled behave exactly like new ones: drop them first."""
        for name, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.at) * self.rate >= self.burst:
                del self._buckets[name]
        if len(self._buckets) >= MAX_BUCKETS:
            self._buckets.clear()


#: How many neighbouring slots a name may take in the shared table before an old bucket gives way.
PROBES = 8


class SharedBuckets:
    """A bounded table of token buckets in memory shared by processes: made before they are
    spawned and handed to them then (it pickles only while a process is being spawned). A bucket
    is found by a 64-bit digest of its name; a name whose neighbourhood is full takes over the
    bucket that refilled (it behaves as a new one) or else the one idle longest.

    It takes no lock: a lock held by a worker killed at the wrong moment would stop every
    worker's requests for good. Two workers counting one bucket in the same microsecond may
    lose a count instead (a request let through that a lock would have refused, or seldom the
    reverse), which a rate limit can afford."""

    def __init__(self, slots: int = MAX_BUCKETS) -> None:
        context = multiprocessing.get_context("spawn")
        self.slots = slots
        self.names: Any = context.RawArray("Q", slots)  # digest of the name; 0: free
        self.values: Any = context.RawArray("d", 2 * slots)  # tokens, then the time they were counted

    @staticmethod
    def digest(name: str) -> int:
        return int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                              "little") or 1


class SharedRateLimiter:
    """`RateLimiter`'s token buckets, kept in `SharedBuckets` (one table per limiter)."""

    def __init__(self, rate: float, burst: int, buckets: SharedBuckets,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self._table = buckets
        self._clock = clock  # time.monotonic: one clock for every process of the computer

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def _slot(self, name: str, now: float) -> int:
        """The slot of `name`'s bucket, refilled to `now` (made full if it is new)."""
        table = self._table
        names, values = table.names, table.values
        digest = table.digest(name)
        start = digest % table.slots
        chosen, chosen_at, as_good_as_new = start, float("inf"), False
        for step in range(PROBES):
            slot = (start + step) % table.slots
            held = names[slot]
            if held == digest:
                tokens = min(float(self.burst), values[2 * slot] + (now - values[2 * slot + 1]) * self.rate)
                values[2 * slot], values[2 * slot + 1] = tokens, now
                return slot
            if as_good_as_new:
                continue  # keep looking for the name itself
            if held == 0 or values[2 * slot] + (now - values[2 * slot + 1]) * self.rate >= self.burst:
                chosen, as_good_as_new = slot, True
            elif values[2 * slot + 1] < chosen_at:
                chosen, chosen_at = slot, values[2 * slot + 1]
        values[2 * chosen], values[2 * chosen + 1] = float(self.burst), now
        names[chosen] = digest  # last: whoever finds the name finds its bucket filled
        return chosen

    def has_token(self, name: str) -> bool:
        if not self.enabled:
            return True
        return bool(self._table.values[2 * self._slot(name, self._clock())] >= 1)

    def take(self, name: str) -> bool:
        """Spend one token; False when the bucket is empty (the request must be refused)."""
        if not self.enabled:
            return True
        slot = self._slot(name, self._clock())
        values = self._table.values
        if values[2 * slot] < 1:
            return False
        values[2 * slot] -= 1
        return True

    def retry_after(self, name: str) -> int:
        """Whole seconds until the next token (for the Retry-After header)."""
        if not self.enabled:
            return 0
        missing = 1 - self._table.values[2 * self._slot(name, self._clock())]
        return max(1, int(missing / self.rate + 0.999))


@dataclass(frozen=True, slots=True)
class SharedLimits:
    """The buckets of every limit, shared by the worker processes of one server."""

    keys: SharedBuckets
    clients: SharedBuckets

    @classmethod
    def make(cls) -> SharedLimits:
        return cls(SharedBuckets(), SharedBuckets())
