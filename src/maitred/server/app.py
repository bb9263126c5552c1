"""The ASGI application: routes of `routes.py` over the wire API, with the gate and limits.

Every answer is JSON. The wire API's refusals keep their SPEC status and code; the server's own
(no key, too many requests, too large, unknown route, not JSON) are 4xx with a code of their
own; anything unexpected is a 500 INTERNAL with nothing written (the wire API's own guarantee).

Where the book's work runs (`BookAccess`): a read of a local SQLite book takes a millisecond or
two of Python and never waits for a writer (WAL), so it runs right on the event loop; handing it
to a thread cost more than the read itself (the GIL passed back and forth between the loop and
forty threads, each hand-off up to a 5 ms switch interval late), and held time slots at about
half the requests a second. Writes may wait for another process's lock (the stand, `maitred
apikey`, another worker), so they run in a worker thread, one at a time, in order of arrival: the
book's writers take turns anyway. A book on a database server (PostgreSQL) waits on the network
for every query, so its reads go to threads too.

The application is a small ASGI callable (asgi.py) rather than a Starlette one, for speed; it
answers as the Starlette one did.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from maitred.api import ApiError, ReservationApi
from maitred.server.asgi import (
    Answer,
    ClientGone,
    Endpoint,
    Incoming,
    Message,
    Receive,
    RouteTable,
    Scope,
    Send,
    json_bytes,
    redirect_for,
)
from maitred.server.errors import (
    HttpError,
    api_error_response,
    application_error,
    http_error_response,
    invalid_body,
)
from maitred.server.gate import Gate
from maitred.server.limits import Limiter, RateLimiter, SharedLimits, SharedRateLimiter
from maitred.server.openapi import openapi_document
from maitred.server.requests import parse_query, read_json
from maitred.server.routes import READ_OPERATIONS, ROUTES, SDK_PREFIX, RouteSpec
from maitred.server.server_book import WritersLock, reads_wait_on_network, server_book
from maitred.services.api_keys import ApiKeyService
from maitred.services.book import ReservationBook

log = logging.getLogger(__name__)
Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """Limits of the online server; `rate_per_second <= 0` turns the rate limit off."""

    max_body_bytes: int = 64 * 1024
    rate_per_second: float = 20.0
    burst: int = 40
    key_cache_seconds: float = 1.0


class BookAccess:
    """Runs the book's reads on the event loop (or in threads, `reads_in_loop=False`) and its
    writes in a worker thread, one at a time (see the module's docstring)."""

    def __init__(self, reads_in_loop: bool = True) -> None:
        self.reads_in_loop = reads_in_loop
        self._writer = CapacityLimiter(1)

    async def read(self, work: Callable[..., Result], *args: Any) -> Result:
        if self.reads_in_loop:
            return work(*args)
        return await anyio.to_thread.run_sync(functools.partial(work, *args))

    async def write(self, work: Callable[..., Result], *args: Any) -> Result:
        return await anyio.to_thread.run_sync(functools.partial(work, *args), limiter=self._writer)


def _endpoint(spec: RouteSpec, gate: Gate, access: BookAccess, settings: ServerSettings) -> Endpoint:
    run = access.read if spec.operation in READ_OPERATIONS else access.write

    async def endpoint(request: Incoming) -> Answer:
        scoped = await gate.admit(request)
        body = await read_json(request, settings.max_body_bytes) if spec.body else {}
        if spec.body and not isinstance(body, dict):
            raise invalid_body("the body must be a JSON object")
        query = parse_query(request.query_items())
        wire_request = spec.build(body, dict(request.path_params), query)
        result = await run(scoped.call, spec.operation, wire_request)
        return Answer.json(result)

    endpoint.__name__ = spec.operation
    return endpoint


def _not_found() -> Answer:
    return application_error(404, "NOT_FOUND", "there is no such route")


def _not_allowed(methods: dict[str, Endpoint]) -> Answer:
    return application_error(405, "METHOD_NOT_ALLOWED", "Method Not Allowed", headers={"Allow": ", ".join(methods)})


class OnlineApp:
    """The online-bookings application: route, call the endpoint, turn what it raises into an
    answer. `state.gate` is the key gate (the stand tells it of a revoked key), `state.access`
    where the book's work runs."""

    def __init__(self, routes: RouteTable, gate: Gate, access: BookAccess) -> None:
        self.routes = routes
        self.state = SimpleNamespace(gate=gate, access=access)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            answer = await self._answer(scope, receive)
            if answer is not None:
                await answer(send)
        elif kind == "lifespan":
            await _lifespan(receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1000})

    async def _answer(self, scope: Scope, receive: Receive) -> Answer | None:
        try:
            found = self.routes.find(scope["path"])
            if found is None:
                return redirect_for(scope, self.routes) or _not_found()
            methods, parameters = found
            endpoint = methods.get(scope["method"])
            if endpoint is None:
                return _not_allowed(methods)
            return await endpoint(Incoming(scope, receive, parameters))
        except ApiError as error:
            return api_error_response(error)
        except HttpError as error:
            return http_error_response(error)
        except ClientGone:
            return None
        except Exception as error:
            log.exception("unexpected failure in the online server", exc_info=error)
            return application_error(500, "INTERNAL", "something went wrong inside Maitre D; nothing was changed")


async def _lifespan(receive: Receive, send: Send) -> None:
    """Nothing to start or stop (uvicorn runs with lifespan off; a test client may still ask)."""
    while True:
        message: Message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def build_app(api: ReservationApi, keys: ApiKeyService, settings: ServerSettings | None = None, *,
              reads_in_loop: bool = True, limits: SharedLimits | None = None) -> OnlineApp:
    """The online-bookings application over `api`, admitting the callers of `keys`; its reads run
    on the event loop unless `reads_in_loop` is False (a book on a database server). `limits`:
    the rate limits' buckets shared with the other worker processes of the same server."""
    settings = settings or ServerSettings()
    access = BookAccess(reads_in_loop)
    limiter: Limiter
    failures: Limiter | None
    if limits is None:
        limiter, failures = RateLimiter(settings.rate_per_second, settings.burst), None
    else:
        limiter = SharedRateLimiter(settings.rate_per_second, settings.burst, limits.keys)
        failures = SharedRateLimiter(settings.rate_per_second, settings.burst, limits.clients)
    gate = Gate(api, keys, limiter, settings.key_cache_seconds, access=access.read, failures=failures)
    routes = RouteTable()
    for prefix in ("", SDK_PREFIX):
        for spec in ROUTES:
            routes.add(spec.method, prefix + spec.full_path, _endpoint(spec, gate, access, settings))
    document = Answer(200, json_bytes(openapi_document()))

    async def openapi(_request: Incoming) -> Answer:
        return document

    routes.add("GET", "/openapi.json", openapi)
    return OnlineApp(routes, gate, access)


def build_book_app(book: ReservationBook, settings: ServerSettings | None = None, *,
                   limits: SharedLimits | None = None, writers: WritersLock | None = None) -> OnlineApp:
    """The application over a whole book (its keys included), as `maitred serve` and the stand run
    it; a worker process of `maitred serve` gives the `limits` and `writers` it shares."""
    return build_app(ReservationApi(server_book(book, writers)), ApiKeyService(book.unit_of_work, book.clock),
                     settings, reads_in_loop=not reads_wait_on_network(book), limits=limits)
