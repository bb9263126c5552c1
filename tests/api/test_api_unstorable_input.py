"""Regressions found by the fuzz test (tests/acceptance/test_fuzz_api.py): input that JSON can
carry but a database can't keep was an INTERNAL error instead of INVALID_ARGUMENT (SPEC §7)."""

from __future__ import annotations

import math

import pytest


@pytest.mark.parametrize("note", ["half a pair \ud800", "nul \x00 inside"])
def test_text_a_database_can_not_keep_is_invalid(full, location, book, api_error, snapshot, note):
    booked = book(location, "2026-06-08T19:00:00Z")
    before = snapshot()
    api_error("INVALID_ARGUMENT", full.update_reservation,
              {"reservation": {"id": booked["id"], "revision": booked["revision"], "teamMessage": note}},
              field="teamMessage")
    api_error("INVALID_ARGUMENT", full.create_reservation_location,
              {"reservationLocation": {"location": {"name": note, "timeZone": "UTC"}}}, field="location.name")
    assert snapshot() == before


@pytest.mark.parametrize("answer", [math.nan, math.inf, -math.inf, ["fine", "\ud800"]])
def test_a_custom_answer_json_can_not_carry_is_invalid(full, make_location, book, api_error, answer):
    loc = make_location(reservation_form={"customFieldDefinitions": [{"name": "Allergies"}]})
    field_id = loc.data["configuration"]["reservationForm"]["customFieldDefinitions"][0]["id"]
    booked = book(loc, "2026-06-08T19:00:00Z")
    error = api_error("INVALID_ARGUMENT", full.update_reservation, {"reservation": {
        "id": booked["id"], "revision": booked["revision"], "reservee": {"customFields": {field_id: answer}}}})
    assert error.details["fieldViolations"][0]["field"].startswith("reservee.customFields")


@pytest.mark.parametrize("instant", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "1899-12-31T23:59:59Z"])
def test_instants_at_the_ends_of_the_calendar_are_invalid(full, location, api_error, instant):
    api_error("INVALID_ARGUMENT", full.get_time_slots, {"reservationLocationId": location.id, "date": instant,
                                                        "partySize": 2, "slotsAfter": 50}, field="date")
    api_error("INVALID_ARGUMENT", full.create_reservation, {"reservation": {
        "details": {"reservationLocationId": location.id, "startDate": instant, "partySize": 2},
        "reservee": {"firstName": "Ada", "phone": "+442079460018"}}}, field="details.startDate")
