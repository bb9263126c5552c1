"""SPEC §2, §4, §7: the guest's details — stored form answers survive a PATCH that does not name
them, and what the request alone decides is refused before scope checks and look-ups."""

from __future__ import annotations

import uuid

import pytest

GUEST_PHONE = "+442079460018"


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def new_id() -> str:
    return str(uuid.uuid4())


def _update(scope, reservation, **fields):
    body = {"id": reservation["id"], "revision": reservation["revision"]}
    body.update(fields)
    return scope.update_reservation({"reservation": body})["reservation"]


# ---------------------------------------------------------------- answers to a removed form field


@pytest.fixture
def form_location(make_location):
    return make_location(reservation_form={"customFieldDefinitions": [{"name": "Allergies"}, {"name": "Occasion"}]})


def _field_ids(loc):
    return {d["name"]: d["id"] for d in loc.config["reservationForm"]["customFieldDefinitions"]}


@pytest.fixture
def orphaned(form_location, patch_location, book):
    """A reservation answering both fields, after the location dropped `Occasion` from its form."""
    ids = _field_ids(form_location)
    answers = {ids["Allergies"]: "nuts", ids["Occasion"]: "birthday"}
    reservation = book(form_location, utc("12:00"),
                       reservee={"firstName": "Ada", "phone": GUEST_PHONE, "customFields": answers})
    patch_location(form_location, {"configuration": {"reservationForm": {
        "customFieldDefinitions": [{"id": ids["Allergies"], "name": "Allergies"}]}}})
    return reservation, answers, ids


def test_a_removed_field_is_gone_from_the_form_and_its_answer_stays_readable(orphaned, get_full):
    reservation, answers, _ = orphaned
    assert get_full(reservation["id"])["reservee"]["customFields"] == answers


@pytest.mark.parametrize(
    "change",
    [{"reservee": {"email": "ada@example.org"}}, {"source": "OFFLINE"}, {"reservee": {"marketingConsent": True}},
     {"source": "WALK_IN", "reservee": {"firstName": None}}],
    ids=["email", "source", "consent", "walk-in-without-name"],
)
def test_an_update_not_naming_the_answers_keeps_those_of_a_removed_field(full, orphaned, get_full, change):
    reservation, answers, _ = orphaned
    updated = _update(full, reservation, **change)
    assert updated["revision"] == "2"
    assert get_full(reservation["id"])["reservee"]["customFields"] == answers


def test_the_e_mail_change_is_applied_beside_the_kept_answers(full, orphaned, get_full):
    reservation, answers, _ = orphaned
    _update(full, reservation, reservee={"email": "ada@example.org"})
    guest = get_full(reservation["id"])["reservee"]
    assert (guest["email"], guest["firstName"], guest["customFields"]) == ("ada@example.org", "Ada", answers)


def test_naming_a_removed_field_is_still_invalid(full, orphaned, api_error, get_full):
    reservation, answers, ids = orphaned
    api_error("INVALID_ARGUMENT", _update, full, reservation,
              reservee={"customFields": {ids["Occasion"]: "anniversary"}},
              field=f"reservee.customFields.{ids['Occasion']}")
    api_error("INVALID_ARGUMENT", _update, full, reservation,
              reservee={"customFields": {new_id(): "?"}})
    stored = get_full(reservation["id"])
    assert (stored["revision"], stored["reservee"]["customFields"]) == ("1", answers)


def test_naming_only_current_fields_is_accepted_beside_a_stored_orphan(full, orphaned, get_full):
    reservation, _, ids = orphaned
    assert _update(full, reservation, reservee={"customFields": {ids["Allergies"]: "shellfish"}})["revision"] == "2"
    assert get_full(reservation["id"])["reservee"]["customFields"][ids["Allergies"]] == "shellfish"


# ---------------------------------------------------------------- request-only checks come first


def _create(loc_id, reservee, **top):
    reservation = {"details": {"reservationLocationId": loc_id, "startDate": utc("12:00"), "partySize": 2}}
    if reservee is not None:
        reservation["reservee"] = reservee
    reservation.update(top)
    return {"reservation": reservation}


