"""SPEC §2, §3, §4: createReservation — defaults, statuses, scopes, reservee and table rules."""

from __future__ import annotations

import uuid

import pytest

PUBLIC_KEYS = {"id", "status", "details", "createdDate", "revision"}
PUBLIC_DETAIL_KEYS = {"reservationLocationId", "startDate", "endDate", "partySize"}
LARGE = {"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 4}}


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def assert_public(reservation: dict) -> None:
    assert set(reservation) - {"declineReason"} == PUBLIC_KEYS
    assert set(reservation["details"]) == PUBLIC_DETAIL_KEYS


# ---------------------------------------------------------------- defaults


def test_full_create_defaults(location, book):
    reservation = book(location, utc("12:00"))
    assert reservation["status"] == "RESERVED"
    assert reservation["source"] == "UNDEFINED"
    assert reservation["revision"] == "1"
    assert reservation["createdDate"] == "2026-06-08T08:00:00Z"
    assert reservation["updatedDate"] == "2026-06-08T08:00:00Z"
    assert reservation["details"]["reservationLocationId"] == location.id
    assert reservation["details"]["startDate"] == "2026-06-08T12:00:00Z"
    assert reservation["details"]["endDate"] == "2026-06-08T13:30:00Z"
    assert reservation["details"]["partySize"] == 2
    assert reservation["reservee"]["firstName"] == "Ada"
    assert reservation["reservee"]["phone"] == "+442079460018"
    assert "tablesWithReservationConflicts" not in reservation


@pytest.mark.parametrize("scope_name, source", [("FULL", "UNDEFINED"), ("MEDIUM", "ONLINE"), ("BASIC", "ONLINE")])
def test_source_default_depends_on_scope(scopes, location, book, get_full, scope_name, source):
    reservation = book(location, utc("12:00"), scope=scopes[scope_name])
    assert get_full(reservation["id"])["source"] == source


@pytest.mark.parametrize(
    "scope_name, approval, party, source, expected",
    [
        ("FULL", {"mode": "MANUAL"}, 2, None, "RESERVED"),
        ("FULL", {"mode": "MANUAL"}, 2, "ONLINE", "REQUESTED"),
        ("FULL", {"mode": "MANUAL"}, 2, "OFFLINE", "RESERVED"),
        ("FULL", {"mode": "MANUAL"}, 2, "WALK_IN", "RESERVED"),
        ("FULL", {"mode": "MANUAL"}, 2, "UNDEFINED", "RESERVED"),
        ("MEDIUM", {"mode": "MANUAL"}, 2, None, "REQUESTED"),
        ("MEDIUM", {"mode": "AUTOMATIC"}, 2, None, "RESERVED"),
        ("BASIC", {"mode": "MANUAL"}, 2, None, "REQUESTED"),
        ("BASIC", {"mode": "AUTOMATIC"}, 2, None, "RESERVED"),
        ("BASIC", LARGE, 4, None, "REQUESTED"),
        ("BASIC", LARGE, 3, None, "RESERVED"),
        ("MEDIUM", LARGE, 5, None, "REQUESTED"),
        ("FULL", LARGE, 5, "ONLINE", "REQUESTED"),
        ("FULL", LARGE, 5, "OFFLINE", "RESERVED"),
    ],
)
def test_default_status_follows_source_and_approval(
    scopes, make_location, book, get_full, scope_name, approval, party, source, expected
):
    loc = make_location(online={"approval": approval})
    extra = {} if source is None else {"source": source}
    reservation = book(loc, utc("12:00"), party, scope=scopes[scope_name], **extra)
    assert reservation["status"] == expected
    assert get_full(reservation["id"])["status"] == expected


@pytest.mark.parametrize("scope_name", ["BASIC", "MEDIUM"])
def test_create_never_makes_payment_pending(scopes, make_location, book, scope_name):
    loc = make_location(payment_policy={"enabled": True, "minPartySize": 1})
    assert book(loc, utc("12:00"), scope=scopes[scope_name])["status"] == "RESERVED"


@pytest.mark.parametrize("status", ["REQUESTED", "RESERVED", "SEATED", "CANCELED", "NO_SHOW", "FINISHED", "DECLINED"])
def test_full_may_create_in_any_status_but_held_and_payment_pending(location, book, get_full, status):
    reservation = book(location, utc("12:00"), status=status)
    assert reservation["status"] == status
    assert get_full(reservation["id"])["status"] == status


def test_walk_in_can_be_seated_straight_away(location, book):
    reservation = book(location, "2026-06-08T12:07:00Z", source="WALK_IN", status="SEATED", reservee=None)
    assert reservation["status"] == "SEATED"
    assert reservation["source"] == "WALK_IN"
    assert reservation["details"]["startDate"] == "2026-06-08T12:07:00Z"
    assert reservation["details"]["endDate"] == "2026-06-08T13:37:00Z"


@pytest.mark.parametrize("status", ["HELD", "PAYMENT_PENDING"])
def test_create_with_held_or_payment_pending_status_is_invalid_argument(location, book, api_error, snapshot, status):
    before = snapshot()
    api_error("INVALID_ARGUMENT", book, location, utc("12:00"), status=status, field="status")
    assert snapshot() == before


def test_unknown_status_is_invalid_argument(location, book, api_error):
    api_error("INVALID_ARGUMENT", book, location, utc("12:00"), status="ARRIVED", field="status")


def test_unknown_source_is_invalid_argument(location, book, api_error):
    api_error("INVALID_ARGUMENT", book, location, utc("12:00"), source="TELEPATHY", field="source")


@pytest.mark.parametrize("status", ["CANCELED", "FINISHED", "NO_SHOW", "DECLINED"])
def test_non_occupying_status_skips_the_availability_check(make_location, book, status):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    book(loc, utc("12:00"))
    t1 = loc.table_id("T1")
    reservation = book(loc, utc("12:00"), status=status, details={"tableIds": [t1]})
    assert reservation["details"]["tableIds"] == [t1]
    assert "tablesWithReservationConflicts" not in reservation


def test_non_occupying_reservation_leaves_its_table_free(make_location, book):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    t1 = loc.table_id("T1")
    book(loc, utc("12:00"), status="CANCELED", details={"tableIds": [t1]})
    assert book(loc, utc("12:00"))["details"]["tableIds"] == [t1]


@pytest.mark.parametrize(
    "status, free",
    [
        ("REQUESTED", False),
        ("RESERVED", False),
        ("SEATED", False),
        ("NO_SHOW", True),
        ("FINISHED", True),
        ("DECLINED", True),
    ],
)
def test_occupying_statuses_hold_their_table(make_location, book, api_error, status, free):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    t1 = loc.table_id("T1")
    book(loc, utc("12:00"), status=status, details={"tableIds": [t1]})
    if free:
        assert book(loc, utc("12:00"))["details"]["tableIds"] == [t1]
    else:
        api_error("TIME_NOT_AVAILABLE", book, loc, utc("12:00"))


# ---------------------------------------------------------------- end date


@pytest.mark.parametrize("party, end", [(1, "13:30"), (2, "13:30"), (4, "13:30"), (5, "14:00"), (6, "14:00")])
def test_end_date_is_start_plus_turnover(location, book, party, end):
    assert book(location, utc("12:00"), party)["details"]["endDate"] == utc(end)


@pytest.mark.parametrize("party, end", [(8, "14:00"), (9, "13:30"), (12, "13:30")])
def test_turnover_rule_applies_only_inside_its_seats(location, book, party, end):
    reservation = book(location, utc("12:00"), party, details={"tableIds": []})
    assert reservation["details"]["endDate"] == utc(end)


def test_default_turnover_time_of_the_location_is_used(make_location, book):
    loc = make_location(online={"defaultTurnoverTime": 45, "turnoverTimeRules": []})
    assert book(loc, utc("12:00"))["details"]["endDate"] == utc("12:45")


def test_full_may_give_the_end_date(location, book):
    reservation = book(location, utc("12:00"), details={"endDate": utc("12:40")})
    assert reservation["details"]["endDate"] == utc("12:40")


@pytest.mark.parametrize("end", ["12:00", "11:00"])
def test_end_date_must_be_after_start(location, book, api_error, end):
    api_error("INVALID_ARGUMENT", book, location, utc("12:00"), details={"endDate": utc(end)}, field="details.endDate")


# ---------------------------------------------------------------- tables given by FULL


def test_empty_table_ids_stay_empty_and_take_no_table(make_location, book, get_full):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    empty = book(loc, utc("12:00"), details={"tableIds": []})
    assert empty["details"]["tableIds"] == []
    assert get_full(empty["id"])["details"]["tableIds"] == []
    assert book(loc, utc("12:00"))["details"]["tableIds"] == [loc.table_id("T1")]


def test_full_books_the_tables_it_names(location, book):
    t5 = location.table_id("T5")
    assert book(location, utc("12:00"), 2, details={"tableIds": [t5]}, ignore_tables=["TOO_SMALL"])["details"][
        "tableIds"
    ] == [t5]


def test_named_table_too_small_for_the_party_is_refused_without_ignore(location, book, api_error):
    err = api_error(
        "TIME_NOT_AVAILABLE", book, location, utc("12:00"), 2, details={"tableIds": [location.table_id("T5")]}
    )
    assert err.details["tableCombinationConflicts"] == ["TOO_SMALL"]


def test_named_table_too_big_for_the_party_is_refused_without_ignore(location, book, api_error):
    err = api_error(
        "TIME_NOT_AVAILABLE", book, location, utc("12:00"), 4, details={"tableIds": [location.table_id("T1")]}
    )
    assert err.details["tableCombinationConflicts"] == ["TOO_BIG"]


@pytest.mark.parametrize("party", [1, 3, 4])
def test_an_undefined_set_of_tables_seats_up_to_the_sum(location, book, party):
    ids = location.ids("T1", "T2")
    assert sorted(book(location, utc("12:00"), party, details={"tableIds": ids})["details"]["tableIds"]) == sorted(ids)


def test_an_undefined_set_of_tables_above_the_sum_is_too_big(location, book, api_error):
    err = api_error(
        "TIME_NOT_AVAILABLE", book, location, utc("12:00"), 5, details={"tableIds": location.ids("T1", "T2")}
    )
    assert err.details["tableCombinationConflicts"] == ["TOO_BIG"]


def test_a_defined_combination_is_checked_as_itself(location, book, api_error):
    ids = location.ids("T3", "T4")
    assert sorted(book(location, utc("12:00"), 6, details={"tableIds": ids})["details"]["tableIds"]) == sorted(ids)
    err = api_error("TIME_NOT_AVAILABLE", book, location, utc("18:00"), 4, details={"tableIds": ids})
    assert err.details["tableCombinationConflicts"] == ["TOO_SMALL"]


def test_unknown_table_id_is_invalid_argument(location, book, api_error, snapshot):
    before = snapshot()
    api_error("INVALID_ARGUMENT", book, location, utc("12:00"), details={"tableIds": [str(uuid.uuid4())]})
    assert snapshot() == before


def test_malformed_table_id_is_invalid_argument(location, book, api_error):
    api_error("INVALID_ARGUMENT", book, location, utc("12:00"), details={"tableIds": ["T1"]})


def test_full_may_name_an_inactive_table(make_location, book):
    loc = make_location(tables=[("T1", 1, 2, {"isActive": False}), ("T2", 1, 2)], combinations=())
    t1 = loc.table_id("T1")
    assert book(loc, utc("12:00"), details={"tableIds": [t1]})["details"]["tableIds"] == [t1]


# ---------------------------------------------------------------- scopes and restricted fields


RESTRICTED = [
    "status",
    "source",
    "details.tableIds",
    "details.endDate",
    "ignoreReservationLocationConflicts",
    "ignoreTableCombinationConflicts",
]


def _restricted_request(loc, field):
    request = {
        "reservation": {
            "details": {"reservationLocationId": loc.id, "startDate": utc("12:00"), "partySize": 2},
            "reservee": {"firstName": "Ada", "phone": "+442079460018"},
        }
    }
    if field == "status":
        request["reservation"]["status"] = "SEATED"
    elif field == "source":
        request["reservation"]["source"] = "OFFLINE"
    elif field == "details.tableIds":
        request["reservation"]["details"]["tableIds"] = [loc.table_id("T2")]
    elif field == "details.endDate":
        request["reservation"]["details"]["endDate"] = utc("13:00")
    elif field == "ignoreReservationLocationConflicts":
        request[field] = ["PARTY_PACING"]
    else:
        request[field] = ["RESERVED"]
    return request


@pytest.mark.parametrize("field", RESTRICTED)
@pytest.mark.parametrize("scope_name", ["MEDIUM", "BASIC"])
def test_restricted_field_without_full_scope_is_permission_denied(
    scopes, location, api_error, snapshot, scope_name, field
):
    before = snapshot()
    api_error("PERMISSION_DENIED", scopes[scope_name].create_reservation, _restricted_request(location, field))
    assert snapshot() == before


@pytest.mark.parametrize("field", RESTRICTED)
def test_full_scope_may_name_every_restricted_field(full, location, field):
    assert full.create_reservation(_restricted_request(location, field))["reservation"]["id"]


def test_basic_gets_the_public_fieldset_back(basic, location, book):
    assert_public(book(location, utc("12:00"), scope=basic))


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM"])
def test_staff_get_the_full_fieldset_back(scopes, location, book, scope_name):
    reservation = book(location, utc("12:00"), scope=scopes[scope_name], teamMessage="window seat")
    assert reservation["reservee"]["firstName"] == "Ada"
    assert reservation["teamMessage"] == "window seat"
    assert reservation["details"]["tableIds"] == [location.table_id("T1")]
    assert "source" in reservation
    assert "updatedDate" in reservation


# ---------------------------------------------------------------- reservee


@pytest.mark.parametrize("reservee", [None, {}], ids=["absent", "empty"])
def test_walk_in_needs_no_name_or_phone(location, book, get_full, reservee):
    reservation = book(location, utc("12:07"), source="WALK_IN", reservee=reservee)
    assert get_full(reservation["id"])["source"] == "WALK_IN"


@pytest.mark.parametrize("missing", ["firstName", "phone"])
@pytest.mark.parametrize("source", [None, "OFFLINE", "ONLINE", "UNDEFINED"])
def test_first_name_and_phone_required_unless_walk_in(location, book, api_error, missing, source):
    reservee = {"firstName": "Ada", "phone": "+442079460018"}
    del reservee[missing]
    extra = {} if source is None else {"source": source}
    api_error("INVALID_ARGUMENT", book, location, utc("12:00"), reservee=reservee, field=f"reservee.{missing}", **extra)


@pytest.mark.parametrize("phone", ["020 7946 0018", "02079460018", "+44 20 7946 0018", "+44 (0)20 7946 0018"])
def test_phone_is_stored_in_e164(location, book, get_full, phone):
    reservation = book(location, utc("12:00"), reservee={"firstName": "Ada", "phone": phone})
    assert get_full(reservation["id"])["reservee"]["phone"] == "+442079460018"


def test_national_phone_without_country_code_is_invalid_argument(make_location, book, api_error):
    loc = make_location(country_code=None)
    api_error(
        "INVALID_ARGUMENT",
        book,
        loc,
        utc("12:00"),
        reservee={"firstName": "Ada", "phone": "020 7946 0018"},
        field="reservee.phone",
    )


def test_international_phone_without_country_code_is_accepted(make_location, book, get_full):
    loc = make_location(country_code=None)
    reservation = book(loc, utc("12:00"), reservee={"firstName": "Ada", "phone": "+1 415 555 0123"})
    assert get_full(reservation["id"])["reservee"]["phone"] == "+14155550123"


def test_national_phone_uses_the_locations_country(make_location, book, get_full):
    loc = make_location(country_code="US")
    reservation = book(loc, utc("12:00"), reservee={"firstName": "Ada", "phone": "(415) 555-0123"})
    assert get_full(reservation["id"])["reservee"]["phone"] == "+14155550123"


@pytest.mark.parametrize("phone", ["banana", "123", "+44"])
def test_unparseable_phone_is_invalid_argument(location, book, api_error, phone):
    api_error(
        "INVALID_ARGUMENT",
        book,
        location,
        utc("12:00"),
        reservee={"firstName": "Ada", "phone": phone},
        field="reservee.phone",
    )


def test_valid_email_is_kept(location, book, get_full):
    reservation = book(
        location, utc("12:00"), reservee={"firstName": "Ada", "phone": "+442079460018", "email": "ada@example.com"}
    )
    assert get_full(reservation["id"])["reservee"]["email"] == "ada@example.com"


@pytest.mark.parametrize("email", ["not-an-email", "ada@", "@example.com", "ada example.com"])
def test_invalid_email_is_invalid_argument(location, book, api_error, email):
    api_error(
        "INVALID_ARGUMENT",
        book,
        location,
        utc("12:00"),
        reservee={"firstName": "Ada", "phone": "+442079460018", "email": email},
        field="reservee.email",
    )


def test_marketing_consent_is_a_bool(location, book, get_full, api_error):
    reservation = book(
        location, utc("12:00"), reservee={"firstName": "Ada", "phone": "+442079460018", "marketingConsent": True}
    )
    assert get_full(reservation["id"])["reservee"]["marketingConsent"] is True
    api_error(
        "INVALID_ARGUMENT",
        book,
        location,
        utc("13:00"),
        reservee={"firstName": "Ada", "phone": "+442079460018", "marketingConsent": "yes"},
        field="reservee.marketingConsent",
    )


@pytest.mark.parametrize(
    "where, field, limit",
    [
        ("reservee", "firstName", 1000),
        ("reservee", "lastName", 1000),
        ("top", "teamMessage", 10000),
        ("top", "declineReason", 1000),
    ],
)
def test_text_length_limits(location, book, get_full, api_error, where, field, limit):
    def request_kw(text):
        if where == "reservee":
            return {"reservee": {"firstName": "Ada", "phone": "+442079460018", field: text}}
        return {field: text}

    ok = book(location, utc("12:00"), **request_kw("x" * limit))
    stored = get_full(ok["id"])
    assert (stored["reservee"][field] if where == "reservee" else stored[field]) == "x" * limit
    path = f"reservee.{field}" if where == "reservee" else field
    api_error("INVALID_ARGUMENT", book, location, utc("15:00"), field=path, **request_kw("x" * (limit + 1)))


@pytest.mark.parametrize("party", [0, -1, 1001, "2", 2.5, None])
def test_party_size_out_of_range_or_type_is_invalid_argument(location, book, api_error, party):
    api_error("INVALID_ARGUMENT", book, location, utc("12:00"), party, field="details.partySize")


def test_party_size_upper_bound_is_accepted(location, book):
    assert book(location, utc("12:00"), 1000, details={"tableIds": []})["details"]["partySize"] == 1000


def test_unknown_fields_in_reservation_requests_are_ignored(full, location, reservation_body):
    request = reservation_body(location.id, utc("12:00"))
    request["reservation"]["colour"] = "red"
    request["reservation"]["details"]["mood"] = "happy"
    request["somethingElse"] = 1
    assert full.create_reservation(request)["reservation"]["status"] == "RESERVED"


def test_unknown_location_is_not_found(book, api_error):
    api_error("RESERVATION_LOCATION_NOT_FOUND", book, str(uuid.uuid4()), utc("12:00"))


@pytest.mark.parametrize("missing", ["reservationLocationId", "startDate"])
def test_required_details_are_required(full, location, reservation_body, api_error, missing):
    request = reservation_body(location.id, utc("12:00"))
    del request["reservation"]["details"][missing]
    api_error("INVALID_ARGUMENT", full.create_reservation, request, field=f"details.{missing}")


def test_missing_reservation_object_is_invalid_argument(full, api_error):
    api_error("INVALID_ARGUMENT", full.create_reservation, {})


# ---------------------------------------------------------------- custom fields and the reservation form


@pytest.fixture
def form_location(make_location):
    return make_location(
        reservation_form={
            "customFieldDefinitions": [
                {"name": "Allergies", "required": False},
                {"name": "Occasion", "required": True},
            ],
            "lastNameRequired": True,
            "emailRequired": True,
        }
    )


def _field_ids(loc):
    return {d["name"]: d["id"] for d in loc.config["reservationForm"]["customFieldDefinitions"]}


def _guest(**extra):
    guest = {"firstName": "Ada", "lastName": "Lovelace", "phone": "+442079460018", "email": "ada@example.com"}
    guest.update(extra)
    return guest


def test_custom_fields_are_stored_by_definition_id(form_location, book, get_full):
    ids = _field_ids(form_location)
    fields = {ids["Allergies"]: "nuts", ids["Occasion"]: "birthday"}
    reservation = book(form_location, utc("12:00"), reservee=_guest(customFields=fields))
    assert get_full(reservation["id"])["reservee"]["customFields"] == fields


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM", "BASIC"])
def test_unknown_custom_field_id_is_invalid_argument(scopes, form_location, book, api_error, scope_name):
    ids = _field_ids(form_location)
    fields = {ids["Occasion"]: "birthday", str(uuid.uuid4()): "?"}
    api_error(
        "INVALID_ARGUMENT",
        book,
        form_location,
        utc("12:00"),
        scope=scopes[scope_name],
        reservee=_guest(customFields=fields),
    )


@pytest.mark.parametrize(
    "drop, field",
    [("lastName", "reservee.lastName"), ("email", "reservee.email"), ("customFields", None)],
)
def test_reservation_form_requirements_bind_basic(basic, form_location, book, api_error, drop, field):
    guest = _guest(customFields={_field_ids(form_location)["Occasion"]: "birthday"})
    del guest[drop]
    api_error("INVALID_ARGUMENT", book, form_location, utc("12:00"), scope=basic, reservee=guest, field=field)


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM"])
def test_reservation_form_requirements_do_not_bind_staff(scopes, form_location, book, scope_name):
    reservation = book(
        form_location, utc("12:00"), scope=scopes[scope_name], reservee={"firstName": "Ada", "phone": "+442079460018"}
    )
    assert reservation["id"]


def test_basic_meeting_the_form_requirements_books(basic, form_location, book):
    guest = _guest(customFields={_field_ids(form_location)["Occasion"]: "birthday"})
    assert book(form_location, utc("12:00"), scope=basic, reservee=guest)["status"] == "RESERVED"
