"""The online-bookings server inside the stand, and its API keys, for the manager's dialog.

The server is the same one `maitred serve` runs (maitred.server): uvicorn in a thread with its
own event loop, over this stand's book. Bookings made through it are written to the book like
any other terminal's, so the stand's live refresh shows them within a second. The server stops
with the application.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from maitred.domain.api_key import ApiKey
from maitred.domain.lifecycle import Scope
from maitred.services.api_keys import ApiKeyService
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8443


class OnlineServerControl(QObject):
    """Start, stop and describe the online server; make and revoke its keys (managers only)."""

    #: the server started or stopped, or the keys changed
    state_changed = Signal()

    def __init__(self, book: ReservationBook, folder: Path, caller: Caller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book, self._folder, self._caller = book, folder, caller
        self._keys = ApiKeyService(book.unit_of_work, book.clock)
        self._server: Any = None  # maitred.server.runner.OnlineServer, imported when first started
        self._app: Any = None
        self._fingerprint: str | None = None
        self.host, self.port = DEFAULT_HOST, DEFAULT_PORT
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self.stop)

    @property
    def may_manage(self) -> bool:
        return self._caller.scope is Scope.FULL

    @property
    def running(self) -> bool:
        return self._server is not None and bool(self._server.running)

    @property
    def url(self) -> str | None:
        endpoint = self._server.endpoint if self._server is not None else None
        return None if endpoint is None else str(endpoint.url)

    @property
    def fingerprint(self) -> str | None:
        """The SHA-256 fingerprint of the certificate served (None before the first start)."""
        return self._fingerprint

    def start(self, host: str, port: int) -> str:
        """Serve on host:port over HTTPS; returns the address. OSError when it can't listen."""
        from maitred.server import build_book_app
        from maitred.server.runner import OnlineServer
        from maitred.server.tls import ensure_self_signed

        self.stop()
        certificate = ensure_self_signed(self._folder, (host,))
        self._app = build_book_app(self._book)
        server = OnlineServer(self._app, host, port, certificate)
        endpoint = server.start()
        self._server, self._fingerprint = server, certificate.fingerprint
        self.host, self.port = host, port
        self.state_changed.emit()
        return str(endpoint.url)

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.stop()
        self._server = None
        self.state_changed.emit()

    def api_keys(self) -> Sequence[ApiKey]:
        return self._keys.list()

    def create_key(self, name: str, scope: Scope) -> str:
        """A new key; the text returned is shown once and never again."""
        _, text = self._keys.create(name, scope, created_by=self._caller.actor)
        self.state_changed.emit()
        return text

    def revoke_key(self, key_id: str) -> None:
        self._keys.revoke(key_id)
        if self._app is not None:
            self._app.state.gate.forget(key_id)
        self.state_changed.emit()
