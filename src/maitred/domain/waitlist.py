"""The waitlist: parties at the door when the room is full, in the order they came.

Each party keeps what it was told (the quoted time its table would be ready) beside what
happened (when it was notified, seated, or gave up), so quoted and actual waits can be compared
for every party, not only the ones that were seated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from maitred.domain.lifecycle import Scope


class WaitStatus(StrEnum):
    WAITING = "WAITING"
    SEATED = "SEATED"  # given a table: a WALK_IN reservation, SEATED
    LEFT = "LEFT"  # gave up, or the host took them off the list


#: The longest party a waitlist takes (as a reservation's party size).
MAX_PARTY = 1000


@dataclass(frozen=True, slots=True)
class WaitingParty:
    """A party on the waitlist. `quoted_ready` is when the host said a table would be ready
    (None when nothing could be promised); `notified` when they were told it is."""

    id: str
    location_id: str
    party_size: int
    added: datetime
    name: str | None = None
    phone: str | None = None  # E.164
    notes: str | None = None
    quoted_ready: datetime | None = None
    status: WaitStatus = WaitStatus.WAITING
    notified: datetime | None = None
    seated: datetime | None = None
    left: datetime | None = None
    reservation_id: str | None = None
    revision: int = 1

    @property
    def is_waiting(self) -> bool:
        return self.status is WaitStatus.WAITING

    @property
    def quoted_wait(self) -> timedelta | None:
        """How long the party was told it would wait."""
        return None if self.quoted_ready is None else max(timedelta(0), self.quoted_ready - self.added)

    @property
    def actual_wait(self) -> timedelta | None:
        """How long the party really waited: until seated, or until it gave up."""
        ended = self.seated if self.status is WaitStatus.SEATED else self.left
        return None if ended is None else max(timedelta(0), ended - self.added)

    def remaining(self, now: datetime) -> timedelta | None:
        """Time left until the quoted moment; negative once it passed."""
        return None if self.quoted_ready is None else self.quoted_ready - now

    def is_overdue(self, now: datetime) -> bool:
        """Still waiting after the time they were quoted."""
        return self.is_waiting and self.quoted_ready is not None and now > self.quoted_ready


def queue_order(parties: list[WaitingParty]) -> list[WaitingParty]:
    """First come, first served: by the moment each party was added."""
    return sorted(parties, key=lambda p: (p.added, p.id))


@dataclass(frozen=True, slots=True)
class WaitlistChange:
    """One change of the waitlist, for the audit log (and so other terminals see it)."""

    party_id: str
    location_id: str
    at: datetime
    actor: str | None
    scope: Scope | None
    operation: str
    before: WaitingParty | None
    after: WaitingParty | None
    terminal: str | None = None


@dataclass(frozen=True, slots=True)
class TableReady:
    """What a notifier tells a waiting party: their table at this restaurant is ready."""

    party_id: str
    restaurant: str
    party_size: int
    name: str | None
    phone: str | None
    tables: str  # as the host reads them ("T4+T5"), or empty
