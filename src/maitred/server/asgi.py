"""The few ASGI pieces the online server needs: a request view, a JSON answer, a route table.

The server used to be a Starlette application. A time-slot request then passed three middleware
layers, a router trying every route's regular expression in turn, and a request and a response
object built for every purpose; with the book's own work at a millisecond, that was a tenth of
each request. What the server needs of all that is small: find the route (a dict for the fixed
paths, a pattern for the few with an id in them), read the body, send a JSON answer, and map
exceptions to answers. Starlette's behaviours that callers can see are kept: 404 for an unknown
path, 405 with an `Allow` header for a known path and another method, HEAD wherever GET is
answered, and a 307 to the same path without (or with) its trailing slash when only that one
exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, quote

import orjson

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class ClientGone(Exception):
    """The client disconnected before its request's body arrived: nobody to answer."""


class Incoming:
    """One request, as the endpoints read it."""

    __slots__ = ("_receive", "path_params", "scope")

    def __init__(self, scope: Scope, receive: Receive, path_params: dict[str, str]) -> None:
        self.scope = scope
        self._receive = receive
        self.path_params = path_params

    def header(self, name: bytes) -> str | None:
        """The first value of a header (`name` in lower case, as ASGI servers give them)."""
        for key, value in self.scope["headers"]:
            if key == name:
                return str(value.decode("latin-1"))
        return None

    @property
    def client_host(self) -> str:
        client = self.scope.get("client")
        return str(client[0]) if client else "?"

    def query_items(self) -> list[tuple[str, str]]:
        query: bytes = self.scope.get("query_string", b"")
        return parse_qsl(query.decode("latin-1"), keep_blank_values=True) if query else []

    async def stream(self) -> AsyncIterator[bytes]:
        """The body as it arrives."""
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                raise ClientGone
            body = message.get("body", b"")
            if body:
                yield body
            if not message.get("more_body", False):
                return


def json_bytes(content: Any) -> bytes:
    """Compact JSON in UTF-8, as Starlette's JSONResponse wrote it; orjson does it in an eighth
    of the time. What orjson refuses (an integer past 64 bits) goes through the standard library."""
    try:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


class Answer:
    """A whole response: status, headers and body, sent in two ASGI messages."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, body: bytes, headers: dict[str, str] | None = None,
                 content_type: bytes | None = b"application/json") -> None:
        self.status = status
        self.body = body
        self.headers = [(b"content-length", str(len(body)).encode("latin-1"))]
        if content_type is not None:
            self.headers.append((b"content-type", content_type))
        for name, value in (headers or {}).items():
            self.headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))

    @classmethod
    def json(cls, content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
        return cls(status, json_bytes(content), headers)

    async def __call__(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})


Endpoint = Callable[[Incoming], Awaitable[Answer]]
_PARAMETER = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)}")


class RouteTable:
    """Endpoints by path and method; `{name}` in a path matches one segment (no `/`)."""

    def __init__(self) -> None:
        self._fixed: dict[str, dict[str, Endpoint]] = {}
        self._patterns: dict[str, tuple[re.Pattern[str], dict[str, Endpoint]]] = {}

    def add(self, method: str, path: str, endpoint: Endpoint) -> None:
        if "{" in path:
            pieces = _PARAMETER.split(path)  # text, name, text, name, ..., text
            regex = "".join(re.escape(piece) if k % 2 == 0 else f"(?P<{piece}>[^/]+)"
                            for k, piece in enumerate(pieces))
            methods = self._patterns.setdefault(path, (re.compile(f"^{regex}$"), {}))[1]
        else:
            methods = self._fixed.setdefault(path, {})
        methods[method] = endpoint
        if method == "GET":
            methods.setdefault("HEAD", endpoint)

    def find(self, path: str) -> tuple[dict[str, Endpoint], dict[str, str]] | None:
        """The endpoints of `path` by method, and its parameters; None for an unknown path."""
        fixed = self._fixed.get(path)
        if fixed is not None:
            return fixed, {}
        for pattern, methods in self._patterns.values():
            match = pattern.match(path)
            if match is not None:
                return methods, match.groupdict()
        return None


def redirect_for(scope: Scope, routes: RouteTable) -> Answer | None:
    """Starlette's redirect_slashes: a 307 to the path without its trailing slash (or with
    one) when only that path exists."""
    path: str = scope["path"]
    if path == "/":
        return None
    other = path.rstrip("/") if path.endswith("/") else path + "/"
    if routes.find(other) is None:
        return None
    host = next((value.decode("latin-1") for key, value in scope["headers"] if key == b"host"), None)
    scheme = scope.get("scheme", "http")
    if host is None and scope.get("server"):
        name, port = scope["server"]
        host = name if port == {"http": 80, "https": 443}.get(scheme) else f"{name}:{port}"
    url = f"{scheme}://{host}{scope.get('root_path', '')}{other}" if host else other
    query: bytes = scope.get("query_string", b"")
    if query:
        url += "?" + query.decode("latin-1")
    return Answer(307, b"", {"location": quote(url, safe=":/%#?=@[]!$&'()*+,;")}, content_type=None)
