"""Per-key request rate (token buckets) and the request-size limit.

A website's key that goes wild (a bot, a loop in its code) must not take the stand's book down
with it: each key gets `rate` requests a second on average and bursts up to `burst`; beyond that
the answer is 429 at once, before any work. Failed authentications are limited per client
address the same way, so guessing keys costs the guesser, not the book.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_BUCKETS = 10_000  # bounded memory whatever the callers send


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
