"""The operations of the wire API, one method each, for one caller scope.

Each takes the REST request body as a dict and returns the REST response body; every refusal
is an `ApiError` with a SPEC code, and nothing else escapes.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from maitred.api.errors import ApiError, as_api_error
from maitred.api.listing_wire import parse_list_request, parse_query_request, query_default
from maitred.api.location_wire import (
    READ_ONLY,
    approval_changed,
    check_patch_shape,
    check_patch_values,
    location_json,
    merge_patch,
    parse_location,
)
from maitred.api.reservation_wire import (
    history_json,
    parse_draft,
    parse_patch,
    parse_reservee,
    reservation_json,
    table_ids_of,
)
from maitred.api.wire import Fields, format_timestamp, parse_revision
from maitred.domain.errors import FieldViolation, InvalidArgument, PermissionDenied
from maitred.domain.lifecycle import Scope, Source
from maitred.domain.location import LocationInfo, ReservationLocation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.listing import Page
from maitred.services.time_slots import SlotCheck, TimeSlot

log = logging.getLogger(__name__)
Method = TypeVar("Method", bound=Callable[..., dict[str, Any]])
OPERATIONS: dict[str, str] = {}


def operation(name: str) -> Callable[[Method], Method]:
    """Register a method under its wire name and turn every failure into an ApiError."""

    def wrap(method: Method) -> Method:
        OPERATIONS[name] = method.__name__

        @functools.wraps(method)
        def guarded(self: ScopedApi, request: Any = None) -> dict[str, Any]:
            try:
                if not isinstance(request, dict):
                    raise InvalidArgument(FieldViolation("", f"the {name} request must be a JSON object"))
                return method(self, request)
            except ApiError:
                raise
            except Exception as exc:
                raise as_api_error(exc) from exc

        return guarded  # type: ignore[return-value]

    return wrap


def _location_template() -> dict[str, Any]:
    """A valid location to lay a PATCH over, so a PATCH's own mistakes show before any look-up."""
    template = location_json(ReservationLocation(id="", info=LocationInfo("template", "UTC")))
    return {k: v for k, v in template.items() if k not in READ_ONLY}


def _page_json(page: Page, full: bool) -> dict[str, Any]:
    return {
        "reservations": [reservation_json(r, full=full) for r in page.reservations],
        "pagingMetadata": {"count": len(page.reservations), "cursors": {"next": page.next_cursor},
                           "hasNext": page.has_next},
    }


def _slots_json(slots: list[TimeSlot]) -> list[dict[str, Any]]:
    """The slots on the wire. A run of slots lists the same table options over and over, so each
    option's `{"tableIds": [...]}` is built once and shared by the slots of this one response
    (docs/decisions.md: responses are read-only values)."""
    option_json = {ids: {"tableIds": list(ids)} for ids in set().union(*[s.table_options for s in slots])}
    found = []
    for slot in slots:
        data: dict[str, Any] = {"startDate": format_timestamp(slot.start), "duration": slot.duration,
                                "status": str(slot.status),
                                "tableCombinations": list(map(option_json.__getitem__, slot.table_options))}
        if slot.manual_approval is not None:
            data["manualApproval"] = slot.manual_approval
        found.append(data)
    return found


def _check_json(check: SlotCheck) -> dict[str, Any]:
    return {
        "tableCombinationAvailabilities": [
            {"tableIds": list(o.table_ids), "tableCombinationConflicts": [str(c) for c in o.conflicts]}
            for o in check.options
        ],
        "reservationLocationConflicts": [str(c) for c in check.location_conflicts],
    }


