"""The guest book: who a returning guest is, what the house knows about them, and their record.

A guest is recognised by phone number (E.164), the one thing every phone-in and most walk-ins
give. The profile keeps what the host wants to know before the guest sits down (tags such as
VIP, allergies, a high chair; free notes); their visits, cancellations and no-shows are not
stored but read from the reservations made with their number, so they can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from maitred.domain.errors import CanNotBeUpdated
from maitred.domain.lifecycle import OCCUPYING_STATUSES, ReservationStatus, Scope
from maitred.domain.reservation import Reservation, Reservee
from maitred.domain.waitlist import WaitingParty

S = ReservationStatus

#: A look-up by phone starts once this many digits are typed: fewer match half the book.
MIN_LOOKUP_DIGITS = 3

#: Tags a host picks from; any other text is a tag too.
SUGGESTED_TAGS = (
    "VIP", "Regular", "Allergy: nuts", "Allergy: shellfish", "Gluten-free", "Lactose-free", "Vegetarian",
    "Vegan", "High chair", "Wheelchair", "Birthday",
)


class TagKind(StrEnum):
    """What a tag is about, so the day sheet puts it in the right column."""

    VIP = "VIP"
    ALLERGY = "ALLERGY"  # the kitchen must know: allergies, intolerances, "-free" diets
    DIETARY = "DIETARY"  # a choice the kitchen should know: vegetarian, halal...
    NEEDS = "NEEDS"  # the floor must know: high chair, wheelchair, pram
    OTHER = "OTHER"


# Word stems, accent-free and case-folded; "allerg" also catches allergia, Allergie, allergie.
_ALLERGY_STEMS = ("allerg", "intoler", "coeliac", "celiac", "gluten", "lactose", "-free", " free", "shellfish")
_DIETARY_STEMS = ("vegetar", "vegan", "halal", "kosher", "pescat", "no pork", "no meat", "no fish")
_NEEDS_STEMS = ("high chair", "highchair", "wheelchair", "pram", "stroller", "step-free", "step free", "crutch")


def folded(text: str) -> str:
    """Lower case without accents, for comparing what different hosts typed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def tag_kind(tag: str) -> TagKind:
    """The kind of a tag, by the words in it (any language for "allerg", English otherwise)."""
    text = folded(tag)
    if text == "vip" or text.startswith(("vip ", "vip:")):
        return TagKind.VIP
    if any(stem in text for stem in _ALLERGY_STEMS):
        return TagKind.ALLERGY
    if any(stem in text for stem in _DIETARY_STEMS):
        return TagKind.DIETARY
    if any(stem in text for stem in _NEEDS_STEMS):
        return TagKind.NEEDS
    return TagKind.OTHER


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags trimmed, without empties or repeats (case-insensitively), in the order given."""
    seen: set[str] = set()
    kept = []
    for tag in tags:
        text = " ".join(tag.split())
        if text and folded(text) not in seen:
            seen.add(folded(text))
            kept.append(text)
    return tuple(kept)


@dataclass(frozen=True, slots=True)
class Guest:
    """A guest's profile. `phone` is the number they are recognised by; `other_phones` are the
    numbers of duplicate profiles merged into this one, which recognise them too."""

    id: str
    phone: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    other_phones: tuple[str, ...] = ()
    created: datetime | None = None
    updated: datetime | None = None
    revision: int = 1

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def phones(self) -> tuple[str, ...]:
        return (self.phone, *self.other_phones)

    @property
    def is_vip(self) -> bool:
        return any(tag_kind(t) is TagKind.VIP for t in self.tags)

    def tags_of(self, *kinds: TagKind) -> tuple[str, ...]:
        return tuple(t for t in self.tags if tag_kind(t) in kinds)


def guest_from_reservee(guest_id: str, reservee: Reservee, now: datetime) -> Guest:
    """A new profile from the details a booking gave (which must include a phone)."""
    if not reservee.phone:
        raise ValueError("a guest is recognised by phone: this booking has none")
    return Guest(id=guest_id, phone=reservee.phone, first_name=reservee.first_name, last_name=reservee.last_name,
                 email=reservee.email, created=now, updated=now)


def learn_from_reservee(guest: Guest, reservee: Reservee, now: datetime) -> Guest:
    """The profile after another booking: blank names are filled in, and the e-mail address the
    guest gave last wins (people change addresses; they rarely change names). Unchanged when the
    booking taught nothing new."""
    learned = replace(
        guest,
        first_name=guest.first_name or reservee.first_name,
        last_name=guest.last_name or reservee.last_name,
        email=reservee.email or guest.email,
    )
    if learned == guest:
        return guest
    return replace(learned, updated=now, revision=guest.revision + 1)


def merge_guests(keep: Guest, duplicate: Guest, now: datetime) -> Guest:
    """One profile out of two: `keep` wins where both know something, the duplicate fills the
    gaps, tags are the union, notes are both, and the duplicate's numbers recognise the guest."""
    if keep.id == duplicate.id:
        raise ValueError("a guest can't be merged with itself")
    notes = "\n".join(n for n in dict.fromkeys((keep.notes.strip(), duplicate.notes.strip())) if n)
    phones = tuple(p for p in dict.fromkeys((*keep.other_phones, *duplicate.phones)) if p != keep.phone)
    return replace(
        keep,
        first_name=keep.first_name or duplicate.first_name,
        last_name=keep.last_name or duplicate.last_name,
        email=keep.email or duplicate.email,
        tags=clean_tags((*keep.tags, *duplicate.tags)),
        notes=notes,
        other_phones=phones,
        updated=now,
        revision=keep.revision + 1,
    )


