"""Random sequences of bookings, holds, moves, cancellations and clock moves through the wire API.

A Hypothesis state machine drives `open_api("sqlite://")` as the three kinds of callers would, on
a small room (four tables, a house table, one combination; pacing sometimes on), and after every
step checks what must always hold (SPEC §4, §5.5, §8):

- no two occupying, unexpired reservations share a table at overlapping times, unless one of
  them was booked or moved with RESERVED in its ignore list;
- pacing limits hold in every window, unless a booking ignored that pacing rule;
- every revision grew by exactly one per successful change, and the audit log by one entry;
- every status change seen is one SPEC §4 allows;
- every failure is an `ApiError` with a SPEC §8 code (never INTERNAL), and a failed call changed
  nothing at all (a FULL listing of every reservation, and the change counter, are the same).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule

from maitred.api import ApiError, open_api

pytestmark = pytest.mark.slow

START = datetime(2026, 6, 8, 8, 0, tzinfo=UTC)  # a Monday morning
DAY = "2026-06-08"
GUEST = {"firstName": "Ada", "lastName": "Lovelace", "phone": "+442079460018"}
SPEC_CODES = {
    "INVALID_ARGUMENT": 400, "PHONE_NUMBER_REQUIRED": 400, "PHONE_NUMBER_INCORRECT": 400,
    "RESERVATION_LOCATION_VIOLATION": 400, "PERMISSION_DENIED": 403, "RESERVATION_NOT_FOUND": 404,
    "RESERVATION_LOCATION_NOT_FOUND": 404, "REVISION_MISMATCH": 409, "TIME_NOT_AVAILABLE": 409,
    "CAN_NOT_BE_UPDATED": 428, "ONLINE_RESERVATIONS_DISABLED": 428, "INTERNAL": 500, "UNAVAILABLE": 503,
}
OCCUPYING = {"HELD", "PAYMENT_PENDING", "REQUESTED", "RESERVED", "SEATED"}
EXPIRING = {"HELD", "PAYMENT_PENDING"}
STATUSES = ["HELD", "REQUESTED", "DECLINED", "RESERVED", "SEATED", "CANCELED", "NO_SHOW", "FINISHED",
            "PAYMENT_PENDING"]
#: Every status change a caller can cause (SPEC §4): updates, reserving a hold, cancelling.
ALLOWED_CHANGES = {
    ("REQUESTED", "RESERVED"), ("REQUESTED", "DECLINED"), ("REQUESTED", "CANCELED"),
    ("RESERVED", "SEATED"), ("RESERVED", "CANCELED"), ("RESERVED", "NO_SHOW"), ("SEATED", "FINISHED"),
    ("PAYMENT_PENDING", "RESERVED"), ("PAYMENT_PENDING", "CANCELED"), ("SEATED", "RESERVED"),
    ("FINISHED", "SEATED"), ("NO_SHOW", "RESERVED"), ("NO_SHOW", "SEATED"), ("CANCELED", "RESERVED"),
    ("DECLINED", "RESERVED"),
    ("HELD", "RESERVED"), ("HELD", "REQUESTED"), ("HELD", "PAYMENT_PENDING"),
}  # fmt: skip
TABLES = [("T1", 1, 2, True), ("T2", 1, 2, True), ("T3", 2, 4, True), ("T4", 4, 6, True), ("H1", 1, 2, False)]

starts = st.one_of(
    st.sampled_from([f"{h:02d}:{m:02d}" for h in range(12, 16) for m in (0, 15, 30, 45)]),
    st.sampled_from(["12:07", "13:52", "14:44"]),
)
parties = st.integers(min_value=1, max_value=7)
scopes = st.sampled_from(["FULL", "MEDIUM", "BASIC"])
table_choices = st.one_of(st.none(), st.lists(st.sampled_from([t[0] for t in TABLES]), max_size=2, unique=True))
table_ignores = st.one_of(st.none(), st.lists(st.sampled_from(["RESERVED", "TOO_BIG", "TOO_SMALL", "OFFLINE_ONLY"]),
                                              min_size=1, max_size=4, unique=True))
sometimes = st.sampled_from([False, False, False, False, True])  # a stale revision, a scope overreach
pacing_ignores = st.sampled_from([None, None, None, None, ["PARTY_PACING"], ["SEAT_PACING"],
                                  ["PARTY_PACING", "SEAT_PACING"]])
PARTY_PACING, SEAT_PACING = 2, 6


def stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class ReservationBookMachine(RuleBasedStateMachine):
    reservations = Bundle("reservations")

    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.api = open_api("sqlite://", clock=lambda: self.now)
        self.host = self.api.as_scope("FULL", actor="host")
        self.revisions: dict[str, int] = {}    # what every live reservation's revision must be
        self.statuses: dict[str, str] = {}     # the status last seen
        self.sources: dict[str, str] = {}
        self.gone: set[str] = set()            # deleted or swept
        self.forced: set[str] = set()          # booked or moved with RESERVED ignored
        self.pacing_ignored: dict[str, set[str]] = {}  # reservation -> pacing rules it was booked over
        self.changes = 0                       # successful changes: one audit entry each
        self.first_change_id = 0

    # -- set-up ------------------------------------------------------------------------------------

    @initialize(target=reservations, pacing=st.sampled_from([None, "party", "seat", "both"]), start=starts,
                party=st.integers(min_value=1, max_value=4))
    def open_the_restaurant_with_a_first_booking(self, pacing: str | None, start: str, party: int) -> str:
        online: dict[str, Any] = {
            "onlineReservationsEnabled": True,
            "partySize": {"min": 1, "max": 6},
            "defaultTurnoverTime": 90,
            "turnoverTimeRules": [{"seatsMin": 5, "seatsMax": 8, "minutes": 120}],
            "timeSlotInterval": 15,
            "businessSchedule": {"periods": [{"openDay": "MONDAY", "openTime": "11:00", "closeDay": "MONDAY",
                                              "closeTime": "22:00"}]},
            "approval": {"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 5}},
            "partyPacing": {"enabled": pacing in ("party", "both"), "number": PARTY_PACING},
            "seatPacing": {"enabled": pacing in ("seat", "both"), "number": SEAT_PACING},
        }
        tables = [{"name": n, "seatsMin": low, "seatsMax": high, "onlineReservations": online_ok}
                  for n, low, high, online_ok in TABLES]
        request = {"reservationLocation": {
            "location": {"name": "Machine", "timeZone": "Europe/London", "countryCode": "GB"},
            "configuration": {"onlineReservations": online,
                              "tableManagement": {"mode": "ON", "tableDefinitions": tables},
                              "paymentPolicy": {"enabled": True, "minPartySize": 4}}}}
        location = self.host.create_reservation_location(request)["reservationLocation"]
        ids = {t["name"]: t["id"] for t in location["configuration"]["tableManagement"]["tableDefinitions"]}
        location = self.host.update_reservation_location({"reservationLocation": {
            "id": location["id"], "revision": location["revision"],
            "configuration": {"tableManagement": {"tableCombinations": [
                {"tableIds": [ids["T1"], ids["T2"]], "seatsMin": 3, "seatsMax": 4}]}}}})["reservationLocation"]
        self.location_id = location["id"]
        self.table_ids = ids
        self.pacing = pacing
        self.first_change_id = self.api.book.last_change_id()
        request = {"reservation": {"details": {"reservationLocationId": self.location_id,
                                               "startDate": self.iso(start), "partySize": party},
                                   "reservee": dict(GUEST)}}
        return self.created(self.host.create_reservation(request)["reservation"], None, None)

    def teardown(self) -> None:
        self.api.close()

    # -- helpers -----------------------------------------------------------------------------------

    def listing(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        request: dict[str, Any] = {"paging": {"limit": 100}}
        while True:
            page = self.host.list_reservations(request)
            found += page["reservations"]
            if not page["pagingMetadata"]["hasNext"]:
                return found
            request = {"paging": {"cursor": page["pagingMetadata"]["cursors"]["next"]}}

    def state(self) -> tuple[list[dict[str, Any]], int]:
        return self.listing(), self.api.book.last_change_id()

    def attempt(self, call: Any, request: dict[str, Any], expect: str | None = None) -> dict[str, Any] | None:
        """Make the call; a refusal must be a SPEC code and must have changed nothing."""
        before = self.state()
        try:
            result = call(request)
        except ApiError as error:
            event(f"{call.__name__}: {error.code}")
            assert error.code in SPEC_CODES, error
            assert error.http_status == SPEC_CODES[error.code]
            assert error.code not in ("INTERNAL", "UNAVAILABLE"), (error, error.details)
            assert isinstance(error.details, dict)
            if expect is not None:
                assert error.code == expect, (error, error.details)
            assert self.state() == before, "a refused call changed the book"
            return None
        event(f"{call.__name__}: ok")
        assert expect is None, f"expected {expect}, but the call succeeded"
        return result

    def iso(self, hm: str) -> str:
        return f"{DAY}T{hm}:00Z"

    def created(self, reservation: dict[str, Any], ignore_tables: list[str] | None,
                ignore_pacing: list[str] | None) -> str:
        rid = reservation["id"]
        assert reservation["revision"] == "1"
        self.revisions[rid] = 1
        self.changes += 1
        if ignore_tables and "RESERVED" in ignore_tables:
            self.forced.add(rid)
        self.pacing_ignored.setdefault(rid, set()).update(ignore_pacing or [])
        return rid

    def changed(self, rid: str, response: dict[str, Any]) -> None:
        assert int(response["revision"]) == self.revisions[rid] + 1, (response["revision"], self.revisions[rid])
        self.revisions[rid] += 1
        self.changes += 1

    def expected_for_missing(self, rid: str) -> str | None:
        return "RESERVATION_NOT_FOUND" if rid in self.gone else None

    # -- rules -------------------------------------------------------------------------------------

    @rule(target=reservations, scope=scopes, start=starts, party=parties, tables=table_choices,
          status=st.one_of(st.none(), st.sampled_from(["RESERVED", "SEATED", "REQUESTED", "CANCELED", "FINISHED"])),
          source=st.one_of(st.none(), st.sampled_from(["OFFLINE", "WALK_IN", "ONLINE"])),
          ignore_tables=table_ignores, ignore_pacing=pacing_ignores, overreach=sometimes)
    def create(self, scope, start, party, tables, status, source, ignore_tables, ignore_pacing, overreach):
        if scope != "FULL" and not overreach:
            tables = status = source = ignore_tables = ignore_pacing = None
        details: dict[str, Any] = {"reservationLocationId": self.location_id, "startDate": self.iso(start),
                                   "partySize": party}
        body: dict[str, Any] = {"details": details, "reservee": dict(GUEST)}
        if tables is not None:
            details["tableIds"] = [self.table_ids[n] for n in tables]
        if status is not None:
            body["status"] = status
        if source is not None:
            body["source"] = source
        request: dict[str, Any] = {"reservation": body}
        if ignore_tables:
            request["ignoreTableCombinationConflicts"] = ignore_tables
        if ignore_pacing:
            request["ignoreReservationLocationConflicts"] = ignore_pacing
        restricted = tables is not None or status or source or ignore_tables or ignore_pacing
        expect = "PERMISSION_DENIED" if restricted and scope != "FULL" else None
        response = self.attempt(self.api.as_scope(scope).create_reservation, request, expect)
        if response is None:
            return multiple()
        return self.created(response["reservation"], ignore_tables, ignore_pacing)

    @rule(target=reservations, scope=scopes, start=starts, party=parties,
          source=st.one_of(st.none(), st.just("OFFLINE")), tables=table_choices, overreach=sometimes)
    def hold(self, scope, start, party, source, tables, overreach):
        if scope != "FULL" and not overreach:
            source = tables = None
        return self._hold(scope, start, party, source, tables)

    def _hold(self, scope, start, party, source, tables=None):
        request: dict[str, Any] = {"reservationDetails": {"reservationLocationId": self.location_id,
                                                          "startDate": self.iso(start), "partySize": party}}
        if source is not None:
            request["source"] = source
        if tables is not None:
            request["reservationDetails"]["tableIds"] = [self.table_ids[n] for n in tables]
        restricted = source is not None or tables is not None
        expect = "PERMISSION_DENIED" if restricted and scope != "FULL" else None
        response = self.attempt(self.api.as_scope(scope).create_held_reservation, request, expect)
        if response is None:
            return multiple()
        assert response["reservation"]["status"] == "HELD"
        return self.created(response["reservation"], None, None)

    @rule(target=reservations, scope=st.sampled_from(["FULL", "MEDIUM", "BASIC"]), start=starts, party=parties)
    def phone_in(self, scope, start, party):
        """A hold completed at once: the usual way a booking is made."""
        rid = self._hold(scope, start, party, None)
        if isinstance(rid, str):
            self.statuses[rid] = "HELD"
            self._reserve(rid, scope, stale=False)
        return rid

    @rule(reservation=reservations, scope=st.sampled_from(["FULL", "BASIC"]), stale=sometimes)
    def reserve(self, reservation, scope, stale):
        self._reserve(reservation, scope, stale=stale)

    def _reserve(self, reservation, scope, *, stale):
        revision = self.revisions.get(reservation, 1)
        request = {"reservationId": reservation, "reservee": dict(GUEST), "revision": str(revision + stale)}
        expect = self.expected_for_missing(reservation) or ("REVISION_MISMATCH" if stale else None)
        if expect is None and (self.statuses.get(reservation) != "HELD" or self.expired(reservation)):
            expect = "CAN_NOT_BE_UPDATED"
        response = self.attempt(self.api.as_scope(scope).reserve_reservation, request, expect)
        if response is not None:
            assert response["reservation"]["status"] in ("RESERVED", "REQUESTED", "PAYMENT_PENDING")
            self.changed(reservation, response["reservation"])

    @rule(reservation=reservations, scope=st.sampled_from(["FULL", "FULL", "MEDIUM"]),
          status=st.one_of(st.none(), st.sampled_from(STATUSES)),
          start=st.one_of(st.none(), starts), party=st.one_of(st.none(), parties), tables=table_choices,
          message=st.one_of(st.none(), st.sampled_from(["window seat", "birthday"])),
          ignore_tables=table_ignores, ignore_pacing=pacing_ignores, stale=sometimes, overreach=sometimes)
    def update(self, reservation, scope, status, start, party, tables, message, ignore_tables, ignore_pacing, stale,
               overreach):
        if scope != "FULL" and not overreach:
            status = tables = ignore_tables = ignore_pacing = None
        revision = self.revisions.get(reservation, 1)
        body: dict[str, Any] = {"id": reservation, "revision": str(revision + 1 if stale else revision)}
        details: dict[str, Any] = {}
        if status is not None:
            body["status"] = status
        if start is not None:
            details["startDate"] = self.iso(start)
        if party is not None:
            details["partySize"] = party
        if tables is not None:
            details["tableIds"] = [self.table_ids[n] for n in tables]
        if details:
            body["details"] = details
        if message is not None:
            body["teamMessage"] = message
        request: dict[str, Any] = {"reservation": body}
        if ignore_tables:
            request["ignoreTableCombinationConflicts"] = ignore_tables
        if ignore_pacing:
            request["ignoreReservationLocationConflicts"] = ignore_pacing
        restricted = status is not None or tables is not None or ignore_tables or ignore_pacing
        expect = "PERMISSION_DENIED" if restricted and scope != "FULL" else self.expected_for_missing(reservation)
        if expect is None and stale:
            expect = "REVISION_MISMATCH"
        if expect is None and self.statuses.get(reservation) == "HELD":
            expect = "CAN_NOT_BE_UPDATED"
        current = self.statuses.get(reservation)
        if expect is None and status is not None and status != current and (current, status) not in ALLOWED_CHANGES:
            expect = "CAN_NOT_BE_UPDATED"
        before_listing = {r["id"]: r for r in self.listing()}
        response = self.attempt(self.api.as_scope(scope).update_reservation, request, expect)
        if response is None:
            return
        updated = response["reservation"]
        if int(updated["revision"]) == revision:  # nothing to change: nothing may have changed
            assert updated == before_listing[reservation]
        else:
            self.changed(reservation, updated)
            if ignore_tables and "RESERVED" in ignore_tables:
                self.forced.add(reservation)
            self.pacing_ignored.setdefault(reservation, set()).update(ignore_pacing or [])

    @rule(reservation=reservations, scope=st.sampled_from(["FULL", "BASIC"]),
          phone=st.sampled_from([GUEST["phone"], "020 7946 0018", None, "+442079460019"]), stale=sometimes)
    def cancel(self, reservation, scope, phone, stale):
        revision = self.revisions.get(reservation, 1)
        request: dict[str, Any] = {"reservationId": reservation, "revision": str(revision + stale)}
        if phone is not None:
            request["phone"] = phone
        expect = self.expected_for_missing(reservation) or ("REVISION_MISMATCH" if stale else None)
        status = self.statuses.get(reservation)
        if expect is None and (status not in ("REQUESTED", "RESERVED", "PAYMENT_PENDING") or self.expired(reservation)):
            expect = "CAN_NOT_BE_UPDATED"
        if expect is None and scope == "BASIC" and self.sources.get(reservation) != "WALK_IN":
            expect = {None: "PHONE_NUMBER_REQUIRED", "+442079460019": "PHONE_NUMBER_INCORRECT"}.get(phone)
        response = self.attempt(self.api.as_scope(scope).cancel_reservation, request, expect)
        if response is not None:
            assert response["reservation"]["status"] == "CANCELED"
            self.changed(reservation, response["reservation"])

    @rule(reservation=reservations, scope=scopes)
    def delete(self, reservation, scope):
        expect = self.expected_for_missing(reservation)
        if expect is None and self.statuses.get(reservation) != "HELD":
            expect = "CAN_NOT_BE_UPDATED"
        response = self.attempt(self.api.as_scope(scope).delete_reservation, {"reservationId": reservation}, expect)
        if response is not None:
            assert response == {}
            self.forget(reservation)

    @rule(minutes=st.integers(min_value=1, max_value=11), sweep=st.booleans())
    def time_passes(self, minutes, sweep):
        self.now += timedelta(minutes=minutes)
        if sweep:
            due = [r["id"] for r in self.listing() if self.is_expired(r)]
            assert self.api.expire_held_reservations() == len(due)
            for rid in due:
                self.forget(rid)

    @rule(scope=scopes, start=starts, party=parties)
    def look_at_the_slots(self, scope, start, party):
        before = self.state()
        slots = self.api.as_scope(scope).get_time_slots({
            "reservationLocationId": self.location_id, "date": self.iso(start), "partySize": party,
            "slotsBefore": 2, "slotsAfter": 2})["timeSlots"]
        assert len(slots) == 5
        assert self.state() == before

    def forget(self, rid: str) -> None:
        self.gone.add(rid)
        self.revisions.pop(rid, None)
        self.statuses.pop(rid, None)
        self.changes += 1

    def is_expired(self, reservation: dict[str, Any]) -> bool:
        return reservation["status"] in EXPIRING and self.now >= stamp(reservation["createdDate"]) + timedelta(
            minutes=10)

    def expired(self, rid: str) -> bool:
        listed = {r["id"]: r for r in self.listing()}
        return rid in listed and self.is_expired(listed[rid])

    # -- invariants --------------------------------------------------------------------------------

    @invariant()
    def book_matches_the_model(self) -> None:
        listed = self.listing()
        assert {r["id"] for r in listed} == set(self.revisions)
        assert not {r["id"] for r in listed} & self.gone
        for r in listed:
            assert int(r["revision"]) == self.revisions[r["id"]], r
            previous = self.statuses.get(r["id"])
            if previous is not None and previous != r["status"]:
                assert (previous, r["status"]) in ALLOWED_CHANGES, (previous, r["status"])
            self.statuses[r["id"]] = r["status"]
            self.sources[r["id"]] = r["source"]
        assert self.api.book.last_change_id() == self.first_change_id + self.changes

    @invariant()
    def no_table_is_double_booked_unless_the_host_said_so(self) -> None:
        occupying = [r for r in self.listing() if r["status"] in OCCUPYING and not self.is_expired(r)]
        for a, b in itertools.combinations(occupying, 2):
            shared = set(a["details"]["tableIds"]) & set(b["details"]["tableIds"])
            overlap = (stamp(a["details"]["startDate"]) < stamp(b["details"]["endDate"])
                       and stamp(b["details"]["startDate"]) < stamp(a["details"]["endDate"]))
            if shared and overlap:
                assert a["id"] in self.forced or b["id"] in self.forced, (a, b)
        for r in self.listing():
            if r["id"] not in self.forced:
                assert "tablesWithReservationConflicts" not in r, r

    @invariant()
    def pacing_holds_unless_the_host_said_so(self) -> None:
        if self.pacing is None:
            return
        windows: dict[datetime, list[dict[str, Any]]] = {}
        for r in self.listing():
            if r["status"] in OCCUPYING and not self.is_expired(r):
                start = stamp(r["details"]["startDate"])
                window = start - timedelta(minutes=start.minute % 15, seconds=start.second)
                windows.setdefault(window, []).append(r)
        for members in windows.values():
            ignored = set().union(*(self.pacing_ignored.get(r["id"], set()) for r in members))
            if self.pacing in ("party", "both") and "PARTY_PACING" not in ignored:
                assert len(members) <= PARTY_PACING, members
            if self.pacing in ("seat", "both") and "SEAT_PACING" not in ignored:
                assert sum(r["details"]["partySize"] for r in members) <= SEAT_PACING, members

ReservationBookMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)
TestReservationBook = ReservationBookMachine.TestCase
