"""The OpenAPI 3 document of the online server, built from the SPEC's shapes and `routes.py`.

Written as data so it can't drift from the routes: every route of `ROUTES` is described with
its parameters, request body and answers. Schemas say what a caller may send; the server's
answers to anything else are the documented 4xx errors (the fuzz test holds it to that).
"""

from __future__ import annotations

from typing import Any

from maitred import __version__
from maitred.server.routes import ROUTES, RouteSpec

REF = "#/components/schemas/"

STATUSES = ["HELD", "REQUESTED", "DECLINED", "RESERVED", "SEATED", "CANCELED", "NO_SHOW", "FINISHED",
            "PAYMENT_PENDING"]
SOURCES = ["ONLINE", "OFFLINE", "WALK_IN", "UNDEFINED"]
TABLE_CONFLICTS = ["RESERVED", "TOO_BIG", "TOO_SMALL", "OFFLINE_ONLY"]
LOCATION_CONFLICTS = ["PARTY_PACING", "SEAT_PACING"]


def ref(name: str) -> dict[str, Any]:
    return {"$ref": REF + name}


def obj(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


UUID = {"type": "string", "format": "uuid"}
DATE_TIME = {"type": "string", "format": "date-time", "description": "ISO-8601 with an offset or Z"}
REVISION = {"type": "string", "pattern": "^[1-9][0-9]{0,17}$", "description": "the revision last read"}
TEXT = {"type": "string", "maxLength": 1000}
IGNORE_LISTS = {
    "ignoreTableCombinationConflicts": {"type": "array", "maxItems": 10,
                                        "items": {"type": "string", "enum": TABLE_CONFLICTS}},
    "ignoreReservationLocationConflicts": {"type": "array", "maxItems": 10,
                                           "items": {"type": "string", "enum": LOCATION_CONFLICTS}},
}

SCHEMAS: dict[str, Any] = {
    "LocationInfo": obj({"name": TEXT, "timeZone": {"type": "string"}, "countryCode": {"type": "string"},
                         "phone": {"type": "string"}}),
    "Reservee": obj({
        "firstName": TEXT, "lastName": TEXT, "phone": {"type": "string", "maxLength": 100},
        "email": {"type": "string", "maxLength": 320}, "marketingConsent": {"type": "boolean"},
        "customFields": {"type": "object", "additionalProperties": True},
    }),
    "Details": obj({
        "reservationLocationId": UUID, "startDate": DATE_TIME, "endDate": DATE_TIME,
        "partySize": {"type": "integer", "minimum": 1, "maximum": 1000},
        "tableIds": {"type": "array", "maxItems": 100, "items": UUID},
    }),
    "Reservation": obj({
        "id": UUID, "status": {"type": "string", "enum": STATUSES}, "source": {"type": "string", "enum": SOURCES},
        "details": ref("Details"), "reservee": ref("Reservee"),
        "teamMessage": {"type": "string", "maxLength": 10000}, "declineReason": TEXT,
        "createdDate": DATE_TIME, "updatedDate": DATE_TIME, "revision": REVISION,
        "tablesWithReservationConflicts": {"type": "array", "items": obj(
            {"tableId": UUID, "reservationIds": {"type": "array", "items": UUID}})},
    }),
    "NewReservation": {"allOf": [ref("Reservation"), obj({"details": obj({
        "reservationLocationId": UUID, "startDate": DATE_TIME,
        "partySize": {"type": "integer", "minimum": 1, "maximum": 1000}},
        ("reservationLocationId", "startDate", "partySize"))}, ("details",))]},
    "CreateReservationRequest": obj({"reservation": ref("NewReservation"), **IGNORE_LISTS}, ("reservation",)),
    "UpdateReservationRequest": obj({"reservation": {"allOf": [ref("Reservation"), obj(
        {"revision": REVISION}, ("revision",))]}, **IGNORE_LISTS}, ("reservation",)),
    "HoldRequest": obj({
        "reservationDetails": obj({
            "reservationLocationId": UUID, "startDate": DATE_TIME,
            "partySize": {"type": "integer", "minimum": 1, "maximum": 1000}},
            ("reservationLocationId", "startDate", "partySize")),
        "source": {"type": "string", "enum": SOURCES},
    }, ("reservationDetails",)),
    "ReserveRequest": obj({"reservee": ref("Reservee"), "revision": REVISION}, ("reservee", "revision")),
    "CancelRequest": obj({"revision": REVISION, "phone": {"type": "string", "maxLength": 100}}, ("revision",)),
    "QueryRequest": obj({"query": obj({
        "filter": {"type": "object", "additionalProperties": True,
                   "description": "id, status, details.startDate, details.reservationLocationId, source "
                                  "with $eq $ne $in $lt $lte $gt $gte"},
        "sort": {"type": "array", "maxItems": 5, "items": obj(
            {"fieldName": {"type": "string", "enum": ["details.startDate", "createdDate"]},
             "order": {"type": "string", "enum": ["ASC", "DESC"]}}, ("fieldName",))},
        "cursorPaging": obj({"limit": {"type": "integer", "minimum": 1, "maximum": 100},
                             "cursor": {"type": "string"}}),
    })}),
    "TimeSlotsRequest": obj({
        "reservationLocationId": UUID, "date": DATE_TIME,
        "partySize": {"type": "integer", "minimum": 1, "maximum": 10000},
        "duration": {"type": "integer", "minimum": 5, "maximum": 1000},
        "slotsBefore": {"type": "integer", "minimum": 0, "maximum": 50},
        "slotsAfter": {"type": "integer", "minimum": 0, "maximum": 50},
    }, ("reservationLocationId", "date", "partySize")),
    "CheckTimeSlotRequest": obj({
        "reservationLocationId": UUID, "date": DATE_TIME,
        "duration": {"type": "integer", "minimum": 5, "maximum": 1000},
        "partySize": {"type": "integer", "minimum": 1, "maximum": 10000}, "excludeReservationId": UUID,
    }, ("reservationLocationId", "date", "duration", "partySize")),
    "ReservationLocation": obj({
        "id": UUID, "revision": REVISION, "createdDate": DATE_TIME, "updatedDate": DATE_TIME,
        "default": {"type": "boolean"}, "archived": {"type": "boolean"},
        "location": ref("LocationInfo"),
        "configuration": {"type": "object", "additionalProperties": True,
                          "description": "onlineReservations, reservationForm, tableManagement, paymentPolicy "
                                         "(SPEC §2)"},
    }),
    "UpdateLocationRequest": obj({"reservationLocation": obj({
        "revision": REVISION, "location": ref("LocationInfo"),
        "configuration": {"type": "object", "additionalProperties": True}}, ("revision",))}, ("reservationLocation",)),
    "ReservationResponse": obj({"reservation": ref("Reservation")}, ("reservation",)),
    "PagingMetadata": obj({"count": {"type": "integer"}, "hasNext": {"type": "boolean"},
                           "cursors": obj({"next": {"type": "string", "nullable": True}})}),
    "ReservationPage": obj({"reservations": {"type": "array", "items": ref("Reservation")},
                            "pagingMetadata": ref("PagingMetadata")}, ("reservations", "pagingMetadata")),
    "TimeSlotsResponse": obj({"timeSlots": {"type": "array", "items": obj({
        "startDate": DATE_TIME, "duration": {"type": "integer"},
        "status": {"type": "string", "enum": ["AVAILABLE", "UNAVAILABLE", "NON_WORKING_HOURS"]},
        "manualApproval": {"type": "boolean"},
        "tableCombinations": {"type": "array", "items": obj({"tableIds": {"type": "array", "items": UUID}})},
    })}}, ("timeSlots",)),
    "CheckTimeSlotResponse": obj({
        "tableCombinationAvailabilities": {"type": "array", "items": obj({
            "tableIds": {"type": "array", "items": UUID},
            "tableCombinationConflicts": {"type": "array", "items": {"type": "string", "enum": TABLE_CONFLICTS}}})},
        "reservationLocationConflicts": {"type": "array", "items": {"type": "string", "enum": LOCATION_CONFLICTS}},
    }),
    "LocationResponse": obj({"reservationLocation": ref("ReservationLocation")}, ("reservationLocation",)),
    "LocationPage": obj({"reservationLocations": {"type": "array", "items": ref("ReservationLocation")},
                         "pagingMetadata": ref("PagingMetadata")}),
    "Empty": {"type": "object"},
    "Error": obj({"message": {"type": "string"}, "details": obj({
        "applicationError": obj({"code": {"type": "string"}, "description": {"type": "string"},
                                 "data": {"type": "object"}}),
        "validationError": obj({"fieldViolations": {"type": "array", "items": obj(
            {"field": {"type": "string"}, "description": {"type": "string"}})}}),
    })}, ("message", "details")),
}

BODIES = {
    "createReservation": "CreateReservationRequest", "updateReservation": "UpdateReservationRequest",
    "createHeldReservation": "HoldRequest", "reserveReservation": "ReserveRequest",
    "cancelReservation": "CancelRequest", "queryReservations": "QueryRequest",
    "getTimeSlots": "TimeSlotsRequest", "checkTimeSlot": "CheckTimeSlotRequest",
    "updateReservationLocation": "UpdateLocationRequest",
}
ANSWERS = {
    "listReservations": "ReservationPage", "queryReservations": "ReservationPage",
    "getTimeSlots": "TimeSlotsResponse", "checkTimeSlot": "CheckTimeSlotResponse",
    "getReservationLocation": "LocationResponse", "updateReservationLocation": "LocationResponse",
    "listReservationLocations": "LocationPage", "deleteReservation": "Empty",
}
ERRORS = {
    "400": "INVALID_ARGUMENT (validationError), PHONE_NUMBER_*, RESERVATION_LOCATION_VIOLATION",
    "401": "UNAUTHENTICATED: no API key, or not a valid one",
    "403": "PERMISSION_DENIED: the key's scope is too low for the operation or a field",
    "404": "RESERVATION_NOT_FOUND, RESERVATION_LOCATION_NOT_FOUND, or no such route",
    "409": "REVISION_MISMATCH, TIME_NOT_AVAILABLE",
    "413": "PAYLOAD_TOO_LARGE: the body is over the size limit",
    "428": "CAN_NOT_BE_UPDATED, ONLINE_RESERVATIONS_DISABLED",
    "429": "RESOURCE_EXHAUSTED: the key's request rate is over its limit",
    "503": "UNAVAILABLE: the book is busy; safe to retry",
}
QUERY_PARAMETERS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "listReservations": [
        ("startDateFrom", DATE_TIME), ("startDateTo", DATE_TIME), ("status", {"type": "string", "enum": STATUSES}),
        ("reservationLocationId", UUID),
        ("sort.fieldName", {"type": "string", "enum": ["details.startDate", "createdDate"]}),
        ("sort.order", {"type": "string", "enum": ["ASC", "DESC"]}),
        ("paging.limit", {"type": "integer", "minimum": 1, "maximum": 100}), ("paging.cursor", {"type": "string"}),
    ],
    "listReservationLocations": [
        ("paging.limit", {"type": "integer", "minimum": 1, "maximum": 100}), ("paging.cursor", {"type": "string"}),
    ],
    "getReservation": [
        ("fieldsets", {"type": "array", "maxItems": 1, "items": {"type": "string", "enum": ["PUBLIC", "FULL"]}}),
    ],
}


