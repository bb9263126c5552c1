"""Domain values <-> JSON, for the location document, the guest and the audit snapshots.

The converter is generic and driven by the dataclasses' own fields and type hints, so a field
added to a domain value is stored without touching this module. Decoding is lenient in one
direction only, on purpose: a key missing from an older document takes the field's default, and a
key the current code no longer knows is ignored. Everything else round-trips exactly
(`from_json(type(v), to_json(v)) == v`), including enums, tuples, read-only mappings and aware
datetimes (kept to the microsecond, written as readable UTC ISO-8601).
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, TypeAlias, TypeVar, cast

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None

T = TypeVar("T")


class CodecError(ValueError):
    """Stored JSON does not fit the type it is read as (a damaged or foreign document)."""


# --- instants in columns: epoch milliseconds ----------------------------------------------------

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)


def to_ms(value: datetime) -> int:
    """Epoch milliseconds of an aware instant; finer precision is truncated (as the API does)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: the book stores instants, which need a time zone")
    return (value - EPOCH) // _MILLISECOND


def from_ms(milliseconds: int) -> datetime:
    """The aware UTC instant of epoch milliseconds (exact: no float on the way)."""
    return EPOCH + timedelta(milliseconds=milliseconds)


# --- encoding: driven by the value ---------------------------------------------------------------


def to_json(value: object) -> JsonValue:
    """The JSON-able form of a domain value (dataclasses become objects keyed by field name)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):  # before str: a StrEnum is a str
        return cast(JsonValue, value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return _datetime_to_text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_json(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {_key(key): to_json(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    raise TypeError(f"can't store a {type(value).__name__} as JSON")


def dumps(value: object) -> str:
    """Compact JSON text of a domain value."""
    return json.dumps(to_json(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"mapping keys must be strings to be stored as JSON, not {type(key).__name__}")
    return key


def _datetime_to_text(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: the book stores instants, which need a time zone")
    timespec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
    return value.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


# --- decoding: driven by the type hints ---------------------------------------------------------


def from_json(kind: type[T], data: JsonValue) -> T:
    """Rebuild a value of class `kind` (usually a domain dataclass) from `to_json`'s output."""
    return cast(T, from_json_hint(kind, data))


def loads(kind: type[T], text: str) -> T:
    """Rebuild a value of class `kind` from `dumps`'s output."""
    return from_json(kind, cast(JsonValue, json.loads(text)))


def from_json_hint(hint: Any, data: JsonValue) -> Any:
    """Rebuild a value described by any supported type hint (`tuple[TableClash, ...]`, `X | None`)."""
    try:
        return _decode(hint, data)
    except CodecError:
        raise
    except (TypeError, ValueError, KeyError) as error:
        raise CodecError(f"stored value {data!r:.200} is not a valid {_name(hint)}: {error}") from error


def _decode(hint: Any, data: JsonValue) -> Any:
    if hint is Any or hint is object:
        return data
    if hint is None or hint is type(None):
        return _expect_none(data)
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return _decode_union(typing.get_args(hint), data)
    if origin is not None:
        return _decode_generic(origin, typing.get_args(hint), data)
    if isinstance(hint, type):
        return _decode_class(hint, data)
    raise TypeError(f"unsupported type hint {hint!r}")


def _decode_union(options: tuple[Any, ...], data: JsonValue) -> Any:
    if data is None and type(None) in options:
        return None
    candidates = [option for option in options if option is not type(None)]
    errors: list[str] = []
    for option in candidates:
        try:
            return _decode(option, data)
        except (TypeError, ValueError, KeyError) as error:
            errors.append(str(error))
    raise ValueError("; ".join(errors) or "no type to decode into")


def _decode_generic(origin: Any, args: tuple[Any, ...], data: JsonValue) -> Any:
    if origin is tuple:
        items = _expect(list, data)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in items)
        if not args:
            return tuple(items)
        if len(args) != len(items):
            raise ValueError(f"expected {len(args)} items, found {len(items)}")
        return tuple(_decode(arg, item) for arg, item in zip(args, items, strict=True))
    if origin is list:
        item_hint = args[0] if args else Any
        return [_decode(item_hint, item) for item in _expect(list, data)]
    if origin in (dict, Mapping, types.MappingProxyType):
        value_hint = args[1] if len(args) == 2 else Any
        decoded = {_key(key): _decode(value_hint, item) for key, item in _expect(dict, data).items()}
        # A read-only mapping in the domain (custom fields) comes back read-only.
        return decoded if origin is dict else types.MappingProxyType(decoded)
    raise TypeError(f"unsupported generic type {origin!r}")


def _decode_class(cls: type, data: JsonValue) -> Any:
    if dataclasses.is_dataclass(cls):
        return _decode_dataclass(cls, _expect(dict, data))
    if issubclass(cls, enum.Enum):
        return cls(data)
    if issubclass(cls, datetime):
        return datetime.fromisoformat(_expect(str, data)).astimezone(UTC)
    if cls is bool:
        return _expect(bool, data)
    if cls is int:
        if isinstance(data, bool):
            raise TypeError("expected an integer, found a boolean")
        return _expect(int, data)
    if cls is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise TypeError(f"expected a number, found {type(data).__name__}")
        return float(data)
    if cls is str:
        return _expect(str, data)
    raise TypeError(f"unsupported type {cls.__name__}")


def _decode_dataclass(cls: type, data: dict[str, JsonValue]) -> Any:
    hints = _field_hints(cls)
    arguments = {name: _decode(hint, data[name]) for name, hint in hints.items() if name in data}
    return cls(**arguments)


@cache
def _field_hints(cls: type) -> dict[str, Any]:
    """The resolved hints of the fields `__init__` takes (string annotations included)."""
    resolved = typing.get_type_hints(cls)
    return {field.name: resolved[field.name] for field in dataclasses.fields(cls) if field.init}


def _expect(kind: type[T], data: JsonValue) -> T:
    if not isinstance(data, kind):
        raise TypeError(f"expected {kind.__name__}, found {type(data).__name__}")
    return data


def _expect_none(data: JsonValue) -> None:
    if data is not None:
        raise TypeError(f"expected null, found {type(data).__name__}")


def _name(hint: Any) -> str:
    return hint.__name__ if isinstance(hint, type) else str(hint)
