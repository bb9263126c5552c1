"""Staff roles, permissions, names and PINs (domain/staff.py, domain/change_log.py)."""

from __future__ import annotations

import pytest

from maitred.domain.change_log import ChangeLogEntry, ChangeLogPage, ChangeLogQuery
from maitred.domain.errors import InvalidArgument
from maitred.domain.lifecycle import Scope
from maitred.domain.staff import (
    DEFAULT_PIN,
    ROLE_PERMISSIONS,
    NotPermitted,
    Permission,
    PinHash,
    Role,
    StaffMember,
    check_name,
    check_pin,
    role_may,
)

SALT = bytes(range(16))


def test_roles_are_sets_of_permissions():
    assert ROLE_PERMISSIONS[Role.VIEWER] == frozenset()
    assert ROLE_PERMISSIONS[Role.HOST] == {Permission.CHANGE_RESERVATIONS}
    assert ROLE_PERMISSIONS[Role.MANAGER] == set(Permission)
    assert role_may(Role.MANAGER, Permission.BOOK_OVER_CONFLICTS)
    assert not role_may(Role.HOST, Permission.BOOK_OVER_CONFLICTS)
    assert (Role.HOST.scope, Role.MANAGER.scope, Role.VIEWER.scope) == (Scope.FULL, Scope.FULL, Scope.MEDIUM)


def test_a_member_who_left_may_do_nothing():
    anna = StaffMember("a", "Anna", Role.MANAGER)
    assert anna.may(Permission.MANAGE_STAFF)
    assert not StaffMember("a", "Anna", Role.MANAGER, active=False).may(Permission.CHANGE_RESERVATIONS)


@pytest.mark.parametrize("pin", ["1234", "00000000", "98765"])
def test_a_pin_is_four_to_eight_digits(pin):
    assert check_pin(pin) == pin


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "١٢٣٤", " 1234", "12.4"])
def test_anything_else_is_not_a_pin(pin):
    with pytest.raises(InvalidArgument) as refused:
        check_pin(pin, "newPin")
    assert refused.value.violations[0].field == "newPin"


def test_names_are_tidied_and_bounded():
    assert check_name("  Anna   Rossi ") == "Anna Rossi"
    with pytest.raises(InvalidArgument, match="required"):
        check_name("   ")
    with pytest.raises(InvalidArgument, match="longer than 50"):
        check_name("x" * 51)


def test_a_pin_hash_checks_the_pin_and_nothing_else():
    hashed = PinHash.of(DEFAULT_PIN, SALT)
    assert hashed.matches("1234")
    assert not hashed.matches("1235")
    assert not hashed.matches("١٢٣٤")  # not ASCII: never the PIN, and no error
    assert DEFAULT_PIN not in hashed.encode() and SALT.hex() in hashed.encode()
    assert PinHash.decode(hashed.encode()) == hashed


def test_the_same_pin_with_another_salt_hashes_differently():
    assert PinHash.of("1234", SALT).digest != PinHash.of("1234", bytes(16)).digest


def test_a_pin_hash_needs_a_real_salt_and_a_checked_pin():
    with pytest.raises(ValueError, match="salt"):
        PinHash.of("1234", b"short")
    with pytest.raises(InvalidArgument):
        PinHash.of("12", SALT)


@pytest.mark.parametrize("text", ["", "bcrypt$1$2$3$00$00", "scrypt$1$2$00$00"])
def test_a_stored_hash_of_another_kind_is_refused(text):
    with pytest.raises(ValueError):
        PinHash.decode(text)


def test_not_permitted_says_who_may_not_do_what():
    refusal = NotPermitted(Role.HOST, Permission.BOOK_OVER_CONFLICTS)
    assert refusal.code == "PERMISSION_DENIED" and (refusal.role, refusal.permission) == (
        Role.HOST, Permission.BOOK_OVER_CONFLICTS)
    assert "host" in refusal.message and "book over conflicts" in refusal.message
    assert "nobody is signed in" in NotPermitted(None, Permission.MANAGE_STAFF).message


def test_change_log_pages_and_queries():
    assert ChangeLogQuery(limit=200).check().limit == 200
    for limit in (0, 201):
        with pytest.raises(InvalidArgument):
            ChangeLogQuery(limit=limit).check()
    assert ChangeLogPage((), False).oldest_id is None
    entry = ChangeLogEntry(7, "staff", "m1", at=None, actor="Anna", terminal="bar", scope=None,  # type: ignore[arg-type]
                           operation="addStaffMember")
    assert ChangeLogPage((entry,), True).oldest_id == 7
