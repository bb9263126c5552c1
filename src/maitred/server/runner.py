"""Running the online server: uvicorn in a thread of its own, with its own event loop.

The socket is bound here, before the thread starts, so "port in use" or "no such address" is an
`OSError` the caller can show, and port 0 gives a free port (tests). The stand starts and stops
the server from its settings dialog; `maitred serve` starts it and waits (or, with several
workers, starts the processes of workers.py).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp

from maitred.server.tls import Certificate

STARTUP_SECONDS = 15.0


@dataclass(frozen=True, slots=True)
class Endpoint:
    host: str
    port: int
    tls: bool

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"


def bind(host: str, port: int, *, reuse_port: bool = False, listen: bool = True) -> socket.socket:
    """A listening socket at host:port (IPv4 or IPv6); OSError when it can't be had.
    `reuse_port`: other sockets of this user may bind the same port (SO_REUSEPORT), and share its
    connections when they listen (the workers of workers.py); `listen=False` only holds the port."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                         flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
        if listen:
            sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def uvicorn_config(app: ASGIApp, certificate: Certificate | None) -> uvicorn.Config:
    """How every server process runs uvicorn: no access log (a line a request costs more than
    a time-slot look-up's JSON), no lifespan, the fast parser (httptools) and loop (uvloop) when
    installed."""
    return uvicorn.Config(
        app, lifespan="off", log_config=None, access_log=False, server_header=False,
        timeout_keep_alive=15, limit_concurrency=500,
        ssl_certfile=str(certificate.cert_file) if certificate else None,
        ssl_keyfile=str(certificate.key_file) if certificate else None,
    )


class OnlineServer:
    """One uvicorn server for `app`; `start()` returns once it accepts connections."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 8443,
                 certificate: Certificate | None = None) -> None:
        self._app = app
        self._host = host
        self._port = port
        self._certificate = certificate
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.endpoint: Endpoint | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Endpoint:
        """Bind, start serving in a thread, and wait until it accepts connections."""
        if self.running:
            raise RuntimeError("the online server is already running")
        sock = bind(self._host, self._port)
        server = uvicorn.Server(uvicorn_config(self._app, self._certificate))
        self._server, self._failure = server, None

        def serve() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException as error:  # SystemExit from a failed start-up included
                self._failure = error
            finally:
                sock.close()

        self._thread = threading.Thread(target=serve, name="maitred-online-server", daemon=True)
        self._thread.start()
        while not server.started and self._thread.is_alive():
            self._thread.join(0.02)
        if not server.started:
            self._thread = None
            raise OSError(f"the online server could not start: {self._failure!r}")
        port = sock.getsockname()[1]
        self.endpoint = Endpoint(self._host, port, self._certificate is not None)
        return self.endpoint

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the requests under way and stop; nothing happens if it isn't running."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(timeout)
        self._thread = None
        self._server = None
        self.endpoint = None

    def wait(self) -> None:
        """Block until the server stops (Ctrl+C in `maitred serve`)."""
        thread = self._thread
        while thread is not None and thread.is_alive():
            thread.join(0.5)
