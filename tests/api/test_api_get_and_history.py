"""SPEC §2 fieldsets, §3 scopes and §4 audit: getReservation and getReservationHistory."""

from __future__ import annotations

import uuid

import pytest

PUBLIC_KEYS = {"id", "status", "details", "createdDate", "revision"}
PUBLIC_DETAIL_KEYS = {"reservationLocationId", "startDate", "endDate", "partySize"}


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def assert_public(reservation: dict) -> None:
    assert set(reservation) - {"declineReason"} == PUBLIC_KEYS
    assert set(reservation["details"]) == PUBLIC_DETAIL_KEYS


# ---------------------------------------------------------------- getReservation


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM", "BASIC"])
def test_public_is_the_default_fieldset(scopes, location, book, scope_name):
    reservation = book(location, utc("12:00"), teamMessage="secret")
    got = scopes[scope_name].get_reservation({"reservationId": reservation["id"]})["reservation"]
    assert_public(got)
    assert got["id"] == reservation["id"]
    assert got["status"] == "RESERVED"
    assert got["revision"] == "1"
    assert got["createdDate"] == "2026-06-08T08:00:00Z"
    assert got["details"] == {
        "reservationLocationId": location.id,
        "startDate": utc("12:00"),
        "endDate": utc("13:30"),
        "partySize": 2,
    }


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM", "BASIC"])
def test_public_fieldset_asked_explicitly(scopes, location, book, scope_name):
    reservation = book(location, utc("12:00"))
    got = scopes[scope_name].get_reservation({"reservationId": reservation["id"], "fieldsets": ["PUBLIC"]})
    assert_public(got["reservation"])


def test_public_fieldset_carries_the_decline_reason(full, location, book):
    reservation = book(location, utc("12:00"), status="DECLINED", declineReason="Kitchen closed")
    got = full.get_reservation({"reservationId": reservation["id"]})["reservation"]
    assert got["declineReason"] == "Kitchen closed"
    assert_public(got)


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM"])
def test_full_fieldset_returns_everything(scopes, location, book, scope_name):
    reservation = book(location, utc("12:00"), teamMessage="secret", source="OFFLINE")
    got = scopes[scope_name].get_reservation({"reservationId": reservation["id"], "fieldsets": ["FULL"]})["reservation"]
    assert got == reservation
    assert got["teamMessage"] == "secret"
    assert got["source"] == "OFFLINE"
    assert got["reservee"]["phone"] == "+442079460018"
    assert got["details"]["tableIds"] == [location.table_id("T1")]
    assert got["updatedDate"] == "2026-06-08T08:00:00Z"


def test_full_fieldset_needs_medium_or_full_scope(basic, location, book, api_error):
    reservation = book(location, utc("12:00"))
    api_error("PERMISSION_DENIED", basic.get_reservation, {"reservationId": reservation["id"], "fieldsets": ["FULL"]})


@pytest.mark.parametrize("fieldsets", [["SECRET"], "FULL", [1]])
def test_unknown_fieldset_is_invalid_argument(full, location, book, api_error, fieldsets):
    reservation = book(location, utc("12:00"))
    api_error("INVALID_ARGUMENT", full.get_reservation, {"reservationId": reservation["id"], "fieldsets": fieldsets})


def test_get_unknown_reservation_is_not_found(full, api_error):
    api_error("RESERVATION_NOT_FOUND", full.get_reservation, {"reservationId": str(uuid.uuid4())})


@pytest.mark.parametrize("bad", ["abc", "", 12, None])
def test_get_malformed_reservation_id_is_invalid_argument(full, api_error, bad):
    api_error("INVALID_ARGUMENT", full.get_reservation, {"reservationId": bad}, field="reservationId")


def test_tables_with_conflicts_is_absent_when_empty(location, book, get_full):
    assert "tablesWithReservationConflicts" not in get_full(book(location, utc("12:00"))["id"])


# ---------------------------------------------------------------- getReservationHistory


def test_create_writes_the_first_entry(full, location, book, history):
    reservation = book(location, utc("12:00"))
    (entry,) = history(reservation["id"])
    assert set(entry) == {"at", "actor", "scope", "operation", "before", "after"}
    assert entry["at"] == "2026-06-08T08:00:00Z"
    assert entry["actor"] == "host:anna"
    assert entry["scope"] == "FULL"
    assert entry["operation"] == "createReservation"
    assert entry["before"] is None
    assert entry["after"] == reservation


