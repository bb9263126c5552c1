"""The demo restaurant: "Trattoria Demo" and a believable service around a date.

A first run loads it so the host stand opens on a living room (past tables finished, some
seated, the evening booked, two large parties waiting for approval) instead of an empty screen.
Everything goes through the wire API as the FULL scope with actor "demo", so the demo obeys the
same rules as the host and shows up in the audit log as the demo's doing.
"""

from __future__ import annotations

import copy
import json
import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from maitred.api import ApiError, ReservationApi, ScopedApi
from maitred.paths import resources_dir
from maitred.services.book import ReservationBook

__all__ = ["DEMO_ACTOR", "demo_json_path", "is_book_empty", "load_demo"]

DEMO_ACTOR = "demo"
WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")

# How many bookings each service gets: (lunch, dinner) on the demo day and on its neighbours.
DAY_TARGETS = (14, 24)
NEIGHBOUR_TARGETS = (9, 16)
WALK_INS_PER_SERVICE = (3, 2)  # demo day, neighbours (only at times already past)

PARTY_SIZES = {1: 3, 2: 46, 3: 12, 4: 24, 5: 5, 6: 7, 7: 3}
WALK_IN_SIZES = {1: 2, 2: 7, 3: 2, 4: 2}
LARGE_PARTY = 10  # one phoned-in celebration on the demo day
REQUESTED_PARTY = 8  # online, at the approval threshold: waits for the host


def demo_json_path() -> Path:
    """The bundled restaurant (a createReservationLocation body plus `demoCombinations`)."""
    return resources_dir() / "demo" / "restaurant.json"


def is_book_empty(book: ReservationBook) -> bool:
    """A book without any restaurant is a first run: that is when the demo is offered."""
    _, total = book.locations.list(1, 0)
    return total == 0


# -- guests -------------------------------------------------------------------------------------


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


@dataclass(frozen=True)
class _Origin:
    weight: int
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    phone: Callable[[random.Random], str]


_IT_MOBILE = ("320", "328", "329", "333", "335", "338", "339", "340", "345", "347", "348", "349", "366",
              "380", "388", "392")
_ORIGINS = (
    _Origin(64, ("Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Luca", "Sara", "Matteo", "Elena",
                 "Davide", "Valentina", "Lorenzo", "Martina", "Andrea", "Federica", "Simone", "Alessia",
                 "Giorgio", "Paola", "Stefano", "Roberta", "Riccardo", "Anna", "Tommaso", "Beatrice",
                 "Nicola", "Ilaria", "Fabio", "Camilla", "Pietro", "Giovanni", "Laura"),
            ("Rossi", "Bianchi", "Romano", "Ricci", "Colombo", "Esposito", "Ferrari", "Greco", "Conti",
             "Marino", "Galli", "Bruno", "De Luca", "Costa", "Fontana", "Moretti", "Barbieri", "Lombardi",
             "Mancini", "Rinaldi", "Caruso", "Ferri", "Gallo", "Leone", "Santoro", "Longo", "Vitale",
             "Serra", "Marchetti", "Villa", "D'Angelo", "Russo"),
            lambda rng: "+39" + rng.choice(_IT_MOBILE) + _digits(rng, 7)),
    _Origin(9, ("Emma", "Oliver", "Charlotte", "Harry", "Amelia", "George", "Isla", "Jack"),
            ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "O'Connor"),
            lambda rng: "+447" + rng.choice(("400", "800", "900", "950")) + _digits(rng, 6)),
    _Origin(7, ("Sophie", "Lukas", "Lena", "Felix", "Hannah", "Jonas", "Marie", "Paul"),
            ("Müller", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Schäfer"),
            lambda rng: "+49" + rng.choice(("151", "160", "170", "176")) + _digits(rng, 8)),
    _Origin(6, ("Camille", "Hugo", "Léa", "Louis", "Chloé", "Jules"),
            ("Dubois", "Martin", "Bernard", "Lefèvre", "Moreau", "Laurent"),
            lambda rng: "+336" + rng.choice(("12", "15", "20", "45", "60", "70", "80")) + _digits(rng, 6)),
    _Origin(8, ("Olivia", "James", "Emily", "Noah", "Madison", "Ethan", "Ava", "Ryan"),
            ("Miller", "Johnson", "Williams", "Davis", "Garcia", "Anderson", "Clark", "Nguyen"),
            lambda rng: "+1" + rng.choice(("212", "415", "617", "312", "646")) + "555" + "01" + _digits(rng, 2)),
    _Origin(6, ("Lucía", "Javier", "Carmen", "Pablo", "Sofía", "Diego"),
            ("García", "Fernández", "López", "Martínez", "Sánchez", "Ruiz"),
            lambda rng: "+346" + _digits(rng, 8)),
)