def _json(schema_name: str) -> dict[str, Any]:
    return {"application/json": {"schema": ref(schema_name)}}


def _operation(spec: RouteSpec) -> dict[str, Any]:
    parameters = [
        {"name": name[1:-1], "in": "path", "required": True, "schema": UUID}
        for name in spec.path.split("/") if name.startswith("{")
    ]
    parameters += [{"name": name, "in": "query", "required": False, "schema": schema, "explode": True}
                   for name, schema in QUERY_PARAMETERS.get(spec.operation, [])]
    answer = ANSWERS.get(spec.operation, "ReservationResponse")
    responses: dict[str, Any] = {"200": {"description": "OK", "content": _json(answer)}}
    responses.update({status: {"description": text, "content": _json("Error")} for status, text in ERRORS.items()})
    operation: dict[str, Any] = {"operationId": spec.operation, "summary": spec.summary, "parameters": parameters,
                                 "responses": responses}
    if spec.body:
        operation["requestBody"] = {"required": True, "content": _json(BODIES[spec.operation])}
    return operation


def openapi_document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for spec in ROUTES:
        paths.setdefault(spec.full_path, {})[spec.method.lower()] = _operation(spec)
    return {
        "openapi": "3.0.3",
        "info": {"title": "Maitre D online bookings", "version": __version__,
                 "description": "The Wix Table Reservations REST API, served by the host stand. Every route also "
                                "answers under /_api (where the Wix SDK sends it for a host that is not Wix's). "
                                "Send the API key in the Authorization header."},
        "paths": paths,
        "components": {"schemas": SCHEMAS,
                       "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
        "security": [{"apiKey": []}],
    }
