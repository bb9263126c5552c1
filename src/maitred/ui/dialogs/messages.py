"""Turning the book's refusals into one plain sentence that says what to do next.

Every error code maps to a sentence of its own; a few add the detail the host needs (which field,
which rule). The stand's own refusals are here too: a status key pressed on a party whose status
doesn't allow it, and Ctrl+Z after an action that can't be undone. Nothing here ever shows a
traceback.
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
from maitred.domain.lifecycle import ReservationStatus
from maitred.ui.dialogs.staff_wording import staff_sentence

S = ReservationStatus


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


# --- status keys pressed on the wrong status ---------------------------------------------------


def wrong_status_sentence(guest: str, current: ReservationStatus, target: ReservationStatus) -> str:
    """Why S, F, N, A, D or Delete can't act on this party now, and what to press instead; said
    before anything is asked, so nobody types a reason for a decline that is then refused."""
    sentence = _wrong_key_sentences().get((current, target))
    if sentence is None and target is S.RESERVED:
        sentence = _tr("{guest} isn't a request waiting for approval: there's nothing to approve.")
    if sentence is None and target is S.DECLINED:
        sentence = _tr("{guest} isn't a request waiting for an answer: there's nothing to decline.")
    if sentence is None:
        sentence = _state_sentences()[current]
    return sentence.format(guest=guest)


def _wrong_key_sentences() -> dict[tuple[ReservationStatus, ReservationStatus], str]:
    """(status now, status the key asks for): the sentences that fit one key best."""
    return {
        (S.SEATED, S.SEATED): _tr("{guest} is already seated."),
        (S.RESERVED, S.FINISHED): _tr("{guest} isn't seated yet: press S to seat them first."),
        (S.FINISHED, S.FINISHED): _tr("{guest} is already finished."),
        (S.NO_SHOW, S.FINISHED): _tr("{guest} is marked as a no-show: press S if they came after all."),
        (S.SEATED, S.NO_SHOW): _tr("{guest} is seated, so they aren't a no-show: press F when they leave."),
        (S.FINISHED, S.NO_SHOW): _tr("{guest} came and has left, so they aren't a no-show."),
        (S.NO_SHOW, S.NO_SHOW): _tr("{guest} is already marked as a no-show."),
        (S.DECLINED, S.RESERVED): _tr("{guest}'s request was declined: open it (Enter) to approve it after all."),
        (S.RESERVED, S.DECLINED): _tr("{guest} is booked, not a request: press Delete to cancel the booking instead."),
        (S.SEATED, S.CANCELED): _tr("{guest} is seated, so the booking can't be cancelled: press F when they leave."),
        (S.FINISHED, S.CANCELED): _tr("{guest} has been and gone: there's nothing left to cancel."),
        (S.NO_SHOW, S.CANCELED): _tr("{guest} is marked as a no-show: there's nothing left to cancel."),
        (S.CANCELED, S.CANCELED): _tr("{guest}'s booking is already cancelled."),
        (S.DECLINED, S.CANCELED): _tr("{guest}'s request was declined: there's nothing left to cancel."),
    }


def _state_sentences() -> dict[ReservationStatus, str]:
    """Where the party stands, for any key the pairs above don't cover."""
    return {
        S.HELD: _tr("{guest} is still being booked on a phone-in: finish or close that booking first."),
        S.PAYMENT_PENDING: _tr("{guest} hasn't paid the deposit yet: open it (Enter) to confirm it without "
                               "payment first."),
        S.REQUESTED: _tr("{guest} is still a request: approve it (A) or decline it (D) first."),
        S.RESERVED: _tr("{guest} is booked and not here yet: press S when they arrive."),
        S.SEATED: _tr("{guest} is seated: press F when they leave."),
        S.FINISHED: _tr("{guest} has been and gone: open it (Enter) to seat them again."),
        S.NO_SHOW: _tr("{guest} is marked as a no-show: press S if they came after all."),
        S.CANCELED: _tr("{guest}'s booking is cancelled: open it (Enter) to reinstate it first."),
        S.DECLINED: _tr("{guest}'s request was declined: open it (Enter) to approve it after all first."),
    }