ALLERGIES = ("Gluten-free (coeliac)", "Nut allergy", "Lactose intolerant", "Shellfish allergy", "Vegetarian",
             "Vegan", "No pork", "Egg allergy")
OCCASIONS_LUNCH = ("Business lunch", "Birthday", "Graduation")
OCCASIONS_DINNER = ("Birthday", "Anniversary", "Business dinner", "First date", "Engagement", "Farewell")
NOTES = ("High chair for a toddler", "Window table if possible", "Wheelchair user: step-free table, near the door",
         "Regular: likes the Barolo, decant in advance", "Bringing a small dog", "Quiet corner, please",
         "Will arrive 10 minutes late", "Pram: leave room beside the table", "Own wine: corkage agreed")
VIP_NOTES = ("VIP: food critic (Gambero Rosso) — tell the chef, best table, no fuss",
             "VIP: the owner's family — prosecco on the house")


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


class _Guests:
    """Names and phone numbers, Italian mostly, with the tourists a Roman trattoria gets."""

    def __init__(self) -> None:
        self._used: set[tuple[str, str]] = set()

    def guest(self, rng: random.Random, *, email: bool) -> dict[str, Any]:
        origin = rng.choices(_ORIGINS, weights=[o.weight for o in _ORIGINS])[0]
        for _ in range(20):
            first, last = rng.choice(origin.first_names), rng.choice(origin.last_names)
            if (first, last) not in self._used:
                break
        self._used.add((first, last))
        guest: dict[str, Any] = {"firstName": first, "lastName": last, "phone": origin.phone(rng)}
        if email:
            guest["email"] = f"{_ascii(first)}.{_ascii(last)}@example.com"
            guest["marketingConsent"] = rng.random() < 0.4
        return guest

    @staticmethod
    def first_name(rng: random.Random) -> str:
        origin = rng.choices(_ORIGINS, weights=[o.weight for o in _ORIGINS])[0]
        return rng.choice(origin.first_names)


# -- the location -------------------------------------------------------------------------------


