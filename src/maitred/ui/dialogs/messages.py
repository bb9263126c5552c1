"""Turning the book's refusals into one plain sentence that says what to do next.

Every error code maps to a sentence of its own; a few add the detail the host needs (which field,
which rule). Nothing here ever shows a traceback.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from maitred.domain.errors import (
    DatabaseUnusable,
    InvalidArgument,
    ReservationBookError,
    ReservationLocationViolation,
    TimeNotAvailable,
)
from maitred.ui.dialogs.staff_wording import staff_sentence


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def field_words(field: str) -> str:
    """A request's field path as the host knows the field."""
    names = {
        "reservee.phone": _tr("the phone number"),
        "phone": _tr("the phone number"),
        "reservee.email": _tr("the e-mail address"),
        "reservee.firstName": _tr("the name"),
        "reservee.lastName": _tr("the last name"),
        "details.partySize": _tr("the party size"),
        "partySize": _tr("the party size"),
        "details.startDate": _tr("the time"),
        "details.endDate": _tr("the end time"),
        "details.tableIds": _tr("the tables"),
        "teamMessage": _tr("the note"),
        "declineReason": _tr("the reason"),
    }
    if field in names:
        return names[field]
    if field.startswith("reservee.customFields"):
        return _tr("a form field")
    return field.rsplit(".", 1)[-1] or _tr("a field")


def sentence_for(error: BaseException) -> str:
    """One sentence for the host: what went wrong, and what to do about it."""
    if not isinstance(error, ReservationBookError):
        return _tr("Something went wrong inside Maitre D. Try again; if it keeps happening, tell the manager.")
    if isinstance(error, DatabaseUnusable):
        return error.message
    if (about_staff := staff_sentence(error)) is not None:
        return about_staff
    if isinstance(error, InvalidArgument):
        first = error.violations[0]
        return _tr("Check {field}: {problem}.").format(field=field_words(first.field),
                                                        problem=first.description.rstrip("."))
    if isinstance(error, ReservationLocationViolation):
        return _tr("These settings don't fit together: {problem}. Correct them and save again.").format(
            problem=error.message.rstrip("."))
    if isinstance(error, TimeNotAvailable):
        return time_not_available_sentence(error)
    if error.code == "CAN_NOT_BE_UPDATED" and "expired" in error.message:
        return _tr("The 10-minute hold ran out. Hold the table again.")
    sentences = {
        "PERMISSION_DENIED": _tr("Only a manager can do this. Ask a manager."),
        "RESERVATION_NOT_FOUND": _tr("This reservation no longer exists; another terminal may have removed it."),
        "RESERVATION_LOCATION_NOT_FOUND": _tr("The restaurant's settings are missing. Restart Maitre D."),
        "REVISION_MISMATCH": _tr("Someone changed this meanwhile. Look at it again, then repeat your change."),
        "CAN_NOT_BE_UPDATED": _tr("That can't be done from the reservation's current status."),
        "ONLINE_RESERVATIONS_DISABLED": _tr("Online booking is switched off. Book it at the stand instead."),
        "PHONE_NUMBER_REQUIRED": _tr("Give the phone number the reservation was made with."),
        "PHONE_NUMBER_INCORRECT": _tr("That is not the phone number the reservation was made with."),
        "UNAVAILABLE": _tr("The reservation book is busy or can't be reached. Wait a moment and try again."),
        "INTERNAL": _tr("Something went wrong inside Maitre D. Try again; if it keeps happening, tell the manager."),
    }
    return sentences.get(error.code, sentences["INTERNAL"])


def time_not_available_sentence(error: TimeNotAvailable) -> str:
    if error.location_conflicts and not error.table_conflicts:
        return _tr("Too many guests would start at that time (pacing limit). Pick another time.")
    if error.table_conflicts and all(c in ("TOO_BIG", "TOO_SMALL") for c in error.table_conflicts):
        return _tr("No table is the right size for this party. Pick other tables or change the party size.")
    if not error.table_conflicts and not error.location_conflicts:
        return _tr("That time can't be booked. Pick another time.")
    return _tr("No table is free for this party at that time. Pick another time or another table.")


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    """The sentence in a small box, for refusals that have no field to sit next to."""
    box = QMessageBox(QMessageBox.Icon.Warning, title or _tr("Maitre D"), sentence_for(error),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.exec()


def confirm(parent: QWidget | None, question: str, yes: str, no: str | None = None) -> bool:
    """Ask before a destructive action; the safe answer is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, _tr("Maitre D"), question, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("confirmBox")
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    no_button = box.addButton(no or _tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def ask_decline_reason(parent: QWidget | None, guest: str) -> str | None:
    """The reason a request is declined (may be empty); None when the host backs out."""
    text, ok = QInputDialog.getText(parent, _tr("Decline request"),
                                    _tr("Why is the request of {guest} declined? (optional)").format(guest=guest),
                                    QLineEdit.EchoMode.Normal, "")
    return text if ok else None
