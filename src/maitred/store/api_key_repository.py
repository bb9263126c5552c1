"""The `ApiKeyRepository` port over SQL: API keys of the online-bookings server, by hash."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, insert, select, update

from maitred.domain.api_key import ApiKey
from maitred.domain.lifecycle import Scope
from maitred.store.codec import from_ms, to_ms
from maitred.store.repositories import StoreConnection
from maitred.store.schema import api_keys_table

_key = api_keys_table.c


class SqlApiKeyRepository:
    """Keys are looked up by the hash of the key a request carries (a unique index)."""

    def __init__(self, store: StoreConnection) -> None:
        self._store = store

    def add(self, key: ApiKey) -> None:
        self._store.execute(insert(api_keys_table).values(**_values(key)))

    def get(self, key_id: str) -> ApiKey | None:
        row = self._store.execute(select(api_keys_table).where(_key.id == key_id)).first()
        return None if row is None else _key_of(row)

    def find_by_hash(self, key_hash: str) -> ApiKey | None:
        row = self._store.execute(select(api_keys_table).where(_key.key_hash == key_hash)).first()
        return None if row is None else _key_of(row)

    def list(self) -> Sequence[ApiKey]:
        rows = self._store.execute(select(api_keys_table).order_by(_key.created_ms, _key.id))
        return [_key_of(row) for row in rows]

    def save(self, key: ApiKey) -> None:
        values = _values(key)
        del values["id"]
        self._store.execute(update(api_keys_table).where(_key.id == key.id).values(**values))


def _values(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id, "name": key.name, "scope": str(key.scope), "key_hash": key.key_hash,
        "created_ms": to_ms(key.created), "created_by": key.created_by,
        "revoked_ms": None if key.revoked is None else to_ms(key.revoked),
    }


def _key_of(row: Row[Any]) -> ApiKey:
    return ApiKey(
        id=row.id, name=row.name, scope=Scope(row.scope), key_hash=row.key_hash,
        created=from_ms(row.created_ms), created_by=row.created_by,
        revoked=None if row.revoked_ms is None else from_ms(row.revoked_ms),
    )
