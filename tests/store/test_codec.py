"""The JSON codec round-trips every domain value exactly and tolerates older documents."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maitred.domain.audit import LocationChange, ReservationChange
from maitred.domain.lifecycle import ReservationStatus, Scope, Source
from maitred.domain.location import (
    ApprovalMode,
    CustomFieldDefinition,
    LocationInfo,
    NoticePeriod,
    NoticeUnit,
    OnlineReservations,
    Pacing,
    PaymentPolicy,
    ReservationForm,
    ReservationLocation,
    SpecialHourPeriod,
    TableCombination,
    TableDefinition,
    TableLayout,
    TableManagement,
    TableManagementMode,
    TimePeriod,
    TurnoverRule,
    Weekday,
)
from maitred.domain.reservation import Reservation, Reservee, TableClash
from maitred.store import codec
from maitred.store.repositories import RESERVATION_FIELDS

NOW = datetime(2026, 3, 29, 0, 59, 59, 999000, tzinfo=UTC)


def full_location() -> ReservationLocation:
    t1 = TableDefinition("t1", "T1", 1, 2, layout=TableLayout(10.5, 20.0, 80, 60, "ROUND", 45.0, "Terrace"))
    t2 = TableDefinition("t2", "T2", 2, 4, is_active=False, online_reservations=False)
    gone = TableDefinition("t9", "T9", 1, 8)
    return ReservationLocation(
        id="loc",
        info=LocationInfo("Trattoria «Da Anna»", "Europe/Rome", "IT", "+390612345678"),
        online=OnlineReservations(
            enabled=True,
            party_size_min=2,
            party_size_max=6,
            minimum_notice=NoticePeriod(30, NoticeUnit.MINUTES),
            maximum_notice=NoticePeriod(60, NoticeUnit.DAYS),
            default_turnover_minutes=105,
            turnover_rules=(TurnoverRule(1, 2, 60), TurnoverRule(5, 8, 150)),
            time_slot_interval=30,
            periods=(
                TimePeriod(Weekday.MONDAY, 690, Weekday.MONDAY, 1320),
                TimePeriod(Weekday.SATURDAY, 1140, Weekday.SUNDAY, 120),
            ),
            special_hours=(SpecialHourPeriod(NOW, NOW + timedelta(days=1), True, "Easter"),),
            approval_mode=ApprovalMode.MANUAL_FOR_LARGE_PARTIES,
            approval_threshold=8,
            party_pacing=Pacing(True, 4),
            seat_pacing=Pacing(False, None),
            show_phone_number=False,
        ),
        form=ReservationForm((CustomFieldDefinition("cf1", "Allergies", True),), True, True),
        table_management=TableManagement(
            TableManagementMode.ON, (t1, t2), (gone,), (TableCombination("c1", ("t1", "t2"), 3, 6, False),)
        ),
        payment=PaymentPolicy(True, 8),
        revision=7,
        created=NOW,
        updated=NOW + timedelta(microseconds=123456),
        default=True,
        archived=True,
    )


def full_reservation() -> Reservation:
    return Reservation(
        id="r1",
        location_id="loc",
        status=ReservationStatus.PAYMENT_PENDING,
        source=Source.WALK_IN,
        start=NOW,
        end=NOW + timedelta(minutes=90),
        party_size=5,
        table_ids=("t1", "t2"),
        reservee=Reservee("Anna", "Rossi", "anna@example.org", "+390612345678", True, {"cf1": "nuts", "n": 3}),
        team_message="window seat\nbirthday 🎂",
        decline_reason="",
        table_clashes=(TableClash("t1", ("r2", "r3")),),
        created=NOW - timedelta(minutes=3),
        updated=NOW,
        revision=4,
    )


@pytest.mark.parametrize("value", [full_location(), full_reservation()], ids=["location", "reservation"])
def test_a_fully_populated_value_round_trips_exactly(value: Any) -> None:
    text = codec.dumps(value)
    assert codec.loads(type(value), text) == value
    assert codec.loads(type(value), codec.dumps(codec.loads(type(value), text))) == value


def test_custom_fields_come_back_read_only() -> None:
    reservee = codec.loads(Reservation, codec.dumps(full_reservation())).reservee
    assert reservee is not None
    assert isinstance(reservee.custom_fields, types.MappingProxyType)
    assert reservee.custom_fields == {"cf1": "nuts", "n": 3}


def test_audit_changes_round_trip() -> None:
    change = ReservationChange("r1", "loc", NOW, "host:anna", Scope.FULL, "updateReservation",
                               full_reservation(), None, "stand-1", 12)  # fmt: skip
    assert codec.loads(ReservationChange, codec.dumps(change)) == change
    location_change = LocationChange("loc", NOW, None, None, "createReservationLocation", None, full_location())
    assert codec.loads(LocationChange, codec.dumps(location_change)) == location_change


def test_instants_are_written_as_readable_utc() -> None:
    assert codec.to_json(datetime(2026, 6, 8, 15, 0, tzinfo=timezone(timedelta(hours=2)))) == (
        "2026-06-08T13:00:00.000Z"
    )
    assert codec.to_json(datetime(2026, 6, 8, 13, 0, 0, 125001, tzinfo=UTC)) == "2026-06-08T13:00:00.125001Z"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        codec.to_json(datetime(2026, 6, 8, 13, 0))
    with pytest.raises(ValueError, match="naive"):
        codec.to_ms(datetime(2026, 6, 8, 13, 0))


def test_epoch_milliseconds_are_exact() -> None:
    instant = datetime(2026, 6, 8, 13, 0, 0, 125000, tzinfo=UTC)
    assert codec.to_ms(instant) == 1_780_923_600_125
    assert codec.from_ms(codec.to_ms(instant)) == instant
    assert codec.from_ms(-1) == datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)
    assert codec.to_ms(datetime(2026, 6, 8, 13, 0, 0, 125999, tzinfo=UTC)) == 1_780_923_600_125  # truncated


def test_an_older_document_takes_defaults_and_unknown_keys_are_ignored() -> None:
    document: codec.JsonValue = {"id": "loc", "info": {"name": "Osteria", "time_zone": "UTC", "retired_field": 1}}
    location = codec.from_json(ReservationLocation, document)
    assert location == ReservationLocation("loc", LocationInfo("Osteria", "UTC"))


def test_a_document_of_the_wrong_shape_is_a_codec_error() -> None:
    with pytest.raises(codec.CodecError):
        codec.from_json(ReservationLocation, {"id": "loc", "info": {"name": 3, "time_zone": "UTC"}})
    with pytest.raises(codec.CodecError):
        codec.from_json(Reservation, {"id": "r"})  # required fields missing


def test_the_repository_maps_every_reservation_field() -> None:
    """A field added to Reservation must get a column, or it would be lost on the way."""
    assert set(RESERVATION_FIELDS) == {field.name for field in dataclasses.fields(Reservation)}


# --- property: any value the type hints allow round-trips ---------------------------------------

_json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
_instants = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC))


def strategy_for(hint: Any) -> st.SearchStrategy[Any]:
    """A strategy for any hint the domain uses, built from the hints like the codec itself."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return _json_scalars
    if origin is typing.Union or origin is types.UnionType:
        return st.one_of([strategy_for(arg) for arg in typing.get_args(hint)])
    if hint is type(None):
        return st.none()
    if origin is tuple:
        return st.lists(strategy_for(typing.get_args(hint)[0]), max_size=3).map(tuple)
    if origin is Mapping:
        return st.dictionaries(st.text(max_size=5), strategy_for(typing.get_args(hint)[1]), max_size=3).map(
            types.MappingProxyType
        )
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = {field.name: strategy_for(hints[field.name]) for field in dataclasses.fields(hint)}
        return st.builds(typing.cast(Any, hint), **fields)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if hint is datetime:
        return _instants
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers()
    if hint is float:
        return st.floats(allow_nan=False, allow_infinity=False)
    if hint is str:
        return st.text(max_size=10)
    raise TypeError(f"no strategy for {hint!r}")


@settings(max_examples=60, deadline=None)
@given(strategy_for(ReservationLocation))
def test_any_location_round_trips(location: ReservationLocation) -> None:
    assert codec.loads(ReservationLocation, codec.dumps(location)) == location


@settings(max_examples=100, deadline=None)
@given(strategy_for(Reservation))
def test_any_reservation_round_trips(reservation: Reservation) -> None:
    assert codec.loads(Reservation, codec.dumps(reservation)) == reservation


@settings(max_examples=60, deadline=None)
@given(strategy_for(ReservationChange))
def test_any_reservation_change_round_trips(change: ReservationChange) -> None:
    assert codec.loads(ReservationChange, codec.dumps(change)) == change
