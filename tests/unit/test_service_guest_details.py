"""The guest's details: phones in E.164, e-mail, name lengths, the location's form (SPEC §2, §5.4)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from unit_support import domain_location

from maitred.domain.errors import InvalidArgument
from maitred.domain.lifecycle import Source
from maitred.domain.location import CustomFieldDefinition, LocationInfo, ReservationForm
from maitred.domain.reservation import Reservee
from maitred.services.commands import UNSET, ReservationPatch, ReserveeDraft
from maitred.services.guest_details import (
    build_reservee,
    check_reservee_shape,
    frozen_fields,
    normalise_phone,
    same_phone,
)

LONDON = replace(domain_location(), info=LocationInfo("Trattoria", "Europe/London", "GB"))
NO_COUNTRY = replace(domain_location(), info=LocationInfo("Trattoria", "UTC", None))
FORM = ReservationForm((CustomFieldDefinition("allergies", "Allergies", required=True),
                        CustomFieldDefinition("occasion", "Occasion")), last_name_required=True, email_required=True)
WITH_FORM = replace(LONDON, form=FORM)


def violations(error: pytest.ExceptionInfo[InvalidArgument]) -> list[str]:
    return [v.field for v in error.value.violations]


@pytest.mark.parametrize(
    ("raw", "country", "e164"),
    [
        ("+442079460018", None, "+442079460018"),
        ("+44 20 7946 0018", "IT", "+442079460018"),   # an international number ignores the country
        ("020 7946 0018", "GB", "+442079460018"),
        ("(020) 7946-0018", "GB", "+442079460018"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("  +1 212 555 0100 ", None, "+12125550100"),
    ],
)
def test_phones_are_stored_in_e164_national_ones_read_with_the_location_country(raw, country, e164):
    assert normalise_phone(raw, country, "reservee.phone") == e164


@pytest.mark.parametrize(
    ("raw", "country"),
    [("", "GB"), ("   ", "GB"), ("020 7946 0018", None), ("call me", "GB"), ("+44 1", None), ("12", "GB")],
    ids=["empty", "blank", "national-without-country", "words", "too-short-international", "too-short-national"],
)
def test_a_number_that_is_not_a_phone_is_invalid_at_its_field(raw, country):
    with pytest.raises(InvalidArgument) as error:
        normalise_phone(raw, country, "reservee.phone")
    assert violations(error) == ["reservee.phone"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("+442079460018", "020 7946 0018", True), ("+442079460018", "+442079460019", False),
     ("+442079460018", "nonsense", False)],
)
def test_two_phones_are_the_same_when_their_e164_forms_are(a, b, same):
    assert same_phone(a, b, "GB") is same


@pytest.mark.parametrize(
    ("draft", "fields"),
    [
        (ReserveeDraft(first_name="A" * 1001), ["guest.firstName"]),
        (ReserveeDraft(last_name="B" * 1001), ["guest.lastName"]),
        (ReserveeDraft(email="not-an-address"), ["guest.email"]),
        (ReserveeDraft(email="a@b"), ["guest.email"]),
        (ReserveeDraft(first_name="A" * 1001, email="x y@z.com"), ["guest.firstName", "guest.email"]),
    ],
)
def test_names_and_email_are_checked_before_anything_else(draft, fields):
    with pytest.raises(InvalidArgument) as error:
        check_reservee_shape(draft, "guest")
    assert violations(error) == fields


@pytest.mark.parametrize(
    "draft",
    [ReserveeDraft(), ReserveeDraft(first_name="A" * 1000, email="ada@example.org"), ReserveeDraft(email=""),
     ReserveeDraft(email=None)],
)
def test_names_up_to_a_thousand_characters_and_real_addresses_pass(draft):
    check_reservee_shape(draft)


def test_a_guest_is_built_with_a_normalised_phone_and_without_empty_values():
    draft = ReserveeDraft(first_name="Ada", last_name="", phone="020 7946 0018", email="",
                          custom_fields={"allergies": "", "occasion": None})
    guest = build_reservee(draft, None, WITH_FORM, Source.OFFLINE, online_guest=False)
    assert guest == Reservee(first_name="Ada", phone="+442079460018")


def test_a_draft_changes_only_the_fields_it_names():
    base = Reservee(first_name="Ada", last_name="Lovelace", phone="+442079460018", custom_fields=frozen_fields(
        {"occasion": "birthday"}))
    guest = build_reservee(ReserveeDraft(last_name="Byron", marketing_consent=True), base, WITH_FORM, Source.ONLINE,
                           online_guest=False)
    assert (guest.first_name, guest.last_name, guest.phone, guest.marketing_consent, dict(guest.custom_fields)) == (
        "Ada", "Byron", "+442079460018", True, {"occasion": "birthday"})


def test_null_clears_a_field_of_the_guest():
    base = Reservee(first_name="Ada", phone="+442079460018", email="ada@example.org")
    assert build_reservee(ReserveeDraft(email=None), base, LONDON, Source.OFFLINE, online_guest=False).email is None


@pytest.mark.parametrize("source", [Source.ONLINE, Source.OFFLINE, Source.UNDEFINED])
def test_a_guest_who_did_not_walk_in_needs_a_first_name_and_a_phone(source):
    with pytest.raises(InvalidArgument) as error:
        build_reservee(ReserveeDraft(last_name="L"), None, LONDON, source, online_guest=False)
    assert violations(error) == ["reservee.firstName", "reservee.phone"]


def test_a_walk_in_needs_nothing_and_an_empty_guest_is_no_guest():
    assert build_reservee(None, None, LONDON, Source.WALK_IN, online_guest=False) is None
    assert build_reservee(ReserveeDraft(first_name=""), None, LONDON, Source.WALK_IN, online_guest=False) is None


def test_an_online_guest_fills_the_form_and_staff_do_not_have_to():
    draft = ReserveeDraft(first_name="Ada", phone="+442079460018")
    with pytest.raises(InvalidArgument) as error:
        build_reservee(draft, None, WITH_FORM, Source.ONLINE, online_guest=True, prefix="r")
    assert violations(error) == ["r.lastName", "r.email", "r.customFields.allergies"]
    assert build_reservee(draft, None, WITH_FORM, Source.ONLINE, online_guest=False) is not None
    complete = replace(draft, last_name="L", email="ada@example.org", custom_fields={"allergies": "nuts"})
    assert build_reservee(complete, None, WITH_FORM, Source.ONLINE, online_guest=True) is not None


def test_a_custom_field_the_form_does_not_have_is_invalid():
    draft = ReserveeDraft(first_name="Ada", phone="+442079460018", custom_fields={"shoe size": 42})
    with pytest.raises(InvalidArgument) as error:
        build_reservee(draft, None, WITH_FORM, Source.OFFLINE, online_guest=False)
    assert violations(error) == ["reservee.customFields.shoe size"]


def test_a_national_phone_needs_the_location_country():
    draft = ReserveeDraft(first_name="Ada", phone="020 7946 0018")
    with pytest.raises(InvalidArgument) as error:
        build_reservee(draft, None, NO_COUNTRY, Source.OFFLINE, online_guest=False)
    assert violations(error) == ["reservee.phone"]


def test_frozen_fields_are_read_only_copies():
    source = {"a": 1}
    frozen = frozen_fields(source)
    source["a"] = 2
    assert dict(frozen) == {"a": 1}
    assert dict(frozen_fields(None)) == {}
    with pytest.raises(TypeError):
        frozen["b"] = 3  # type: ignore[index]


def test_an_unset_field_says_so_and_names_no_restricted_field():
    assert repr(UNSET) == "UNSET"
    assert ReservationPatch().restricted_fields() == []
    assert ReservationPatch(status=None).restricted_fields() == ["status"]  # type: ignore[arg-type]
