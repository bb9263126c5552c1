"""Recognising a returning guest in the phone-in dialog from the digits of their phone number.

From the third digit the guest book is asked who has such a number: the whole number typed, or
a single match whose name fits what the host typed, is taken as the guest (blank name and
e-mail fields are filled in, nothing the host typed is overwritten) and their card is shown:
tags, notes, visits, and in red with a ⚠ an earlier no-show. Several matches are offered in
a list under the field (arrow keys and Enter pick one).
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QStringListModel, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QWidget

from maitred.controllers.phone_in import PhoneInBooking
from maitred.domain.errors import ReservationBookError
from maitred.domain.guest import Guest, GuestCard, folded, lookup_digits, phone_match_rank
from maitred.domain.schedule import zone
from maitred.ui import status_style as st
from maitred.ui.dialogs.wording import date_text


def guest_choice(guest: Guest) -> str:
    """How a match reads in the list: "Anna Rossi · +393331234567"."""
    return f"{guest.display_name} · {guest.phone}" if guest.display_name else guest.phone


class ReturningGuestLookup(QObject):
    """Watches the phone field of a booking form; `card` is the label to put under it."""

    #: GuestCard | None: the guest recognised (None when the number no longer matches one)
    recognised = Signal(object)

    def __init__(self, booking: PhoneInBooking, phone: QLineEdit, name: QLineEdit, email: QLineEdit,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.booking = booking
        self.phone, self.name, self.email = phone, name, email
        self.matches: list[Guest] = []
        self.current: GuestCard | None = None
        self.card = QLabel(parent)
        self.card.setObjectName("guestCard")
        self.card.setWordWrap(True)
        self.card.setVisible(False)
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(phone)
        self.completer.activated[QModelIndex].connect(self._on_chosen)  # type: ignore[index]
        phone.textEdited.connect(self.look_up)

    def look_up(self, typed: str) -> None:
        """Who the digits typed so far may be; take the guest when it can only be them."""
        digits = lookup_digits(typed)
        try:
            self.matches = self.booking.returning_guests(typed) if digits else []
        except ReservationBookError:
            self.matches = []
        self.model.setStringList([guest_choice(g) for g in self.matches])
        whole = [g for g in self.matches if digits and phone_match_rank(g, digits) == 0]
        if whole:
            self.choose(whole[0])
        elif len(self.matches) == 1 and self._name_fits(self.matches[0]):
            self.choose(self.matches[0])
        else:
            if self.current is not None and self.current.guest not in self.matches:
                self._show(None)
            if self.matches and self.phone.hasFocus():
                self.completer.complete()

    def _name_fits(self, guest: Guest) -> bool:
        typed = folded(self.name.text())
        return not typed or all(word in folded(guest.display_name) for word in typed.split())

    def _on_chosen(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.matches):
            guest = self.matches[index.row()]
            self.phone.setText(guest.phone)  # the completer wrote the whole line into the field
            self.choose(guest)

    def choose(self, guest: Guest) -> None:
        """This is the guest: fill in what is blank, show their card."""
        if self.current is not None and self.current.guest.id == guest.id:
            return
        try:
            card = self.booking.guest_card(guest.id)
        except ReservationBookError:
            return
        if not self.name.text().strip():
            self.name.setText(guest.display_name)
        if not self.email.text().strip() and guest.email:
            self.email.setText(guest.email)
        self._show(card)

    def _show(self, card: GuestCard | None) -> None:
        self.current = card
        self.recognised.emit(card)
        if card is None:
            self.card.setVisible(False)
            self.card.setText("")
            return
        self.card.setText(card_html(card, self.booking.location.info.time_zone))
        self.card.setVisible(True)
        self.card.setAccessibleDescription(self.card.text())


def card_html(card: GuestCard, time_zone: str) -> str:
    """The returning guest in two or three short lines (rich text for the label)."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("ReturningGuest", text)

    def day(moment: datetime | None) -> str:
        return date_text(moment.astimezone(zone(time_zone)).date()) if moment is not None else ""

    guest, history = card.guest, card.history
    first = tr("Returning guest: {name}").format(name=escape(guest.display_name or guest.phone))
    if guest.is_vip:
        first = "★ " + first
    lines = [f"<b>{first}</b>"]
    facts = []
    if history.visits:
        facts.append(tr("{count} visits, last {day}").format(count=history.visits, day=day(history.last_visit))
                     if history.visits != 1 else tr("1 visit, {day}").format(day=day(history.last_visit)))
    else:
        facts.append(tr("no visit yet"))
    if history.cancellations:
        facts.append(tr("{count} cancelled").format(count=history.cancellations))
    if guest.tags:
        facts.append(escape(", ".join(guest.tags)))
    lines.append(" · ".join(facts))
    if guest.notes:
        lines.append(f"<i>{escape(guest.notes)}</i>")
    if history.no_shows:
        warning = (tr("⚠ No-show on {day}: confirm the booking with them.").format(day=day(history.last_no_show))
                   if history.no_shows == 1 else
                   tr("⚠ {count} no-shows, last {day}: confirm the booking with them.").format(
                       count=history.no_shows, day=day(history.last_no_show)))
        lines.append(f"<span style='color:{st.ALERT_COLOR.name()}'><b>{escape(warning)}</b></span>")
    return "<br/>".join(lines)