def test_entries_are_oldest_first_with_before_and_after(clock, full, location, book, history):
    reservation = book(location, utc("12:00"))
    clock.advance(minutes=1)
    updated = full.update_reservation(
        {"reservation": {"id": reservation["id"], "revision": "1", "details": {"partySize": 1}}}
    )["reservation"]
    clock.advance(minutes=1)
    seated = full.update_reservation({"reservation": {"id": reservation["id"], "revision": "2", "status": "SEATED"}})[
        "reservation"
    ]
    entries = history(reservation["id"])
    assert [e["operation"] for e in entries] == ["createReservation", "updateReservation", "updateReservation"]
    assert [e["at"] for e in entries] == ["2026-06-08T08:00:00Z", "2026-06-08T08:01:00Z", "2026-06-08T08:02:00Z"]
    assert entries[1]["before"] == reservation
    assert entries[1]["after"] == updated
    assert entries[2]["before"] == updated
    assert entries[2]["after"] == seated


def test_actor_is_null_when_none_was_given(api, location, book, history):
    anonymous = api.as_scope("FULL")
    reservation = book(location, utc("12:00"), scope=anonymous)
    assert history(reservation["id"])[0]["actor"] is None


def test_scope_and_actor_of_each_change_are_recorded(api, location, history, hold, reserve):
    guest = api.as_scope("BASIC", actor="guest:ada")
    host = api.as_scope("FULL", actor="host:bob")
    held = hold(location, utc("12:00"), scope=guest)
    reserved = reserve(held, scope=guest)
    host.update_reservation({"reservation": {"id": held["id"], "revision": reserved["revision"], "status": "SEATED"}})
    entries = history(held["id"])
    assert [(e["operation"], e["scope"], e["actor"]) for e in entries] == [
        ("createHeldReservation", "BASIC", "guest:ada"),
        ("reserveReservation", "BASIC", "guest:ada"),
        ("updateReservation", "FULL", "host:bob"),
    ]


def test_before_and_after_are_in_the_full_fieldset_even_for_basic_changes(basic, location, book, history):
    reservation = book(location, utc("12:00"), scope=basic)
    (entry,) = history(reservation["id"])
    assert entry["after"]["reservee"]["firstName"] == "Ada"
    assert entry["after"]["source"] == "ONLINE"
    assert entry["after"]["details"]["tableIds"] == [location.table_id("T1")]


def test_cancel_is_recorded(full, location, book, history):
    reservation = book(location, utc("12:00"))
    full.cancel_reservation({"reservationId": reservation["id"], "revision": "1"})
    last = history(reservation["id"])[-1]
    assert last["operation"] == "cancelReservation"
    assert last["before"]["status"] == "RESERVED"
    assert last["after"]["status"] == "CANCELED"


def test_history_survives_delete(full, location, hold, history):
    held = hold(location, utc("12:00"))
    full.delete_reservation({"reservationId": held["id"]})
    entries = history(held["id"])
    assert [e["operation"] for e in entries] == ["createHeldReservation", "deleteReservation"]
    assert entries[0]["before"] is None
    assert entries[1]["after"] is None


def test_history_of_a_never_seen_id_is_not_found(full, api_error):
    api_error("RESERVATION_NOT_FOUND", full.get_reservation_history, {"reservationId": str(uuid.uuid4())})


def test_history_of_a_malformed_id_is_invalid_argument(full, api_error):
    api_error("INVALID_ARGUMENT", full.get_reservation_history, {"reservationId": "x"}, field="reservationId")


def test_history_needs_medium_or_full_scope(basic, medium, location, book, api_error):
    reservation = book(location, utc("12:00"))
    api_error("PERMISSION_DENIED", basic.get_reservation_history, {"reservationId": reservation["id"]})
    assert len(medium.get_reservation_history({"reservationId": reservation["id"]})["entries"]) == 1


def test_failed_changes_write_no_entry(full, location, book, history, api_error):
    reservation = book(location, utc("12:00"))
    api_error(
        "REVISION_MISMATCH",
        full.update_reservation,
        {"reservation": {"id": reservation["id"], "revision": "3", "teamMessage": "x"}},
    )
    api_error(
        "CAN_NOT_BE_UPDATED",
        full.update_reservation,
        {"reservation": {"id": reservation["id"], "revision": "1", "status": "FINISHED"}},
    )
    api_error(
        "INVALID_ARGUMENT",
        full.update_reservation,
        {"reservation": {"id": reservation["id"], "revision": "1", "details": {"partySize": 0}}},
    )
    assert len(history(reservation["id"])) == 1
