"""Keys, scopes, rate and size limits, and bad input: clear 4xx answers that change nothing."""

from __future__ import annotations

import pytest

from conftest import EVENING, RES, Site, error_code
from maitred.server import ServerSettings
from maitred.server.limits import RateLimiter


def _hold_body(site: Site) -> dict:
    return {"reservationDetails": {"reservationLocationId": site.location["id"], "startDate": EVENING,
                                   "partySize": 2}}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "mdk_not-a-key"}, {"Authorization": "Bearer "},
                                     {"Authorization": "x" * 2000}, {"Authorization": "Basic dXNlcjpwYXNz"}])
def test_no_key_or_a_wrong_one_is_401(site: Site, headers: dict) -> None:
    before = site.everything()
    response = site.call("POST", f"{RES}/reservations/hold", None, headers=headers, json=_hold_body(site))
    assert (response.status_code, error_code(response)) == (401, "UNAUTHENTICATED")
    assert site.everything() == before


def test_the_key_may_come_as_a_bearer_token(site: Site) -> None:
    response = site.call("POST", f"{RES}/reservations/hold", None,
                         headers={"Authorization": f"Bearer {site.key_text['BASIC']}"}, json=_hold_body(site))
    assert response.status_code == 200


def test_a_revoked_key_stops_at_once(site: Site) -> None:
    assert site.call("POST", f"{RES}/time-slots", json={"reservationLocationId": site.location["id"],
                                                        "date": EVENING, "partySize": 2}).status_code == 200
    key = next(k for k in site.keys.list() if k.scope == "BASIC")
    site.keys.revoke(key.id)
    site.client.app.state.gate.forget(key.id)  # what the stand's controller does after revoking
    response = site.call("POST", f"{RES}/time-slots", json={})
    assert response.status_code == 401


def test_a_key_revoked_elsewhere_stops_when_the_cache_expires(site_factory) -> None:
    site = site_factory(ServerSettings(rate_per_second=0, key_cache_seconds=0))
    assert site.call("GET", "/table-reservations/reservation-locations/v1/reservation-locations").status_code == 200
    key = next(k for k in site.keys.list() if k.scope == "BASIC")
    site.keys.revoke(key.id)  # e.g. `maitred apikey revoke` in another process
    assert site.call("GET", "/table-reservations/reservation-locations/v1/reservation-locations").status_code == 401


def test_a_scope_too_low_is_403(site: Site) -> None:
    response = site.call("GET", f"{RES}/reservations", "BASIC")
    assert (response.status_code, error_code(response)) == (403, "PERMISSION_DENIED")


def test_rate_limit_per_key(site_factory) -> None:
    site = site_factory(ServerSettings(rate_per_second=0.001, burst=3))  # refills one token in 1000 s
    path = "/table-reservations/reservation-locations/v1/reservation-locations"
    assert [site.call("GET", path).status_code for _ in range(3)] == [200, 200, 200]
    limited = site.call("GET", path)
    assert (limited.status_code, error_code(limited)) == (429, "RESOURCE_EXHAUSTED")
    assert int(limited.headers["Retry-After"]) >= 1
    assert site.call("GET", path, "FULL").status_code == 200  # another key has its own bucket


def test_failed_authentications_are_limited_per_client(site_factory) -> None:
    site = site_factory(ServerSettings(rate_per_second=0.001, burst=2))
    path = "/table-reservations/reservation-locations/v1/reservation-locations"
    wrong = {"Authorization": "mdk_guess"}
    assert [site.call("GET", path, None, headers=wrong).status_code for _ in range(3)] == [401, 401, 429]


def test_token_bucket_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=2, burst=2, clock=lambda: now[0])
    assert [limiter.take("k") for _ in range(3)] == [True, True, False]
    assert limiter.retry_after("k") == 1
    now[0] += 0.5
    assert limiter.take("k") and not limiter.take("k")
    assert RateLimiter(rate=0, burst=1).take("k") and RateLimiter(rate=0, burst=1).retry_after("k") == 0


def test_buckets_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from maitred.server import limits

    monkeypatch.setattr(limits, "MAX_BUCKETS", 3)
    now = [0.0]
    limiter = RateLimiter(rate=1, burst=1, clock=lambda: now[0])
    for name in "abc":
        limiter.take(name)
    limiter.take("d")  # all three still empty: forgotten wholesale
    assert len(limiter._buckets) == 1
    now[0] += 5
    limiter.take("e")
    limiter.take("f")
    limiter.take("g")  # "d" refilled meanwhile: it goes first
    assert "d" not in limiter._buckets


def test_a_body_over_the_limit_is_413(site: Site) -> None:
    before = site.everything()
    big = b'{"reservationDetails": {"pad": "' + b"x" * (70 * 1024) + b'"}}'
    response = site.call("POST", f"{RES}/reservations/hold", content=big)
    assert (response.status_code, error_code(response)) == (413, "PAYLOAD_TOO_LARGE")

    def chunks():  # no Content-Length: counted while it streams in
        for _ in range(80):
            yield b" " * 1024

    streamed = site.call("POST", f"{RES}/reservations/hold", content=chunks())
    assert streamed.status_code == 413
    assert site.everything() == before


