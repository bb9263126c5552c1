"""The server run inside the stand: the manager's dialog, its keys, and online bookings showing
on the stand through the live refresh."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
import ssl
from pathlib import Path

import httpx
import pytest

from conftest import EVENING, GUEST, NOW, RES, location_request
from maitred.api import ReservationApi
from maitred.bootstrap import open_book
from maitred.controllers.online_server import OnlineServerControl
from maitred.controllers.session import StandSession
from maitred.domain.lifecycle import Scope
from maitred.services.commands import Caller
from maitred.ui.dialogs.online_server import OnlineServerDialog


def trust(control: OnlineServerControl) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(Path(control._folder) / "online-server-cert.pem"))


@pytest.fixture
def stand(tmp_path: Path, qtbot):
    book = open_book(f"sqlite:///{tmp_path / 'book.db'}", clock=lambda: NOW)
    ReservationApi(book).as_scope("FULL").create_reservation_location(location_request())
    session = StandSession.open(book, "manager")
    session.load()
    control = OnlineServerControl(book, tmp_path, Caller(Scope.FULL, actor="manager"))
    yield session, control, book
    control.stop()
    session.stop()
    book.close()


def test_an_online_booking_shows_on_the_stand(stand, qtbot) -> None:
    session, control, _ = stand
    url = control.start("127.0.0.1", 0)
    assert control.running and control.url == url and control.fingerprint
    key = control.create_key("website", Scope.BASIC)
    session.live.poll()  # the stand has seen the book as it is now
    location_id = session.location.id
    with httpx.Client(verify=trust(control)) as client:
        held = client.post(f"{url}{RES}/reservations/hold", headers={"Authorization": key}, json={
            "reservationDetails": {"reservationLocationId": location_id, "startDate": EVENING, "partySize": 2}})
        assert held.status_code == 200, held.text
        reservation = held.json()["reservation"]
        reserved = client.post(f"{url}{RES}/reservations/{reservation['id']}/reserve", headers={"Authorization": key},
                               json={"reservee": GUEST, "revision": "1"})
        assert reserved.status_code == 200
    assert session.live.poll()  # the once-a-second look sees the change...
    qtbot.waitUntil(lambda: any(r.id == reservation["id"] for r in session.day.reservations()), timeout=10000)
    online = next(r for r in session.day.reservations() if r.id == reservation["id"])
    assert str(online.source) == "ONLINE"  # ...and the day shows the booking
    control.stop()
    assert not control.running and control.url is None


def test_revoking_a_key_in_the_stand_stops_it_at_once(stand) -> None:
    _, control, _ = stand
    url = control.start("127.0.0.1", 0)
    key = control.create_key("website", Scope.BASIC)
    path = f"{url}/table-reservations/reservation-locations/v1/reservation-locations"
    with httpx.Client(verify=trust(control)) as client:
        assert client.get(path, headers={"Authorization": key}).status_code == 200
        control.revoke_key(next(k.id for k in control.api_keys()))
        assert client.get(path, headers={"Authorization": key}).status_code == 401


def test_the_managers_dialog(stand, qtbot) -> None:
    _, control, _ = stand
    dialog = OnlineServerDialog(control)
    qtbot.addWidget(dialog)
    assert dialog.toggle.text() == "Start" and dialog.state.text() == "Stopped"
    dialog.key_name.setText("website")
    dialog.create_button.click()
    assert dialog.new_key.text().startswith("mdk_")
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "active"
    dialog.key_name.setText("website")
    dialog.create_button.click()  # the same name twice: refused, with a sentence
    assert dialog.message.text() and dialog.table.rowCount() == 1
    dialog.revoke_button.click()
    assert "Choose" in dialog.message.text()
    dialog.table.selectRow(0)
    dialog.revoke_button.click()
    assert dialog.table.item(0, 3).text() == "revoked"

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        dialog.port.setValue(taken.getsockname()[1])
        dialog.toggle.click()
        assert dialog.state.text().startswith("Could not start") and not control.running
    finally:
        taken.close()
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    dialog.port.setValue(port)
    dialog.toggle.click()
    assert control.running and dialog.toggle.text() == "Stop" and str(port) in dialog.state.text()
    assert ":" in dialog.fingerprint.text()
    dialog.toggle.click()
    assert not control.running and dialog.state.text() == "Stopped"
