"""Checking and normalising a guest's details: phone numbers in E.164, e-mail, names, form fields."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from maitred.domain.errors import FieldViolation, InvalidArgument
from maitred.domain.lifecycle import Source
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservee
from maitred.services.commands import UNSET, ReserveeDraft, is_set

MAX_NAME = 1000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_phone(raw: str, country_code: str | None, field: str) -> str:
    """The number in E.164 (`+390612345678`). A national number needs the location's country."""
    import phonenumbers  # its metadata takes a while to load: only once a number is given

    text = raw.strip()
    if not text:
        raise InvalidArgument(FieldViolation(field, "the phone number is empty"))
    if not text.startswith("+") and not country_code:
        raise InvalidArgument(FieldViolation(
            field, "give the number with its country code (+…): this location has no country set"))
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else country_code)
    except phonenumbers.NumberParseException as exc:
        raise InvalidArgument(FieldViolation(field, f"'{raw}' is not a phone number")) from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidArgument(FieldViolation(field, f"'{raw}' is not a possible phone number"))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def same_phone(a: str, b: str, country_code: str | None) -> bool:
    """Whether two numbers are the same once both are in E.164."""
    try:
        return normalise_phone(a, country_code, "phone") == normalise_phone(b, country_code, "phone")
    except InvalidArgument:
        return False


def check_reservee_shape(draft: ReserveeDraft, prefix: str = "reservee") -> None:
    """Lengths and formats that need no location: names, e-mail, a phone given with its country
    code (or blank). Run while the request is read, so they answer before scope checks and
    look-ups (SPEC §7); a national number waits for the location's country."""
    problems = []
    for name, value in (("firstName", draft.first_name), ("lastName", draft.last_name)):
        if isinstance(value, str) and len(value) > MAX_NAME:
            problems.append(FieldViolation(f"{prefix}.{name}", f"is longer than {MAX_NAME} characters"))
    if isinstance(draft.email, str) and draft.email and not _EMAIL.match(draft.email):
        problems.append(FieldViolation(f"{prefix}.email", f"'{draft.email}' is not an e-mail address"))
    if isinstance(draft.phone, str) and draft.phone and draft.phone.strip()[:1] in ("", "+"):  # blank or +code
        try:
            normalise_phone(draft.phone, None, f"{prefix}.phone")
        except InvalidArgument as error:
            problems.extend(error.violations)
    if problems:
        raise InvalidArgument(problems)


def check_contact_given(draft: ReserveeDraft, *, new: bool, prefix: str = "reservee") -> None:
    """A guest who did not walk in needs a first name and a phone, as far as the request decides:
    a new guest's are all in it; a change decides only for the ones it clears (the rest are stored)."""

    def lacks(value: object) -> bool:
        return (new or value is not UNSET) and (value is UNSET or not value)

    problems = _contact_problems(lacks(draft.first_name), lacks(draft.phone), prefix)
    if problems:
        raise InvalidArgument(problems)


def _contact_problems(no_first_name: bool, no_phone: bool, prefix: str) -> list[FieldViolation]:
    problems = []
    if no_first_name:
        problems.append(FieldViolation(f"{prefix}.firstName", "the guest's first name is required"))
    if no_phone:
        problems.append(FieldViolation(f"{prefix}.phone", "the guest's phone number is required"))
    return problems


def build_reservee(
    draft: ReserveeDraft | None,
    base: Reservee | None,
    location: ReservationLocation,
    source: Source,
    *,
    online_guest: bool,
    prefix: str = "reservee",
) -> Reservee | None:
    """The guest after applying `draft` over `base`, checked against the location's form.

    First name and phone are required unless the party walked in; an online guest must also fill
    what the location's reservation form requires.
    """
    current = base or Reservee()
    values: dict[str, Any] = {
        "first_name": current.first_name, "last_name": current.last_name, "email": current.email,
        "phone": current.phone, "marketing_consent": current.marketing_consent,
        "custom_fields": dict(current.custom_fields),
    }
    if draft is not None:
        check_reservee_shape(draft, prefix)
        for key in values:
            value = getattr(draft, key)
            if is_set(value):
                values[key] = value
        if isinstance(draft.custom_fields, Mapping):  # an object: merged answer by answer (null clears one)
            values["custom_fields"] = {**current.custom_fields, **draft.custom_fields}
        if draft.phone is not UNSET and draft.phone:
            values["phone"] = normalise_phone(draft.phone, location.info.country_code, f"{prefix}.phone")
        # Only the ids named now: answers to a field the form has dropped since stay readable.
        if draft.custom_fields is not UNSET and draft.custom_fields:
            known = {c.id for c in location.form.custom_fields}
            for custom_id in draft.custom_fields:
                if custom_id not in known:
                    raise InvalidArgument(FieldViolation(f"{prefix}.customFields.{custom_id}",
                                                         "is not a field of this location's reservation form"))
    custom = values["custom_fields"] or {}
    values["custom_fields"] = MappingProxyType({k: v for k, v in custom.items() if v not in (None, "")})
    for key in ("first_name", "last_name", "email", "phone"):
        if values[key] == "":
            values[key] = None
    needs_contact = source is not Source.WALK_IN
    problems = _contact_problems(needs_contact and not values["first_name"], needs_contact and not values["phone"],
                                 prefix)
    if online_guest:
        form = location.form
        if form.last_name_required and not values["last_name"]:
            problems.append(FieldViolation(f"{prefix}.lastName", "this restaurant asks for a last name"))
        if form.email_required and not values["email"]:
            problems.append(FieldViolation(f"{prefix}.email", "this restaurant asks for an e-mail address"))
        for definition in form.custom_fields:
            if definition.required and not values["custom_fields"].get(definition.id):
                problems.append(FieldViolation(f"{prefix}.customFields.{definition.id}",
                                               f"this restaurant asks for '{definition.name}'"))
    if problems:
        raise InvalidArgument(problems)
    reservee = Reservee(**values)
    return None if reservee == Reservee() else reservee


def frozen_fields(fields: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(fields or {}))