def _local(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """Wall-clock time `minute` minutes after the day's midnight (24:15 is the next day's 00:15)."""
    day += timedelta(days=minute // (24 * 60))
    minute %= 24 * 60
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)


def _local_iso(day: date, minute: int, zone: ZoneInfo) -> str:
    return _local(day, minute, zone).isoformat()


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _services(periods: Sequence[dict[str, Any]], weekday: str) -> list[tuple[int, int]]:
    """The day's services as (first start, last start) in minutes after local midnight."""
    return sorted((_minutes(p["openTime"]), _minutes(p["closeTime"])) for p in periods
                  if p["openDay"] == weekday and p["closeDay"] == weekday)


def _house_tables(location: dict[str, Any]) -> set[str]:
    tables = location["configuration"]["tableManagement"]["tableDefinitions"]
    return {t["name"] for t in tables if not t.get("onlineReservations", True)}


def _set_active(tables: Iterable[dict[str, Any]], names: set[str], active: bool) -> list[dict[str, Any]]:
    return [{**t, "isActive": active} if t["name"] in names else t for t in tables]


# -- booking ------------------------------------------------------------------------------------


@dataclass
class _Booked:
    id: str
    revision: str
    status: str
    source: str
    start: datetime
    end: datetime
    day_index: int  # -1 the day before, 0 the demo day, 1 the day after

    @classmethod
    def of(cls, reservation: dict[str, Any], day_index: int) -> _Booked:
        details = reservation["details"]
        return cls(reservation["id"], reservation["revision"], reservation["status"], reservation["source"],
                   _parse(details["startDate"]), _parse(details["endDate"]), day_index)


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _refused(exc: ApiError) -> bool:
    """The room can't take it (tables or pacing): the demo skips that booking."""
    return exc.code == "TIME_NOT_AVAILABLE"


class _Demo:
    """The bookings being made: one location, one clock reading, one seed."""

    def __init__(self, api: ScopedApi, location: dict[str, Any], now: datetime, seed: int) -> None:
        self.api = api
        self.location_id: str = location["id"]
        self.zone = ZoneInfo(location["location"]["timeZone"])
        self.now = now
        self.seed = seed
        self.guests = _Guests()
        fields = location["configuration"]["reservationForm"]["customFieldDefinitions"]
        self.field_ids = {f["name"]: f["id"] for f in fields}
        self.booked: list[_Booked] = []

    # one booking ---------------------------------------------------------------------------

    def create(self, day_index: int, start: str, party: int, source: str, reservee: dict[str, Any] | None,
               *, note: str | None = None, status: str | None = None,
               pacing_may_be_ignored: bool = False) -> _Booked | None:
        """createReservation with auto-assigned tables; None when the room can't take it."""
        body: dict[str, Any] = {
            "details": {"reservationLocationId": self.location_id, "startDate": start, "partySize": party},
            "source": source,
        }
        if reservee:
            body["reservee"] = reservee
        if note:
            body["teamMessage"] = note
        if status:
            body["status"] = status
        request: dict[str, Any] = {"reservation": body}
        try:
            reservation = self.api.create_reservation(request)["reservation"]
        except ApiError as exc:
            if not _refused(exc):
                raise
            pacing = exc.details.get("reservationLocationConflicts") or []
            if not (pacing_may_be_ignored and pacing and not exc.details.get("tableCombinationConflicts")):
                return None
            # A walk-in is already at the door: the host seats it over the kitchen's pacing.
            request["ignoreReservationLocationConflicts"] = pacing
            try:
                reservation = self.api.create_reservation(request)["reservation"]
            except ApiError as again:
                if _refused(again):
                    return None
                raise
        booked = _Booked.of(reservation, day_index)
        self.booked.append(booked)
        return booked

    def request_online(self, day_index: int, start: str, party: int, reservee: dict[str, Any]) -> _Booked | None:
        """An online guest's hold completed with their details: a large party becomes REQUESTED."""
        try:
            held = self.api.create_held_reservation({
                "reservationDetails": {"reservationLocationId": self.location_id, "startDate": start,
                                       "partySize": party},
                "source": "ONLINE",
            })["reservation"]
        except ApiError as exc:
            if _refused(exc):
                return None
            raise
        reservation = self.api.reserve_reservation(
            {"reservationId": held["id"], "reservee": reservee, "revision": held["revision"]})["reservation"]
        booked = _Booked.of(reservation, day_index)
        self.booked.append(booked)
        return booked

    def rng(self, *phase: object) -> random.Random:
        """One generator per phase, so what the clock changes in one phase (which times are past
        or future) doesn't shift the draws of the others."""
        return random.Random(":".join(str(p) for p in (self.seed, *phase)))

    def custom_fields(self, rng: random.Random, dinner: bool, party: int) -> dict[str, str]:
        fields: dict[str, str] = {}
        if rng.random() < 0.18:
            fields[self.field_ids["Allergies"]] = rng.choice(ALLERGIES)
        if party >= 2 and rng.random() < (0.16 if dinner else 0.08):
            fields[self.field_ids["Occasion"]] = rng.choice(OCCASIONS_DINNER if dinner else OCCASIONS_LUNCH)
        return fields

    # a day ---------------------------------------------------------------------------------

    def slot_minutes(self, first: int, last: int) -> tuple[list[int], list[int]]:
        """The service's grid starts, busiest a little before its middle (13:00, 20:15)."""
        starts = list(range(first, last + 1, 15))
        peak = (len(starts) - 1) * 0.45
        weights = [max(1, round(8 - 1.4 * abs(i - peak))) for i in range(len(starts))]
        return starts, weights

    def book_service(self, day: date, day_index: int, first: int, last: int, target: int, dinner: bool,
                     vip_notes: list[str]) -> None:
        """Phone-ins and online bookings until `target` are in (refusals are skipped); the first
        ones made carry `vip_notes`."""
        starts, weights = self.slot_minutes(first, last)
        rng = self.rng("book", day_index, first)
        made = 0
        for _ in range(target * 3):
            if made >= target:
                break
            minute = rng.choices(starts, weights=weights)[0]
            party = _weighted(rng, PARTY_SIZES)
            source = "ONLINE" if rng.random() < 0.45 else "OFFLINE"
            guest = self.guests.guest(rng, email=source == "ONLINE" or rng.random() < 0.3)
            fields = self.custom_fields(rng, dinner, party)
            if fields:
                guest["customFields"] = fields
            note = rng.choice(NOTES) if rng.random() < 0.12 else None
            vip = bool(vip_notes)
            if self.create(day_index, _local_iso(day, minute, self.zone), party, source, guest,
                           note=vip_notes[0] if vip else note):
                made += 1
                if vip:
                    vip_notes.pop(0)

    def walk_ins(self, day: date, day_index: int, first: int, last: int, count: int) -> None:
        """Guests who came in off the street, at any minute, only at times already past."""
        rng = self.rng("walk-in", day_index, first)
        opening = _local(day, first, self.zone)
        if opening > self.now:
            return
        now_minute = (self.now - opening) // timedelta(minutes=1) + first
        for _ in range(count):
            minute = rng.randint(first, min(last, now_minute))
            start = _local(day, minute, self.zone)
            party = _weighted(rng, WALK_IN_SIZES)
            name = self.guests.first_name(rng) if rng.random() < 0.5 else None
            self.create(day_index, start.isoformat(), party, "WALK_IN", {"firstName": name} if name else None,
                        status="SEATED", pacing_may_be_ignored=True)

    # the clock -----------------------------------------------------------------------------

    def update_status(self, booked: _Booked, status: str) -> None:
        reservation = self.api.update_reservation(
            {"reservation": {"id": booked.id, "revision": booked.revision, "status": status}})["reservation"]
        booked.revision, booked.status = reservation["revision"], reservation["status"]

    def settle(self) -> None:
        """Statuses as the clock has them: past tables finished (one no-show a day), tables in
        progress seated (a guest a few minutes late still expected), one future booking cancelled."""
        now, rng = self.now, self.rng("settle")
        for day_index in (-1, 0, 1):
            missed = [b for b in self.booked if b.day_index == day_index and b.status == "RESERVED"
                      and b.source != "WALK_IN" and b.start + timedelta(minutes=30) <= now]
            if missed:
                self.update_status(rng.choice(missed), "NO_SHOW")
        for booked in self.booked:
            if booked.status == "RESERVED" and booked.start <= now:
                late = now - booked.start < timedelta(minutes=10) and rng.random() < 0.5
                if not late:
                    self.update_status(booked, "SEATED")
            if booked.status == "SEATED" and booked.end <= now:
                self.update_status(booked, "FINISHED")
        for day_index in (0, 1):
            future = [b for b in self.booked if b.day_index == day_index and b.status == "RESERVED"
                      and b.start > now and b.source != "WALK_IN"]
            if future:
                chosen = rng.choice(future)
                reservation = self.api.cancel_reservation(
                    {"reservationId": chosen.id, "revision": chosen.revision})["reservation"]
                chosen.revision, chosen.status = reservation["revision"], reservation["status"]
                break


def _open_location(api: ScopedApi, document: dict[str, Any], day: date) -> tuple[dict[str, Any], set[str]]:
    """Create the restaurant and add its combinations; return it and its house tables, which stay
    inactive until the bookings are in (see `load_demo`)."""
    wanted = copy.deepcopy(document["reservationLocation"])
    online = wanted["configuration"]["onlineReservations"]
    periods = online["businessSchedule"]["periods"]
    zone = ZoneInfo(wanted["location"]["timeZone"])
    if not _services(periods, WEEKDAYS[day.weekday()]):
        # The demo day is a closing day (a Monday): open it specially rather than show an empty day.
        online["businessSchedule"].setdefault("specialHourPeriod", []).extend(
            {"startDate": _local_iso(day, first, zone), "endDate": _local_iso(day, last + 15, zone),
             "isClosed": False, "comment": "Open for the demo"}
            for first, last in _demo_day_services(periods, day))
    house = _house_tables(wanted)
    tm = wanted["configuration"]["tableManagement"]
    tm["tableDefinitions"] = _set_active(tm["tableDefinitions"], house, False)
    location = api.create_reservation_location({"reservationLocation": wanted})["reservationLocation"]
    ids = {t["name"]: t["id"] for t in location["configuration"]["tableManagement"]["tableDefinitions"]}
    combinations = [{"tableIds": [ids[name] for name in c["tables"]], "seatsMin": c["seatsMin"],
                     "seatsMax": c["seatsMax"]} for c in document.get("demoCombinations", [])]
    location = api.update_reservation_location({"reservationLocation": {
        "id": location["id"], "revision": location["revision"],
        "configuration": {"tableManagement": {"tableCombinations": combinations}},
    }})["reservationLocation"]
    return location, house


def _demo_day_services(periods: Sequence[dict[str, Any]], day: date) -> list[tuple[int, int]]:
    """The demo day's services: its own, or on a closing day those of the first open weekday."""
    own = _services(periods, WEEKDAYS[day.weekday()])
    return own or next((found for d in WEEKDAYS if (found := _services(periods, d))), [])


def _request_large_parties(demo: _Demo, service_days: Sequence[tuple[date, int, list[tuple[int, int]]]]) -> None:
    """Two online parties at the approval threshold, at future dinners (the demo day's first)."""
    rng = demo.rng("requested")
    soonest = demo.now + timedelta(hours=1)
    candidates: list[list[tuple[int, date, int]]] = [[], []]
    for on_day, day_index, services in service_days:
        if day_index < 0 or not services:
            continue
        first, last = services[-1]
        candidates[day_index] += [(day_index, on_day, m) for m in range(first + 30, last - 14, 15)
                                  if _local(on_day, m, demo.zone) > soonest]
    for group in candidates:
        rng.shuffle(group)
    requested = 0
    for day_index, on_day, minute in (candidates[0] + candidates[1])[:12]:
        reservee = {**demo.guests.guest(rng, email=True), "customFields": {
            demo.field_ids["Occasion"]: rng.choice(("Company dinner", "Birthday", "Family reunion"))}}
        if demo.request_online(day_index, _local_iso(on_day, minute, demo.zone), REQUESTED_PARTY, reservee):
            requested += 1
            if requested == 2:
                return


def load_demo(book: ReservationBook, day: date, *, seed: int = 7) -> str:
    """Create Trattoria Demo in `book` with bookings on `day` (a local date) and the days either
    side, statuses set by `book.clock()`; return the location id. The same seed, day and clock
    give the same bookings; a booking the room can't take is skipped."""
    document = json.loads(demo_json_path().read_text(encoding="utf-8"))
    api = ReservationApi(book).as_scope("FULL", actor=DEMO_ACTOR)
    # House tables are kept for walk-ins, but auto-assignment gives staff bookings any free table,
    # in name order (B1 before P1 and T1): the bar opens only once the bookings are in.
    location, house = _open_location(api, document, day)
    periods = location["configuration"]["onlineReservations"]["businessSchedule"].get("periods", [])
    demo = _Demo(api, location, book.clock(), seed)
    service_days = []
    for day_index in (-1, 0, 1):
        on_day = day + timedelta(days=day_index)
        services = (_demo_day_services(periods, on_day) if day_index == 0
                    else _services(periods, WEEKDAYS[on_day.weekday()]))
        service_days.append((on_day, day_index, services))

    # The demo day's big parties first, so they find their big tables.
    services_today = service_days[1][2]
    if services_today:
        first, last = services_today[-1]
        demo.create(0, _local_iso(day, min(last, first + 90), demo.zone), LARGE_PARTY, "OFFLINE", {
            **demo.guests.guest(demo.rng("large party"), email=True),
            "customFields": {demo.field_ids["Occasion"]: "Birthday (60th)"},
        }, note="Birthday: they bring the cake, candles with dessert")
    _request_large_parties(demo, service_days)
    for on_day, day_index, services in service_days:
        lunch_target, dinner_target = DAY_TARGETS if day_index == 0 else NEIGHBOUR_TARGETS
        for n, (first, last) in enumerate(services):
            dinner = n == len(services) - 1
            demo.book_service(on_day, day_index, first, last, dinner_target if dinner else lunch_target,
                              dinner, list(VIP_NOTES) if day_index == 0 and dinner else [])

    tables = location["configuration"]["tableManagement"]["tableDefinitions"]
    api.update_reservation_location({"reservationLocation": {
        "id": location["id"], "revision": location["revision"],
        "configuration": {"tableManagement": {"tableDefinitions": _set_active(tables, house, True)}},
    }})
    for on_day, day_index, services in service_days:
        for first, last in services:
            demo.walk_ins(on_day, day_index, first, last, WALK_INS_PER_SERVICE[0 if day_index == 0 else 1])
    demo.settle()
    return str(location["id"])
