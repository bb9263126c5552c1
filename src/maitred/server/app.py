"""The Starlette application: routes of `routes.py` over the wire API, with the gate and limits.

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

The methods of one path share one Starlette route, so a 405 names all of them in its `Allow`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from maitred.api import ApiError, ReservationApi
from maitred.server.answers import JsonAnswer, NoAnswer
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


Endpoint = Callable[[Request], Awaitable[Response]]
_STATUS_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def _endpoint(spec: RouteSpec, gate: Gate, access: BookAccess, settings: ServerSettings) -> Endpoint:
    run = access.read if spec.operation in READ_OPERATIONS else access.write

    async def endpoint(request: Request) -> Response:
        scoped = await gate.admit(request)
        body = await read_json(request, settings.max_body_bytes) if spec.body else {}
        if spec.body and not isinstance(body, dict):
            raise invalid_body("the body must be a JSON object")
        query = parse_query(request.query_params.multi_items())
        wire_request = spec.build(body, dict(request.path_params), query)
        result = await run(scoped.call, spec.operation, wire_request)
        return JsonAnswer(result)

    endpoint.__name__ = spec.operation
    return endpoint


def _by_method(endpoints: dict[str, Endpoint]) -> Endpoint:
    """One endpoint for the methods of one path (Starlette's route has checked the method)."""

    async def endpoint(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await endpoints[method](request)

    return endpoint


async def _on_api_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return api_error_response(error)


async def _on_http_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, HttpError)
    return http_error_response(error)


async def _on_starlette_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = _STATUS_CODES.get(error.status_code, "INVALID_ARGUMENT")
    message = "there is no such route" if error.status_code == 404 else str(error.detail)
    return application_error(error.status_code, code, message, headers=dict(error.headers or {}))


async def _on_client_gone(_request: Request, _error: Exception) -> Response:
    return NoAnswer()


async def _on_unexpected(_request: Request, error: Exception) -> Response:
    log.exception("unexpected failure in the online server", exc_info=error)
    return application_error(500, "INTERNAL", "something went wrong inside Maitre D; nothing was changed")


def build_app(api: ReservationApi, keys: ApiKeyService, settings: ServerSettings | None = None, *,
              reads_in_loop: bool = True, limits: SharedLimits | None = None) -> Starlette:
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
    by_path: dict[str, dict[str, Endpoint]] = {}
    for prefix in ("", SDK_PREFIX):
        for spec in ROUTES:
            by_path.setdefault(prefix + spec.full_path, {})[spec.method] = _endpoint(spec, gate, access, settings)
    routes: list[BaseRoute] = [Route(path, _by_method(endpoints), methods=list(endpoints), include_in_schema=False)
                               for path, endpoints in by_path.items()]
    document = JsonAnswer(openapi_document())

    async def openapi(_request: Request) -> Response:
        return document

    routes.append(Route("/openapi.json", openapi, methods=["GET"]))
    app = Starlette(routes=routes, exception_handlers={
        ApiError: _on_api_error, HttpError: _on_http_error, HTTPException: _on_starlette_error,
        ClientDisconnect: _on_client_gone, Exception: _on_unexpected,
    })
    app.state.gate = gate
    app.state.access = access
    return app


def build_book_app(book: ReservationBook, settings: ServerSettings | None = None, *,
                   limits: SharedLimits | None = None, writers: WritersLock | None = None) -> Starlette:
    """The application over a whole book (its keys included), as `maitred serve` and the stand run
    it; a worker process of `maitred serve` gives the `limits` and `writers` it shares."""
    return build_app(ReservationApi(server_book(book, writers)), ApiKeyService(book.unit_of_work, book.clock),
                     settings, reads_in_loop=not reads_wait_on_network(book), limits=limits)
