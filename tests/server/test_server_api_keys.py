"""API keys: made once and shown once, stored as hashes, revoked for good."""

from __future__ import annotations

import hashlib

import pytest

from conftest import NOW, Clock
from maitred.domain.api_key import ApiKeyNotFound
from maitred.domain.errors import InvalidArgument
from maitred.domain.lifecycle import Scope
from maitred.services.api_keys import KEY_PREFIX, ApiKeyService, hash_key
from maitred.store import SqlBook


@pytest.fixture
def keys():
    store = SqlBook("sqlite://")
    clock = Clock()
    yield ApiKeyService(store, clock), store, clock
    store.close()


def test_a_key_is_random_and_only_its_hash_is_kept(keys) -> None:
    service, store, _ = keys
    key, text = service.create("  website ", "BASIC", created_by="manager")
    assert text.startswith(KEY_PREFIX) and len(text) > 40
    assert key.name == "website" and key.scope is Scope.BASIC and key.created == NOW and key.created_by == "manager"
    assert key.key_hash == hashlib.sha256(text.encode()).hexdigest() == hash_key(text)
    assert key.actor == "apikey:website" and key.active
    with store() as uow:
        assert uow.api_keys.get(key.id) == key
    other = service.create("integration", Scope.FULL)[1]
    assert other != text


def test_authenticate(keys) -> None:
    service, _, _ = keys
    key, text = service.create("website", "BASIC")
    assert service.authenticate(text) == key
    assert service.authenticate(text + "x") is None
    assert service.authenticate("not even ours") is None


def test_revoke_is_final_and_kept_in_the_list(keys) -> None:
    service, _, clock = keys
    key, text = service.create("website", "BASIC")
    clock.advance(minutes=5)
    revoked = service.revoke(key.id)
    assert revoked.revoked == clock.now and not revoked.active
    assert service.authenticate(text) is None
    assert service.revoke(key.id) == revoked  # again: nothing changes
    assert [k.id for k in service.list()] == [key.id]
    assert service.create("website", "BASIC")[0].name == "website"  # the name is free again
    with pytest.raises(ApiKeyNotFound):
        service.revoke("no-such-key")


@pytest.mark.parametrize(("name", "scope"), [("", "BASIC"), ("x" * 101, "BASIC"), ("website", "ADMIN")])
def test_bad_names_and_scopes(keys, name: str, scope: str) -> None:
    service, _, _ = keys
    with pytest.raises(InvalidArgument):
        service.create(name, scope)
    assert service.list() == []


def test_two_active_keys_may_not_share_a_name(keys) -> None:
    service, _, _ = keys
    service.create("website", "BASIC")
    with pytest.raises(InvalidArgument, match="already called"):
        service.create("website", "FULL")
