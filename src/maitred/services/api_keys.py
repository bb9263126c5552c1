"""Making, listing, revoking and checking the API keys of the online-bookings server.

Keys are 32 random bytes (256 bits), so a plain SHA-256 of the key is a safe thing to store: no
dictionary or brute force can reverse a hash of that much randomness, and checking a key stays
one indexed look-up per request (a slow password hash would cost more than the booking).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence

from maitred.domain.api_key import MAX_KEY_NAME, ApiKey, ApiKeyNotFound
from maitred.domain.errors import invalid
from maitred.domain.lifecycle import Scope
from maitred.services.ports import Clock, UnitOfWorkFactory

#: Makes keys recognisable in a config file or a leaked log ("Maitre D key").
KEY_PREFIX = "mdk_"


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeyService:
    """API keys over the book's unit of work; `authenticate` is on every request's path."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    def create(self, name: str, scope: Scope | str, *, created_by: str | None = None) -> tuple[ApiKey, str]:
        """A new key: returns it with the key text, which is never available again."""
        name = name.strip()
        if not 1 <= len(name) <= MAX_KEY_NAME:
            raise invalid("name", f"needs 1 to {MAX_KEY_NAME} characters")
        try:
            parsed_scope = Scope(scope)
        except ValueError:
            raise invalid("scope", "must be BASIC, MEDIUM or FULL") from None
        text = new_key()
        key = ApiKey(id=str(uuid.uuid4()), name=name, scope=parsed_scope, key_hash=hash_key(text),
                     created=self._clock(), created_by=created_by)
        with self._unit_of_work(write=True) as uow:
            if any(k.active and k.name == name for k in uow.api_keys.list()):
                raise invalid("name", f"an active key is already called {name!r}: the audit log could not "
                              "tell them apart")
            uow.api_keys.add(key)
            uow.commit()
        return key, text

    def list(self) -> Sequence[ApiKey]:
        """Every key ever made, revoked ones included, oldest first."""
        with self._unit_of_work() as uow:
            return uow.api_keys.list()

    def revoke(self, key_id: str) -> ApiKey:
        """Stop a key at once; revoking a revoked key changes nothing."""
        with self._unit_of_work(write=True) as uow:
            key = uow.api_keys.get(key_id)
            if key is None:
                raise ApiKeyNotFound(f"there is no API key {key_id}")
            if key.active:
                key = ApiKey(key.id, key.name, key.scope, key.key_hash, key.created, key.created_by, self._clock())
                uow.api_keys.save(key)
                uow.commit()
            return key

    def authenticate(self, text: str) -> ApiKey | None:
        """The active key whose text this is, or None."""
        if not text.startswith(KEY_PREFIX):
            return None
        with self._unit_of_work() as uow:
            key = uow.api_keys.find_by_hash(hash_key(text))
        return key if key is not None and key.active else None
