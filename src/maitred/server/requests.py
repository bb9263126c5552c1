"""From an HTTP request to the wire API's request dict: body, query string and path.

The body is read up to the size limit and must be JSON; a query string becomes nested keys
(`paging.limit=10` → `{"paging": {"limit": 10}}`, repeated keys → lists, the SDK's `.r`
parameter → its base64 JSON). Strings that a database could not store (lone surrogates, NUL)
are refused here, so nothing half-valid reaches the book.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable
from typing import Any

from starlette.requests import Request

from maitred.server.errors import HttpError, invalid_body

#: Query values that are numbers on the wire (every other one stays a string, as sent).
INTEGER_PARAMS = {"limit", "offset", "partySize", "duration", "slotsBefore", "slotsAfter"}
#: Query keys that are lists even when given once.
LIST_PARAMS = {"fieldsets"}
MAX_DEPTH = 64

_SUSPECT_ESCAPE = re.compile(rb"\\u(?:[dD][89a-fA-F]|0000)")


def too_large(limit: int) -> HttpError:
    return HttpError(413, "PAYLOAD_TOO_LARGE", f"the request body is larger than {limit} bytes")


async def read_json(request: Request, limit: int) -> Any:
    """The body as JSON (an empty body is `{}`); 413 past `limit` bytes, INVALID_ARGUMENT if
    it is not JSON."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise HttpError(400, "INVALID_ARGUMENT", "Content-Length is not a number")
        if int(declared) > limit:
            raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        return {}
    try:
        value = _DECODER.decode(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise invalid_body(f"the body is not valid JSON ({type(error).__name__})") from None
    if _SUSPECT_ESCAPE.search(raw):
        _check_strings(value)
    if raw.count(b"{") + raw.count(b"[") > MAX_DEPTH and _depth(value) > MAX_DEPTH:  # fewer can't nest deeper
        raise invalid_body(f"the body is nested deeper than {MAX_DEPTH} levels")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


#: The standard library's decoder, made once (json.loads with an option makes one a call).
_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def _check_strings(value: Any) -> None:
    """No lone surrogate (not UTF-8) and no NUL (PostgreSQL can't store it) in any string."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                raise invalid_body("a string holds a NUL character")
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise invalid_body("a string holds a lone UTF-16 surrogate") from None


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def parse_query(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """A query string as nested request keys."""
    pairs = list(items)
    packed = [v for k, v in pairs if k == ".r"]
    if packed:
        return _unpack(packed[0])
    result: dict[str, Any] = {}
    for key, text in pairs:
        path = [part for part in key.split(".") if part]
        if not path or len(path) > 8:
            continue
        value: Any = int(text) if path[-1] in INTEGER_PARAMS and re.fullmatch(r"-?\d{1,18}", text) else text
        node = result
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        last = path[-1]
        if last in node:
            current = node[last]
            node[last] = [*current, value] if isinstance(current, list) else [current, value]
        else:
            node[last] = [value] if last in LIST_PARAMS else value
    return result


def _unpack(text: str) -> dict[str, Any]:
    """The SDK's `.r` parameter: a whole request as base64url JSON (for GETs too complex for keys)."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = _DECODER.decode(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise invalid_body("the .r parameter is not base64 JSON", ".r") from None
    if not isinstance(value, dict):
        raise invalid_body("the .r parameter must hold a JSON object", ".r")
    _check_strings(value)
    return value
