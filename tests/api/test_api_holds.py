"""SPEC §4: createHeldReservation, hold expiry, the sweeper, reserveReservation, deleteReservation."""

from __future__ import annotations

import uuid

import pytest

LARGE = {"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 4}}


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


@pytest.fixture
def one_table(make_location):
    return make_location(tables=[("T1", 1, 2)], combinations=())


# ---------------------------------------------------------------- createHeldReservation


def test_basic_hold_is_held_online_with_tables(basic, location, hold, get_full):
    held = hold(location, utc("12:00"))
    assert held["status"] == "HELD"
    assert held["revision"] == "1"
    full_view = get_full(held["id"])
    assert full_view["source"] == "ONLINE"
    assert full_view["details"]["tableIds"] == [location.table_id("T1")]
    assert full_view["details"]["endDate"] == utc("13:30")


def test_basic_hold_response_is_the_public_fieldset(location, hold):
    held = hold(location, utc("12:00"))
    assert set(held) - {"declineReason"} == {"id", "status", "details", "createdDate", "revision"}
    assert set(held["details"]) == {"reservationLocationId", "startDate", "endDate", "partySize"}


@pytest.mark.parametrize("source, expected", [(None, "UNDEFINED"), ("OFFLINE", "OFFLINE"), ("WALK_IN", "WALK_IN")])
def test_full_hold_may_give_a_source(full, location, hold, get_full, source, expected):
    extra = {} if source is None else {"source": source}
    held = hold(location, utc("12:00"), scope=full, **extra)
    assert held["status"] == "HELD"
    assert get_full(held["id"])["source"] == expected


def test_medium_hold_is_online(medium, location, hold, get_full):
    assert get_full(hold(location, utc("12:00"), scope=medium)["id"])["source"] == "ONLINE"


@pytest.mark.parametrize("scope_name", ["MEDIUM", "BASIC"])
def test_hold_source_needs_full_scope(scopes, location, hold, api_error, snapshot, scope_name):
    before = snapshot()
    api_error("PERMISSION_DENIED", hold, location, utc("12:00"), scope=scopes[scope_name], source="OFFLINE")
    assert snapshot() == before


def _hold_tables(loc, names, scope):
    return {"reservationDetails": {"reservationLocationId": loc.id, "startDate": utc("12:00"), "partySize": 2,
                                   "tableIds": loc.ids(*names)}, "source": "OFFLINE"} if scope == "FULL" else {
        "reservationDetails": {"reservationLocationId": loc.id, "startDate": utc("12:00"), "partySize": 2,
                               "tableIds": loc.ids(*names)}}


def test_the_stand_may_hold_the_tables_it_names(full, location, get_full):
    held = full.create_held_reservation(_hold_tables(location, ["T3"], "FULL"))["reservation"]
    assert [location.name_of(t) for t in get_full(held["id"])["details"]["tableIds"]] == ["T3"]


@pytest.mark.parametrize("scope_name", ["MEDIUM", "BASIC"])
def test_naming_tables_on_a_hold_needs_full_scope(scopes, location, api_error, snapshot, scope_name):
    before = snapshot()
    api_error("PERMISSION_DENIED", scopes[scope_name].create_held_reservation,
              _hold_tables(location, ["T3"], scope_name))
    assert snapshot() == before


def test_a_named_table_that_is_taken_is_not_held(full, location, api_error):
    full.create_held_reservation(_hold_tables(location, ["T3"], "FULL"))
    err = api_error("TIME_NOT_AVAILABLE", full.create_held_reservation, _hold_tables(location, ["T3"], "FULL"))
    assert err.details["tableCombinationConflicts"] == ["RESERVED"]


def test_hold_occupies_its_table(one_table, hold, api_error):
    hold(one_table, utc("12:00"))
    err = api_error("TIME_NOT_AVAILABLE", hold, one_table, utc("12:30"))
    assert err.details["tableCombinationConflicts"] == ["RESERVED"]
    assert err.details["reservationLocationConflicts"] == []


def test_hold_on_disabled_online_reservations(make_location, hold, api_error, full, get_full):
    loc = make_location(enabled=False)
    api_error("ONLINE_RESERVATIONS_DISABLED", hold, loc, utc("12:00"))
    assert get_full(hold(loc, utc("12:00"), scope=full)["id"])["status"] == "HELD"


def test_hold_outside_business_hours_is_refused_for_basic(location, hold, api_error):
    err = api_error("TIME_NOT_AVAILABLE", hold, location, utc("23:00"))
    assert err.details["tableCombinationConflicts"] == []
    assert err.details["reservationLocationConflicts"] == []


@pytest.mark.parametrize("party", [0, 1001])
def test_hold_party_size_out_of_range(location, hold, api_error, party):
    api_error("INVALID_ARGUMENT", hold, location, utc("12:00"), party, field="reservationDetails.partySize")


def test_hold_naive_start_is_invalid_argument(location, hold, api_error):
    api_error("INVALID_ARGUMENT", hold, location, "2026-06-08T12:00:00", field="reservationDetails.startDate")


def test_hold_unknown_location_is_not_found(hold, api_error):
    api_error("RESERVATION_LOCATION_NOT_FOUND", hold, str(uuid.uuid4()), utc("12:00"))


# ---------------------------------------------------------------- expiry


def test_hold_still_occupies_just_before_ten_minutes(clock, one_table, hold, book, api_error):
    hold(one_table, utc("12:00"))
    clock.advance(minutes=9, seconds=59)
    api_error("TIME_NOT_AVAILABLE", book, one_table, utc("12:00"))


def test_expired_hold_frees_its_table_without_the_sweeper(clock, one_table, hold, book):
    hold(one_table, utc("12:00"))
    clock.advance(minutes=10)
    assert book(one_table, utc("12:00"))["details"]["tableIds"] == [one_table.table_id("T1")]


def test_expired_hold_frees_its_slot(clock, full, one_table, hold):
    hold(one_table, utc("12:00"))
    request = {"reservationLocationId": one_table.id, "date": utc("12:00"), "partySize": 2}
    assert full.get_time_slots(request)["timeSlots"][0]["status"] == "UNAVAILABLE"
    clock.advance(minutes=10)
    assert full.get_time_slots(request)["timeSlots"][0]["status"] == "AVAILABLE"


def test_expired_hold_is_still_listed_as_held_until_swept(clock, full, location, hold):
    held = hold(location, utc("12:00"))
    clock.advance(minutes=30)
    listed = full.list_reservations({})["reservations"]
    assert [(r["id"], r["status"]) for r in listed] == [(held["id"], "HELD")]


def test_reserving_an_expired_hold_is_can_not_be_updated(clock, location, hold, reserve, api_error, get_full):
    held = hold(location, utc("12:00"))
    clock.advance(minutes=10)
    api_error("CAN_NOT_BE_UPDATED", reserve, held)
    assert get_full(held["id"])["status"] == "HELD"


def test_reserving_just_before_expiry_works(clock, location, hold, reserve):
    held = hold(location, utc("12:00"))
    clock.advance(minutes=9, seconds=59)
    assert reserve(held)["status"] == "RESERVED"


def test_sweeper_deletes_expired_holds_and_returns_the_count(clock, api, full, location, hold, api_error):
    first = hold(location, utc("12:00"))
    second = hold(location, utc("13:00"))
    clock.advance(minutes=5)
    young = hold(location, utc("14:00"))
    clock.advance(minutes=5)
    assert api.expire_held_reservations() == 2
    for gone in (first, second):
        api_error("RESERVATION_NOT_FOUND", full.get_reservation, {"reservationId": gone["id"]})
    assert full.get_reservation({"reservationId": young["id"]})["reservation"]["status"] == "HELD"
    assert api.expire_held_reservations() == 0
    clock.advance(minutes=5)
    assert api.expire_held_reservations() == 1


def test_sweeper_with_nothing_to_do_returns_zero(api, location, book):
    book(location, utc("12:00"))
    assert api.expire_held_reservations() == 0


def test_sweeper_leaves_other_statuses_alone(clock, api, full, location, book, hold, reserve):
    reserved = book(location, utc("12:00"))
    requested = book(location, utc("12:00"), status="REQUESTED")
    reserved_from_hold = reserve(hold(location, utc("13:00")))
    clock.advance(minutes=60)
    assert api.expire_held_reservations() == 0
    for r in (reserved, requested, reserved_from_hold):
        assert full.get_reservation({"reservationId": r["id"]})["reservation"]["id"] == r["id"]


def test_sweeper_writes_an_audit_entry_without_scope(clock, api, location, hold, history):
    held = hold(location, utc("12:00"))
    clock.advance(minutes=11)
    assert api.expire_held_reservations() == 1
    entries = history(held["id"])
    assert [e["operation"] for e in entries] == ["createHeldReservation", "expireHeldReservations"]
    last = entries[-1]
    assert last["scope"] is None
    assert last["actor"] is None
    assert last["after"] is None
    assert last["before"]["status"] == "HELD"
    assert last["at"] == "2026-06-08T08:11:00Z"


def test_reserving_a_swept_hold_is_not_found(clock, api, location, hold, reserve, api_error):
    held = hold(location, utc("12:00"))
    clock.advance(minutes=10)
    api.expire_held_reservations()
    api_error("RESERVATION_NOT_FOUND", reserve, held)


# ---------------------------------------------------------------- reserveReservation


@pytest.mark.parametrize(
    "approval, payment, hold_scope, source, party, expected",
    [
        ({"mode": "AUTOMATIC"}, None, "BASIC", None, 2, "RESERVED"),
        ({"mode": "MANUAL"}, None, "BASIC", None, 2, "REQUESTED"),
        (LARGE, None, "BASIC", None, 4, "REQUESTED"),
        (LARGE, None, "BASIC", None, 3, "RESERVED"),
        ({"mode": "AUTOMATIC"}, {"enabled": True, "minPartySize": 2}, "BASIC", None, 2, "PAYMENT_PENDING"),
        ({"mode": "AUTOMATIC"}, {"enabled": True, "minPartySize": 3}, "BASIC", None, 2, "RESERVED"),
        ({"mode": "AUTOMATIC"}, {"enabled": False, "minPartySize": 1}, "BASIC", None, 2, "RESERVED"),
        ({"mode": "MANUAL"}, {"enabled": True, "minPartySize": 1}, "BASIC", None, 2, "REQUESTED"),
        (LARGE, {"enabled": True, "minPartySize": 1}, "BASIC", None, 3, "PAYMENT_PENDING"),
        ({"mode": "MANUAL"}, None, "MEDIUM", None, 2, "REQUESTED"),
        ({"mode": "MANUAL"}, None, "FULL", None, 2, "RESERVED"),
        ({"mode": "MANUAL"}, None, "FULL", "OFFLINE", 2, "RESERVED"),
        ({"mode": "MANUAL"}, None, "FULL", "ONLINE", 2, "REQUESTED"),
        ({"mode": "AUTOMATIC"}, {"enabled": True, "minPartySize": 1}, "FULL", "WALK_IN", 2, "RESERVED"),
        ({"mode": "AUTOMATIC"}, {"enabled": True, "minPartySize": 1}, "FULL", "OFFLINE", 2, "RESERVED"),
        ({"mode": "AUTOMATIC"}, {"enabled": True, "minPartySize": 1}, "FULL", "ONLINE", 2, "PAYMENT_PENDING"),
    ],
)
def test_reserve_result_status(
    scopes, make_location, hold, reserve, get_full, approval, payment, hold_scope, source, party, expected
):
    loc = make_location(online={"approval": approval}, payment_policy=payment)
    scope = scopes[hold_scope]
    extra = {} if source is None else {"source": source}
    held = hold(loc, utc("12:00"), party, scope=scope, **extra)
    reserved = reserve(held, scope=scope)
    assert reserved["status"] == expected
    assert reserved["revision"] == "2"
    assert get_full(held["id"])["status"] == expected


def test_reserve_stores_the_reservee(location, hold, reserve, get_full):
    held = hold(location, utc("12:00"))
    reserve(
        held,
        reservee={"firstName": "Grace", "lastName": "Hopper", "phone": "020 7946 0019", "email": "grace@example.com"},
    )
    reservee = get_full(held["id"])["reservee"]
    assert reservee["firstName"] == "Grace"
    assert reservee["lastName"] == "Hopper"
    assert reservee["phone"] == "+442079460019"
    assert reservee["email"] == "grace@example.com"


def test_reserve_keeps_the_held_tables(location, hold, reserve, get_full):
    held = hold(location, utc("12:00"))
    tables = get_full(held["id"])["details"]["tableIds"]
    reserve(held)
    assert get_full(held["id"])["details"]["tableIds"] == tables


@pytest.mark.parametrize("missing", ["firstName", "phone"])
def test_reserve_validates_the_reservee_like_create(location, hold, reserve, api_error, get_full, missing):
    held = hold(location, utc("12:00"))
    guest = {"firstName": "Ada", "phone": "+442079460018"}
    del guest[missing]
    api_error("INVALID_ARGUMENT", reserve, held, reservee=guest, field=f"reservee.{missing}")
    assert get_full(held["id"])["status"] == "HELD"
    assert get_full(held["id"])["revision"] == "1"


def test_reserve_binds_the_reservation_form_for_basic(make_location, hold, reserve, api_error):
    loc = make_location(reservation_form={"lastNameRequired": True})
    held = hold(loc, utc("12:00"))
    api_error(
        "INVALID_ARGUMENT",
        reserve,
        held,
        reservee={"firstName": "Ada", "phone": "+442079460018"},
        field="reservee.lastName",
    )


def test_reserve_with_stale_revision_is_revision_mismatch(location, hold, reserve, api_error):
    held = hold(location, utc("12:00"))
    api_error("REVISION_MISMATCH", reserve, held, revision="7")


def test_reserve_requires_a_revision(basic, location, hold, api_error):
    held = hold(location, utc("12:00"))
    api_error(
        "INVALID_ARGUMENT",
        basic.reserve_reservation,
        {"reservationId": held["id"], "reservee": {"firstName": "Ada", "phone": "+442079460018"}},
        field="revision",
    )


def test_reserve_stale_revision_wins_over_expiry(clock, location, hold, reserve, api_error):
    held = hold(location, utc("12:00"))
    clock.advance(minutes=20)
    api_error("REVISION_MISMATCH", reserve, held, revision="5")


@pytest.mark.parametrize("status", ["RESERVED", "REQUESTED", "SEATED", "CANCELED"])
def test_reserve_of_a_non_held_reservation_is_can_not_be_updated(location, book, reserve, api_error, status):
    reservation = book(location, utc("12:00"), status=status)
    api_error("CAN_NOT_BE_UPDATED", reserve, reservation)


def test_reserve_twice_is_can_not_be_updated(location, hold, reserve, api_error):
    held = hold(location, utc("12:00"))
    reserved = reserve(held)
    api_error("CAN_NOT_BE_UPDATED", reserve, reserved)


def test_reserve_unknown_id_is_not_found(basic, api_error):
    api_error(
        "RESERVATION_NOT_FOUND",
        basic.reserve_reservation,
        {
            "reservationId": str(uuid.uuid4()),
            "revision": "1",
            "reservee": {"firstName": "Ada", "phone": "+442079460018"},
        },
    )


# ---------------------------------------------------------------- PAYMENT_PENDING expiry


@pytest.fixture
def paying(make_location):
    return make_location(tables=[("T1", 1, 2)], combinations=(), payment_policy={"enabled": True, "minPartySize": 1})


def test_payment_pending_occupies_until_ten_minutes_after_creation(clock, paying, hold, reserve, book, api_error):
    held = hold(paying, utc("12:00"))
    clock.advance(minutes=6)
    assert reserve(held)["status"] == "PAYMENT_PENDING"
    clock.advance(minutes=3, seconds=59)
    api_error("TIME_NOT_AVAILABLE", book, paying, utc("12:00"))
    clock.advance(seconds=1)
    assert book(paying, utc("12:00"))["details"]["tableIds"] == [paying.table_id("T1")]


def test_sweeper_deletes_expired_payment_pending(clock, api, full, paying, hold, reserve, api_error):
    held = hold(paying, utc("12:00"))
    reserve(held)
    clock.advance(minutes=10)
    listed = full.list_reservations({})["reservations"]
    assert [r["status"] for r in listed] == ["PAYMENT_PENDING"]
    assert api.expire_held_reservations() == 1
    api_error("RESERVATION_NOT_FOUND", full.get_reservation, {"reservationId": held["id"]})


def test_unexpired_payment_pending_can_be_cancelled(paying, hold, reserve, basic):
    reserved = reserve(hold(paying, utc("12:00")))
    cancelled = basic.cancel_reservation(
        {"reservationId": reserved["id"], "revision": reserved["revision"], "phone": "+442079460018"}
    )["reservation"]
    assert cancelled["status"] == "CANCELED"


def test_expired_payment_pending_can_not_be_cancelled(clock, paying, hold, reserve, full, api_error):
    reserved = reserve(hold(paying, utc("12:00")))
    clock.advance(minutes=10)
    api_error(
        "CAN_NOT_BE_UPDATED",
        full.cancel_reservation,
        {"reservationId": reserved["id"], "revision": reserved["revision"]},
    )


# ---------------------------------------------------------------- deleteReservation


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM", "BASIC"])
def test_delete_abandons_a_hold(scopes, full, one_table, hold, book, api_error, scope_name):
    held = hold(one_table, utc("12:00"), scope=scopes[scope_name])
    assert scopes[scope_name].delete_reservation({"reservationId": held["id"]}) == {}
    api_error("RESERVATION_NOT_FOUND", full.get_reservation, {"reservationId": held["id"]})
    assert book(one_table, utc("12:00"))["details"]["tableIds"] == [one_table.table_id("T1")]


def test_delete_needs_no_revision_and_leaves_history(full, location, hold, history):
    held = hold(location, utc("12:00"))
    full.delete_reservation({"reservationId": held["id"]})
    entries = history(held["id"])
    assert [e["operation"] for e in entries] == ["createHeldReservation", "deleteReservation"]
    assert entries[-1]["after"] is None
    assert entries[-1]["before"]["status"] == "HELD"


@pytest.mark.parametrize("status", ["REQUESTED", "RESERVED", "SEATED", "CANCELED", "NO_SHOW", "FINISHED", "DECLINED"])
def test_delete_of_a_non_held_reservation_is_can_not_be_updated(full, location, book, api_error, get_full, status):
    reservation = book(location, utc("12:00"), status=status)
    api_error("CAN_NOT_BE_UPDATED", full.delete_reservation, {"reservationId": reservation["id"]})
    assert get_full(reservation["id"])["status"] == status


def test_delete_of_payment_pending_is_can_not_be_updated(full, paying, hold, reserve, api_error):
    reserved = reserve(hold(paying, utc("12:00")))
    api_error("CAN_NOT_BE_UPDATED", full.delete_reservation, {"reservationId": reserved["id"]})


def test_delete_unknown_is_not_found(full, api_error):
    api_error("RESERVATION_NOT_FOUND", full.delete_reservation, {"reservationId": str(uuid.uuid4())})


def test_update_of_a_held_reservation_is_can_not_be_updated(full, location, hold, api_error, get_full):
    held = hold(location, utc("12:00"))
    api_error(
        "CAN_NOT_BE_UPDATED",
        full.update_reservation,
        {"reservation": {"id": held["id"], "revision": "1", "teamMessage": "hi"}},
    )
    api_error(
        "CAN_NOT_BE_UPDATED",
        full.update_reservation,
        {"reservation": {"id": held["id"], "revision": "1", "status": "RESERVED"}},
    )
    assert get_full(held["id"])["revision"] == "1"


def test_sweeper_keeps_unexpired_payment_pending(clock, api, full, paying, hold, reserve):
    held = hold(paying, utc("12:00"))
    clock.advance(minutes=2)
    reserve(held)
    clock.advance(minutes=7)
    assert api.expire_held_reservations() == 0
    assert full.get_reservation({"reservationId": held["id"]})["reservation"]["status"] == "PAYMENT_PENDING"


def test_basic_reserve_answers_with_the_public_fieldset(location, hold, reserve):
    reserved = reserve(hold(location, utc("12:00")))
    assert set(reserved) - {"declineReason"} == {"id", "status", "details", "createdDate", "revision"}
    assert set(reserved["details"]) == {"reservationLocationId", "startDate", "endDate", "partySize"}
