"""A manager's staff list: adding people, changing roles and names, resetting PINs.

Everybody may change their own PIN (the first manager's 1234 first of all); everything else needs
a manager, checked here and again by the staff service against the stored list.
"""

from __future__ import annotations

from collections.abc import Sequence

from maitred.controllers.staff_session import StaffOnDuty
from maitred.domain.errors import FieldViolation, InvalidArgument
from maitred.domain.staff import NotPermitted, Permission, Role, StaffMember
from maitred.services.book import ReservationBook
from maitred.services.commands import UNSET, Maybe


class StaffAdmin:
    def __init__(self, book: ReservationBook, staff: StaffOnDuty) -> None:
        self._book, self._staff = book, staff

    @property
    def may_manage(self) -> bool:
        return self._staff.may(Permission.MANAGE_STAFF)

    def members(self) -> Sequence[StaffMember]:
        """Everybody, including those who left (they stay in the change log)."""
        self._staff.require(Permission.MANAGE_STAFF)
        return self._book.staff.members()

    def add(self, name: str, role: Role, pin: str, pin_again: str) -> StaffMember:
        _same(pin, pin_again)
        return self._book.staff.add(self._staff.require(Permission.MANAGE_STAFF), name, role, pin)

    def change(self, member: StaffMember, *, name: Maybe[str] = UNSET, role: Maybe[Role] = UNSET,
               active: Maybe[bool] = UNSET) -> StaffMember:
        by = self._staff.require(Permission.MANAGE_STAFF)
        return self._book.staff.change(by, member.id, member.revision, name=name, role=role, active=active)

    def reset_pin(self, member: StaffMember, pin: str, pin_again: str) -> StaffMember:
        _same(pin, pin_again)
        return self._book.staff.change_pin(self._staff.require(Permission.MANAGE_STAFF), member.id, pin)

    def change_own_pin(self, pin: str, pin_again: str) -> StaffMember:
        """The person at the stand gives themselves a new PIN."""
        _same(pin, pin_again)
        on_duty = self._staff.on_duty
        if on_duty is None:
            raise NotPermitted(None, Permission.CHANGE_RESERVATIONS)
        changed = self._book.staff.change_pin(on_duty, on_duty.member.id, pin)
        self._staff.default_pin_in_use = False
        return changed


def _same(pin: str, pin_again: str) -> None:
    if pin != pin_again:
        raise InvalidArgument(FieldViolation("pinAgain", "the two PINs are not the same"))
