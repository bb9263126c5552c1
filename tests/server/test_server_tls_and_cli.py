"""The real thing on a loopback port: uvicorn, TLS with the self-signed certificate, the CLI."""

from __future__ import annotations

import hashlib
import io
import signal
import socket
import ssl
from pathlib import Path

import httpx
import pytest
from serve_process import maitred_serve

from conftest import LOC, NOW
from maitred.api import ReservationApi
from maitred.bootstrap import open_book
from maitred.server import build_app
from maitred.server.cli import main as cli_main
from maitred.server.runner import Endpoint, OnlineServer
from maitred.server.tls import CertificateError, ensure_self_signed, load_certificate
from maitred.services.api_keys import ApiKeyService


@pytest.fixture
def book(tmp_path: Path):
    book = open_book(f"sqlite:///{tmp_path / 'book.db'}", clock=lambda: NOW)
    yield book
    book.close()


def test_https_with_the_self_signed_certificate(book, tmp_path: Path) -> None:
    keys = ApiKeyService(book.unit_of_work, book.clock)
    _, key = keys.create("website", "BASIC")
    certificate = ensure_self_signed(tmp_path)
    server = OnlineServer(build_app(ReservationApi(book), keys), "127.0.0.1", 0, certificate)
    endpoint = server.start()
    try:
        assert endpoint.url.startswith("https://127.0.0.1:") and server.running
        with httpx.Client(verify=ssl.create_default_context(cafile=str(certificate.cert_file))) as client:
            response = client.get(f"{endpoint.url}{LOC}/reservation-locations", headers={"Authorization": key})
        assert response.status_code == 200
        served = ssl.get_server_certificate(("127.0.0.1", endpoint.port))
        digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(served)).hexdigest().upper()
        assert certificate.fingerprint.replace(":", "") == digest
        with pytest.raises(RuntimeError):
            server.start()
    finally:
        server.stop()
    assert not server.running and server.endpoint is None
    server.stop()  # stopping twice is harmless


def test_the_certificate_is_made_once_and_kept(tmp_path: Path) -> None:
    first = ensure_self_signed(tmp_path, ("shop.example",))
    again = ensure_self_signed(tmp_path)
    assert first.fingerprint == again.fingerprint
    assert oct(first.key_file.stat().st_mode & 0o777) == "0o600"
    loaded = load_certificate(first.cert_file, first.key_file)
    assert loaded.fingerprint == first.fingerprint
    first.cert_file.write_text("damaged")
    assert ensure_self_signed(tmp_path).fingerprint != first.fingerprint  # a broken one is replaced
    with pytest.raises(CertificateError):
        load_certificate(tmp_path / "missing.pem", first.key_file)


def test_a_port_in_use_is_a_plain_error(book) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        server = OnlineServer(build_app(ReservationApi(book), ApiKeyService(book.unit_of_work, book.clock)),
                              "127.0.0.1", taken.getsockname()[1])
        with pytest.raises(OSError):
            server.start()
        assert not server.running
    finally:
        taken.close()


def test_endpoint_urls() -> None:
    assert Endpoint("::1", 8443, True).url == "https://[::1]:8443"
    assert Endpoint("127.0.0.1", 80, False).url == "http://127.0.0.1:80"


def test_apikey_commands(tmp_path: Path) -> None:
    out = io.StringIO()
    assert cli_main(["apikey", "create", "--name", "website", "--scope", "BASIC", "--data-dir", str(tmp_path)],
                    out) == 0
    text = out.getvalue()
    key = next(word for word in text.split() if word.startswith("mdk_"))
    key_id = text.split()[2]
    listing = io.StringIO()
    cli_main(["apikey", "list", "--data-dir", str(tmp_path)], listing)
    assert "website" in listing.getvalue() and "active" in listing.getvalue() and key not in listing.getvalue()
    revoked = io.StringIO()
    assert cli_main(["apikey", "revoke", key_id, "--data-dir", str(tmp_path)], revoked) == 0
    listing = io.StringIO()
    cli_main(["apikey", "list", "--data-dir", str(tmp_path)], listing)
    assert "revoked" in listing.getvalue()
    assert cli_main(["apikey", "revoke", "nope", "--data-dir", str(tmp_path)], io.StringIO()) == 1
    assert cli_main(["apikey", "create", "--name", " ", "--data-dir", str(tmp_path)], io.StringIO()) == 1


def test_serve_refuses_half_a_certificate(tmp_path: Path) -> None:
    assert cli_main(["serve", "--data-dir", str(tmp_path), "--cert", str(tmp_path / "c.pem")], io.StringIO()) == 2


def test_maitred_serve_prints_where_and_the_fingerprint(tmp_path: Path) -> None:
    with maitred_serve("--data-dir", str(tmp_path), "--port", "0") as process:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("Maitre D online bookings at https://127.0.0.1:")
        fingerprint = lines[2].split()[-1]
        assert fingerprint == load_certificate(tmp_path / "online-server-cert.pem",
                                               tmp_path / "online-server-key.pem").fingerprint
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
