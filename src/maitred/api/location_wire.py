"""A reservation location on the wire: strict parsing, full serialising, and PATCH merging."""

from __future__ import annotations

import copy
import re
from typing import Any

from maitred.api.wire import Fields, format_timestamp, parse_id, prune
from maitred.domain.errors import FieldViolation, InvalidArgument
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
from maitred.domain.location_rules import field_problems

READ_ONLY = {"id", "revision", "createdDate", "updatedDate", "default", "archived"}
_DEFAULTS = OnlineReservations()


def _time_of_day(fields: Fields, key: str) -> int:
    value = fields.string(key, required=True, max_length=5)
    assert value is not None
    hours, _, minutes = value.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and 1 <= len(hours) <= 2):
        raise fields.bad(key, "must be a time of day as hh:mm")
    total = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or total > 24 * 60:
        raise fields.bad(key, "must be between 00:00 and 24:00")
    return total


def _format_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _notice(fields: Fields, key: str) -> NoticePeriod | None:
    sub = fields.object(key)
    if sub is None:
        return None
    sub.reject_unknown({"number", "unit"})
    number = sub.integer("number", low=1, high=1000, required=True)
    unit = sub.enum("unit", NoticeUnit, required=True)
    assert number is not None and unit is not None
    return NoticePeriod(number, unit)


def _pacing(fields: Fields, key: str) -> Pacing:
    sub = fields.object(key)
    if sub is None:
        return Pacing()
    sub.reject_unknown({"enabled", "number"})
    enabled = bool(sub.boolean("enabled", False))
    # Enabled without a number: a settings problem (location_rules), judged with the stored number.
    return Pacing(enabled, sub.integer("number", low=1, high=10000))


def _approval(online: Fields, prefer: str | None) -> tuple[ApprovalMode, int | None]:
    """The approval mode from `approval`, or from its older alias `manualApproval`."""
    from_mode: tuple[ApprovalMode, int | None] | None = None
    from_alias: tuple[ApprovalMode, int | None] | None = None
    sub = online.object("approval")
    if sub is not None:
        sub.reject_unknown({"mode", "manualForLargePartiesOptions"})
        mode = sub.enum("mode", ApprovalMode, required=True)
        large = sub.object("manualForLargePartiesOptions")
        threshold = None
        if large is not None:
            large.reject_unknown({"partySizeThreshold"})
            threshold = large.integer("partySizeThreshold", low=1, high=10000)
        assert mode is not None
        from_mode = (mode, threshold if mode is ApprovalMode.MANUAL_FOR_LARGE_PARTIES else None)
    alias = online.object("manualApproval")
    if alias is not None:
        alias.reject_unknown({"enabled", "partySizeThreshold"})
        enabled = alias.boolean("enabled", False)
        threshold = alias.integer("partySizeThreshold", low=1, high=10000)
        if not enabled:
            from_alias = (ApprovalMode.AUTOMATIC, None)
        elif threshold is None:
            from_alias = (ApprovalMode.MANUAL, None)
        else:
            from_alias = (ApprovalMode.MANUAL_FOR_LARGE_PARTIES, threshold)
    if from_mode and from_alias and from_mode != from_alias:
        if prefer == "approval":
            return from_mode
        if prefer == "manualApproval":
            return from_alias
        raise online.bad("manualApproval", "disagrees with approval: send one of them")
    return from_mode or from_alias or (ApprovalMode.AUTOMATIC, None)


