"""The HTTP side of the application: Starlette's routing as callers see it, JSON answers, and where the
book's work runs (reads on the event loop, writes in one worker thread)."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from starlette.testclient import TestClient

from conftest import EVENING, LOC, RES, Site
from maitred.bootstrap import open_book
from maitred.server.answers import json_bytes
from maitred.server.routes import READ_OPERATIONS, ROUTES
from maitred.server.server_book import book_in_memory, reads_wait_on_network

LOCATIONS = f"{LOC}/reservation-locations"


def test_head_answers_wherever_get_does(site: Site) -> None:
    response = site.call("HEAD", LOCATIONS)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"


def test_a_known_path_with_another_method_is_405_naming_the_methods(site: Site) -> None:
    response = site.call("PUT", f"{RES}/reservations/some-id", json={})
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "PATCH", "DELETE"}
    assert response.json()["details"]["applicationError"]["code"] == "METHOD_NOT_ALLOWED"


def test_a_trailing_slash_is_redirected_to_the_route(site: Site) -> None:
    response = site.call("GET", LOCATIONS + "/?paging.limit=5", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == f"http://testserver{LOCATIONS}?paging.limit=5"
    assert site.call("GET", LOCATIONS + "/").status_code == 200  # followed: the listing
    assert site.call("GET", "/no/such/path/").status_code == 404


def test_the_lifespan_of_a_test_client(site: Site) -> None:
    with TestClient(site.client.app) as client:  # startup and shutdown messages are answered
        assert client.get("/openapi.json").status_code == 200


def test_a_client_gone_before_its_body_gets_no_answer_and_changes_nothing(site: Site) -> None:
    before = site.everything()
    sent: list[Any] = []
    scope = {"type": "http", "method": "POST", "path": f"{RES}/reservations/hold", "query_string": b"",
             "headers": [(b"authorization", site.key_text["BASIC"].encode()), (b"content-length", b"100")],
             "client": ("127.0.0.1", 5000)}
    messages = iter([{"type": "http.request", "body": b'{"reservationDetails": ', "more_body": True},
                     {"type": "http.disconnect"}])

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: Any) -> None:
        sent.append(message)

    asyncio.run(site.client.app(scope, receive, send))
    assert sent == [] and site.everything() == before


def _threads_of_a_read_and_a_write(site: Site, app: Any, monkeypatch) -> tuple[set[str], dict[str, str]]:
    """The event loop's thread, and the threads that ran getTimeSlots and createHeldReservation."""
    from maitred.api.operations import ScopedApi

    loop_threads: set[str] = set()
    calls: dict[str, str] = {}
    original = ScopedApi.call

    def call(self: ScopedApi, operation: str, request: Any = None) -> dict[str, Any]:
        calls[operation] = threading.current_thread().name
        return original(self, operation, request)

    async def watched(scope: Any, receive: Any, send: Any) -> None:
        loop_threads.add(threading.current_thread().name)
        await app(scope, receive, send)

    monkeypatch.setattr(ScopedApi, "call", call)
    client = TestClient(watched)
    headers = {"Authorization": site.key_text["BASIC"]}
    assert client.post(f"{RES}/time-slots", headers=headers, json={
        "reservationLocationId": site.location["id"], "date": EVENING, "partySize": 2}).status_code == 200
    assert client.post(f"{RES}/reservations/hold", headers=headers, json={"reservationDetails": {
        "reservationLocationId": site.location["id"], "startDate": EVENING, "partySize": 2}}).status_code == 200
    return loop_threads, calls


def test_reads_run_on_the_event_loop_and_writes_in_a_worker_thread(site: Site, monkeypatch) -> None:
    loop_threads, calls = _threads_of_a_read_and_a_write(site, site.client.app, monkeypatch)
    assert calls["getTimeSlots"] in loop_threads
    assert calls["createHeldReservation"] not in loop_threads


def test_a_book_on_a_database_server_is_read_in_threads(site: Site, monkeypatch) -> None:
    from maitred.api import ReservationApi
    from maitred.server import ServerSettings, build_app
    from maitred.server.server_book import server_book

    app = build_app(ReservationApi(server_book(site.api.book)), site.keys, ServerSettings(rate_per_second=0),
                    reads_in_loop=False)
    loop_threads, calls = _threads_of_a_read_and_a_write(site, app, monkeypatch)
    assert calls["getTimeSlots"] not in loop_threads
    assert calls["createHeldReservation"] not in loop_threads


def test_the_read_operations_are_routes_that_only_read() -> None:
    operations = {spec.operation for spec in ROUTES}
    assert operations >= READ_OPERATIONS
    assert operations - READ_OPERATIONS == {
        "createReservation", "createHeldReservation", "updateReservation", "deleteReservation", "reserveReservation",
        "cancelReservation", "updateReservationLocation"}


def test_a_read_route_writes_nothing(site: Site) -> None:
    held = site.hold()
    changes = site.api.book.last_change_id()
    for method, path, body in [
        ("POST", f"{RES}/time-slots", {"reservationLocationId": site.location["id"], "date": EVENING, "partySize": 2}),
        ("POST", f"{RES}/check-time-slot", {"reservationLocationId": site.location["id"], "date": EVENING,
                                            "duration": 90, "partySize": 2}),
        ("GET", f"{RES}/reservations/{held['id']}", None),
        ("GET", f"{RES}/reservations", None),
        ("POST", f"{RES}/reservations/query", {}),
        ("GET", f"{LOCATIONS}/{site.location['id']}", None),
        ("GET", LOCATIONS, None),
    ]:
        assert site.call(method, path, "FULL", json=body).status_code == 200, path
    assert site.api.book.last_change_id() == changes


def test_json_answers_match_the_standard_library() -> None:
    for value in [{"é": [1.5, None, True, "a\u2028b"], "n": -0.0, "big": 10**30}, {"slots": []}, {1: "key"}]:
        assert json_bytes(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def test_what_the_server_asks_of_the_book(tmp_path: Path) -> None:
    memory, file = open_book("sqlite://"), open_book(f"sqlite:///{tmp_path / 'book.db'}")
    try:
        assert book_in_memory(memory) and not book_in_memory(file)
        assert not reads_wait_on_network(memory) and not reads_wait_on_network(file)
    finally:
        memory.close()
        file.close()
    server = SimpleNamespace(unit_of_work=SimpleNamespace(engine=SimpleNamespace(dialect=SimpleNamespace(
        name="postgresql"))))
    assert reads_wait_on_network(server)  # type: ignore[arg-type]
    assert not reads_wait_on_network(SimpleNamespace(unit_of_work=object()))  # type: ignore[arg-type]
