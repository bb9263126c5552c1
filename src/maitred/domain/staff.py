"""The people at the stand: staff members, their roles, what each role may do, and their PINs.

A role is a set of permissions (data, like the lifecycle table), so the window and the
controllers ask one question — may this person do that? — and get one answer. Roles sit above
the wire API's scopes: hosts and managers act with the FULL scope, a viewer only reads.

A PIN is never stored: only a slow salted hash of it (scrypt, a random salt per member), checked
in constant time. A 4-digit PIN is weak on its own; the stand adds a pause after repeated
mistakes, and the hash keeps a stolen database from giving the PINs away cheaply.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from maitred.domain.errors import CanNotBeUpdated, FieldViolation, InvalidArgument, PermissionDenied
from maitred.domain.lifecycle import Scope

#: The manager created on a first run, when the book has no staff yet (change it at once).
FIRST_MANAGER_NAME = "Manager"
DEFAULT_PIN = "1234"

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
NAME_MAX_LENGTH = 50


class Role(StrEnum):
    HOST = "HOST"  # everyday reservation work
    MANAGER = "MANAGER"  # settings, staff, overrides, reports
    VIEWER = "VIEWER"  # reads the book, changes nothing

    @property
    def scope(self) -> Scope:
        """The wire-API scope the role acts with (a viewer never writes, MEDIUM is enough to read)."""
        return Scope.MEDIUM if self is Role.VIEWER else Scope.FULL


class Permission(StrEnum):
    CHANGE_RESERVATIONS = "CHANGE_RESERVATIONS"  # book, seat, move, cancel, undo
    BOOK_OVER_CONFLICTS = "BOOK_OVER_CONFLICTS"  # "Book anyway": the ignore lists
    CHANGE_SETTINGS = "CHANGE_SETTINGS"  # the restaurant's settings, the floor plan, this stand's settings
    MANAGE_STAFF = "MANAGE_STAFF"
    READ_CHANGE_LOG = "READ_CHANGE_LOG"  # the whole book's change log (reports)
    RESTORE_BACKUPS = "RESTORE_BACKUPS"


_HOST = frozenset({Permission.CHANGE_RESERVATIONS})

#: What each role may do; everybody may read the book.
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = MappingProxyType({
    Role.VIEWER: frozenset(),
    Role.HOST: _HOST,
    Role.MANAGER: frozenset(Permission),
})


def role_may(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


@dataclass(frozen=True, slots=True)
class StaffMember:
    """One person who works the stand. The PIN's hash is kept apart, so this value (which goes
    into the audit log as a before/after snapshot) never carries it."""

    id: str
    name: str
    role: Role
    active: bool = True
    created: datetime | None = None
    updated: datetime | None = None
    revision: int = 1

    def may(self, permission: Permission) -> bool:
        return self.active and role_may(self.role, permission)


@dataclass(frozen=True, slots=True)
class StaffChange:
    """One audit entry of the staff list: a member added, changed, or given a new PIN."""

    member_id: str
    at: datetime
    actor: str | None
    scope: Scope | None
    operation: str
    before: StaffMember | None
    after: StaffMember
    terminal: str | None = None
    id: int | None = None


class NotPermitted(PermissionDenied):
    """The person at the stand may not do this; `role` and `permission` let the window word it."""

    def __init__(self, role: Role | None, permission: Permission) -> None:
        who = "nobody is signed in" if role is None else f"a {role.value.lower()} may not"
        super().__init__(f"{who}: {permission.value.lower().replace('_', ' ')}")
        self.role = role
        self.permission = permission


class LastManager(CanNotBeUpdated):
    """Somebody must always be able to manage the stand: the last active manager stays one."""


class WrongPin(PermissionDenied):
    """The PIN typed is not this member's (or the member may not sign in any more)."""


# --- names and PINs ------------------------------------------------------------------------------


def check_name(name: str, field: str = "name") -> str:
    """A staff member's name as shown in the header and the change log: 1 to 50 characters."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidArgument(FieldViolation(field, "is required"))
    if len(cleaned) > NAME_MAX_LENGTH:
        raise InvalidArgument(FieldViolation(field, f"is longer than {NAME_MAX_LENGTH} characters"))
    return cleaned


def check_pin(pin: str, field: str = "pin") -> str:
    """4 to 8 digits: quick to type on a touch pad, and no letters to mistype."""
    if not (pin.isascii() and pin.isdigit() and PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS):
        raise InvalidArgument(FieldViolation(field, f"must be {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits"))
    return pin


#: scrypt's cost: about 16 MiB and a few tens of milliseconds per check, every time.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
_PREFIX = "scrypt"


@dataclass(frozen=True, slots=True)
class PinHash:
    """A PIN's scrypt hash with its salt and cost, so the cost can be raised later and old hashes
    still check. Stored as `scrypt$n$r$p$salt$digest` (hex)."""

    salt: bytes
    digest: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @classmethod
    def of(cls, pin: str, salt: bytes, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> PinHash:
        """The hash of a (checked) PIN with a fresh random salt the caller supplies."""
        check_pin(pin)
        if len(salt) < SALT_BYTES:
            raise ValueError(f"a PIN's salt needs at least {SALT_BYTES} random bytes")
        return cls(salt, _scrypt(pin, salt, n, r, p), n, r, p)

    def matches(self, pin: str) -> bool:
        """Whether `pin` is the PIN; the comparison takes the same time whatever the answer."""
        candidate = _scrypt(pin, self.salt, self.n, self.r, self.p) if pin.isascii() else b""
        return hmac.compare_digest(candidate, self.digest)

    def encode(self) -> str:
        return "$".join((_PREFIX, str(self.n), str(self.r), str(self.p), self.salt.hex(), self.digest.hex()))

    @classmethod
    def decode(cls, text: str) -> PinHash:
        parts = text.split("$")
        if len(parts) != 6 or parts[0] != _PREFIX:
            raise ValueError("not a PIN hash this version of Maitre D knows")
        n, r, p = (int(part) for part in parts[1:4])
        return cls(bytes.fromhex(parts[4]), bytes.fromhex(parts[5]), n, r, p)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=256 * r * n + 1024 * 1024,
                          dklen=32)