def _online(config: Fields, prefer_approval: str | None) -> OnlineReservations:
    online = config.object("onlineReservations")
    if online is None:
        return OnlineReservations()
    online.reject_unknown({
        "onlineReservationsEnabled", "partySize", "minimumReservationNotice", "maximumReservationNotice",
        "defaultTurnoverTime", "turnoverTimeRules", "timeSlotInterval", "businessSchedule", "approval",
        "manualApproval", "partyPacing", "seatPacing", "showPhoneNumber",
    })
    party = online.object("partySize")
    party_min, party_max = _DEFAULTS.party_size_min, _DEFAULTS.party_size_max
    if party is not None:
        party.reject_unknown({"min", "max"})
        party_min = party.integer("min", low=1, high=1000, default=party_min) or party_min
        party_max = party.integer("max", low=1, high=1000, default=party_max) or party_max
    rules = []
    for rule in online.objects("turnoverTimeRules"):
        rule.reject_unknown({"seatsMin", "seatsMax", "minutes"})
        rules.append(TurnoverRule(
            rule.integer("seatsMin", low=-(10**6), high=10**6, required=True) or 0,
            rule.integer("seatsMax", low=-(10**6), high=10**6, required=True) or 0,
            rule.integer("minutes", low=5, high=1000, required=True) or 0,
        ))
    periods: list[TimePeriod] = []
    specials: list[SpecialHourPeriod] = []
    schedule = online.object("businessSchedule")
    if schedule is not None:
        schedule.reject_unknown({"periods", "specialHourPeriod"})
        for period in schedule.objects("periods", max_items=100):
            period.reject_unknown({"openDay", "openTime", "closeDay", "closeTime"})
            open_day = period.enum("openDay", Weekday, required=True)
            close_day = period.enum("closeDay", Weekday, required=True)
            assert open_day is not None and close_day is not None
            periods.append(TimePeriod(open_day, _time_of_day(period, "openTime"),
                                      close_day, _time_of_day(period, "closeTime")))
        for special in schedule.objects("specialHourPeriod", max_items=50):
            special.reject_unknown({"startDate", "endDate", "isClosed", "comment"})
            start = special.timestamp("startDate", required=True)
            end = special.timestamp("endDate", required=True)
            assert start is not None and end is not None
            specials.append(SpecialHourPeriod(start, end, bool(special.boolean("isClosed", True)),
                                              special.string("comment", max_length=1000) or ""))
    mode, threshold = _approval(online, prefer_approval)
    return OnlineReservations(
        enabled=bool(online.boolean("onlineReservationsEnabled", False)),
        party_size_min=party_min, party_size_max=party_max,
        minimum_notice=_notice(online, "minimumReservationNotice"),
        maximum_notice=_notice(online, "maximumReservationNotice"),
        default_turnover_minutes=online.integer("defaultTurnoverTime", low=5, high=1000, default=90) or 90,
        turnover_rules=tuple(rules),
        time_slot_interval=online.integer("timeSlotInterval", low=1, high=1440, default=15) or 15,
        periods=tuple(periods), special_hours=tuple(specials),
        approval_mode=mode, approval_threshold=threshold,
        party_pacing=_pacing(online, "partyPacing"), seat_pacing=_pacing(online, "seatPacing"),
        show_phone_number=bool(online.boolean("showPhoneNumber", True)),
    )


def _form(config: Fields) -> ReservationForm:
    form = config.object("reservationForm")
    if form is None:
        return ReservationForm()
    form.reject_unknown({"customFieldDefinitions", "lastNameRequired", "emailRequired"})
    fields = []
    for item in form.objects("customFieldDefinitions"):
        item.reject_unknown({"id", "name", "required"})
        fields.append(CustomFieldDefinition(item.identifier("id") or "", item.string("name", required=True) or "",
                                            bool(item.boolean("required", False))))
    return ReservationForm(tuple(fields), bool(form.boolean("lastNameRequired", False)),
                           bool(form.boolean("emailRequired", False)))


def _seats(item: Fields, key: str) -> int:
    return item.integer(key, low=-(10**9), high=10**9, required=True) or 0


def _layout(table: Fields) -> TableLayout | None:
    layout = table.object("layout")
    if layout is None:
        return None
    layout.reject_unknown({"x", "y", "width", "height", "shape", "rotation", "area"})
    shape = layout.string("shape", max_length=20) or "RECTANGLE"
    if shape not in ("RECTANGLE", "ROUND"):
        raise layout.bad("shape", "must be RECTANGLE or ROUND")
    return TableLayout(layout.number("x", 0.0), layout.number("y", 0.0), layout.number("width", 60.0),
                       layout.number("height", 60.0), shape, layout.number("rotation", 0.0),
                       layout.string("area", max_length=50) or "")