@pytest.mark.parametrize(
    "reservee, field",
    [
        ({"firstName": "Ada", "phone": GUEST_PHONE, "email": "not-an-address"}, "reservee.email"),
        ({"phone": GUEST_PHONE}, "reservee.firstName"),
        ({"firstName": "", "phone": GUEST_PHONE}, "reservee.firstName"),
        ({"firstName": "Ada"}, "reservee.phone"),
        ({"firstName": "Ada", "phone": None}, "reservee.phone"),
        ({"firstName": "Ada", "phone": "+44 1"}, "reservee.phone"),
        ({"firstName": "Ada", "phone": "   "}, "reservee.phone"),
        (None, "reservee.firstName"),
    ],
    ids=["email", "no-first-name", "empty-first-name", "no-phone", "null-phone", "bad-international-phone",
         "blank-phone", "no-guest"],
)
@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM", "BASIC"])
def test_create_refuses_what_the_request_alone_decides_before_the_location_is_looked_up(
        scopes, api_error, reservee, field, scope_name):
    api_error("INVALID_ARGUMENT", scopes[scope_name].create_reservation, _create(new_id(), reservee), field=field)


def test_a_guest_without_name_and_phone_hears_of_both(full, api_error):
    error = api_error("INVALID_ARGUMENT", full.create_reservation, _create(new_id(), {"lastName": "Lovelace"}))
    assert [v["field"] for v in error.details["fieldViolations"]] == ["reservee.firstName", "reservee.phone"]


@pytest.mark.parametrize("source", ["OFFLINE", "ONLINE", "UNDEFINED"])
def test_a_named_source_other_than_walk_in_needs_name_and_phone_before_the_look_up(full, api_error, source):
    api_error("INVALID_ARGUMENT", full.create_reservation, _create(new_id(), {"firstName": "Ada"}, source=source),
              field="reservee.phone")


def test_a_bad_e_mail_is_refused_before_a_restricted_field_is(medium, location, api_error, snapshot):
    before = snapshot()
    request = _create(location.id, {"firstName": "Ada", "phone": GUEST_PHONE, "email": "ada@"}, status="SEATED")
    api_error("INVALID_ARGUMENT", medium.create_reservation, request, field="reservee.email")
    assert snapshot() == before


@pytest.mark.parametrize("scope_name", ["MEDIUM", "BASIC"])
def test_update_refuses_a_bad_e_mail_before_the_scope_and_the_look_up(
        scopes, location, book, api_error, get_full, scope_name):
    reservation = book(location, utc("12:00"))
    api_error("INVALID_ARGUMENT", _update, scopes[scope_name], reservation, status="SEATED",
              reservee={"email": "x y@z.com"}, field="reservee.email")
    api_error("INVALID_ARGUMENT", _update, scopes[scope_name], {"id": new_id(), "revision": "1"}, status="SEATED",
              reservee={"email": "x y@z.com"}, field="reservee.email")
    api_error("INVALID_ARGUMENT", _update, scopes[scope_name], reservation, source="OFFLINE",
              reservee={"phone": "+44 1"}, field="reservee.phone")
    assert get_full(reservation["id"])["revision"] == "1"


def test_update_clearing_name_or_phone_with_a_named_source_is_refused_before_the_look_up(full, medium, api_error):
    missing = {"id": new_id(), "revision": "1"}
    api_error("INVALID_ARGUMENT", _update, full, missing, source="OFFLINE", reservee={"firstName": None},
              field="reservee.firstName")
    api_error("INVALID_ARGUMENT", _update, medium, missing, source="ONLINE", reservee={"phone": ""},
              field="reservee.phone")


def test_update_clearing_name_without_a_source_waits_for_the_stored_one(full, location, book, api_error, get_full):
    api_error("RESERVATION_NOT_FOUND", _update, full, {"id": new_id(), "revision": "1"},
              reservee={"firstName": None})
    walk_in = book(location, utc("12:00"), source="WALK_IN", reservee={"firstName": "Ada"})
    _update(full, walk_in, reservee={"firstName": None})
    assert "reservee" not in get_full(walk_in["id"])
    booked = book(location, utc("13:00"))
    api_error("INVALID_ARGUMENT", _update, full, booked, reservee={"firstName": None}, field="reservee.firstName")


