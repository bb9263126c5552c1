"""Who is at the stand: signing in with a PIN, locking, and what the person there may do.

Every controller that changes the book asks this object for the `Caller` to act as
(`caller_for(permission)`), so the audit log records the staff member's name and the terminal,
and a refusal (`NotPermitted`) comes from one place whatever button was pressed. A host who needs
a manager's override gets a `ManagerApproval` by having a manager type their PIN; the change is
then recorded with the manager as its actor.

Until `require_sign_in()` (the application does that at start-up) the stand is *open*: it acts
as the caller it was opened with and may change reservations and settings — what tests and
scripts that build a session directly expect.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from maitred.domain.errors import PermissionDenied
from maitred.domain.staff import DEFAULT_PIN, NotPermitted, Permission, StaffMember, WrongPin
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.staff import OnDuty

#: After this many wrong PINs in a row the pad waits before it checks another one.
MAX_TRIES = 5
PAUSE_AFTER_TRIES = timedelta(seconds=30)

#: Needs a signed-in member: the services check these against the stored staff list.
_MEMBER_ONLY = frozenset({Permission.MANAGE_STAFF, Permission.READ_CHANGE_LOG})


class StaffGate(Protocol):
    """What a controller that changes the book needs to know about the person at the stand."""

    def may(self, permission: Permission) -> bool: ...

    def caller_for(self, permission: Permission) -> Caller: ...


class OpenStand:
    """A stand without sign-in (a controller built on its own, a test): acts as one caller."""

    def __init__(self, caller: Caller) -> None:
        self._caller = caller

    def may(self, permission: Permission) -> bool:
        return permission not in _MEMBER_ONLY

    def caller_for(self, permission: Permission) -> Caller:
        if not self.may(permission):
            raise NotPermitted(None, permission)
        return self._caller


@dataclass(frozen=True, slots=True)
class ManagerApproval:
    """A manager typed their PIN to allow one thing a host may not do alone (book anyway)."""

    manager: OnDuty
    permission: Permission

    @property
    def caller(self) -> Caller:
        return self.manager.caller


class TooManyTries(PermissionDenied):
    """Too many wrong PINs: the pad waits a little before checking again."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"too many wrong PINs: wait {seconds} seconds")
        self.seconds = seconds


class StaffOnDuty(QObject):
    """The person at this stand (or nobody: locked), and the stand's name for the audit log."""

    #: OnDuty | None: somebody signed in, or the stand was locked
    changed = Signal(object)

    def __init__(self, book: ReservationBook, caller: Caller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._open_caller = caller
        self._terminal = caller.terminal
        self._required = False
        self._on_duty: OnDuty | None = None
        self._last_member_id: str | None = None
        self._wrong_tries = 0
        self._pause_until: datetime | None = None
        #: whether the person signed in last used the first-run PIN 1234 (they should change it)
        self.default_pin_in_use = False

    # --- state ------------------------------------------------------------------------------

    @property
    def required(self) -> bool:
        """Whether staff must sign in (the application), or the stand is open (tests, scripts)."""
        return self._required

    @property
    def on_duty(self) -> OnDuty | None:
        return self._on_duty

    @property
    def member(self) -> StaffMember | None:
        return self._on_duty.member if self._on_duty else None

    @property
    def locked(self) -> bool:
        return self._required and self._on_duty is None

    @property
    def terminal(self) -> str | None:
        return self._terminal

    @property
    def last_member_id(self) -> str | None:
        """Who signed in last: the PIN pad offers them first (lock, then back to work)."""
        return self._last_member_id

    def set_terminal(self, name: str | None) -> None:
        """This stand's name in the audit log (the next change already carries it)."""
        self._terminal = name or None
        if self._on_duty is not None:
            self._on_duty = OnDuty(self._on_duty.member, self._terminal)
            self.changed.emit(self._on_duty)

    def _open(self) -> OpenStand:
        return OpenStand(replace(self._open_caller, terminal=self._terminal))

    # --- signing in and out -------------------------------------------------------------------

    def require_sign_in(self) -> StaffMember | None:
        """From now on staff sign in with their PIN; the stand starts locked. A book with no staff
        yet gets the first manager ("Manager", PIN 1234), returned when it was created now."""
        created = self._book.staff.ensure_first_manager()
        self._required = True
        self._on_duty = None
        self.changed.emit(None)
        return created

    def members(self) -> list[StaffMember]:
        """The people who may sign in, by name."""
        return list(self._book.staff.members(active_only=True))

    def sign_in(self, member_id: str, pin: str) -> OnDuty:
        """Put `member_id` at the stand if `pin` is theirs (`WrongPin`, `TooManyTries` otherwise)."""
        member = self._check_pin(member_id, pin)
        self._on_duty = OnDuty(member, self._terminal)
        self._last_member_id = member.id
        self.default_pin_in_use = pin == DEFAULT_PIN
        self.changed.emit(self._on_duty)
        return self._on_duty

    def lock(self) -> None:
        """Nobody at the stand until somebody signs in again (Ctrl+L, the idle timer)."""
        if self._on_duty is None:
            return
        self._on_duty = None
        self.changed.emit(None)

    def approve(self, member_id: str, pin: str,
                permission: Permission = Permission.BOOK_OVER_CONFLICTS) -> ManagerApproval:
        """A manager's PIN allows one override for the person at the stand (who stays signed in)."""
        member = self._check_pin(member_id, pin)
        if not member.may(permission):
            raise NotPermitted(member.role, permission)
        return ManagerApproval(OnDuty(member, self._terminal), permission)

    def _check_pin(self, member_id: str, pin: str) -> StaffMember:
        now = self._book.clock()
        if self._pause_until is not None and now < self._pause_until:
            raise TooManyTries(max(1, int((self._pause_until - now).total_seconds() + 0.999)))
        try:
            member = self._book.staff.sign_in(member_id, pin)
        except WrongPin:
            self._wrong_tries += 1
            if self._wrong_tries >= MAX_TRIES:
                self._wrong_tries = 0
                self._pause_until = now + PAUSE_AFTER_TRIES
            raise
        self._wrong_tries = 0
        self._pause_until = None
        return member

    # --- permissions (StaffGate) ----------------------------------------------------------------

    def may(self, permission: Permission) -> bool:
        if not self._required:
            return self._open().may(permission)
        return self._on_duty is not None and self._on_duty.may(permission)

    def caller_for(self, permission: Permission) -> Caller:
        """The caller to make a change as; `NotPermitted` when the person here may not."""
        if not self._required:
            return self._open().caller_for(permission)
        if self._on_duty is None:
            raise NotPermitted(None, permission)
        if not self._on_duty.may(permission):
            raise NotPermitted(self._on_duty.member.role, permission)
        return self._on_duty.caller

    def require(self, permission: Permission) -> OnDuty:
        """The signed-in member, if they may (the staff list and the change log need a member)."""
        self.caller_for(permission)
        if self._on_duty is None:
            raise NotPermitted(None, permission)
        return self._on_duty