def _tables(config: Fields) -> TableManagement:
    tm = config.object("tableManagement")
    if tm is None:
        return TableManagement()
    tm.reject_unknown({"mode", "tableDefinitions", "deletedTableDefinitions", "tableCombinations"})
    mode_value = tm.raw("mode", "ON")
    if mode_value == "IN_HOUSE_ONLY":
        raise tm.bad("mode", "IN_HOUSE_ONLY is not supported: use ON (tables kept for the house are "
                             "marked onlineReservations false) or OFF")
    mode = tm.enum("mode", TableManagementMode) or TableManagementMode.ON
    tables = []
    for item in tm.objects("tableDefinitions"):
        item.reject_unknown({"id", "name", "seatsMin", "seatsMax", "isActive", "onlineReservations", "layout"})
        tables.append(TableDefinition(
            item.identifier("id") or "", item.string("name", required=True, max_length=10**6) or "",
            _seats(item, "seatsMin"), _seats(item, "seatsMax"), bool(item.boolean("isActive", True)),
            bool(item.boolean("onlineReservations", True)), _layout(item)))
    combos = []
    for item in tm.objects("tableCombinations"):
        item.reject_unknown({"id", "tableIds", "seatsMin", "seatsMax", "isActive"})
        ids = tuple(parse_id(v, item.at(f"tableIds[{i}]"))
                    for i, v in enumerate(item.array("tableIds", required=True)))
        combos.append(TableCombination(item.identifier("id") or "", ids, _seats(item, "seatsMin"),
                                       _seats(item, "seatsMax"), bool(item.boolean("isActive", True))))
    return TableManagement(mode, tuple(tables), (), tuple(combos))


def _payment(config: Fields) -> PaymentPolicy:
    payment = config.object("paymentPolicy")
    if payment is None:
        return PaymentPolicy()
    payment.reject_unknown({"enabled", "minPartySize"})
    enabled = bool(payment.boolean("enabled", False))
    # Enabled without a minimum: a settings problem (location_rules), judged with the stored one.
    return PaymentPolicy(enabled, payment.integer("minPartySize", low=1, high=1000))


#: The name of a restaurant created without one (SPEC requires only the time zone); a blank name
#: sent on purpose is still refused: every screen and ticket shows it.
DEFAULT_RESTAURANT_NAME = "Restaurant"


def parse_location(data: Any, *, prefer_approval: str | None = None) -> ReservationLocation:
    """The location a request describes. Ids of new tables, combinations and fields stay empty:
    the service assigns them."""
    doc = Fields(data, "", what="a reservationLocation object")
    doc.reject_unknown(READ_ONLY | {"location", "configuration", "deletedTableDefinitions"})
    info = doc.object("location", required=True)
    assert info is not None
    info.reject_unknown({"name", "timeZone", "countryCode", "phone"})
    name = info.string("name", max_length=1000)
    location_info = LocationInfo(
        name=DEFAULT_RESTAURANT_NAME if name is None else name,
        time_zone=info.string("timeZone", required=True, max_length=100) or "",
        country_code=info.string("countryCode", max_length=2),
        phone=info.string("phone", max_length=100),
    )
    config = doc.object("configuration") or Fields({}, "configuration")
    config.reject_unknown({"onlineReservations", "reservationForm", "tableManagement", "paymentPolicy"})
    return ReservationLocation(
        id="", info=location_info, online=_online(config, prefer_approval), form=_form(config),
        table_management=_tables(config), payment=_payment(config),
    )


def _table_json(table: TableDefinition) -> dict[str, Any]:
    layout = table.layout
    return {
        "id": table.id, "name": table.name, "seatsMin": table.seats_min, "seatsMax": table.seats_max,
        "isActive": table.is_active, "onlineReservations": table.online_reservations,
        "layout": None if layout is None else {
            "x": layout.x, "y": layout.y, "width": layout.width, "height": layout.height,
            "shape": layout.shape, "rotation": layout.rotation, "area": layout.area,
        },
    }


