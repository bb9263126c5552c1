"""Reservation statuses, sources, caller scopes, and the lifecycle as a table of allowed moves.

The table is data on purpose: the host's undo moves sit beside the Wix moves, and the tests walk
every pair of statuses against it.
"""

from __future__ import annotations

from enum import StrEnum


class ReservationStatus(StrEnum):
    HELD = "HELD"
    REQUESTED = "REQUESTED"
    DECLINED = "DECLINED"
    RESERVED = "RESERVED"
    SEATED = "SEATED"
    CANCELED = "CANCELED"
    NO_SHOW = "NO_SHOW"
    FINISHED = "FINISHED"
    PAYMENT_PENDING = "PAYMENT_PENDING"


class Source(StrEnum):
    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"
    WALK_IN = "WALK_IN"
    UNDEFINED = "UNDEFINED"


class Scope(StrEnum):
    """What a caller may do: an online guest (BASIC), an integration (MEDIUM), the stand (FULL)."""

    BASIC = "BASIC"
    MEDIUM = "MEDIUM"
    FULL = "FULL"

    @property
    def is_staff(self) -> bool:
        return self is not Scope.BASIC


S = ReservationStatus

#: Statuses that hold their tables and count toward pacing (HELD and PAYMENT_PENDING only until
#: they expire: see `Reservation.occupies`).
OCCUPYING_STATUSES: frozenset[ReservationStatus] = frozenset(
    {S.HELD, S.PAYMENT_PENDING, S.REQUESTED, S.RESERVED, S.SEATED}
)

#: Statuses that expire 10 minutes after creation.
EXPIRING_STATUSES: frozenset[ReservationStatus] = frozenset({S.HELD, S.PAYMENT_PENDING})

#: Moves made with updateReservation (FULL scope): the Wix lifecycle, then the host's undo moves.
ALLOWED_STATUS_CHANGES: dict[ReservationStatus, frozenset[ReservationStatus]] = {
    S.HELD: frozenset(),
    S.REQUESTED: frozenset({S.RESERVED, S.DECLINED, S.CANCELED}),
    S.RESERVED: frozenset({S.SEATED, S.CANCELED, S.NO_SHOW}),
    S.SEATED: frozenset({S.FINISHED, S.RESERVED}),
    S.FINISHED: frozenset({S.SEATED}),
    S.NO_SHOW: frozenset({S.RESERVED, S.SEATED}),
    S.CANCELED: frozenset({S.RESERVED}),
    S.DECLINED: frozenset({S.RESERVED}),
    S.PAYMENT_PENDING: frozenset({S.RESERVED, S.CANCELED}),
}

#: Statuses cancelReservation accepts (an unexpired PAYMENT_PENDING is checked by the caller).
CANCELABLE_STATUSES: frozenset[ReservationStatus] = frozenset({S.REQUESTED, S.RESERVED, S.PAYMENT_PENDING})

#: Statuses a FULL caller may not give to createReservation.
NOT_CREATABLE_STATUSES: frozenset[ReservationStatus] = frozenset({S.HELD, S.PAYMENT_PENDING})


def can_change_status(current: ReservationStatus, new: ReservationStatus) -> bool:
    """Whether updateReservation may move a reservation from `current` to `new`."""
    return new in ALLOWED_STATUS_CHANGES[current]
