"""What the host does to reservations: seat, finish, no-show, approve, decline, cancel, move, undo.

Each action calls the book once, announces the change with its initiator, and goes on the undo
stack: as the way to take it back when the lifecycle allows, or else as a barrier, so that Ctrl+Z
says the last action can't be undone instead of quietly undoing an older one of another party.
Refusals are the book's own errors; the window turns them into one plain sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from maitred.controllers.changes import ChangeFeed, Changes
from maitred.controllers.details import ReservationEdit
from maitred.controllers.moves import MoveCheck, check_move
from maitred.controllers.staff_session import ManagerApproval, OpenStand, StaffGate
from maitred.domain.availability import LocationConflict, TableConflict
from maitred.domain.errors import CanNotBeUpdated, TimeNotAvailable
from maitred.domain.lifecycle import ReservationStatus, Scope, Source, can_change_status
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.staff import NotPermitted, Permission
from maitred.services.book import ReservationBook
from maitred.services.commands import (
    UNSET,
    Caller,
    Maybe,
    Overrides,
    ReservationDraft,
    ReservationPatch,
    ReserveeDraft,
)

S = ReservationStatus


#: Status moves whose target status alone doesn't say what the host did.
_MOVE_NAMES: dict[tuple[ReservationStatus, ReservationStatus], str] = {
    (S.REQUESTED, S.RESERVED): "APPROVE",
    (S.DECLINED, S.RESERVED): "APPROVE",  # approve after all
    (S.PAYMENT_PENDING, S.RESERVED): "CONFIRM",
    (S.REQUESTED, S.DECLINED): "DECLINE",
    (S.SEATED, S.RESERVED): "UNSEAT",
    (S.NO_SHOW, S.RESERVED): "REINSTATE",
    (S.CANCELED, S.RESERVED): "REINSTATE",
}


@dataclass(frozen=True, slots=True)
class UndoStep:
    """How to take one action back: the reservation, the revision our action left, the patch.

    A step without a patch is a barrier: the action can't be taken back (approving, a walk-in…),
    and Ctrl+Z must not reach past it to an older action of another party.
    """

    reservation_id: str
    revision: int
    patch: ReservationPatch | None
    #: the action, for the window to word: the status a move went to ("SEATED", "CANCELED"), or
    #: "APPROVE", "DECLINE", "CONFIRM", "UNSEAT", "REINSTATE", "MOVE", "EDIT", "GUEST_EDIT",
    #: "WALK_IN", or what `remember_not_undoable` was told ("BOOK", "WAITLIST_SEAT"…)
    what: str
    guest: str
    revision_before: int = 0  # the revision the action started from

    @property
    def can_be_undone(self) -> bool:
        return self.patch is not None


class UndoImpossible(CanNotBeUpdated):
    """Undo was asked for, but there is nothing to undo or the reservation moved on; `step` is
    the action that stays on top of the stack (None: the stack is empty)."""

    def __init__(self, message: str, step: UndoStep | None = None) -> None:
        super().__init__(message)
        self.step = step


class NotUndoable(UndoImpossible):
    """The last action is one the lifecycle can't take back (approving, declining, a walk-in…)."""


class ChangedSince(UndoImpossible):
    """The reservation was changed after the action (maybe at another terminal): undoing it now
    would throw that change away."""


@dataclass(frozen=True, slots=True)
class WalkInDraft:
    """A party at the door: how many, and the tables they get (None: the best free one)."""

    party_size: int
    table_ids: tuple[str, ...] | None = None
    name: str = ""


