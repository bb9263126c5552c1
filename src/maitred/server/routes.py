"""The REST routes of the Wix Table Reservations API, as data: method, path, wire operation.

Paths are Wix's own, under `/table-reservations/<service>`. The Wix SDK, pointed at any host but
Wix's, puts `/_api` in front (its mapping for "a user's domain"), so every route answers there
too. Path parameters are merged into the request dict (the path wins over the body).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RESERVATIONS = "/table-reservations/reservations"
LOCATIONS = "/table-reservations/reservation-locations"
#: Where the SDK sends a route when its host is not one of Wix's.
SDK_PREFIX = "/_api"

Build = Callable[[Any, dict[str, str], dict[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class RouteSpec:
    method: str
    service: str
    path: str  # under the service, with Starlette/OpenAPI parameters: /v1/reservations/{reservationId}
    operation: str
    summary: str
    body: bool
    build: Build

    @property
    def full_path(self) -> str:
        return self.service + self.path


def _body_with(name: str) -> Build:
    """POST with the path parameter `name` set in the body's root."""

    def build(body: Any, path: dict[str, str], _query: dict[str, Any]) -> Any:
        if isinstance(body, dict):
            body = {**body, name: path[name]}
        return body

    return build


def _path_only(name: str) -> Build:
    def build(_body: Any, path: dict[str, str], _query: dict[str, Any]) -> Any:
        return {name: path[name]}

    return build


def _query_with(name: str | None = None) -> Build:
    def build(_body: Any, path: dict[str, str], query: dict[str, Any]) -> Any:
        request = dict(query)
        if name is not None:
            request[name] = path[name]
        return request

    return build


def _get_reservation(_body: Any, path: dict[str, str], query: dict[str, Any]) -> Any:
    request = {k: v for k, v in query.items() if k == "fieldsets"}
    if "fieldsets" not in request and isinstance(query.get("fieldSet"), str):
        request["fieldsets"] = [query["fieldSet"]]  # the SDK's older, singular spelling
    request["reservationId"] = path["reservationId"]
    return request


def _body(body: Any, _path: dict[str, str], _query: dict[str, Any]) -> Any:
    return body


def _patch_of(key: str, name: str) -> Build:
    """PATCH: the path's id becomes `<key>.id` (an object body is needed to carry it)."""

    def build(body: Any, path: dict[str, str], _query: dict[str, Any]) -> Any:
        if isinstance(body, dict):
            inner = body.get(key)
            if inner is None:
                inner = {}
            if isinstance(inner, dict):
                body = {**body, key: {**inner, "id": path[name]}}
        return sdk_spellings(body)

    return build


def _create(body: Any, _path: dict[str, str], _query: dict[str, Any]) -> Any:
    return sdk_spellings(body)


def sdk_spellings(request: Any) -> Any:
    """The current SDK's names for what SPEC calls otherwise: `ignoreConflicts.standardOptions`
    for the two ignore lists, `details.tables.ids` for `details.tableIds`."""
    if not isinstance(request, dict):
        return request
    request = dict(request)
    ignore = request.get("ignoreConflicts")
    options = ignore.get("standardOptions") if isinstance(ignore, dict) else None
    if isinstance(options, dict):
        for name in ("ignoreTableCombinationConflicts", "ignoreReservationLocationConflicts"):
            if name in options and name not in request:
                request[name] = options[name]
    reservation = request.get("reservation")
    details = reservation.get("details") if isinstance(reservation, dict) else None
    if isinstance(details, dict) and "tableIds" not in details and isinstance(details.get("tables"), dict):
        ids = details["tables"].get("ids")
        request["reservation"] = {**reservation, "details": {**details, "tableIds": ids if ids is not None else []}}
    return request


ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec("POST", RESERVATIONS, "/v1/reservations", "createReservation",
              "Create a reservation (staff or a single-step online booking)", True, _create),
    RouteSpec("GET", RESERVATIONS, "/v1/reservations", "listReservations",
              "List reservations (MEDIUM or FULL)", False, _query_with()),
    RouteSpec("POST", RESERVATIONS, "/v1/reservations/hold", "createHeldReservation",
              "Hold a table for ten minutes while the guest fills in the form", True, _body),
    RouteSpec("POST", RESERVATIONS, "/v1/reservations/query", "queryReservations",
              "Query reservations with filters, sort and cursor paging (MEDIUM or FULL)", True, _body),
    RouteSpec("GET", RESERVATIONS, "/v1/reservations/{reservationId}", "getReservation",
              "Get a reservation (PUBLIC fieldset by default)", False, _get_reservation),
    RouteSpec("PATCH", RESERVATIONS, "/v1/reservations/{reservationId}", "updateReservation",
              "Update a reservation (a PATCH; path id = reservation.id)", True,
              _patch_of("reservation", "reservationId")),
    RouteSpec("DELETE", RESERVATIONS, "/v1/reservations/{reservationId}", "deleteReservation",
              "Delete a HELD reservation (the guest abandoned the form)", False, _path_only("reservationId")),
    RouteSpec("POST", RESERVATIONS, "/v1/reservations/{reservationId}/reserve", "reserveReservation",
              "Turn a hold into a reservation with the guest's details", True, _body_with("reservationId")),
    RouteSpec("POST", RESERVATIONS, "/v1/reservations/{reservationId}/cancel", "cancelReservation",
              "Cancel a reservation (BASIC callers give the guest's phone)", True, _body_with("reservationId")),
    RouteSpec("POST", RESERVATIONS, "/v1/time-slots", "getTimeSlots",
              "Time slots around a date for a party", True, _body),
    RouteSpec("POST", RESERVATIONS, "/v1/check-time-slot", "checkTimeSlot",
              "Every table's conflicts for an exact window (MEDIUM or FULL)", True, _body),
    RouteSpec("GET", LOCATIONS, "/v1/reservation-locations/{reservationLocationId}", "getReservationLocation",
              "Get a reservation location", False, _path_only("reservationLocationId")),
    RouteSpec("GET", LOCATIONS, "/v1/reservation-locations", "listReservationLocations",
              "List reservation locations", False, _query_with()),
    RouteSpec("PATCH", LOCATIONS, "/v1/reservation-locations/{reservationLocationId}", "updateReservationLocation",
              "Update a reservation location (a PATCH; FULL)", True,
              _patch_of("reservationLocation", "reservationLocationId")),
)

#: The operations that only read the book (the server runs them on its event loop: see app.py).
READ_OPERATIONS = frozenset({
    "listReservations", "queryReservations", "getReservation", "getTimeSlots", "checkTimeSlot",
    "getReservationLocation", "listReservationLocations",
})
