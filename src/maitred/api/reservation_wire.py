"""Reservations on the wire: requests into drafts and patches, reservations into JSON."""

from __future__ import annotations

from typing import Any

from maitred.api.wire import Fields, check_json_value, format_timestamp, parse_id, parse_revision, prune
from maitred.domain.audit import ReservationChange
from maitred.domain.availability import LocationConflict, TableConflict
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.reservation import Reservation
from maitred.services.commands import UNSET, Overrides, ReservationDraft, ReservationPatch, ReserveeDraft
from maitred.services.guest_details import check_contact_given, check_reservee_shape

MAX_PARTY = 1000
MAX_TEAM_MESSAGE = 10000
MAX_DECLINE_REASON = 1000


def parse_reservee(fields: Fields | None) -> ReserveeDraft | None:
    """Guest details; only the fields the request names are set. Their formats are checked here, so
    they answer before scope checks and look-ups (SPEC §7)."""
    if fields is None:
        return None
    values: dict[str, Any] = {}
    for key, attr in (("firstName", "first_name"), ("lastName", "last_name"), ("phone", "phone"),
                      ("email", "email")):
        if key in fields:
            values[attr] = fields.string(key, max_length=1000 if key != "email" else 320)
    if "marketingConsent" in fields:
        values["marketing_consent"] = fields.boolean("marketingConsent")
    if "customFields" in fields:
        custom = fields.object("customFields")
        values["custom_fields"] = None if custom is None else check_json_value(dict(custom.data), custom.path)
    draft = ReserveeDraft(**values)
    check_reservee_shape(draft, fields.path)
    return draft


def parse_overrides(request: Fields) -> Overrides:
    tables = request.enums("ignoreTableCombinationConflicts", TableConflict)
    pacing = request.enums("ignoreReservationLocationConflicts", LocationConflict)
    return Overrides(frozenset(tables), frozenset(pacing), named=bool(tables or pacing))


def table_ids_of(details: Fields) -> tuple[str, ...] | None:
    if not details.given("tableIds"):
        return None
    return tuple(parse_id(v, details.at("tableIds") + f"[{i}]")
                 for i, v in enumerate(details.array("tableIds", max_items=100)))


def parse_draft(request: Fields) -> ReservationDraft:
    """createReservation's `reservation` (and ignore lists beside it)."""
    body = request.object("reservation", required=True)
    assert body is not None
    reservation = Fields(body.data, "")
    details = reservation.object("details", required=True)
    assert details is not None
    location_id = details.identifier("reservationLocationId", required=True)
    start = details.timestamp("startDate", required=True)
    party = details.integer("partySize", low=1, high=MAX_PARTY, required=True)
    assert location_id is not None and start is not None and party is not None
    draft = ReservationDraft(
        location_id=location_id, start=start, party_size=party,
        end=details.timestamp("endDate"), table_ids=table_ids_of(details),
        status=reservation.enum("status", ReservationStatus), source=reservation.enum("source", Source),
        reservee=parse_reservee(reservation.object("reservee")),
        team_message=reservation.string("teamMessage", max_length=MAX_TEAM_MESSAGE),
        decline_reason=reservation.string("declineReason", max_length=MAX_DECLINE_REASON),
        overrides=parse_overrides(request),
    )
    if draft.source is not Source.WALK_IN:  # an omitted source is ONLINE or UNDEFINED (SPEC §3)
        check_contact_given(draft.reservee or ReserveeDraft(), new=True)
    return draft


def parse_patch(request: Fields) -> tuple[str, int, ReservationPatch]:
    """updateReservation's `reservation`: its id, the revision read, and what changes."""
    body = request.object("reservation", required=True)
    assert body is not None
    reservation = Fields(body.data, "")
    reservation_id = reservation.identifier("id", required=True)
    revision = parse_revision(reservation.data.get("revision"))
    assert reservation_id is not None
    changes: dict[str, Any] = {}
    if reservation.given("status"):
        changes["status"] = reservation.enum("status", ReservationStatus)
    if reservation.given("source"):
        changes["source"] = reservation.enum("source", Source)
    details = reservation.object("details")
    if details is not None:
        if details.given("reservationLocationId"):
            changes["location_id"] = details.identifier("reservationLocationId")
        if details.given("startDate"):
            changes["start"] = details.timestamp("startDate")
        if details.given("endDate"):
            changes["end"] = details.timestamp("endDate")
        if details.given("partySize"):
            changes["party_size"] = details.integer("partySize", low=1, high=MAX_PARTY)
        table_ids = table_ids_of(details)
        if table_ids is not None:
            changes["table_ids"] = table_ids
    if reservation.given("reservee"):
        changes["reservee"] = parse_reservee(reservation.object("reservee"))
    if "teamMessage" in reservation:
        changes["team_message"] = reservation.string("teamMessage", max_length=MAX_TEAM_MESSAGE)
    if "declineReason" in reservation:
        changes["decline_reason"] = reservation.string("declineReason", max_length=MAX_DECLINE_REASON)
    patch = ReservationPatch(overrides=parse_overrides(request), **changes)
    if patch.source not in (UNSET, Source.WALK_IN) and isinstance(patch.reservee, ReserveeDraft):
        check_contact_given(patch.reservee, new=False)  # the source named decides, whatever is stored
    return reservation_id, revision, patch


PUBLIC_DETAILS = ("reservationLocationId", "startDate", "endDate", "partySize")


def reservation_json(reservation: Reservation, *, full: bool) -> dict[str, Any]:
    """A reservation in the FULL fieldset, or only its PUBLIC fields."""
    details: dict[str, Any] = {
        "reservationLocationId": reservation.location_id,
        "startDate": format_timestamp(reservation.start),
        "endDate": format_timestamp(reservation.end),
        "partySize": reservation.party_size,
    }
    data: dict[str, Any] = {
        "id": reservation.id,
        "status": str(reservation.status),
        "details": details,
        "createdDate": format_timestamp(reservation.created) if reservation.created else None,
        "revision": str(reservation.revision),
        "declineReason": reservation.decline_reason,
    }
    if not full:
        return prune(data)
    details["tableIds"] = list(reservation.table_ids)
    guest = reservation.reservee
    data.update({
        "source": str(reservation.source),
        "reservee": None if guest is None else {
            "firstName": guest.first_name, "lastName": guest.last_name, "email": guest.email,
            "phone": guest.phone, "marketingConsent": guest.marketing_consent,
            "customFields": dict(guest.custom_fields) or None,
        },
        "teamMessage": reservation.team_message,
        "tablesWithReservationConflicts": [
            {"tableId": c.table_id, "reservationIds": list(c.reservation_ids)} for c in reservation.table_clashes
        ] or None,
        "updatedDate": format_timestamp(reservation.updated) if reservation.updated else None,
    })
    return prune(data)


def history_json(entry: ReservationChange) -> dict[str, Any]:
    return {
        "at": format_timestamp(entry.at),
        "actor": entry.actor,
        "scope": str(entry.scope) if entry.scope else None,
        "operation": entry.operation,
        "before": None if entry.before is None else reservation_json(entry.before, full=True),
        "after": None if entry.after is None else reservation_json(entry.after, full=True),
    }


__all__ = ["history_json", "parse_draft", "parse_patch", "parse_reservee", "reservation_json"]