def to_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class ScopedApi:
    """Every operation as the given caller: `create_reservation(...)` or `call("createReservation", ...)`."""

    def __init__(self, book: ReservationBook, caller: Caller) -> None:
        self._book = book
        self._caller = caller

    @property
    def _full_view(self) -> bool:
        return self._caller.scope.is_staff

    def call(self, operation_name: str, request: Any = None) -> dict[str, Any]:
        method_name = OPERATIONS.get(operation_name) if isinstance(operation_name, str) else None
        if method_name is None:
            raise ApiError("INVALID_ARGUMENT", f"there is no operation {operation_name!r}",
                           {"fieldViolations": [{"field": "operation", "description": "unknown operation"}]})
        result: dict[str, Any] = getattr(self, method_name)(request)
        return result

    def _reservation(self, reservation: Any) -> dict[str, Any]:
        return {"reservation": reservation_json(reservation, full=self._full_view)}

    # -- locations -----------------------------------------------------------------------------

    @operation("createReservationLocation")
    def create_reservation_location(self, request: dict[str, Any]) -> dict[str, Any]:
        wanted = parse_location(Fields(request).required("reservationLocation"))
        location = self._book.locations.create(self._caller, wanted)
        return {"reservationLocation": location_json(location)}

    @operation("getReservationLocation")
    def get_reservation_location(self, request: dict[str, Any]) -> dict[str, Any]:
        location_id = Fields(request).identifier("reservationLocationId", required=True)
        assert location_id is not None
        return {"reservationLocation": location_json(self._book.locations.get(location_id))}

    @operation("listReservationLocations")
    def list_reservation_locations(self, request: dict[str, Any]) -> dict[str, Any]:
        paging = Fields(request).object("paging") or Fields({}, "paging")
        limit = paging.integer("limit", low=1, high=100, default=100) or 100
        cursor = paging.string("cursor", max_length=20)
        if cursor is not None and not (cursor.isdigit() and len(cursor) <= 9):  # no book has a billion
            raise paging.bad("cursor", "is not a cursor this book gave out")
        offset = int(cursor or 0)
        locations, total = self._book.locations.list(limit, offset)
        has_next = offset + len(locations) < total
        return {
            "reservationLocations": [location_json(loc) for loc in locations],
            "pagingMetadata": {"count": len(locations), "cursors": {"next": str(offset + limit) if has_next else None},
                               "hasNext": has_next},
        }

    @operation("updateReservationLocation")
    def update_reservation_location(self, request: dict[str, Any]) -> dict[str, Any]:
        body = Fields(Fields(request).required("reservationLocation"), "", what="a reservationLocation object")
        location_id = body.identifier("id", required=True)
        revision = parse_revision(body.data.get("revision"))
        assert location_id is not None
        patch = check_patch_shape(dict(body.data))
        # Checked before the look-up; which of two approval settings changed is known only after.
        check_patch_values(patch, parse_location(merge_patch(_location_template(), patch),
                                                 prefer_approval=approval_changed(patch) or "approval"))

        def change(current: ReservationLocation) -> ReservationLocation:
            stored = {k: v for k, v in location_json(current).items() if k not in READ_ONLY}
            return parse_location(merge_patch(stored, patch), prefer_approval=approval_changed(patch, stored))

        location = self._book.locations.update(self._caller, location_id, revision, change)
        return {"reservationLocation": location_json(location)}

    # -- reservations --------------------------------------------------------------------------

    @operation("createReservation")
    def create_reservation(self, request: dict[str, Any]) -> dict[str, Any]:
        return self._reservation(self._book.reservations.create(self._caller, parse_draft(Fields(request))))

    @operation("createHeldReservation")
    def create_held_reservation(self, request: dict[str, Any]) -> dict[str, Any]:
        fields = Fields(request)
        details = fields.object("reservationDetails", required=True)
        assert details is not None
        location_id = details.identifier("reservationLocationId", required=True)
        start = details.timestamp("startDate", required=True)
        party = details.integer("partySize", low=1, high=1000, required=True)
        source = fields.enum("source", Source)
        table_ids = table_ids_of(details)
        assert location_id is not None and start is not None and party is not None
        return self._reservation(
            self._book.reservations.hold(self._caller, location_id, start, party, source, table_ids))

    @operation("reserveReservation")
    def reserve_reservation(self, request: dict[str, Any]) -> dict[str, Any]:
        fields = Fields(request)
        reservation_id = fields.identifier("reservationId", required=True)
        reservee = parse_reservee(fields.object("reservee", required=True))
        revision = parse_revision(request.get("revision"))
        assert reservation_id is not None and reservee is not None
        return self._reservation(self._book.reservations.reserve(self._caller, reservation_id, reservee, revision))

    @operation("updateReservation")
    def update_reservation(self, request: dict[str, Any]) -> dict[str, Any]:
        reservation_id, revision, patch = parse_patch(Fields(request))
        return self._reservation(self._book.reservations.update(self._caller, reservation_id, revision, patch))

    @operation("cancelReservation")
    def cancel_reservation(self, request: dict[str, Any]) -> dict[str, Any]:
        fields = Fields(request)
        reservation_id = fields.identifier("reservationId", required=True)
        revision = parse_revision(request.get("revision"))
        phone = fields.string("phone", max_length=100)
        assert reservation_id is not None
        return self._reservation(self._book.reservations.cancel(self._caller, reservation_id, revision, phone))

    @operation("deleteReservation")
    def delete_reservation(self, request: dict[str, Any]) -> dict[str, Any]:
        reservation_id = Fields(request).identifier("reservationId", required=True)
        assert reservation_id is not None
        self._book.reservations.delete(self._caller, reservation_id)
        return {}

    @operation("getReservation")
    def get_reservation(self, request: dict[str, Any]) -> dict[str, Any]:
        fields = Fields(request)
        reservation_id = fields.identifier("reservationId", required=True)
        fieldsets = fields.array("fieldsets", max_items=1)
        for i, value in enumerate(fieldsets):
            if value not in ("PUBLIC", "FULL"):
                raise fields.bad(f"fieldsets[{i}]", "must be PUBLIC or FULL")
        full = fieldsets == ["FULL"]
        if full and not self._caller.scope.is_staff:
            raise PermissionDenied("the FULL fieldset needs the MEDIUM or FULL scope")
        assert reservation_id is not None
        return {"reservation": reservation_json(self._book.reservations.get(reservation_id), full=full)}

    @operation("getReservationHistory")
    def get_reservation_history(self, request: dict[str, Any]) -> dict[str, Any]:
        reservation_id = Fields(request).identifier("reservationId", required=True)
        assert reservation_id is not None
        return {"entries": [history_json(e) for e in self._book.reservations.history(self._caller, reservation_id)]}

    @operation("listReservations")
    def list_reservations(self, request: dict[str, Any]) -> dict[str, Any]:
        query = parse_list_request(Fields(request))
        return _page_json(self._book.listing.page(self._caller, query), self._full_view)

    @operation("queryReservations")
    def query_reservations(self, request: dict[str, Any]) -> dict[str, Any]:
        query = parse_query_request(Fields(request), query_default())
        return _page_json(self._book.listing.page(self._caller, query), self._full_view)

    # -- availability --------------------------------------------------------------------------

    @operation("getTimeSlots")
    def get_time_slots(self, request: dict[str, Any]) -> dict[str, Any]:
        fields = Fields(request)
        location_id = fields.identifier("reservationLocationId", required=True)
        date = fields.timestamp("date", required=True)
        party = fields.integer("partySize", low=1, high=10000, required=True)
        duration = fields.integer("duration", low=5, high=1000)
        before = fields.integer("slotsBefore", low=0, high=50, default=0) or 0
        after = fields.integer("slotsAfter", low=0, high=50, default=0) or 0
        assert location_id is not None and date is not None and party is not None
        slots = self._book.time_slots.time_slots(self._caller, location_id, date, party, duration, before, after)
        return {"timeSlots": _slots_json(slots)}

    @operation("checkTimeSlot")
    def check_time_slot(self, request: dict[str, Any]) -> dict[str, Any]:
        fields = Fields(request)
        location_id = fields.identifier("reservationLocationId", required=True)
        date = fields.timestamp("date", required=True)
        duration = fields.integer("duration", low=5, high=1000, required=True)
        party = fields.integer("partySize", low=1, high=10000, required=True)
        exclude = fields.identifier("excludeReservationId")
        assert location_id is not None and date is not None and duration is not None and party is not None
        check = self._book.time_slots.check(self._caller, location_id, date, duration, party, exclude)
        return _check_json(check)


def parse_scope(scope: Any) -> Scope:
    try:
        return Scope(scope)
    except ValueError:
        raise ApiError("INVALID_ARGUMENT", f"there is no scope {scope!r}: use BASIC, MEDIUM or FULL",
                       {"fieldViolations": [{"field": "scope", "description": "unknown scope"}]}) from None
