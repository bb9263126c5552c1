"""Who is calling: the API key in the `Authorization` header, checked and rate-limited.

The Wix SDK's API-key strategy sends the key as the whole header value; "Bearer <key>" is
accepted too. A key is looked up by the SHA-256 of its text (a fast hash: keys are 256 random
bits, see services/api_keys.py), and the answer is kept for a second, so a busy website costs
one indexed look-up a second, not one per request. A key revoked in this process is forgotten at
once (`forget`); one revoked by another process (`maitred apikey revoke`, the stand while
`maitred serve` runs, or through another worker) stops within that second, when the cached answer
is checked against the book again.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from maitred.api import ReservationApi, ScopedApi
from maitred.domain.api_key import ApiKey
from maitred.server.errors import HttpError
from maitred.server.limits import Limiter, RateLimiter
from maitred.services.api_keys import ApiKeyService, hash_key

ONLINE_TERMINAL = "online"
MAX_HEADER = 512

#: How the gate runs a look-up in the book: `await read(function, argument)`.
Reader = Callable[[Callable[[str], Any], str], Awaitable[Any]]


def key_text(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    text = header.strip()
    if text[:7].lower() == "bearer ":
        text = text[7:].strip()
    return text or None


class Gate:
    """Turns a request into the scoped wire API of its key, or refuses it (401, 429)."""

    def __init__(self, api: ReservationApi, keys: ApiKeyService, limiter: Limiter,
                 cache_seconds: float = 1.0, clock: Callable[[], float] = time.monotonic,
                 access: Reader = run_in_threadpool, failures: Limiter | None = None) -> None:
        self._api = api
        self._read = access
        self._keys = keys
        self._limiter = limiter
        self._failures = failures or RateLimiter(limiter.rate, limiter.burst, clock)
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._known: dict[str, tuple[ApiKey, float]] = {}
        self._scoped: dict[str, ScopedApi] = {}

    def forget(self, key_id: str | None = None) -> None:
        """A key was revoked here: stop trusting the cached answer at once."""
        if key_id is None:
            self._known.clear()
        else:
            self._known = {h: entry for h, entry in self._known.items() if entry[0].id != key_id}
        self._scoped.pop(key_id or "", None)

    async def admit(self, request: Request) -> ScopedApi:
        client = f"ip:{request.client.host if request.client else '?'}"
        if not self._failures.has_token(client):
            raise self._too_many(self._failures, client)
        text = key_text(request)
        key = await self._authenticate(text) if text and len(text) <= MAX_HEADER else None
        if key is None:
            self._failures.take(client)
            what = "no API key was given" if text is None else "this API key is not valid (or was revoked)"
            raise HttpError(401, "UNAUTHENTICATED", f"{what}: send it in the Authorization header",
                            {"WWW-Authenticate": 'Bearer realm="maitred"'})
        if not self._limiter.take(key.id):
            raise self._too_many(self._limiter, key.id)
        scoped = self._scoped.get(key.id)
        if scoped is None:
            scoped = self._scoped[key.id] = self._api.as_scope(key.scope, actor=key.actor, terminal=ONLINE_TERMINAL)
        return scoped

    async def _authenticate(self, text: str) -> ApiKey | None:
        digest = hash_key(text)
        now = self._clock()
        cached = self._known.get(digest)
        if cached is not None and cached[1] > now:
            return cached[0]
        key: ApiKey | None = await self._read(self._keys.authenticate, text)
        if key is None:
            self._known.pop(digest, None)
            return None
        if len(self._known) > 1000:
            self._known.clear()
        self._known[digest] = (key, now + self._cache_seconds)
        return key

    @staticmethod
    def _too_many(limiter: Limiter, name: str) -> HttpError:
        wait = limiter.retry_after(name)
        return HttpError(429, "RESOURCE_EXHAUSTED", f"too many requests: try again in {wait} s",
                         {"Retry-After": str(wait)})
