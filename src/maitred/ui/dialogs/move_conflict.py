"""Explaining why a dragged reservation doesn't fit where it was dropped, and offering the
FULL-scope host to book it there anyway."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from maitred.controllers.moves import MoveCheck
from maitred.controllers.walk_in import table_names
from maitred.domain.availability import TableConflict
from maitred.domain.location import ReservationLocation
from maitred.ui.dialogs.wording import (
    guest_name,
    location_conflict_text,
    table_conflict_text,
    time_text,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MoveConflict", text)


def explain(check: MoveCheck, location: ReservationLocation) -> list[str]:
    """One line per problem: who sits at a taken table and when, or what the size or pacing rule says."""
    zone = location.info.time_zone
    party = check.reservation.party_size
    lines = []
    for problem in check.problems:
        tables = table_names(location, problem.table_ids)
        if problem.conflict is TableConflict.RESERVED:
            who = ", ".join(
                _tr("{guest} ({start}–{end})").format(guest=guest_name(r), start=time_text(r.start, zone),
                                                      end=time_text(r.end, zone))
                for r in problem.blocking) or _tr("another reservation")
            lines.append(_tr("{tables} is taken by {who}.").format(tables=tables, who=who))
        else:
            lines.append(_tr("{tables} is {why}.").format(tables=tables,
                                                        why=table_conflict_text(problem.conflict, party)))
    lines.extend(location_conflict_text(c).capitalize() + "." for c in check.location_conflicts)
    return lines


def ask(parent: QWidget | None, check: MoveCheck, location: ReservationLocation, may_book_anyway: bool) -> bool:
    """Show the conflict; True when the host chose "Book anyway"."""
    zone = location.info.time_zone
    where = table_names(location, check.table_ids) or _tr("no table")
    title = _tr("{guest} doesn't fit at {tables} at {time}").format(
        guest=guest_name(check.reservation), tables=where, time=time_text(check.start, zone))
    box = QMessageBox(QMessageBox.Icon.Warning, _tr("Move reservation"), title, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("moveConflictBox")
    box.setInformativeText("\n".join(f"• {line}" for line in explain(check, location)))
    anyway = box.addButton(_tr("Book anyway"), QMessageBox.ButtonRole.AcceptRole) if may_book_anyway else None
    keep = box.addButton(_tr("Leave it where it was"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return anyway is not None and box.clickedButton() is anyway