def test_reserve_refuses_a_bad_e_mail_or_phone_before_the_hold_is_looked_up(basic, api_error):
    for guest, field in (({"firstName": "Ada", "phone": GUEST_PHONE, "email": "@example.org"}, "reservee.email"),
                         ({"firstName": "Ada", "phone": "call me +44"}, None),
                         ({"firstName": "Ada", "phone": "+44 1"}, "reservee.phone")):
        request = {"reservationId": new_id(), "reservee": guest, "revision": "1"}
        if field is None:  # a national number is read with the location's country: after the look-up
            api_error("RESERVATION_NOT_FOUND", basic.reserve_reservation, request)
        else:
            api_error("INVALID_ARGUMENT", basic.reserve_reservation, request, field=field)


def test_reserve_without_name_waits_for_the_hold_whose_source_decides(full, location, hold, reserve, api_error):
    api_error("RESERVATION_NOT_FOUND", reserve, {"id": new_id(), "revision": "1"}, reservee={})
    walk_in = hold(location, utc("12:00"), scope=full, source="WALK_IN")
    assert reserve(walk_in, scope=full, reservee={})["status"] == "RESERVED"
    online = hold(location, utc("13:00"))
    api_error("INVALID_ARGUMENT", reserve, online, reservee={"phone": GUEST_PHONE}, field="reservee.firstName")


# ---------------------------------------------------------------- what needs the location still waits for it


def test_a_walk_in_needs_no_guest_so_an_unknown_location_answers(full, api_error):
    api_error("RESERVATION_LOCATION_NOT_FOUND", full.create_reservation, _create(new_id(), None, source="WALK_IN"))
    api_error("RESERVATION_LOCATION_NOT_FOUND", full.create_reservation,
              _create(new_id(), {"firstName": "", "phone": ""}, source="WALK_IN"))


def test_a_walk_in_named_without_full_scope_is_refused_for_the_scope(medium, location, api_error):
    api_error("PERMISSION_DENIED", medium.create_reservation, _create(location.id, None, source="WALK_IN"))


@pytest.mark.parametrize(
    "reservee",
    [{"firstName": "Ada", "phone": "020 7946 0018"}, {"firstName": "Ada", "phone": GUEST_PHONE},
     {"firstName": "Ada", "phone": GUEST_PHONE, "customFields": {new_id(): "x"}}],
    ids=["national-phone", "form-requirements", "custom-field"],
)
def test_what_needs_the_location_comes_after_it_is_found(basic, api_error, reservee):
    api_error("RESERVATION_LOCATION_NOT_FOUND", basic.create_reservation, _create(new_id(), reservee))


def test_the_form_requirements_still_bind_an_online_guest(basic, make_location, api_error):
    loc = make_location(reservation_form={"lastNameRequired": True, "emailRequired": True})
    error = api_error("INVALID_ARGUMENT", basic.create_reservation,
                      _create(loc.id, {"firstName": "Ada", "phone": GUEST_PHONE}))
    assert [v["field"] for v in error.details["fieldViolations"]] == ["reservee.lastName", "reservee.email"]


def test_a_complete_guest_still_books(full, basic, location):
    guest = {"firstName": "Ada", "phone": " +44 20 7946 0018 ", "email": "ada@example.org"}
    for scope in (full, basic):
        assert scope.create_reservation(_create(location.id, guest))["reservation"]["status"] == "RESERVED"
    walk_in = full.create_reservation(_create(location.id, None, source="WALK_IN", status="SEATED"))
    assert walk_in["reservation"]["status"] == "SEATED"


# ---------------------------------------------------------------- answers merge as objects do


def test_a_patch_of_custom_fields_merges_answer_by_answer(full, form_location, book, get_full):
    ids = _field_ids(form_location)
    reservation = book(form_location, utc("12:00"),
                       reservee={"firstName": "Ada", "phone": GUEST_PHONE, "customFields": {ids["Allergies"]: "nuts"}})
    both = _update(full, reservation, reservee={"customFields": {ids["Occasion"]: "birthday"}})
    assert both["reservee"]["customFields"] == {ids["Allergies"]: "nuts", ids["Occasion"]: "birthday"}
    one = _update(full, both, reservee={"customFields": {ids["Allergies"]: None}})  # null clears one answer
    assert one["reservee"]["customFields"] == {ids["Occasion"]: "birthday"}
    none = _update(full, one, reservee={"customFields": None})  # null clears them all
    assert not none["reservee"].get("customFields")
    assert get_full(reservation["id"]) == none
