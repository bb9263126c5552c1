"""The official Wix SDK (`@wix/sdk` + `@wix/table-reservations` from npm) books an evening.

The server runs on a free loopback port with its self-signed certificate, which Node trusts
through NODE_EXTRA_CA_CERTS; the test script is tests/server/sdk/evening.test.mjs, run with
node's own test runner. Skipped, saying why, when node or npm is missing or the npm install
(done by scripts/test.sh, or here when it wasn't) can't be had.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

from conftest import NOW, location_request
from maitred.api import ReservationApi
from maitred.bootstrap import open_book
from maitred.server import ServerSettings, build_app
from maitred.server.runner import OnlineServer
from maitred.server.server_book import server_book
from maitred.server.tls import ensure_self_signed
from maitred.services.api_keys import ApiKeyService

SDK_FOLDER = Path(__file__).with_name("sdk")
EVENING = "2026-06-08T19:00:00Z"


def _sdk_installed() -> bool:
    return (SDK_FOLDER / "node_modules" / "@wix" / "sdk").is_dir() and (
        SDK_FOLDER / "node_modules" / "@wix" / "table-reservations").is_dir()


def _unavailable(reason: str) -> NoReturn:
    """Skipped on a developer's PC without Node; in CI (which installs it) a failure, so the
    official client's test can never quietly stop running."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the official SDK test: {reason}")
    pytest.skip(reason)


def _require_sdk() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _unavailable("node and npm are needed for the official SDK test (not found on PATH)")
    if not _sdk_installed():
        try:
            subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=SDK_FOLDER, check=True,
                           capture_output=True, timeout=300)
        except (subprocess.SubprocessError, OSError) as error:
            _unavailable(f"the npm install of @wix/sdk and @wix/table-reservations failed: {error}")
    if not _sdk_installed():
        _unavailable("the npm install did not bring @wix/sdk and @wix/table-reservations")
    return node


@pytest.mark.slow
def test_the_official_sdk_books_an_evening(tmp_path: Path) -> None:
    node = _require_sdk()
    book = open_book(f"sqlite:///{tmp_path / 'book.db'}", clock=lambda: NOW)
    try:
        api = ReservationApi(book)
        location = api.as_scope("FULL").create_reservation_location(location_request())["reservationLocation"]
        keys = ApiKeyService(book.unit_of_work, book.clock)
        basic, full = keys.create("website", "BASIC")[1], keys.create("integration", "FULL")[1]
        certificate = ensure_self_signed(tmp_path)
        app = build_app(ReservationApi(server_book(book)), keys, ServerSettings(rate_per_second=0))
        server = OnlineServer(app, "127.0.0.1", 0, certificate)
        endpoint = server.start()
        try:
            env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(certificate.cert_file),
                   "MAITRED_HOST": f"127.0.0.1:{endpoint.port}", "MAITRED_BASIC_KEY": basic,
                   "MAITRED_FULL_KEY": full, "MAITRED_LOCATION_ID": location["id"], "MAITRED_EVENING": EVENING}
            result = subprocess.run([node, "--test", "--test-reporter=spec"], cwd=SDK_FOLDER, env=env,
                                    capture_output=True, text=True, timeout=300)
        finally:
            server.stop()
        assert result.returncode == 0, result.stdout + result.stderr
        history = api.as_scope("FULL").list_reservations({})["reservations"]
        assert [r["status"] for r in history] == ["CANCELED"]
    finally:
        book.close()
