"""The change history of a reservation, one line per audit entry, in the host's words."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from maitred.controllers.walk_in import table_names
from maitred.domain.audit import ReservationChange
from maitred.domain.location import ReservationLocation
from maitred.ui import status_style as st
from maitred.ui.dialogs.wording import moment_text


def describe_change(entry: ReservationChange, location: ReservationLocation) -> str:
    """One line of the history in the host's words."""
    tr = QCoreApplication.translate
    before, after = entry.before, entry.after
    named = {
        "createReservation": tr("Details", "Booked"),
        "createHeldReservation": tr("Details", "Table held"),
        "reserveReservation": tr("Details", "Guest details taken"),
        "cancelReservation": tr("Details", "Cancelled"),
        "deleteReservation": tr("Details", "Hold let go"),
        "expireHeldReservations": tr("Details", "Hold ran out"),
    }
    parts = [named.get(entry.operation, "")] if entry.operation in named else []
    if before is not None and after is not None:
        if before.status is not after.status and entry.operation != "cancelReservation":
            parts.append(f"{st.status_label(before.status)} → {st.status_label(after.status)}")
        zone_name = location.info.time_zone
        if before.start != after.start:
            parts.append(tr("Details", "time {old} → {new}").format(old=moment_text(before.start, zone_name),
                                                                     new=moment_text(after.start, zone_name)))
        if before.table_ids != after.table_ids:
            parts.append(tr("Details", "tables {old} → {new}").format(
                old=table_names(location, before.table_ids) or "–", new=table_names(location, after.table_ids) or "–"))
        if before.party_size != after.party_size:
            parts.append(tr("Details", "party {old} → {new}").format(old=before.party_size, new=after.party_size))
        if before.end != after.end and before.start == after.start:
            parts.append(tr("Details", "length changed"))
        if before.reservee != after.reservee and entry.operation != "reserveReservation":
            parts.append(tr("Details", "guest details changed"))
        if before.team_message != after.team_message:
            parts.append(tr("Details", "note changed"))
    elif after is not None and entry.operation in ("createReservation",):
        parts.append(f"({st.status_label(after.status)})")
    return " · ".join(p for p in parts if p) or entry.operation
