"""Reading the audit log: the manager's change log of the whole book, and what changed since a
given entry (which days another terminal touched, so only those are loaded again)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from maitred.domain.audit import ReservationChange
from maitred.domain.change_log import ChangeLogPage, ChangeLogQuery
from maitred.domain.staff import NotPermitted, Permission
from maitred.services.ports import UnitOfWorkFactory
from maitred.services.staff import OnDuty


class ChangeLogService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def page(self, by: OnDuty, query: ChangeLogQuery) -> ChangeLogPage:
        """A page of entries, newest first; the next page starts below `oldest_id`."""
        query.check()
        with self._uow() as uow:
            stored = uow.staff.get(by.member.id)
            if stored is None or not stored.may(Permission.READ_CHANGE_LOG):
                raise NotPermitted(None if stored is None else stored.role, Permission.READ_CHANGE_LOG)
            found = uow.audit.change_log(replace(query, limit=query.limit + 1))
        return ChangeLogPage(tuple(found[:query.limit]), len(found) > query.limit)

    def actors(self) -> Sequence[str]:
        """Everybody who ever changed something (for the log's filter)."""
        with self._uow() as uow:
            return uow.audit.change_log_actors()

    def last_change_id(self) -> int:
        with self._uow() as uow:
            return uow.audit.last_change_id()

    def reservation_changes_since(self, change_id: int) -> Sequence[ReservationChange]:
        """Reservation entries after `change_id`, oldest first (live refresh: which days moved)."""
        with self._uow() as uow:
            return uow.audit.reservation_changes_since(change_id)
