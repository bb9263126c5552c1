"""The staff list: signing in with a PIN, and a manager adding people, changing roles and PINs.

Who may do what is decided here again, from the stored member (not the copy a terminal signed in
with hours ago), so a manager demoted on one terminal can't go on managing staff on another.
Every change is written to the audit log with the acting member, the terminal and the time.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from maitred.domain.errors import (
    FieldViolation,
    InvalidArgument,
    RevisionMismatch,
)
from maitred.domain.staff import (
    DEFAULT_PIN,
    FIRST_MANAGER_NAME,
    SALT_BYTES,
    LastManager,
    NotPermitted,
    Permission,
    PinHash,
    Role,
    StaffChange,
    StaffMember,
    WrongPin,
    check_name,
    check_pin,
)
from maitred.services.commands import UNSET, Caller, Maybe, pick
from maitred.services.ports import Clock, UnitOfWork, UnitOfWorkFactory

#: The actor written for what Maitre D does by itself on a first run.
SETUP_ACTOR = "setup"


class StaffMemberNotFound(InvalidArgument):
    def __init__(self, member_id: str) -> None:
        super().__init__(FieldViolation("memberId", f"there is no staff member {member_id}"))


@dataclass(frozen=True, slots=True)
class OnDuty:
    """The member at a stand and the stand's name: who the audit log says did it, and where."""

    member: StaffMember
    terminal: str | None = None

    @property
    def caller(self) -> Caller:
        return Caller(self.member.role.scope, actor=self.member.name, terminal=self.terminal)

    def may(self, permission: Permission) -> bool:
        return self.member.may(permission)


