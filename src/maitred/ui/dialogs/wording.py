"""How the stand words things: times in the restaurant's zone and the locale's format, table
names, the status moves as verbs, and why a slot or a table can't be used."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime

from maitred.controllers.phone_in import SlotBlocker
from maitred.controllers.walk_in import table_names
from maitred.domain.availability import LocationConflict, TableConflict
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import zone

S = ReservationStatus


def _tr(text: str) -> str:
    return QCoreApplication.translate("Wording", text)


def time_text(moment: datetime, time_zone: str) -> str:
    """Wall-clock time in the restaurant, in the locale's short format ("19:30")."""
    local = moment.astimezone(zone(time_zone))
    return QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)


def date_text(day: date) -> str:
    """ "Fri 13 Jun" in the locale's words."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "ddd d MMM")


def long_date_text(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)


def time_edit_format() -> str:
    """The locale's short time pattern ("HH:mm", "h:mm AP"), for a field that edits a time."""
    return QLocale().timeFormat(QLocale.FormatType.ShortFormat)


def date_edit_format() -> str:
    """The locale's short date pattern with the whole year ("dd/MM/yyyy", "M/d/yyyy"), for a
    field that edits a date: it has no weekday section, where a stray key would move the day."""
    pattern = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def weekday_text(day: date) -> str:
    """ "Friday" in the locale's words, beside a date field that shows no weekday."""
    return QLocale().dayName(QDate(day.year, day.month, day.day).dayOfWeek(), QLocale.FormatType.LongFormat)


def moment_text(moment: datetime, time_zone: str) -> str:
    local = moment.astimezone(zone(time_zone))
    return f"{date_text(local.date())} {time_text(moment, time_zone)}"


def guest_name(reservation: Reservation) -> str:
    """The guest's name; a nameless walk-in is "Walk-in", anybody else nameless "Guest"."""
    name = reservation.reservee.display_name if reservation.reservee else ""
    if name:
        return name
    return _tr("Walk-in") if reservation.source is Source.WALK_IN else _tr("Guest")


def tables_text(location: ReservationLocation, reservation: Reservation) -> str:
    return table_names(location, reservation.table_ids) or _tr("no table")


def action_label(current: ReservationStatus, target: ReservationStatus) -> str:
    """A status move as the button the host presses."""
    labels = {
        (S.REQUESTED, S.RESERVED): _tr("Approve"),
        (S.REQUESTED, S.DECLINED): _tr("Decline…"),
        (S.REQUESTED, S.CANCELED): _tr("Cancel reservation…"),
        (S.RESERVED, S.SEATED): _tr("Seat"),
        (S.RESERVED, S.CANCELED): _tr("Cancel reservation…"),
        (S.RESERVED, S.NO_SHOW): _tr("No-show"),
        (S.SEATED, S.FINISHED): _tr("Finish"),
        (S.SEATED, S.RESERVED): _tr("Unseat (back to reserved)"),
        (S.FINISHED, S.SEATED): _tr("Back to seated"),
        (S.NO_SHOW, S.RESERVED): _tr("They called: back to reserved"),
        (S.NO_SHOW, S.SEATED): _tr("They came after all: seat"),
        (S.CANCELED, S.RESERVED): _tr("Reinstate"),
        (S.DECLINED, S.RESERVED): _tr("Approve after all"),
        (S.PAYMENT_PENDING, S.RESERVED): _tr("Confirm without payment"),
        (S.PAYMENT_PENDING, S.CANCELED): _tr("Cancel reservation…"),
    }
    return labels.get((current, target), target.value.title())


def blocker_text(blocker: SlotBlocker, party: int) -> str:
    """Why a slot can't be held, short enough for a button's second line."""
    texts = {
        SlotBlocker.CLOSED: _tr("closed"),
        SlotBlocker.TAKEN: _tr("full"),
        SlotBlocker.NO_TABLE_FITS: _tr("no table for {party}").format(party=party),
        SlotBlocker.PARTY_PACING: _tr("too many arrivals"),
        SlotBlocker.SEAT_PACING: _tr("too many guests arriving"),
    }
    return texts.get(blocker, "")


def blocker_sentence(blocker: SlotBlocker, party: int) -> str:
    """The same reason as a whole sentence, for the tooltip."""
    texts = {
        SlotBlocker.CLOSED: _tr("The restaurant is closed at this time."),
        SlotBlocker.TAKEN: _tr("Every table that seats {party} is taken at this time.").format(party=party),
        SlotBlocker.NO_TABLE_FITS: _tr("No table or combination seats {party}.").format(party=party),
        SlotBlocker.PARTY_PACING: _tr("The limit of parties arriving in this slot is reached."),
        SlotBlocker.SEAT_PACING: _tr("The limit of guests arriving in this slot is reached."),
    }
    return texts.get(blocker, "")


def table_conflict_text(conflict: TableConflict, party: int) -> str:
    texts = {
        TableConflict.RESERVED: _tr("taken"),
        TableConflict.TOO_BIG: _tr("too small for {party}").format(party=party),
        TableConflict.TOO_SMALL: _tr("too big for {party}").format(party=party),
        TableConflict.OFFLINE_ONLY: _tr("kept for the house"),
    }
    return texts[conflict]


def location_conflict_text(conflict: LocationConflict) -> str:
    texts = {
        LocationConflict.PARTY_PACING: _tr("too many parties would arrive in that slot (party pacing)"),
        LocationConflict.SEAT_PACING: _tr("too many guests would arrive in that slot (seat pacing)"),
    }
    return texts[conflict]