# --- undo ------------------------------------------------------------------------------------


def undo_menu_text(what: str, guest: str, can_be_undone: bool) -> str:
    """The Undo menu item, as Ctrl+Z will answer: "Undo seat Carla Bruni", or "Can't undo
    approving Noah Garcia" when the last action can't be taken back."""
    if not what:
        return _tr("Undo")
    who = guest or _tr("the party")
    if not can_be_undone:
        return _tr("Can't undo {action}").format(action=_doing(what, who))
    verbs = {
        "SEATED": _tr("seat"), "FINISHED": _tr("finish"), "NO_SHOW": _tr("no-show"), "CANCELED": _tr("cancel"),
        "UNSEAT": _tr("unseat"), "REINSTATE": _tr("reinstate"), "MOVE": _tr("move"), "EDIT": _tr("changes to"),
    }
    return _tr("Undo {action} {guest}").format(action=verbs.get(what, what.lower()), guest=guest).strip()


def not_undoable_sentence(what: str, guest: str) -> str:
    """Ctrl+Z after an action the lifecycle can't take back: what can't be undone, and what to do."""
    who = guest or _tr("the party")
    sentences = {
        "APPROVE": _tr("Approving {guest} can't be undone: if it was a mistake, cancel the booking (Delete)."),
        "DECLINE": _tr("Declining {guest} can't be undone: open their reservation to approve it after all."),
        "CONFIRM": _tr("Confirming {guest} without payment can't be undone."),
        "CANCELED": _tr("Cancelling {guest} can't be undone: book them again (Ctrl+N) if they still want to come."),
        "SEATED": _tr("Seating {guest} can't be undone: open their reservation to unseat them."),
        "WALK_IN": _tr("Seating the walk-in can't be undone: press F to finish it and free the table.")
        if not guest else _tr("Seating walk-in {guest} can't be undone: press F to finish it and free the table."),
        "WAITLIST_SEAT": _tr("Seating {guest} from the waitlist can't be undone: press F to finish it and free "
                             "the table."),
        "BOOK": _tr("Booking {guest} can't be undone: if it was a mistake, cancel it (Delete)."),
        "GUEST_EDIT": _tr("Changing the guest details of {guest} can't be undone: open the reservation (Enter) "
                          "and correct them."),
        "ERASE": _tr("Erasing a guest can't be undone."),
        "IMPORT": _tr("Importing reservations can't be undone: cancel the ones you don't want."),
    }
    return sentences.get(what, _tr("The last action can't be undone.")).format(guest=who)


def changed_since_sentence(guest: str) -> str:
    """Ctrl+Z after the party was changed again (maybe at another terminal)."""
    return _tr("{guest} was changed since (maybe at another terminal), so the last action on them can't be "
               "undone.").format(guest=guest or _tr("The party"))


def _doing(what: str, guest: str) -> str:
    """An action as the menu names it: "approving Noah Garcia"."""
    phrases = {
        "SEATED": _tr("seating {guest}"), "CANCELED": _tr("cancelling {guest}"),
        "APPROVE": _tr("approving {guest}"), "DECLINE": _tr("declining {guest}"),
        "CONFIRM": _tr("confirming {guest} without payment"), "WALK_IN": _tr("seating the walk-in"),
        "WAITLIST_SEAT": _tr("seating {guest} from the waitlist"), "BOOK": _tr("booking {guest}"),
        "GUEST_EDIT": _tr("the guest details of {guest}"), "ERASE": _tr("erasing a guest"),
        "IMPORT": _tr("importing reservations"),
    }
    return phrases.get(what, _tr("the last action")).format(guest=guest)
