"""Reading request JSON and writing response JSON: types, ranges, ids and timestamps.

A `Fields` wraps one JSON object and the dotted path it sits at, so every refusal names the
exact field (`details.partySize`, `configuration.tableManagement.tableDefinitions[0].seatsMin`).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from maitred.domain.errors import FieldViolation, InvalidArgument

E = TypeVar("E", bound=StrEnum)
_MISSING = object()

#: The instants a request may name (decision): wide enough for any booking or look-up, and far
#: enough from the calendar's ends that a day's or a week's arithmetic never runs off them.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def parse_timestamp(value: Any, field: str) -> datetime:
    """An ISO-8601 date-time with an offset or Z, in UTC, truncated to milliseconds."""
    if not isinstance(value, str):
        raise InvalidArgument(FieldViolation(field, "must be an ISO-8601 date-time string"))
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError as exc:
        raise InvalidArgument(FieldViolation(field, f"'{value}' is not an ISO-8601 date-time")) from exc
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidArgument(FieldViolation(field, "needs a time-zone offset or Z (e.g. 2026-06-08T19:30:00Z)"))
    if not EARLIEST <= parsed < LATEST:
        raise InvalidArgument(FieldViolation(field, f"must be in the years {EARLIEST.year} to {LATEST.year - 1}"))
    parsed = parsed.astimezone(UTC)
    return parsed.replace(microsecond=parsed.microsecond // 1000 * 1000)


def check_text(value: str, field: str) -> str:
    """Text a database can keep: no NUL character, no half of a UTF-16 surrogate pair (both can
    come out of a JSON parser, and PostgreSQL or UTF-8 refuses them later, as an INTERNAL error)."""
    if "\x00" in value or not _encodable(value):
        raise InvalidArgument(FieldViolation(field, "contains characters that are not text"))
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_json_value(value: Any, field: str, depth: int = 0) -> Any:
    """A free-form JSON value (a custom field's answer) that can be stored and given back as JSON:
    finite numbers, text, and lists and objects of those, not nested without end."""
    if depth > 20:
        raise InvalidArgument(FieldViolation(field, "is nested too deeply"))
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidArgument(FieldViolation(field, "must be a finite number"))
    if isinstance(value, str):
        return check_text(value, field)
    if isinstance(value, list):
        return [check_json_value(item, join(field, i), depth + 1) for i, item in enumerate(value)]
    if isinstance(value, Mapping):
        return {check_text(str(k), field): check_json_value(v, join(field, str(k)), depth + 1)
                for k, v in value.items()}
    return value


def format_timestamp(value: datetime) -> str:
    """UTC with Z: whole seconds without a fraction, otherwise milliseconds."""
    utc = value.astimezone(UTC)
    base = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    millis = utc.microsecond // 1000
    return f"{base}.{millis:03d}Z" if millis else f"{base}Z"


def parse_id(value: Any, field: str) -> str:
    """A UUID in its canonical lower-case form; anything else is INVALID_ARGUMENT."""
    if not isinstance(value, str):
        raise InvalidArgument(FieldViolation(field, "must be an id (a UUID string)"))
    try:
        return str(uuid.UUID(value))
    except ValueError as exc:
        raise InvalidArgument(FieldViolation(field, f"'{value}' is not a well-formed id")) from exc


def parse_revision(value: Any, field: str = "revision") -> int:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidArgument(FieldViolation(field, "is required: the revision you last read, as a string"))
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1:
        raise InvalidArgument(FieldViolation(field, f"'{value}' is not a revision"))
    return int(text)


class Fields:
    """One JSON object of a request, with the path to it."""

    def __init__(self, data: Any, path: str = "", *, what: str = "an object") -> None:
        if not isinstance(data, Mapping):
            raise InvalidArgument(FieldViolation(path, f"must be {what}"))
        self.data: Mapping[str, Any] = data
        self.path = path

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def given(self, key: str) -> bool:
        """Named with a value other than null."""
        return self.data.get(key) is not None

    def at(self, key: str | int) -> str:
        return join(self.path, key)

    def bad(self, key: str | int, description: str) -> InvalidArgument:
        return InvalidArgument(FieldViolation(self.at(key), description))

    def raw(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key, default)
        return default if value is None else value

    def required(self, key: str) -> Any:
        value = self.data.get(key)
        if value is None:
            raise self.bad(key, "is required")
        return value

    def object(self, key: str, *, required: bool = False) -> Fields | None:
        value = self.required(key) if required else self.data.get(key)
        return None if value is None else Fields(value, self.at(key))

    def objects(self, key: str, *, max_items: int = 1000) -> Iterator[Fields]:
        for i, item in enumerate(self.array(key, max_items=max_items)):
            yield Fields(item, self.at(key) + f"[{i}]")

    def array(self, key: str, *, max_items: int = 1000, required: bool = False) -> list[Any]:
        value = self.required(key) if required else self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.bad(key, "must be a list")
        if len(value) > max_items:
            raise self.bad(key, f"may hold at most {max_items} items")
        return value

    def string(self, key: str, *, required: bool = False, max_length: int = 1000,
               min_length: int = 0) -> str | None:
        value = self.required(key) if required else self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.bad(key, "must be a string")
        check_text(value, self.at(key))
        if len(value) > max_length:
            raise self.bad(key, f"is longer than {max_length} characters")
        if len(value) < min_length:
            raise self.bad(key, f"needs at least {min_length} character{'s' if min_length > 1 else ''}")
        return value

    def integer(self, key: str, *, low: int, high: int, required: bool = False,
                default: int | None = None) -> int | None:
        value = self.required(key) if required else self.data.get(key)
        if value is None:
            return default
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.bad(key, "must be a whole number")
        if not low <= value <= high:
            raise self.bad(key, f"must be between {low} and {high}")
        return value

    def number(self, key: str, default: float) -> float:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.bad(key, "must be a number")
        return float(value)

    def boolean(self, key: str, default: bool | None = None) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.bad(key, "must be true or false")
        return value

    def timestamp(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.required(key) if required else self.data.get(key)
        return None if value is None else parse_timestamp(value, self.at(key))

    def identifier(self, key: str, *, required: bool = False) -> str | None:
        value = self.required(key) if required else self.data.get(key)
        return None if value is None else parse_id(value, self.at(key))

    def enum(self, key: str, kind: type[E], *, required: bool = False, allowed: Any = None) -> E | None:
        value = self.required(key) if required else self.data.get(key)
        if value is None:
            return None
        return parse_enum(value, kind, self.at(key), allowed)

    def enums(self, key: str, kind: type[E], *, max_items: int = 10) -> list[E]:
        values = self.array(key, max_items=max_items)
        return [parse_enum(v, kind, self.at(key) + f"[{i}]") for i, v in enumerate(values)]

    def reject_unknown(self, allowed: set[str]) -> None:
        """Settings are strict: a misspelt field would otherwise be dropped silently."""
        for key in self.data:
            if key not in allowed:
                raise self.bad(key, "is not a field of this object")


def parse_enum(value: Any, kind: type[E], field: str, allowed: Any = None) -> E:
    choices = list(allowed) if allowed is not None else list(kind)
    try:
        parsed = kind(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed not in choices:
        raise InvalidArgument(FieldViolation(field, f"must be one of {', '.join(str(c) for c in choices)}"))
    return parsed


def prune(value: dict[str, Any]) -> dict[str, Any]:
    """Drop None values from a response object, at every depth."""
    pruned: dict[str, Any] = _prune(value)
    return pruned


def _prune(value: Any) -> Any:
    """Drop None values from response objects (unset fields are left out, as in Wix REST)."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value
