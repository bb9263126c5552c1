"""CSV out and in (services/exports.py), the day sheet and the reports read from a real book."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from unit_support import GUEST_PHONE, domain_location, iso, reservation_request

from maitred.api import ReservationApi, open_api
from maitred.domain.errors import InvalidArgument, PermissionDenied, ReservationLocationNotFound
from maitred.domain.lifecycle import ReservationStatus, Scope, Source
from maitred.domain.meal_periods import MealKind
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.exports import (
    GUEST_COLUMNS,
    ImportFileError,
    RowProblem,
    neutralised,
    parse_day,
    read_reservations_csv,
    restored,
)
from maitred.services.waitlist import WaitingPartyDraft

HOST = Caller(Scope.FULL, actor="host:anna")
S = ReservationStatus
MONDAY = date(2026, 6, 8)


@pytest.fixture
def book(api: ReservationApi) -> ReservationBook:
    return api.book


@pytest.fixture
def form_location(make_location):
    """The test restaurant with two form fields (allergies, occasion)."""
    return make_location(form={"customFieldDefinitions": [{"name": "Allergies"}, {"name": "Occasion"}]})


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def comparable(reservations, location) -> list[tuple[object, ...]]:
    """What a round trip must keep (ids, creation dates and form field ids are the new book's own)."""
    names = {f.id: f.name for f in location.form.custom_fields}
    kept = []
    for r in reservations:
        guest = r.reservee
        who = None if guest is None else (guest.first_name, guest.last_name, guest.email, guest.phone,
                                          sorted((names[k], v) for k, v in guest.custom_fields.items()))
        kept.append((r.start, r.end, r.party_size, r.status, r.source, who, r.team_message, len(r.table_ids)))
    return sorted(kept, key=str)


def test_reservations_survive_a_round_trip_through_csv(book, full, form_location, clock) -> None:
    loc = form_location
    fields = {f["name"]: f["id"] for f in loc.data["configuration"]["reservationForm"]["customFieldDefinitions"]}
    full.create_reservation(reservation_request(loc.id, iso("12:00"), 2, reservee={
        "firstName": "=HYPERLINK(\"x\")", "lastName": "Lovelace", "phone": GUEST_PHONE, "email": "ada@example.com",
        "customFields": {fields["Allergies"]: "Nuts, shellfish", fields["Occasion"]: "Birthday"}},
        teamMessage="Window, \"quiet\"\nplease"))
    full.create_reservation(reservation_request(loc.id, iso("13:00"), 5, tables=loc.ids("T3", "T4"),
                                                status="FINISHED", source="WALK_IN", reservee=None))
    full.create_reservation(reservation_request(loc.id, iso("20:00"), 4, end=iso("22:30"), status="CANCELED",
                                                source="ONLINE"))
    full.create_held_reservation({"reservationDetails": {"reservationLocationId": loc.id, "startDate": iso("21:00"),
                                                         "partySize": 2}})
    full.create_reservation(reservation_request(loc.id, "2026-06-09T12:00:00Z", 2))  # the next day: not exported
    text = book.exports.reservations_csv(HOST, loc.id, MONDAY, MONDAY)
    exported = rows(text)
    assert list(exported[0]) == ["date", "time", "duration_minutes", "party_size", "status", "source", "tables",
                                 "first_name", "last_name", "phone", "email", "notes", "Allergies", "Occasion"]
    assert [r["time"] for r in exported] == ["12:00", "13:00", "20:00"]  # the hold is not a booking
    assert exported[0]["first_name"] == "'=HYPERLINK(\"x\")" and exported[1]["tables"] == "T3+T4"

    other = open_api("sqlite://", clock=clock)
    try:
        target = other.as_scope("FULL").create_reservation_location(_same_location(loc.data))
        target_id = target["reservationLocation"]["id"]
        _copy_combinations(other, target["reservationLocation"], loc)
        preview = other.book.exports.read_reservations(target_id, text)
        assert [r.problem for r in preview.rows] == [None, None, None] and len(preview.ready) == 3
        report = other.book.exports.import_reservations(HOST, preview)
        assert [line for line, _ in report.booked] == [2, 3, 4] and report.refused == ()
        original = book.exports.reservations_between(HOST, loc.id, MONDAY, MONDAY)
        copied = other.book.exports.reservations_between(HOST, target_id, MONDAY, MONDAY)
        assert comparable(copied, other.book.locations.get(target_id)) == comparable(
            [r for r in original if r.status is not S.HELD], book.locations.get(loc.id))
        assert other.book.exports.reservations_csv(HOST, target_id, MONDAY, MONDAY) == text
    finally:
        other.close()


def _same_location(data: dict[str, object]) -> dict[str, object]:
    """A createReservationLocation request for a copy of `data` (without ids or combinations)."""
    config = data["configuration"]
    tables = [{k: v for k, v in t.items() if k != "id"} for t in config["tableManagement"]["tableDefinitions"]]
    fields = [{k: v for k, v in f.items() if k != "id"} for f in config["reservationForm"]["customFieldDefinitions"]]
    return {"reservationLocation": {
        "location": data["location"],
        "configuration": {
            "onlineReservations": config["onlineReservations"],
            "reservationForm": {"customFieldDefinitions": fields},
            "tableManagement": {"mode": "ON", "tableDefinitions": tables},
        }}}


def _copy_combinations(api: ReservationApi, target: dict[str, object], source) -> None:
    ids = {t["name"]: t["id"] for t in target["configuration"]["tableManagement"]["tableDefinitions"]}
    combos = [{"tableIds": [ids[n] for n in source.names(c["tableIds"])], "seatsMin": c["seatsMin"],
               "seatsMax": c["seatsMax"]} for c in source.data["configuration"]["tableManagement"]["tableCombinations"]]
    api.as_scope("FULL").update_reservation_location({"reservationLocation": {
        "id": target["id"], "revision": target["revision"],
        "configuration": {"tableManagement": {"tableCombinations": combos}}}})


def test_another_systems_file_is_read_with_its_own_headers_and_problems_are_named(book, location) -> None:
    text = (
        "Date;Arrival;Pax;Guest name;Mobile;Comments;Table;Status;Channel;Length\n"
        "08/06/2026;7:30pm;4;Anna Maria Rossi;020 7946 0018;window;T3;reserved;walk-in;100\n"
        "2026-06-08;19:30;2;Bruno;;;;;;\n"
        ";;;;;;;;;\n"
        "31/02/2026;19:30;2;Carla;;;;;;\n"
        "2026-06-08;25:00;2;Dora;;;;;;\n"
        "2026-06-08;19:30;two;Ezio;;;;;;\n"
        "2026-06-08;19:30;2;Fede;;;T99;;;\n"
        "2026-06-08;19:30;2;Gino;;;;LATE;;\n"
        "2026-06-08;19:30;2;Ida;;;;;PIGEON;\n"
        "2026-06-08;19:30;2;Lia;;;;;;long\n"
        ";19:30;2;Mia;;;;;;\n"
    )
    preview = book.exports.read_reservations(location.id, text)
    assert preview.columns == ("date", "time", "party_size", "name", "phone", "notes", "tables", "status",
                               "source", "duration_minutes")
    first = preview.rows[0].draft
    assert first is not None and preview.rows[0].line == 2
    assert (first.start, first.end - first.start, first.party_size) == (
        _utc(19, 30), timedelta(minutes=100), 4)
    assert (first.status, first.source, location.names(first.table_ids or ())) == (S.RESERVED, Source.WALK_IN, ["T3"])
    assert (first.reservee.first_name, first.reservee.last_name, first.reservee.phone) == (
        "Anna Maria", "Rossi", "020 7946 0018")
    assert first.team_message == "window"
    assert preview.rows[1].draft is not None and preview.rows[1].draft.table_ids is None
    assert [(r.line, r.problem, r.detail) for r in preview.rows[2:]] == [
        (5, RowProblem.BAD_DATE, "31/02/2026"), (6, RowProblem.BAD_TIME, "25:00"),
        (7, RowProblem.BAD_PARTY, "two"), (8, RowProblem.UNKNOWN_TABLE, "T99"),
        (9, RowProblem.UNKNOWN_STATUS, "LATE"), (10, RowProblem.UNKNOWN_SOURCE, "PIGEON"),
        (11, RowProblem.BAD_DURATION, "long"), (12, RowProblem.NO_DATE, ""),
    ]


def _utc(hour: int, minute: int) -> datetime:
    return datetime(2026, 6, 8, hour, minute, tzinfo=UTC)


def test_an_import_books_what_the_book_accepts_and_lists_the_rest_with_the_cores_reason(book, location) -> None:
    text = (
        "start,party_size,first_name,phone,tables\n"
        "2026-06-08T19:30:00+00:00,2,Ada,+442079460018,T1\n"
        "2026-06-08T19:30:00Z,2,Bea,+442079460099,T1\n"
        "2026-06-08T19:30,2,,+442079460077,\n"
        "yesterday,2,Cy,+442079460055,\n"
    )
    preview = book.exports.read_reservations(location.id, text)
    assert preview.rows[2].draft is not None and preview.rows[2].draft.start == _utc(19, 30)  # local: UTC here
    report = book.exports.import_reservations(HOST, preview)
    assert [line for line, _ in report.booked] == [2]
    reasons = {r.line: r for r in report.refused}
    assert set(reasons) == {3, 4, 5}
    assert reasons[3].error is not None and reasons[3].error.code == "TIME_NOT_AVAILABLE"
    assert reasons[3].reason == "no table can take this party at that time"
    assert reasons[4].error is not None and "first name" in reasons[4].reason
    assert reasons[5].problem is RowProblem.BAD_DATE and reasons[5].reason == "BAD_DATE: yesterday"
    with pytest.raises(PermissionDenied):
        book.exports.import_reservations(Caller(Scope.BASIC), preview)


@pytest.mark.parametrize("text", ["", "name,phone\nAda,+44\n"])
def test_a_file_without_a_date_and_party_size_header_is_refused(book, location, text) -> None:
    with pytest.raises(ImportFileError):
        book.exports.read_reservations(location.id, text)


def test_a_one_column_file_without_the_needed_headers_is_refused() -> None:
    with pytest.raises(ImportFileError):
        read_reservations_csv(domain_location(), "x")


def test_guests_export_with_their_record_over_the_days(book, full, location, clock) -> None:
    full.create_reservation(reservation_request(location.id, iso("12:00"), 2, reservee={
        "firstName": "Ada", "lastName": "Lovelace", "phone": GUEST_PHONE}, status="FINISHED"))
    made = full.create_reservation(reservation_request(location.id, iso("20:00"), 2, reservee={
        "firstName": "Ada", "phone": GUEST_PHONE}))["reservation"]
    full.cancel_reservation({"reservationId": made["id"], "revision": made["revision"]})
    full.create_reservation(reservation_request(location.id, iso("20:00"), 2, reservee={
        "firstName": "@Bea", "phone": "+442079460099"}))
    full.create_reservation(reservation_request(location.id, iso("20:00"), 2, reservee=None, source="WALK_IN",
                                                status="SEATED"))
    guest = book.guests.by_phone(GUEST_PHONE)
    book.guests.update(HOST, guest.id, guest.revision, first_name="Ada", last_name="Lovelace", email=None,
                       tags=["VIP", "Vegan"], notes="Likes T4")
    clock.advance(hours=6)
    exported = rows(book.exports.guests_csv(HOST, location.id, MONDAY, MONDAY))
    assert list(exported[0]) == list(GUEST_COLUMNS)
    assert [(r["first_name"], r["visits"], r["cancellations"], r["no_shows"], r["last_visit"], r["tags"])
            for r in exported] == [("'@Bea", "0", "0", "0", "", ""), ("Ada", "1", "1", "0", "2026-06-08", "VIP; Vegan")]
    with pytest.raises(PermissionDenied):
        book.exports.guests_csv(Caller(Scope.BASIC), location.id, MONDAY, MONDAY)


def test_cells_and_days_as_spreadsheets_write_them() -> None:
    assert [neutralised(t) for t in ("=1+1", "+39", "-x", "@a", "Ada", "")] == ["'=1+1", "'+39", "'-x", "'@a",
                                                                              "Ada", ""]
    assert [restored(t) for t in ("'=1+1", "'Ada", "Ada")] == ["=1+1", "'Ada", "Ada"]
    assert parse_day("13.06.2025") == date(2025, 6, 13) and parse_day("June 13") is None


# --- the day sheet and the reports, read from the book --------------------------------------


def test_the_day_sheet_reads_the_day_and_the_guests_profiles(book, full, location) -> None:
    full.create_reservation(reservation_request(location.id, iso("12:30"), 2, reservee={
        "firstName": "Ada", "phone": GUEST_PHONE}))
    full.create_reservation(reservation_request(location.id, iso("19:30"), 4, reservee={
        "firstName": "Bea", "phone": "+442079460099"}))
    guest = book.guests.by_phone("+442079460099")
    book.guests.update(HOST, guest.id, guest.revision, first_name="Bea", last_name=None, email=None,
                       tags=["VIP"], notes="")
    sheet = book.day_sheets.sheet(HOST, location.id, MONDAY)
    assert [(s.period.kind, [r.name for r in s.rows]) for s in sheet.services] == [
        (MealKind.LUNCH, ["Bea", "Ada"])]  # one period, 11:30-22:00, opens at lunch; the VIP first
    assert [r.vip for r in sheet.services[0].rows] == [True, False]
    with pytest.raises(ReservationLocationNotFound):
        book.day_sheets.sheet(HOST, "nowhere", MONDAY)


def test_the_report_measures_turn_times_and_waits_from_what_happened(book, full, location, clock) -> None:
    made = full.create_reservation(reservation_request(location.id, iso("08:00"), 2))["reservation"]
    seated = full.update_reservation({"reservation": {"id": made["id"], "revision": made["revision"],
                                                      "status": "SEATED"}})["reservation"]
    clock.advance(minutes=70)
    full.update_reservation({"reservation": {"id": made["id"], "revision": seated["revision"],
                                             "status": "FINISHED"}})
    party = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Rossi", quote_minutes=15))
    clock.advance(minutes=10)
    book.waitlist.seat(HOST, party.id)
    report = book.reports.report(HOST, location.id, MONDAY, MONDAY)
    assert [(t.party_size, t.average_minutes, t.measured) for t in report.turns] == [(2, 70.0, 1)]
    assert (report.waits.seated, report.waits.quoted_average, report.waits.actual_average) == (1, 15.0, 10.0)
    assert report.covers == 4
    with pytest.raises(InvalidArgument, match="choose from"):
        book.reports.report(HOST, location.id, MONDAY, MONDAY - timedelta(days=1))
    with pytest.raises(ReservationLocationNotFound):
        book.reports.report(HOST, "nowhere", MONDAY, MONDAY)
