"""The guest book's rules (domain/guest.py): tags, recognising by phone, merging, the record."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from unit_support import START

from maitred.domain.guest import (
    Guest,
    TagKind,
    clean_tags,
    folded,
    guest_from_reservee,
    guests_by_phone,
    history_of,
    learn_from_reservee,
    likely_duplicates,
    lookup_digits,
    merge_guests,
    phone_match_rank,
    rank_by_phone,
    tag_kind,
    without_guest,
)
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.reservation import Reservation, Reservee

S = ReservationStatus
NOW = START
ANNA = Guest("g-anna", "+393331234567", "Anna", "Rossi", "anna@example.com", ("VIP", "Allergy: nuts"), "Likes T4")


def visit(rid: str, status: ReservationStatus, days: float, phone: str = ANNA.phone) -> Reservation:
    start = NOW + timedelta(days=days)
    return Reservation(rid, "loc", status, Source.OFFLINE, start, start + timedelta(minutes=90), 2,
                       reservee=Reservee(first_name="Anna", phone=phone))


@pytest.mark.parametrize(("tag", "kind"), [
    ("VIP", TagKind.VIP), ("vip: critic", TagKind.VIP), ("Allergy: nuts", TagKind.ALLERGY),
    ("Allergia ai crostacei", TagKind.ALLERGY), ("Gluten-free", TagKind.ALLERGY),
    ("Lactose intolerant", TagKind.ALLERGY), ("Coeliac", TagKind.ALLERGY), ("Végétarien", TagKind.DIETARY),
    ("Vegan", TagKind.DIETARY), ("Halal", TagKind.DIETARY), ("High chair", TagKind.NEEDS),
    ("Wheelchair user", TagKind.NEEDS), ("Regular", TagKind.OTHER), ("Vipera", TagKind.OTHER),
])
def test_a_tag_is_sorted_by_the_words_in_it(tag: str, kind: TagKind) -> None:
    assert tag_kind(tag) is kind


def test_tags_are_trimmed_and_kept_once_whatever_their_case() -> None:
    assert clean_tags(["  VIP ", "vip", "", "High   chair", "Allergy: nuts"]) == ("VIP", "High chair", "Allergy: nuts")
    assert folded("  Müller ") == "muller"


def test_a_profile_knows_its_numbers_name_and_kinds_of_tags() -> None:
    merged = Guest("g", "+39111", other_phones=("+39222",), tags=("Regular",))
    assert merged.phones == ("+39111", "+39222") and not merged.is_vip and merged.display_name == ""
    assert ANNA.is_vip and ANNA.display_name == "Anna Rossi"
    assert ANNA.tags_of(TagKind.ALLERGY, TagKind.DIETARY) == ("Allergy: nuts",)
    assert guests_by_phone([merged, ANNA]) == {"+39111": merged, "+39222": merged, ANNA.phone: ANNA}


# --- learning from bookings ------------------------------------------------------------------


def test_a_booking_with_a_phone_makes_a_profile() -> None:
    guest = guest_from_reservee("g1", Reservee(first_name="Anna", email="a@x.it", phone="+39333"), NOW)
    assert guest == Guest("g1", "+39333", "Anna", None, "a@x.it", created=NOW, updated=NOW)
    with pytest.raises(ValueError, match="phone"):
        guest_from_reservee("g2", Reservee(first_name="Walk-in"), NOW)


def test_a_later_booking_fills_blank_names_and_brings_the_newest_email() -> None:
    known = Guest("g1", "+39333", "Anna", None, "old@x.it", revision=3)
    later = NOW + timedelta(days=2)
    learned = learn_from_reservee(known, Reservee(first_name="Annabella", last_name="Rossi", email="new@x.it"), later)
    assert (learned.first_name, learned.last_name, learned.email) == ("Anna", "Rossi", "new@x.it")
    assert (learned.revision, learned.updated) == (4, later)
    assert learn_from_reservee(known, Reservee(first_name="Anna"), later) is known


# --- recognising by phone ------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "digits"), [
    ("333", "333"), ("+39 333-12", "3933312"), ("(0612) 34", "061234"), ("33", None), ("Anna", None),
    ("333a", None), ("", None),
])
def test_a_look_up_starts_at_three_digits_of_a_phone_number(typed: str, digits: str | None) -> None:
    assert lookup_digits(typed) == digits


def test_digits_typed_as_the_guest_says_them_find_the_number() -> None:
    assert phone_match_rank(ANNA, "3331234567") == 0  # the whole national number
    assert phone_match_rank(ANNA, "393331234567") == 0
    assert phone_match_rank(ANNA, "333") == 3  # found after the country code
    assert phone_match_rank(ANNA, "0333123") == 3  # a national leading zero
    assert phone_match_rank(ANNA, "4567") == 9
    assert phone_match_rank(ANNA, "999") is None
    assert phone_match_rank(ANNA, "000") is None  # no digit left once the zeros go


def test_the_best_match_comes_first_then_by_name() -> None:
    bruno = Guest("g-bruno", "+393339991234", "Bruno", "Bianchi")
    carla = Guest("g-carla", "+441333111222", "Carla", "Conti", other_phones=("+393331234999",))
    dora = Guest("g-dora", "+490000000000", "Dora")
    assert rank_by_phone([dora, carla, bruno, ANNA], "333") == [ANNA, bruno, carla]
    assert rank_by_phone([bruno, carla], "3331234999") == [carla]


# --- merging duplicates --------------------------------------------------------------------


def test_merging_keeps_the_first_fills_its_gaps_and_remembers_both_numbers() -> None:
    keep = Guest("g1", "+39111", "Anna", None, None, ("VIP",), "Window", ("+39000",), revision=2)
    duplicate = Guest("g2", "+39222", "Annie", "Rossi", "anna@x.it", ("vip", "Vegan"), "Window\n",
                      ("+39333",))
    merged = merge_guests(keep, duplicate, NOW)
    assert merged == Guest("g1", "+39111", "Anna", "Rossi", "anna@x.it", ("VIP", "Vegan"), "Window",
                           ("+39000", "+39222", "+39333"), updated=NOW, revision=3)
    both_notes = merge_guests(replace_notes(keep, "A"), replace_notes(duplicate, "B"), NOW)
    assert both_notes.notes == "A\nB"
    with pytest.raises(ValueError, match="itself"):
        merge_guests(keep, keep, NOW)


def replace_notes(guest: Guest, notes: str) -> Guest:
    return replace(guest, notes=notes)


def test_likely_duplicates_share_an_email_or_a_whole_name() -> None:
    same_email = Guest("g2", "+39222", "A.", None, "ANNA@example.com")
    same_name = Guest("g3", "+39333", "anna", "Rossì")
    first_name_only = Guest("g4", "+39444", "Anna")
    other = Guest("g5", "+39555", "Bruno", "Rossi", "bruno@example.com")
    assert likely_duplicates(ANNA, [ANNA, same_email, same_name, first_name_only, other]) == [same_email, same_name]
    assert likely_duplicates(first_name_only, [ANNA, same_name]) == []


# --- the record ----------------------------------------------------------------------------


def test_the_record_counts_visits_cancellations_no_shows_and_what_is_to_come() -> None:
    history = history_of([
        visit("v1", S.FINISHED, -30), visit("v2", S.SEATED, -0.01), visit("ns", S.NO_SHOW, -10),
        visit("c", S.CANCELED, -5), visit("next", S.RESERVED, 3), visit("hold", S.HELD, 4),
        visit("declined", S.DECLINED, -2),
    ], NOW)
    assert (history.visits, history.cancellations, history.no_shows, history.upcoming) == (2, 1, 1, 1)
    assert history.last_visit == NOW + timedelta(days=-0.01)
    assert history.last_no_show == NOW + timedelta(days=-10)
    assert history.has_no_show
    assert [r.id for r in history.reservations] == ["hold", "next", "v2", "declined", "c", "ns", "v1"]
    empty = history_of([], NOW)
    assert (empty.visits, empty.last_visit, empty.last_no_show, empty.has_no_show) == (0, None, None, False)


def test_forgetting_a_guest_keeps_only_what_the_kitchen_noted() -> None:
    reservee = Reservee("Anna", "Rossi", "a@x.it", "+39333", True, {"allergies": "nuts"})
    assert without_guest(reservee) == Reservee(custom_fields={"allergies": "nuts"})
    assert without_guest(Reservee("Anna", phone="+39333")) is None
    assert without_guest(None) is None
