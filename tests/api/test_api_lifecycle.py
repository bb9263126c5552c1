"""SPEC §4: status transitions through updateReservation, and cancelReservation."""

from __future__ import annotations

import uuid

import pytest


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


STATUSES = ["REQUESTED", "DECLINED", "RESERVED", "SEATED", "CANCELED", "NO_SHOW", "FINISHED", "PAYMENT_PENDING"]
TARGETS = [*STATUSES, "HELD"]
ALLOWED = {
    ("REQUESTED", "RESERVED"),
    ("REQUESTED", "DECLINED"),
    ("REQUESTED", "CANCELED"),
    ("RESERVED", "SEATED"),
    ("RESERVED", "CANCELED"),
    ("RESERVED", "NO_SHOW"),
    ("SEATED", "FINISHED"),
    ("PAYMENT_PENDING", "RESERVED"),
    ("PAYMENT_PENDING", "CANCELED"),
    # the host's undo moves (decision)
    ("SEATED", "RESERVED"),
    ("FINISHED", "SEATED"),
    ("NO_SHOW", "RESERVED"),
    ("NO_SHOW", "SEATED"),
    ("CANCELED", "RESERVED"),
    ("DECLINED", "RESERVED"),
}
FORBIDDEN = [(a, b) for a in STATUSES for b in TARGETS if a != b and (a, b) not in ALLOWED]


def _id(pair):
    return f"{pair[0]}->{pair[1]}"


@pytest.fixture
def shop(make_location):
    """Automatic approval, payment for every online party: BASIC hold + reserve gives PAYMENT_PENDING."""
    return make_location(payment_policy={"enabled": True, "minPartySize": 1})


@pytest.fixture
def in_status(shop, book, hold, reserve, get_full):
    def _make(status: str, start: str = utc("12:00")) -> dict:
        if status == "HELD":
            return get_full(hold(shop, start)["id"])
        if status == "PAYMENT_PENDING":
            reserved = reserve(hold(shop, start))
            assert reserved["status"] == "PAYMENT_PENDING"
            return get_full(reserved["id"])
        return book(shop, start, status=status)

    return _make


def _set_status(scope, reservation, status):
    return scope.update_reservation(
        {"reservation": {"id": reservation["id"], "revision": reservation["revision"], "status": status}}
    )["reservation"]


@pytest.mark.parametrize("pair", sorted(ALLOWED), ids=_id)
def test_allowed_status_change(full, in_status, get_full, history, pair):
    start, target = pair
    reservation = in_status(start)
    updated = _set_status(full, reservation, target)
    assert updated["status"] == target
    assert updated["revision"] == str(int(reservation["revision"]) + 1)
    assert get_full(reservation["id"])["status"] == target
    last = history(reservation["id"])[-1]
    assert last["operation"] == "updateReservation"
    assert last["before"]["status"] == start
    assert last["after"]["status"] == target


@pytest.mark.parametrize("pair", FORBIDDEN, ids=_id)
def test_forbidden_status_change_is_can_not_be_updated(full, in_status, get_full, history, api_error, pair):
    start, target = pair
    reservation = in_status(start)
    entries = history(reservation["id"])
    api_error("CAN_NOT_BE_UPDATED", _set_status, full, reservation, target)
    after = get_full(reservation["id"])
    assert after["status"] == start
    assert after["revision"] == reservation["revision"]
    assert history(reservation["id"]) == entries


@pytest.mark.parametrize("status", STATUSES)
def test_naming_the_current_status_changes_nothing(full, in_status, get_full, history, status):
    reservation = in_status(status)
    entries = history(reservation["id"])
    updated = _set_status(full, reservation, status)
    assert updated["status"] == status
    assert updated["revision"] == reservation["revision"]
    assert get_full(reservation["id"]) == reservation
    assert history(reservation["id"]) == entries


@pytest.mark.parametrize("target", STATUSES)
def test_a_held_reservation_can_not_change_status_by_update(full, in_status, get_full, api_error, target):
    reservation = in_status("HELD")
    api_error("CAN_NOT_BE_UPDATED", _set_status, full, reservation, target)
    assert get_full(reservation["id"])["status"] == "HELD"


@pytest.mark.parametrize("scope_name", ["MEDIUM", "BASIC"])
def test_status_change_needs_full_scope(scopes, in_status, get_full, api_error, scope_name):
    reservation = in_status("RESERVED")
    api_error("PERMISSION_DENIED", _set_status, scopes[scope_name], reservation, "SEATED")
    assert get_full(reservation["id"])["status"] == "RESERVED"


def test_seed_flow_finished(full, make_location, hold, reserve, get_full):
    loc = make_location(online={"approval": {"mode": "MANUAL"}})
    held = hold(loc, utc("12:00"))
    r = get_full(reserve(held)["id"])
    assert r["status"] == "REQUESTED"
    for status in ["RESERVED", "SEATED", "FINISHED"]:
        r = _set_status(full, r, status)
        assert r["status"] == status
    assert r["revision"] == "5"


def test_seed_flow_no_show(full, make_location, book):
    loc = make_location(online={"approval": {"mode": "MANUAL"}})
    r = book(loc, utc("12:00"), source="ONLINE")
    assert r["status"] == "REQUESTED"
    r = _set_status(full, r, "RESERVED")
    r = _set_status(full, r, "NO_SHOW")
    assert r["status"] == "NO_SHOW"


def test_decline_with_a_reason(full, make_location, book, get_full):
    loc = make_location(online={"approval": {"mode": "MANUAL"}})
    r = book(loc, utc("12:00"), source="ONLINE")
    full.update_reservation(
        {
            "reservation": {
                "id": r["id"],
                "revision": r["revision"],
                "status": "DECLINED",
                "declineReason": "Fully booked",
            }
        }
    )
    public = full.get_reservation({"reservationId": r["id"]})["reservation"]
    assert public["status"] == "DECLINED"
    assert public["declineReason"] == "Fully booked"