def location_json(location: ReservationLocation) -> dict[str, Any]:
    online = location.online

    def notice(n: NoticePeriod | None) -> dict[str, Any] | None:
        return None if n is None else {"number": n.number, "unit": str(n.unit)}

    large = online.approval_mode is ApprovalMode.MANUAL_FOR_LARGE_PARTIES
    approval: dict[str, Any] = {"mode": str(online.approval_mode)}
    if large:
        approval["manualForLargePartiesOptions"] = {"partySizeThreshold": online.approval_threshold}
    manual: dict[str, Any] = {"enabled": online.approval_mode is not ApprovalMode.AUTOMATIC}
    if large:
        manual["partySizeThreshold"] = online.approval_threshold
    tm = location.table_management
    return prune({
        "id": location.id,
        "revision": str(location.revision),
        "createdDate": format_timestamp(location.created) if location.created else None,
        "updatedDate": format_timestamp(location.updated) if location.updated else None,
        "default": location.default,
        "archived": location.archived,
        "location": {"name": location.info.name, "timeZone": location.info.time_zone,
                     "countryCode": location.info.country_code, "phone": location.info.phone},
        "configuration": {
            "onlineReservations": {
                "onlineReservationsEnabled": online.enabled,
                "partySize": {"min": online.party_size_min, "max": online.party_size_max},
                "minimumReservationNotice": notice(online.minimum_notice),
                "maximumReservationNotice": notice(online.maximum_notice),
                "defaultTurnoverTime": online.default_turnover_minutes,
                "turnoverTimeRules": [{"seatsMin": r.seats_min, "seatsMax": r.seats_max, "minutes": r.minutes}
                                      for r in online.turnover_rules],
                "timeSlotInterval": online.time_slot_interval,
                "businessSchedule": {
                    "periods": [{"openDay": str(p.open_day), "openTime": _format_time(p.open_minute),
                                 "closeDay": str(p.close_day), "closeTime": _format_time(p.close_minute)}
                                for p in online.periods],
                    "specialHourPeriod": [{"startDate": format_timestamp(s.start), "endDate": format_timestamp(s.end),
                                           "isClosed": s.is_closed, "comment": s.comment or None}
                                          for s in online.special_hours],
                },
                "approval": approval,
                "manualApproval": manual,
                "partyPacing": {"enabled": online.party_pacing.enabled, "number": online.party_pacing.number},
                "seatPacing": {"enabled": online.seat_pacing.enabled, "number": online.seat_pacing.number},
                "showPhoneNumber": online.show_phone_number,
            },
            "reservationForm": {
                "customFieldDefinitions": [{"id": c.id, "name": c.name, "required": c.required}
                                           for c in location.form.custom_fields],
                "lastNameRequired": location.form.last_name_required,
                "emailRequired": location.form.email_required,
            },
            "tableManagement": {
                "mode": str(tm.mode),
                "tableDefinitions": [_table_json(t) for t in tm.tables],
                "deletedTableDefinitions": [_table_json(t) for t in tm.deleted_tables],
                "tableCombinations": [{"id": c.id, "tableIds": list(c.table_ids), "seatsMin": c.seats_min,
                                       "seatsMax": c.seats_max, "isActive": c.is_active} for c in tm.combinations],
            },
            "paymentPolicy": {"enabled": location.payment.enabled, "minPartySize": location.payment.min_party_size},
        },
    })


def merge_patch(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Objects merge field by field, a list replaces the whole list, null clears the field."""
    merged = copy.deepcopy(current)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_patch(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def approval_changed(patch: Any, stored: dict[str, Any] | None = None) -> str | None:
    """Which of `approval` / `manualApproval` a PATCH changes, when it changes only one: the one it
    names alone, or, of both sent (a client that read the location, edited one and sent it all
    back), the one that differs from the `stored` location's."""
    try:
        online = patch["configuration"]["onlineReservations"]
    except (KeyError, TypeError):
        return None
    if not isinstance(online, dict):
        return None
    named = [k for k in ("approval", "manualApproval") if k in online]
    if len(named) < 2 or stored is None:
        return named[0] if len(named) == 1 else None
    before = stored.get("configuration", {}).get("onlineReservations", {})
    changed = [k for k in named if merge_patch(before, {k: online[k]}).get(k) != before.get(k)]
    return changed[0] if len(changed) == 1 else None


def check_patch_values(patch: dict[str, Any], over: ReservationLocation) -> None:
    """INVALID_ARGUMENT for a value the PATCH itself gives out of range (an interval of 25), found
    with the PATCH laid `over` a neutral location before the stored one is looked up: SPEC §7
    puts such refusals before PERMISSION_DENIED and NOT_FOUND. What depends on stored values
    (a number required once pacing is enabled) waits for the stored location."""
    given = [problem for problem in field_problems(over) if _gives(patch, problem.field)]
    if given:
        raise InvalidArgument(given)


def _gives(patch: Any, path: str) -> bool:
    """Whether `patch` holds a value at a field path such as `configuration.x.rules[0].minutes`."""
    node = patch
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if index:
            if not isinstance(node, list) or int(index) >= len(node):
                return False
            node = node[int(index)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return False
    return node is not None


def check_patch_shape(patch: Any) -> dict[str, Any]:
    if not isinstance(patch, dict):
        raise InvalidArgument(FieldViolation("reservationLocation", "must be an object"))
    return {k: v for k, v in patch.items() if k not in READ_ONLY and k != "deletedTableDefinitions"}