@pytest.mark.parametrize(("content", "headers"), [
    (b"{not json", {}),
    (b"[1, 2]", {}),
    (b'"a string"', {}),
    (b"\xff\xfe", {}),
    (b'{"reservationDetails": NaN}', {}),
    (b'{"reservationDetails": {"partySize": 1e999}}', {}),
    (b'{"reservationDetails": {"reservationLocationId": "\\ud800"}}', {}),
    (b'{"reservationDetails": {"reservationLocationId": "a\\u0000b"}}', {}),
    (b"[" * 5000 + b"]" * 5000, {}),
    (b'{"a":' * 100 + b"1" + b"}" * 100, {}),
    (b"{}", {"Content-Length": "abc"}),
])
def test_bad_bodies_are_400_and_change_nothing(site: Site, content: bytes, headers: dict) -> None:
    before = site.everything()
    response = site.call("POST", f"{RES}/reservations/hold", content=content, headers=headers)
    assert response.status_code == 400, response.text
    assert site.everything() == before


def test_wrong_types_are_field_violations(site: Site) -> None:
    response = site.call("POST", f"{RES}/reservations/hold",
                         json={"reservationDetails": {"reservationLocationId": 7, "startDate": [], "partySize": {}}})
    assert response.status_code == 400
    assert response.json()["details"]["validationError"]["fieldViolations"][0]["field"] == \
        "reservationDetails.reservationLocationId"


def test_unknown_routes_and_methods(site: Site) -> None:
    missing = site.call("GET", "/table-reservations/reservations/v2/whatever")
    assert (missing.status_code, error_code(missing)) == (404, "NOT_FOUND")
    wrong_method = site.call("PUT", f"{RES}/reservations/hold", json={})
    assert (wrong_method.status_code, error_code(wrong_method)) == (405, "METHOD_NOT_ALLOWED")
    assert "POST" in wrong_method.headers["allow"]


def test_unavailable_book_says_retry(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from maitred.domain.errors import Unavailable

    def busy(*_args: object) -> object:
        raise Unavailable("The reservation book is busy")

    from maitred.services.time_slots import TimeSlotService

    monkeypatch.setattr(TimeSlotService, "time_slots", busy)
    response = site.call("POST", f"{RES}/time-slots", json={"reservationLocationId": site.location["id"],
                                                            "date": EVENING, "partySize": 2})
    assert (response.status_code, error_code(response)) == (503, "UNAVAILABLE")
    assert response.headers["Retry-After"] == "1"


def test_an_unexpected_failure_is_a_json_500(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from maitred.server import app as server_app

    def broken(*_args: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(server_app, "parse_query", broken)
    response = site.call("POST", f"{RES}/time-slots", json={})
    assert (response.status_code, error_code(response)) == (500, "INTERNAL")


def test_openapi_is_public(site: Site) -> None:
    response = site.call("GET", "/openapi.json", None)
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.")


# --- the key cache: one look-up a second, and revocation seen within that second ------------


class _CountingKeys:
    """The book's key service, counting its look-ups."""

    def __init__(self, inner) -> None:
        self.inner, self.lookups = inner, 0

    def authenticate(self, text: str):
        self.lookups += 1
        return self.inner.authenticate(text)


def _request(key: str):
    from starlette.requests import Request

    return Request({"type": "http", "headers": [(b"authorization", key.encode())], "client": ("127.0.0.1", 5000)})


def test_a_key_is_looked_up_once_a_second_and_a_revocation_elsewhere_counts_then(site: Site) -> None:
    import asyncio

    from maitred.server.gate import Gate

    now = [0.0]
    keys = _CountingKeys(site.keys)
    gate = Gate(site.api, keys, RateLimiter(0, 1), cache_seconds=1.0, clock=lambda: now[0])  # type: ignore[arg-type]
    key = site.key_text["BASIC"]

    async def admit() -> int:
        try:
            await gate.admit(_request(key))
        except Exception as refusal:
            return int(refusal.status)  # type: ignore[attr-defined]
        return 200

    assert [asyncio.run(admit()) for _ in range(5)] == [200] * 5
    assert keys.lookups == 1  # the first request looked the key up; the next four used the cache
    site.keys.revoke(next(k.id for k in site.keys.list() if k.scope == "BASIC"))  # elsewhere: no forget()
    now[0] += 0.5
    assert asyncio.run(admit()) == 200 and keys.lookups == 1  # still within the second
    now[0] += 0.6
    assert asyncio.run(admit()) == 401 and keys.lookups == 2  # checked again, and refused
    assert asyncio.run(admit()) == 401 and keys.lookups == 3  # a refused key is never cached


def test_forget_drops_only_the_revoked_key(site: Site) -> None:
    import asyncio

    from maitred.server.gate import Gate

    keys = _CountingKeys(site.keys)
    gate = Gate(site.api, keys, RateLimiter(0, 1), cache_seconds=60)  # type: ignore[arg-type]
    for scope in ("BASIC", "FULL"):
        asyncio.run(gate.admit(_request(site.key_text[scope])))
    basic = next(k.id for k in site.keys.list() if k.scope == "BASIC")
    gate.forget(basic)
    asyncio.run(gate.admit(_request(site.key_text["FULL"])))
    assert keys.lookups == 2  # FULL still cached
    asyncio.run(gate.admit(_request(site.key_text["BASIC"])))
    assert keys.lookups == 3  # BASIC looked up again