def test_moving_into_an_occupying_status_rechecks_availability(full, make_location, book, api_error, get_full):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    first = book(loc, utc("12:00"))
    first = _set_status(full, first, "CANCELED")
    book(loc, utc("12:30"))
    err = api_error("TIME_NOT_AVAILABLE", _set_status, full, first, "RESERVED")
    assert err.details["tableCombinationConflicts"] == ["RESERVED"]
    assert err.details["reservationLocationConflicts"] == []
    assert get_full(first["id"])["status"] == "CANCELED"


def test_moving_back_into_an_occupying_status_reassigns_a_taken_table(full, location, book):
    first = book(location, utc("12:00"))
    assert first["details"]["tableIds"] == [location.table_id("T1")]
    first = _set_status(full, first, "CANCELED")
    book(location, utc("12:00"))
    back = _set_status(full, first, "RESERVED")
    assert back["details"]["tableIds"] == [location.table_id("T2")]


# ---------------------------------------------------------------- cancelReservation


def _cancel(scope, reservation, **extra):
    request = {"reservationId": reservation["id"], "revision": reservation["revision"]}
    request.update(extra)
    return scope.cancel_reservation(request)["reservation"]


@pytest.mark.parametrize("status", ["REQUESTED", "RESERVED", "PAYMENT_PENDING"])
@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM"])
def test_cancel_allowed_statuses(scopes, in_status, get_full, history, scope_name, status):
    reservation = in_status(status)
    cancelled = _cancel(scopes[scope_name], reservation)
    assert cancelled["status"] == "CANCELED"
    assert cancelled["revision"] == str(int(reservation["revision"]) + 1)
    assert get_full(reservation["id"])["status"] == "CANCELED"
    last = history(reservation["id"])[-1]
    assert last["operation"] == "cancelReservation"
    assert last["scope"] == scope_name


@pytest.mark.parametrize("status", ["HELD", "DECLINED", "SEATED", "CANCELED", "NO_SHOW", "FINISHED"])
def test_cancel_from_other_statuses_is_can_not_be_updated(full, in_status, get_full, api_error, status):
    reservation = in_status(status)
    api_error("CAN_NOT_BE_UPDATED", _cancel, full, reservation)
    assert get_full(reservation["id"])["status"] == status


def test_cancel_frees_the_table(full, make_location, book):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    _cancel(full, book(loc, utc("12:00")))
    assert book(loc, utc("12:00"))["details"]["tableIds"] == [loc.table_id("T1")]


def test_cancel_with_stale_revision_is_revision_mismatch(full, in_status, get_full, api_error):
    reservation = in_status("RESERVED")
    api_error("REVISION_MISMATCH", full.cancel_reservation, {"reservationId": reservation["id"], "revision": "9"})
    assert get_full(reservation["id"])["status"] == "RESERVED"


def test_cancel_requires_a_revision(full, in_status, api_error):
    reservation = in_status("RESERVED")
    api_error("INVALID_ARGUMENT", full.cancel_reservation, {"reservationId": reservation["id"]}, field="revision")


def test_cancel_unknown_reservation_is_not_found(full, api_error):
    api_error("RESERVATION_NOT_FOUND", full.cancel_reservation, {"reservationId": str(uuid.uuid4()), "revision": "1"})


@pytest.mark.parametrize("phone", ["+442079460018", "020 7946 0018", "+44 20 7946 0018", "02079460018"])
def test_basic_cancel_with_the_reservees_phone(basic, in_status, get_full, phone):
    reservation = in_status("RESERVED")
    cancelled = _cancel(basic, reservation, phone=phone)
    assert cancelled["status"] == "CANCELED"
    assert set(cancelled) - {"declineReason"} == {"id", "status", "details", "createdDate", "revision"}


def test_basic_cancel_without_phone_is_phone_number_required(basic, in_status, get_full, api_error):
    reservation = in_status("RESERVED")
    api_error("PHONE_NUMBER_REQUIRED", _cancel, basic, reservation)
    assert get_full(reservation["id"])["status"] == "RESERVED"


@pytest.mark.parametrize("phone", ["+442079460019", "020 7946 0099", "+14155550123"])
def test_basic_cancel_with_another_phone_is_phone_number_incorrect(basic, in_status, get_full, api_error, phone):
    reservation = in_status("RESERVED")
    api_error("PHONE_NUMBER_INCORRECT", _cancel, basic, reservation, phone=phone)
    assert get_full(reservation["id"])["status"] == "RESERVED"


def test_basic_cancel_of_a_walk_in_needs_no_phone(basic, shop, book):
    walk_in = book(shop, utc("12:00"), source="WALK_IN", reservee=None)
    assert _cancel(basic, walk_in)["status"] == "CANCELED"


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM"])
def test_staff_cancel_needs_no_phone(scopes, in_status, scope_name):
    assert _cancel(scopes[scope_name], in_status("RESERVED"))["status"] == "CANCELED"


def test_basic_cancel_stale_revision_answers_before_the_phone(basic, in_status, api_error):
    reservation = in_status("RESERVED")
    api_error("REVISION_MISMATCH", basic.cancel_reservation, {"reservationId": reservation["id"], "revision": "5"})


def test_basic_cancel_of_a_seated_reservation_answers_before_the_phone(basic, in_status, api_error):
    reservation = in_status("SEATED")
    api_error("CAN_NOT_BE_UPDATED", _cancel, basic, reservation)
    api_error("CAN_NOT_BE_UPDATED", _cancel, basic, reservation, phone="+14155550123")
