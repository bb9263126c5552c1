"""Changing the restaurant's settings: the core checks them, the dialog shows its reasons.

`save` applies a change function to the stored settings at the revision the dialog started from,
so two managers editing at once can't overwrite each other silently (REVISION_MISMATCH).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject

from maitred.controllers.changes import ChangeFeed, Changes
from maitred.controllers.staff_session import OpenStand, StaffGate
from maitred.domain.lifecycle import Scope
from maitred.domain.location import ReservationLocation, TableDefinition
from maitred.domain.staff import Permission
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller


class LocationSettings(QObject):
    """Read and save one location's settings; announces `Changes(location=...)` after a save."""

    def __init__(self, book: ReservationBook, caller: Caller, feed: ChangeFeed, location_id: str,
                 parent: QObject | None = None, *, staff: StaffGate | None = None) -> None:
        super().__init__(parent)
        self._book, self._caller, self._feed = book, caller, feed
        self._staff: StaffGate = staff or OpenStand(caller)
        self._location_id = location_id
        self._known_revision: int | None = None

    @property
    def may_change(self) -> bool:
        """Only managers change the settings (a FULL caller on a stand without sign-in)."""
        return self._caller.scope is Scope.FULL and self._staff.may(Permission.CHANGE_SETTINGS)

    def current(self) -> ReservationLocation:
        location = self._book.locations.get(self._location_id)
        self._known_revision = location.revision
        return location

    def save(self, revision: int, change: Callable[[ReservationLocation], ReservationLocation],
             initiator: object = None) -> ReservationLocation:
        """Store the changed settings if nobody saved others since `revision`; the book's
        InvalidArgument / ReservationLocationViolation name the fields that are wrong."""
        caller = self._staff.caller_for(Permission.CHANGE_SETTINGS)
        saved = self._book.locations.update(caller, self._location_id, revision, change)
        if saved.revision != revision:
            self._known_revision = saved.revision
            self._feed.announce(Changes(location=saved), initiator)
        return saved

    def save_floor_plan(self, tables: tuple[TableDefinition, ...], initiator: object = None) -> ReservationLocation:
        """Store the table positions drawn on the map (edit mode). Tables the map added carry an id
        of its own making: the book assigns ids, so they are sent as new tables."""
        current = self.current()
        known = {t.id for t in current.table_management.tables} | {
            t.id for t in current.table_management.deleted_tables}
        sent = tuple(t if t.id in known else replace(t, id="") for t in tables)
        return self.save(current.revision, lambda loc: replace(
            loc, table_management=replace(loc.table_management, tables=sent)), initiator)

    def check_for_update(self, initiator: object = None) -> None:
        """Another terminal may have saved new settings: announce them if so."""
        location = self._book.locations.get(self._location_id)
        if self._known_revision is not None and location.revision != self._known_revision:
            self._feed.announce(Changes(location=location), initiator)
        self._known_revision = location.revision