def likely_duplicates(guest: Guest, others: Iterable[Guest]) -> list[Guest]:
    """Other profiles that are probably the same person: the same e-mail address, or the same
    first and last name (accents and case aside)."""
    email = folded(guest.email or "")
    name = (folded(guest.first_name or ""), folded(guest.last_name or ""))
    found = []
    for other in others:
        if other.id == guest.id:
            continue
        same_email = bool(email) and folded(other.email or "") == email
        same_name = all(name) and (folded(other.first_name or ""), folded(other.last_name or "")) == name
        if same_email or same_name:
            found.append(other)
    return found


# --- recognising a guest by the digits typed ---------------------------------------------------


def phone_digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def lookup_digits(typed: str) -> str | None:
    """The digits to look a guest up by, or None while fewer than three are typed (or the text
    is not a phone number at all)."""
    if re.search(r"[^\d\s+()./-]", typed):
        return None
    digits = phone_digits(typed)
    return digits if len(digits) >= MIN_LOOKUP_DIGITS else None


def phone_match_rank(guest: Guest, digits: str) -> int | None:
    """How well typed digits match the guest's numbers (lower is better), None if they don't.

    The host types the number as the guest says it, usually without the country code and
    sometimes with a national leading zero: "333 12", "0612", "+39 333 12". A whole number
    typed matches best, then digits found earliest in the number."""
    best: int | None = None
    for phone in guest.phones:
        number = phone_digits(phone)
        for wanted in dict.fromkeys((digits, digits.lstrip("0"))):
            if len(wanted) < MIN_LOOKUP_DIGITS:
                continue
            where = number.find(wanted)
            if where < 0:
                continue
            rank = 0 if number.endswith(wanted) and len(wanted) >= len(number) - 3 else 1 + where
            best = rank if best is None else min(best, rank)
    return best


def rank_by_phone(guests: Iterable[Guest], digits: str) -> list[Guest]:
    """The guests whose numbers contain the digits, best match first, then by name."""
    ranked = [(rank, g) for g in guests if (rank := phone_match_rank(g, digits)) is not None]
    ranked.sort(key=lambda pair: (pair[0], folded(pair[1].display_name), pair[1].id))
    return [g for _, g in ranked]


# --- a guest's record, read from their reservations ---------------------------------------------


@dataclass(frozen=True, slots=True)
class GuestHistory:
    """What the book remembers of a guest: past visits, cancellations and no-shows, and what is
    still to come. `reservations` are newest first."""

    visits: int
    cancellations: int
    no_shows: int
    upcoming: int
    last_visit: datetime | None
    last_no_show: datetime | None
    reservations: tuple[Reservation, ...]

    @property
    def has_no_show(self) -> bool:
        return self.no_shows > 0


def history_of(reservations: Iterable[Reservation], now: datetime) -> GuestHistory:
    """Visits are tables that were sat at (SEATED or FINISHED, started by now); what is still to
    come is anything booked that holds a table after now, held tables aside."""
    ordered = sorted(reservations, key=lambda r: (r.start, r.id), reverse=True)
    visits = [r for r in ordered if r.status in (S.SEATED, S.FINISHED) and r.start <= now]
    no_shows = [r for r in ordered if r.status is S.NO_SHOW]
    upcoming = [r for r in ordered if r.status in OCCUPYING_STATUSES and r.status is not S.HELD and r.start > now]
    return GuestHistory(
        visits=len(visits),
        cancellations=sum(1 for r in ordered if r.status is S.CANCELED),
        no_shows=len(no_shows),
        upcoming=len(upcoming),
        last_visit=visits[0].start if visits else None,
        last_no_show=no_shows[0].start if no_shows else None,
        reservations=tuple(ordered),
    )


def without_guest(reservee: Reservee | None) -> Reservee | None:
    """The reservee of a reservation once the guest asked to be forgotten: no name, phone or
    e-mail; what the kitchen noted (form fields) stays, anonymous."""
    if reservee is None:
        return None
    blank = replace(reservee, first_name=None, last_name=None, email=None, phone=None, marketing_consent=None)
    return None if blank == Reservee() else blank


def guests_by_phone(guests: Sequence[Guest]) -> dict[str, Guest]:
    """Every number that recognises a guest, to that guest."""
    return {phone: g for g in guests for phone in g.phones}


@dataclass(frozen=True, slots=True)
class GuestChange:
    """One change of the guest book (an edit, a merge, an erasure), for the audit log."""

    guest_id: str
    at: datetime
    actor: str | None
    scope: Scope | None
    operation: str
    before: Guest | None
    after: Guest | None
    terminal: str | None = None


@dataclass(frozen=True, slots=True)
class GuestCard:
    """A guest as the host sees them: the profile and the record."""

    guest: Guest
    history: GuestHistory


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure blanked: the guest's reservations and waitlist entries, as they are now."""

    reservations: tuple[Reservation, ...]
    parties: tuple[WaitingParty, ...]


class GuestHasUpcomingVisit(CanNotBeUpdated):
    """A guest who is expected (or waiting, or at a table) can't be erased yet."""
