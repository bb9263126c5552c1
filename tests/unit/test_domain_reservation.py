"""SPEC §4: holds expire ten minutes after creation; which reservations hold tables; refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from unit_support import utc

from maitred.domain.errors import (
    CanNotBeUpdated,
    DatabaseUnusable,
    FieldViolation,
    Internal,
    InvalidArgument,
    LocationViolation,
    OnlineReservationsDisabled,
    PermissionDenied,
    PhoneNumberIncorrect,
    PhoneNumberRequired,
    ReservationBookError,
    ReservationLocationNotFound,
    ReservationLocationViolation,
    ReservationNotFound,
    RevisionMismatch,
    TimeNotAvailable,
    Unavailable,
    invalid,
)
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.reservation import HOLD_LIFETIME, Reservation, Reservee

S = ReservationStatus
CREATED = utc("12:00:00.250")


def reservation(status: ReservationStatus, created=CREATED) -> Reservation:
    return Reservation(id="r", location_id="l", status=status, source=Source.ONLINE, start=utc("19:00"),
                       end=utc("20:30"), party_size=2, created=created)


@pytest.mark.parametrize("status", [S.HELD, S.PAYMENT_PENDING])
def test_a_hold_and_a_payment_window_expire_ten_minutes_after_creation(status):
    held = reservation(status)
    deadline = CREATED + timedelta(minutes=10)
    assert timedelta(minutes=10) == HOLD_LIFETIME
    assert held.hold_expires_at() == deadline
    assert not held.is_expired(deadline - timedelta(microseconds=1))
    assert held.is_expired(deadline)
    assert held.is_expired(deadline + timedelta(days=1))


@pytest.mark.parametrize("status", [s for s in S if s not in (S.HELD, S.PAYMENT_PENDING)])
def test_other_statuses_never_expire(status):
    booked = reservation(status)
    assert booked.hold_expires_at() is None
    assert not booked.is_expired(CREATED + timedelta(days=365))


def test_a_hold_without_a_creation_time_never_expires():
    assert reservation(S.HELD, created=None).hold_expires_at() is None


OCCUPIES = [
    # status, occupies 5 minutes after creation, occupies at the ten-minute mark
    (S.HELD, True, False),
    (S.PAYMENT_PENDING, True, False),
    (S.REQUESTED, True, True),
    (S.RESERVED, True, True),
    (S.SEATED, True, True),
    (S.DECLINED, False, False),
    (S.CANCELED, False, False),
    (S.NO_SHOW, False, False),
    (S.FINISHED, False, False),
]


@pytest.mark.parametrize(("status", "soon", "at_deadline"), OCCUPIES, ids=[str(s) for s, _, _ in OCCUPIES])
def test_occupying_reservations_hold_tables_holds_only_until_they_expire(status, soon, at_deadline):
    booked = reservation(status)
    assert booked.occupies(CREATED + timedelta(minutes=5)) is soon
    assert booked.occupies(CREATED + timedelta(minutes=10)) is at_deadline


def test_a_reservation_lasts_from_start_to_end():
    assert reservation(S.RESERVED).duration == timedelta(minutes=90)


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [("Ada", "Lovelace", "Ada Lovelace"), ("Ada", None, "Ada"), (None, "Lovelace", "Lovelace"), (None, None, ""),
     ("", "", "")],
)
def test_a_guest_is_shown_by_first_and_last_name(first, last, shown):
    assert Reservee(first_name=first, last_name=last).display_name == shown


def test_a_guest_has_no_custom_fields_by_default_and_they_are_read_only():
    guest = Reservee()
    assert dict(guest.custom_fields) == {}
    with pytest.raises(TypeError):
        guest.custom_fields["x"] = 1  # type: ignore[index]


# --- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (PermissionDenied("no"), "PERMISSION_DENIED"),
        (ReservationNotFound("no"), "RESERVATION_NOT_FOUND"),
        (ReservationLocationNotFound("no"), "RESERVATION_LOCATION_NOT_FOUND"),
        (RevisionMismatch("no"), "REVISION_MISMATCH"),
        (CanNotBeUpdated("no"), "CAN_NOT_BE_UPDATED"),
        (OnlineReservationsDisabled("no"), "ONLINE_RESERVATIONS_DISABLED"),
        (PhoneNumberRequired("no"), "PHONE_NUMBER_REQUIRED"),
        (PhoneNumberIncorrect("no"), "PHONE_NUMBER_INCORRECT"),
        (Unavailable("no"), "UNAVAILABLE"),
        (DatabaseUnusable("no"), "UNAVAILABLE"),
        (Internal("no"), "INTERNAL"),
        (ReservationBookError("no"), "INTERNAL"),
    ],
)
def test_every_refusal_carries_its_spec_code_a_message_and_details(error, code):
    assert error.code == code
    assert error.message == str(error) == "no"
    assert error.details == {}


def test_invalid_argument_lists_each_bad_field_and_names_the_first():
    error = InvalidArgument([FieldViolation("details.partySize", "must be between 1 and 1000"),
                             FieldViolation("reservee.phone", "is required")])
    assert error.code == "INVALID_ARGUMENT"
    assert str(error) == "details.partySize: must be between 1 and 1000"
    assert error.details == {"fieldViolations": [
        {"field": "details.partySize", "description": "must be between 1 and 1000"},
        {"field": "reservee.phone", "description": "is required"}]}


def test_invalid_argument_of_one_field_and_of_the_whole_request():
    assert invalid("partySize", "too big").details == {"fieldViolations": [{"field": "partySize",
                                                                              "description": "too big"}]}
    assert str(InvalidArgument(FieldViolation("", "must be a JSON object"))) == "must be a JSON object"


def test_time_not_available_details_name_table_and_location_conflicts():
    error = TimeNotAvailable("full", ["RESERVED", "TOO_BIG"], ["PARTY_PACING"])
    assert error.code == "TIME_NOT_AVAILABLE"
    assert error.details == {"tableCombinationConflicts": ["RESERVED", "TOO_BIG"],
                             "reservationLocationConflicts": ["PARTY_PACING"]}
    assert TimeNotAvailable("too late").details == {"tableCombinationConflicts": [],
                                                    "reservationLocationConflicts": []}


@pytest.mark.parametrize(
    ("violations", "message"),
    [
        ([LocationViolation("PARTY_SIZE_MIN_GREATER_THAN_MAX", "configuration.x", "min over max")], "min over max"),
        ([LocationViolation("PARTY_SIZE_MIN_GREATER_THAN_MAX")], "PARTY_SIZE_MIN_GREATER_THAN_MAX"),
    ],
)
def test_a_location_violation_lists_every_violation_with_its_type(violations, message):
    error = ReservationLocationViolation([*violations, LocationViolation("NOTICE", "f", "d")])
    assert error.code == "RESERVATION_LOCATION_VIOLATION"
    assert str(error) == message
    assert [v["type"] for v in error.details["violations"]] == ["PARTY_SIZE_MIN_GREATER_THAN_MAX", "NOTICE"]
    assert set(error.details["violations"][1]) == {"type", "field", "description"}
