"""When parties sat down and got up, read from the audit log (the `StayLog` port).

Every status change of a reservation is an audit entry with the reservation before and after,
so the moment a table was seated and the moment it was finished are already recorded; the
reports read them back rather than keeping a second record that could disagree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from maitred.domain.lifecycle import ReservationStatus
from maitred.store.codec import from_ms, to_ms
from maitred.store.repositories import StoreConnection
from maitred.store.schema import AUDIT_KIND_RESERVATION, audit_table

_audit = audit_table.c

#: A reservation snapshot is compact JSON whose first "status" key is the reservation's own
#: (`id`, `location_id`, `status` come first; nothing before them has a status).
_STATUS = re.compile(r'"status":"([A-Z_]+)"')
_MOVES_INTO = (ReservationStatus.SEATED, ReservationStatus.FINISHED)


def _status(snapshot: str | None) -> str | None:
    if snapshot is None:
        return None
    found = _STATUS.search(snapshot)
    return found.group(1) if found else None


class SqlStayLog:
    def __init__(self, store: StoreConnection) -> None:
        self._store = store

    def status_moves(
        self, location_id: str, start: datetime, end: datetime
    ) -> Sequence[tuple[str, datetime, ReservationStatus]]:
        statement = (
            select(_audit.subject_id, _audit.at_ms, _audit.before, _audit.after)
            .where(_audit.kind == AUDIT_KIND_RESERVATION, _audit.location_id == location_id,
                   _audit.at_ms >= to_ms(start), _audit.at_ms < to_ms(end))
            .order_by(_audit.id)
        )
        moves = []
        for row in self._store.execute(statement):
            reservation_id, at_ms, before, after = row.subject_id, row.at_ms, row.before, row.after
            status = _status(after)
            if status in _MOVES_INTO and status != _status(before):
                moves.append((reservation_id, from_ms(at_ms), ReservationStatus(status)))
        return moves