class ReservationActions(QObject):
    """The host's actions on single reservations, with an undo stack of the last 20 of them."""

    #: bool, str: whether Ctrl+Z has an answer (an action to undo, or one that can't be), and
    #: which action (`UndoStep.what`, "" when none)
    undo_changed = Signal(bool, str)

    def __init__(self, book: ReservationBook, caller: Caller, feed: ChangeFeed,
                 location: ReservationLocation, parent: QObject | None = None, *,
                 staff: StaffGate | None = None) -> None:
        super().__init__(parent)
        self._book, self._caller, self._feed = book, caller, feed
        self._staff: StaffGate = staff or OpenStand(caller)
        self._location = location
        self._undo: list[UndoStep] = []
        feed.changed.connect(self._on_changed)

    @property
    def caller(self) -> Caller:
        return self._caller

    @property
    def may_book_anyway(self) -> bool:
        """Whether "Book anyway" is offered: to a FULL caller who may change reservations; a host
        needs a manager's PIN for it (`override_needs_manager`)."""
        return self._caller.scope is Scope.FULL and self._staff.may(Permission.CHANGE_RESERVATIONS)

    @property
    def may_change(self) -> bool:
        return self._staff.may(Permission.CHANGE_RESERVATIONS)

    @property
    def override_needs_manager(self) -> bool:
        """The person at the stand may not book over a conflict alone: a manager approves it."""
        return not self._staff.may(Permission.BOOK_OVER_CONFLICTS)

    def _writer(self) -> Caller:
        """The caller a change is made as: the person at the stand, if they may change reservations."""
        return self._staff.caller_for(Permission.CHANGE_RESERVATIONS)

    def _overrider(self, approval: ManagerApproval | None) -> Caller:
        """Booking over a conflict: the person at the stand if they may, else the approving manager
        (who then is the actor in the audit log)."""
        if approval is None:
            return self._staff.caller_for(Permission.BOOK_OVER_CONFLICTS)
        self._writer()  # the person at the stand still asks for it, so they must be able to change things
        if approval.permission is not Permission.BOOK_OVER_CONFLICTS or not approval.manager.may(
                Permission.BOOK_OVER_CONFLICTS):
            raise NotPermitted(approval.manager.member.role, Permission.BOOK_OVER_CONFLICTS)
        return approval.caller

    # --- status changes --------------------------------------------------------------------

    def seat(self, reservation_id: str, initiator: object = None) -> Reservation:
        return self.change_status(reservation_id, S.SEATED, initiator)

    def finish(self, reservation_id: str, initiator: object = None) -> Reservation:
        return self.change_status(reservation_id, S.FINISHED, initiator)

    def no_show(self, reservation_id: str, initiator: object = None) -> Reservation:
        return self.change_status(reservation_id, S.NO_SHOW, initiator)

    def approve(self, reservation_id: str, initiator: object = None) -> Reservation:
        return self.change_status(reservation_id, S.RESERVED, initiator)

    def decline(self, reservation_id: str, reason: str, initiator: object = None) -> Reservation:
        return self.change_status(reservation_id, S.DECLINED, initiator, decline_reason=reason.strip() or None)

    def change_status(self, reservation_id: str, status: ReservationStatus, initiator: object = None,
                      *, decline_reason: str | None = None) -> Reservation:
        """Move a reservation along the lifecycle (any move `ALLOWED_STATUS_CHANGES` permits)."""
        current = self._book.reservations.get(reservation_id)
        patch = ReservationPatch(status=status)
        if decline_reason is not None:
            patch = ReservationPatch(status=status, decline_reason=decline_reason)
        after = self._book.reservations.update(self._writer(), reservation_id, current.revision, patch)
        self._remember_status(current, after)
        self._announce(current, after, initiator)
        return after

    def cancel(self, reservation_id: str, initiator: object = None) -> Reservation:
        current = self._book.reservations.get(reservation_id)
        after = self._book.reservations.cancel(self._writer(), reservation_id, current.revision)
        self._remember_status(current, after)
        self._announce(current, after, initiator)
        return after

    # --- moving ----------------------------------------------------------------------------

    def check_move(self, reservation_id: str, table_ids: tuple[str, ...], start: datetime,
                   end: datetime | None = None) -> MoveCheck:
        """What stands in the way of moving a reservation there (nothing: `ok`)."""
        current = self._book.reservations.get(reservation_id)
        end = end or start + current.duration
        return check_move(self._book, self._caller, self._location, current, table_ids, start, end)

    def move(self, reservation_id: str, table_ids: tuple[str, ...], start: datetime,
             end: datetime | None = None, *, anyway: MoveCheck | None = None,
             initiator: object = None, approval: ManagerApproval | None = None) -> Reservation:
        """Move to other tables and/or another time, keeping the length of the stay unless `end`
        is given; `anyway` books over the conflicts that check found (a manager, or a host with a
        manager's `approval`)."""
        caller = self._writer() if anyway is None else self._overrider(approval)
        current = self._book.reservations.get(reservation_id)
        new_end = end or start + current.duration
        overrides = Overrides()
        if anyway is not None:
            overrides = Overrides(frozenset(anyway.table_conflicts), frozenset(anyway.location_conflicts),
                                  named=True)
        patch = ReservationPatch(start=start, end=new_end, table_ids=tuple(table_ids), overrides=overrides)
        after = self._book.reservations.update(caller, reservation_id, current.revision, patch)
        if after.revision != current.revision:
            self._push(UndoStep(after.id, after.revision, ReservationPatch(
                start=current.start, end=current.end, table_ids=current.table_ids), "MOVE", _guest(current),
                current.revision))
        self._announce(current, after, initiator)
        return after

    def save_edit(self, reservation: Reservation, edit: ReservationEdit, *,
                  anyway: TimeNotAvailable | None = None, initiator: object = None,
                  approval: ManagerApproval | None = None) -> Reservation:
        """Save what the host changed in the details dialog, at the revision the dialog showed;
        `anyway` books over the conflicts of an earlier refusal (a manager, or a host with a
        manager's `approval`)."""
        caller = self._writer() if anyway is None else self._overrider(approval)
        overrides = Overrides()
        if anyway is not None:
            overrides = Overrides(frozenset(TableConflict(c) for c in anyway.table_conflicts),
                                  frozenset(LocationConflict(c) for c in anyway.location_conflicts), named=True)
        guest: Maybe[ReserveeDraft] = UNSET
        if edit.changes_guest:
            guest = ReserveeDraft(
                first_name=_maybe(edit.first_name), last_name=_maybe(edit.last_name), phone=_maybe(edit.phone),
                email=_maybe(edit.email),
                custom_fields=UNSET if edit.custom_fields is None else {k: v for k, v in edit.custom_fields.items()
                                                                        if v} or None,
            )
        patch = ReservationPatch(
            start=UNSET if edit.start is None else edit.start, end=UNSET if edit.end is None else edit.end,
            party_size=UNSET if edit.party_size is None else edit.party_size,
            table_ids=UNSET if edit.table_ids is None else edit.table_ids, reservee=guest,
            team_message=UNSET if edit.team_message is None else (edit.team_message or None),
            overrides=overrides,
        )
        after = self._book.reservations.update(caller, reservation.id, reservation.revision, patch)
        self._remember_edit(reservation, after, edit)
        self._announce(reservation, after, initiator)
        return after

    # --- walk-ins --------------------------------------------------------------------------

    def seat_walk_in(self, draft: WalkInDraft, initiator: object = None) -> Reservation:
        """A party at the door, seated at once: SEATED, WALK_IN, starting now."""
        reservee = ReserveeDraft(first_name=draft.name.strip()) if draft.name.strip() else None
        created = self._book.reservations.create(self._writer(), ReservationDraft(
            location_id=self._location.id, start=self._book.clock(), party_size=draft.party_size,
            table_ids=draft.table_ids, status=S.SEATED, source=Source.WALK_IN, reservee=reservee,
        ))
        # SEATED → CANCELED is no lifecycle move, and back to RESERVED would leave a booking behind
        self._push(UndoStep(created.id, created.revision, None, "WALK_IN", _guest(created), created.revision))
        self._announce(None, created, initiator)
        return created

    # --- undo ------------------------------------------------------------------------------

    def can_undo(self) -> bool:
        """Whether Ctrl+Z has an answer: an action to take back, or one that says it can't be."""
        return bool(self._undo)

    def next_undo(self) -> UndoStep | None:
        """The action Ctrl+Z answers for next (it may be one that can't be undone)."""
        return self._undo[-1] if self._undo else None

    def undo_description(self) -> tuple[str, str]:
        """What the next undo takes back (action, guest), or empty strings."""
        return (self._undo[-1].what, self._undo[-1].guest) if self._undo else ("", "")

    def undo(self, initiator: object = None) -> Reservation:
        """Take back the last action, if it can be and nobody changed the reservation since. A
        refusal leaves the step on top, so Ctrl+Z never reaches past it to an older action."""
        if not self._undo:
            raise UndoImpossible("there is nothing to undo")
        step = self._undo[-1]
        if step.patch is None:
            raise NotUndoable(f"{step.what} can't be undone", step)
        caller = self._writer()
        current = self._book.reservations.get(step.reservation_id)
        if current.revision != step.revision:
            raise ChangedSince("the reservation was changed since, so the last action can't be undone", step)
        after = self._book.reservations.update(caller, current.id, current.revision, step.patch)
        self._undo.pop()
        if self._undo and self._undo[-1].reservation_id == after.id and self._undo[-1].revision == step.revision_before:
            # the undo restored exactly the state the step below left: it stays undoable
            self._undo[-1] = replace(self._undo[-1], revision=after.revision)
        self._emit_undo()
        self._announce(current, after, initiator)
        return after

    def remember_not_undoable(self, what: str, reservation: Reservation | None = None) -> None:
        """An action the stand took on reservations outside these methods (a phone-in booked, a
        waiting party seated, a file imported): Ctrl+Z says it can't be undone rather than reach
        past it to an older action."""
        if reservation is None:
            self._push(UndoStep("", 0, None, what, ""))
        else:
            self._push(UndoStep(reservation.id, reservation.revision, None, what, _guest(reservation),
                                reservation.revision))

    def set_location(self, location: ReservationLocation) -> None:
        self._location = location

    # --- internals -------------------------------------------------------------------------

    def _remember_status(self, before: Reservation, after: Reservation) -> None:
        """The way back where the lifecycle has one (SEATED → RESERVED), else a barrier (an
        approval: RESERVED → REQUESTED is no move)."""
        if after.status is before.status:
            return
        patch = ReservationPatch(status=before.status) if can_change_status(after.status, before.status) else None
        what = _MOVE_NAMES.get((before.status, after.status), after.status.value)
        self._push(UndoStep(after.id, after.revision, patch, what, _guest(before), before.revision))

    def _remember_edit(self, before: Reservation, after: Reservation, edit: ReservationEdit) -> None:
        """A changed stay, party, tables or note is put back as it was; changed guest details are a
        barrier (the guest book may have taken them up, and the old phone may no longer be wanted)."""
        if after.revision == before.revision:
            return
        if edit.changes_guest:
            self._push(UndoStep(after.id, after.revision, None, "GUEST_EDIT", _guest(after), before.revision))
            return
        back = ReservationPatch(start=before.start, end=before.end, party_size=before.party_size,
                                table_ids=before.table_ids,
                                team_message=UNSET if edit.team_message is None else before.team_message)
        self._push(UndoStep(after.id, after.revision, back, "EDIT", _guest(after), before.revision))

    def _push(self, step: UndoStep) -> None:
        self._undo.append(step)
        del self._undo[:-20]
        self._emit_undo()

    def _emit_undo(self) -> None:
        self.undo_changed.emit(bool(self._undo), self._undo[-1].what if self._undo else "")

    def _announce(self, before: Reservation | None, after: Reservation, initiator: object) -> None:
        self._feed.announce(Changes.of(self._location.info.time_zone, before=[before], after=[after]), initiator)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.location is not None:
            self._location = changes.location


def _maybe(value: str | None) -> Maybe[str | None]:
    """An edited text field: unchanged (None) stays UNSET, an emptied one clears the field."""
    if value is None:
        return UNSET
    return value.strip() or None


def _guest(reservation: Reservation) -> str:
    return reservation.reservee.display_name if reservation.reservee else ""