class StaffService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock,
                 salt: Callable[[int], bytes] = secrets.token_bytes) -> None:
        self._uow = unit_of_work
        self._clock = clock
        self._salt = salt

    # -- reading -------------------------------------------------------------------------------

    def members(self, *, active_only: bool = False) -> Sequence[StaffMember]:
        """Everybody on the list, by name (the PIN pad shows the active ones)."""
        with self._uow() as uow:
            found = uow.staff.list()
        return [m for m in found if m.active or not active_only]

    def get(self, member_id: str) -> StaffMember:
        with self._uow() as uow:
            return self._member(uow, member_id)

    def sign_in(self, member_id: str, pin: str) -> StaffMember:
        """The member, if `pin` is theirs and they are still active; `WrongPin` otherwise."""
        with self._uow() as uow:
            member = uow.staff.get(member_id)
            stored = uow.staff.pin(member_id) if member is not None else None
        if member is None or stored is None or not member.active or not stored.matches(pin):
            raise WrongPin("that PIN is not right")
        return member

    # -- the first run -------------------------------------------------------------------------

    def ensure_first_manager(self) -> StaffMember | None:
        """A book without staff gets a manager called "Manager" with PIN 1234, so somebody can
        sign in and set the real staff up; returns that member when it was created just now."""
        now = self._clock()
        with self._uow(write=True) as uow:
            uow.staff.lock()
            if uow.staff.list():
                return None
            member = StaffMember(str(uuid.uuid4()), FIRST_MANAGER_NAME, Role.MANAGER, created=now, updated=now)
            uow.staff.add(member, self._hash(DEFAULT_PIN))
            self._record(uow, Caller(Role.MANAGER.scope, actor=SETUP_ACTOR), "addStaffMember", None, member, now)
            uow.commit()
        return member

    # -- a manager's changes -------------------------------------------------------------------

    def add(self, by: OnDuty, name: str, role: Role, pin: str) -> StaffMember:
        """A new member who signs in with `pin` from now on."""
        name = check_name(name)
        check_pin(pin)
        now = self._clock()
        with self._uow(write=True) as uow:
            self._require(uow, by)
            uow.staff.lock()
            self._check_unique(uow, name, None)
            member = StaffMember(str(uuid.uuid4()), name, role, created=now, updated=now)
            uow.staff.add(member, self._hash(pin))
            self._record(uow, by.caller, "addStaffMember", None, member, now)
            uow.commit()
        return member

    def change(self, by: OnDuty, member_id: str, revision: int, *, name: Maybe[str] = UNSET,
               role: Maybe[Role] = UNSET, active: Maybe[bool] = UNSET) -> StaffMember:
        """Rename, give another role, or let someone go (inactive: can't sign in, stays in the log)."""
        wanted_name: Maybe[str] = UNSET if name is UNSET else check_name(name)
        now = self._clock()
        with self._uow(write=True) as uow:
            self._require(uow, by)
            uow.staff.lock()
            current = self._member(uow, member_id)
            if current.revision != revision:
                raise RevisionMismatch(f"{current.name} was changed meanwhile: look again")
            candidate = replace(current, name=pick(wanted_name, current.name), role=pick(role, current.role),
                                active=pick(active, current.active))
            if candidate == current:
                return current
            if candidate.name.casefold() != current.name.casefold():
                self._check_unique(uow, candidate.name, current.id)
            self._keep_a_manager(uow, current, candidate)
            updated = replace(candidate, updated=now, revision=current.revision + 1)
            uow.staff.save(updated)
            self._record(uow, by.caller, "updateStaffMember", current, updated, now)
            uow.commit()
        return updated

    def change_pin(self, by: OnDuty, member_id: str, pin: str) -> StaffMember:
        """A new PIN: a manager for anybody, anybody for themselves."""
        check_pin(pin)
        now = self._clock()
        with self._uow(write=True) as uow:
            if by.member.id != member_id:
                self._require(uow, by)
            else:
                self._still_active(uow, by)
            current = self._member(uow, member_id)
            uow.staff.set_pin(member_id, self._hash(pin))
            updated = replace(current, updated=now, revision=current.revision + 1)
            uow.staff.save(updated)
            self._record(uow, by.caller, "changeStaffPin", current, updated, now)
            uow.commit()
        return updated

    # -- internals -----------------------------------------------------------------------------

    def _hash(self, pin: str) -> PinHash:
        return PinHash.of(pin, self._salt(SALT_BYTES))

    @staticmethod
    def _member(uow: UnitOfWork, member_id: str) -> StaffMember:
        member = uow.staff.get(member_id)
        if member is None:
            raise StaffMemberNotFound(member_id)
        return member

    @staticmethod
    def _still_active(uow: UnitOfWork, by: OnDuty) -> StaffMember:
        stored = uow.staff.get(by.member.id)
        if stored is None or not stored.active:
            raise NotPermitted(None, Permission.MANAGE_STAFF)
        return stored

    def _require(self, uow: UnitOfWork, by: OnDuty, permission: Permission = Permission.MANAGE_STAFF) -> None:
        stored = self._still_active(uow, by)
        if not stored.may(permission):
            raise NotPermitted(stored.role, permission)

    @staticmethod
    def _check_unique(uow: UnitOfWork, name: str, member_id: str | None) -> None:
        if any(m.name.casefold() == name.casefold() and m.id != member_id for m in uow.staff.list()):
            raise InvalidArgument(FieldViolation("name", f"there is already a staff member called {name}"))

    @staticmethod
    def _keep_a_manager(uow: UnitOfWork, current: StaffMember, candidate: StaffMember) -> None:
        """Somebody must always be able to manage the stand: the last active manager stays one."""
        if not current.may(Permission.MANAGE_STAFF) or candidate.may(Permission.MANAGE_STAFF):
            return
        others = [m for m in uow.staff.list() if m.id != current.id and m.may(Permission.MANAGE_STAFF)]
        if not others:
            raise LastManager(f"{current.name} is the last manager: make someone else a manager first")

    def _record(self, uow: UnitOfWork, caller: Caller, operation: str, before: StaffMember | None,
                after: StaffMember, now: datetime) -> None:
        uow.audit.record_staff_change(StaffChange(
            member_id=after.id, at=now, actor=caller.actor, scope=caller.scope, operation=operation,
            before=before, after=after, terminal=caller.terminal,
        ))
