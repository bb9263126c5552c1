"""The guest book at the stand: look a guest up, read their card, edit, merge, export, erase.

Reading is open to whoever is at the stand; editing a profile needs the right to change
reservations, merging, exporting and erasing a guest's data need a manager's (settings) right.
An erasure blanks names on reservations the views may be showing, so it is announced like any
other change of reservations.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from maitred.controllers.changes import ChangeFeed, Changes
from maitred.controllers.staff_session import StaffGate
from maitred.domain.guest import Erasure, Guest, GuestCard
from maitred.domain.location import ReservationLocation
from maitred.domain.staff import Permission
from maitred.services.book import ReservationBook


class GuestDesk(QObject):
    """One stand's way into the guest book."""

    #: str: the id of a guest whose profile changed (edited, merged into, erased)
    guest_changed = Signal(str)

    def __init__(self, book: ReservationBook, staff: StaffGate, feed: ChangeFeed, location: ReservationLocation,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book, self._staff, self._feed = book, staff, feed
        self._location = location
        feed.changed.connect(self._on_changed)

    @property
    def location(self) -> ReservationLocation:
        return self._location

    @property
    def may_manage(self) -> bool:
        """Whether the person at the stand may merge, export and erase guests."""
        return self._staff.may(Permission.CHANGE_SETTINGS)

    # --- reading ---------------------------------------------------------------------------

    def lookup(self, typed_phone: str) -> list[Guest]:
        """Returning guests whose number holds the digits typed (three or more), best first."""
        return self._book.guests.lookup(typed_phone)

    def find(self, text: str) -> list[Guest]:
        """By phone digits, or by words of the name or e-mail; everybody for an empty text."""
        if not text.strip():
            return self._book.guests.everybody()
        return self._book.guests.find(text)

    def card(self, guest_id: str) -> GuestCard:
        return self._book.guests.card(guest_id)

    def card_for_phone(self, phone: str) -> GuestCard | None:
        """The card of the guest an E.164 number recognises, if any."""
        guest = self._book.guests.by_phone(phone)
        return None if guest is None else self._book.guests.card(guest.id)

    def duplicates_of(self, guest_id: str) -> list[Guest]:
        return self._book.guests.duplicates_of(guest_id)

    # --- changing --------------------------------------------------------------------------

    def update(self, guest: Guest, *, first_name: str, last_name: str, email: str, tags: Sequence[str],
               notes: str) -> Guest:
        """Save the host's edit of the profile as the card showed it (its revision)."""
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        saved = self._book.guests.update(caller, guest.id, guest.revision, first_name=first_name,
                                         last_name=last_name, email=email, tags=tags, notes=notes)
        self.guest_changed.emit(saved.id)
        return saved

    def merge(self, keep_id: str, duplicate_id: str) -> Guest:
        caller = self._staff.caller_for(Permission.CHANGE_SETTINGS)
        merged = self._book.guests.merge(caller, keep_id, duplicate_id)
        self.guest_changed.emit(duplicate_id)
        self.guest_changed.emit(merged.id)
        return merged

    def export_json(self, guest_id: str) -> str:
        """Everything the book holds about the guest, as readable JSON."""
        caller = self._staff.caller_for(Permission.CHANGE_SETTINGS)
        return json.dumps(self._book.guests.export(caller, guest_id), ensure_ascii=False, indent=2) + "\n"

    def erase(self, guest_id: str, initiator: object = None) -> Erasure:
        caller = self._staff.caller_for(Permission.CHANGE_SETTINGS)
        erased = self._book.guests.erase(caller, guest_id)
        self.guest_changed.emit(guest_id)
        self._feed.announce(Changes.of(self._location.info.time_zone, after=erased.reservations), initiator)
        return erased

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.location is not None and changes.location.id == self._location.id:
            self._location = changes.location
