"""The phone-in booking without widgets: times gone by, and a bare `730` that means the evening."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))  # the shared book fixtures
pytest_plugins = ["fixtures_app"]

from fixtures_app import FRIDAY, HOST, FakeClock, rome  # noqa: E402

from maitred.controllers.phone_in import PhoneInBooking  # noqa: E402
from maitred.controllers.session import StandSession  # noqa: E402
from maitred.domain.errors import InvalidArgument  # noqa: E402
from maitred.domain.lifecycle import ReservationStatus  # noqa: E402
from maitred.domain.location import ReservationLocation, TimePeriod, Weekday  # noqa: E402
from maitred.services.book import ReservationBook  # noqa: E402

S = ReservationStatus


@pytest.fixture
def at_1940(stand_clock: FakeClock) -> FakeClock:
    """Friday evening in full swing: 19:40 in Rome."""
    stand_clock.now = rome(19, 40)
    return stand_clock


def test_slots_gone_by_are_past_and_never_the_nearest_free(stand_session: StandSession, at_1940: FakeClock) -> None:
    booking = stand_session.phone_in()
    wanted = booking.wanted_start(FRIDAY, time(19, 15))
    slots = booking.slots_around(wanted, 2)
    assert [(s.start, s.past) for s in slots if s.start <= rome(20)] == [
        (rome(18, 15), True), (rome(18, 30), True), (rome(18, 45), True), (rome(19), True), (rome(19, 15), True),
        (rome(19, 30), True), (rome(19, 45), False), (rome(20), False)]
    assert all(s.available for s in slots), "a past slot may still have a free table (for a late record)"
    nearest = booking.nearest_free(slots, wanted)
    assert nearest is not None and nearest.start == rome(19, 45), "the first free slot still to come"
    evening_gone = booking.slots_around(booking.wanted_start(FRIDAY, time(18, 30)), 2)
    assert booking.nearest_free(evening_gone, rome(18, 30)) is None, "only past slots: nothing is offered"


def test_a_past_start_is_held_only_when_the_host_confirms_it(stand_session: StandSession, at_1940: FakeClock) -> None:
    booking = stand_session.phone_in()
    for start in (rome(18, 30), rome(19, 30, FRIDAY - timedelta(days=1))):
        assert booking.is_past(start)
        with pytest.raises(InvalidArgument) as refused:
            booking.take_hold(start, 2)
        assert refused.value.violations[0].field == "details.startDate" and booking.hold is None
    late = booking.take_hold(rome(18, 30), 2, past_confirmed=True)
    assert late.status is S.HELD and late.start == rome(18, 30)
    booked = booking.book(first_name="Written", last_name="Late", phone="333 123 4567")
    assert booked.status is S.RESERVED and booked.start == rome(18, 30)
    assert booking.take_hold(rome(19, 45), 2).start == rome(19, 45), "a time to come needs no confirmation"


@pytest.mark.parametrize(("typed", "meant", "read_as_pm"), [
    ("730", rome(19, 30), True),  # 07:30 is closed (and gone): on the phone it means the evening
    ("7:30", rome(19, 30), True),
    ("8", rome(20), True),
    ("1", rome(13), True),  # lunch: the afternoon, by the same rule
    ("7:30am", rome(7, 30), False),  # said in so many words
    ("7:30pm", rome(19, 30), False),
    ("0730", rome(7, 30), False),  # a leading zero is the 24-hour clock
    ("1930", rome(19, 30), False),
    ("1230", rome(12, 30), False),
    ("3", rome(3), False),  # 15:00 is closed too: the time stays as typed (and shows closed)
])
def test_a_bare_hour_means_the_afternoon_or_evening_when_the_morning_is_closed(
        stand_session: StandSession, typed: str, meant: datetime, read_as_pm: bool) -> None:
    wanted = stand_session.phone_in().wanted_from_typed(FRIDAY, typed)
    assert wanted is not None and (wanted.start, wanted.read_as_pm) == (meant, read_as_pm)


def test_a_time_it_can_not_read_is_none(stand_session: StandSession) -> None:
    assert stand_session.phone_in().wanted_from_typed(FRIDAY, "dinner") is None


def test_a_breakfast_place_keeps_the_morning_until_it_has_gone_by(
        stand_book: ReservationBook, stand_restaurant: ReservationLocation, stand_clock: FakeClock) -> None:
    breakfast = TimePeriod(Weekday.FRIDAY, 7 * 60, Weekday.FRIDAY, 10 * 60)
    stand_book.locations.update(HOST, stand_restaurant.id, stand_restaurant.revision, lambda loc: replace(
        loc, online=replace(loc.online, periods=(*loc.online.periods, breakfast))))
    stand = StandSession.open(stand_book)
    stand.load()
    try:
        booking: PhoneInBooking = stand.phone_in()
        stand_clock.now = rome(6, 0)
        assert booking.wanted_from_typed(FRIDAY, "730") == booking.wanted_from_typed(FRIDAY, "07:30")
        assert booking.wanted_from_typed(FRIDAY, "730").start == rome(7, 30)  # type: ignore[union-attr]
        stand_clock.now = rome(9, 0)  # breakfast at 7:30 has gone by: the caller means tonight
        evening = booking.wanted_from_typed(FRIDAY, "730")
        assert evening is not None and evening.start == rome(19, 30) and evening.read_as_pm
        tomorrow = booking.wanted_from_typed(FRIDAY + timedelta(days=1), "730")  # Saturday: no breakfast
        assert tomorrow is not None and tomorrow.start == rome(19, 30, FRIDAY + timedelta(days=1))
    finally:
        stand.stop()
        stand.deleteLater()
