"""`maitred serve --workers N`: the online server as N processes, each with its own event loop.

One process answers with one core at most (Python runs one thread at a time), and a time-slot
request is mostly Python; a second process on a second core nearly doubles what the server
answers. Each worker opens the book itself (SQLite in WAL mode lets several processes read and
write one file; their writers meet at the database's lock) and builds the same application.
What the workers must agree on is shared: the rate limits' buckets live in shared memory
(limits.py), the writers queue on one lock before they ask for the database's (server_book.py),
and a revoked key stops in every worker within the key cache's second (gate.py).

Connections are spread over the workers by the kernel: on Linux every worker listens on its own
socket bound to the same port (SO_REUSEPORT), so twenty connections opened at once are dealt
out evenly; elsewhere they accept from one shared socket. The parent process binds first (so a
port in use is an error it can show, and port 0 picks a free one), starts the workers, waits
until each accepts connections, replaces one that dies, and stops them all on Ctrl+C or SIGTERM.

Workers are started with multiprocessing's "spawn" (a fresh interpreter, on every platform): the
application's factory travels to them pickled, so it holds an address and settings, never an
open book.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from maitred.server.app import ServerSettings, build_book_app
from maitred.server.limits import SharedLimits
from maitred.server.runner import STARTUP_SECONDS, Endpoint, bind, uvicorn_config
from maitred.server.server_book import WritersLock
from maitred.server.tls import Certificate

log = logging.getLogger("maitred.server")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: A worker that ends before it ever accepted a connection ends this way (uvicorn's own code).
STARTUP_FAILURE = 3


def default_workers() -> int:
    """One worker a core, two at most: a restaurant's traffic never needs more, and the stand
    (and the database) keep a core on a bigger PC."""
    return max(1, min(2, os.cpu_count() or 1))


def kernel_spreads_connections() -> bool:
    """Whether sockets bound to one port with SO_REUSEPORT share its connections out (Linux);
    BSD and macOS give them all to one socket, Windows has no such option."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


@dataclass(frozen=True)
class BookAppFactory:
    """Builds a worker's application: opens the book at its address (the parent has migrated it
    already) with the server's settings and the shared limits."""

    database_url: str | None
    data_dir: Path
    settings: ServerSettings
    limits: SharedLimits | None = None
    writers: WritersLock | None = None

    def __call__(self) -> ASGIApp:
        from maitred.bootstrap import open_book  # in the worker: the parent's modules don't travel

        book = open_book(self.database_url, data_dir=self.data_dir)
        return build_book_app(book, self.settings, limits=self.limits, writers=self.writers)


Listening = socket.socket | tuple[str, int]


def serve_worker(factory: Callable[[], ASGIApp], certificate: Certificate | None, listening: Listening,
                 ready: Event) -> None:
    """A worker process: build the application, listen, say so, and serve until SIGTERM, Ctrl+C
    or the parent's end. `listening` is the shared socket, or the address to bind with
    SO_REUSEPORT."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    try:
        app = factory()
        sock = bind(*listening, reuse_port=True) if isinstance(listening, tuple) else listening
    except Exception:
        log.exception("an online-server worker could not start")
        sys.exit(STARTUP_FAILURE)
    server = uvicorn.Server(uvicorn_config(app, certificate))

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.02)
        if server.started:
            ready.set()

    def follow_parent() -> None:
        parent = multiprocessing.parent_process()
        if parent is not None:
            multiprocessing.connection.wait([parent.sentinel])
            server.should_exit = True  # the parent is gone (killed): finish and go too

    threading.Thread(target=announce, name="maitred-worker-ready", daemon=True).start()
    threading.Thread(target=follow_parent, name="maitred-worker-parent", daemon=True).start()
    server.run(sockets=[sock])


@dataclass
class _Worker:
    process: BaseProcess
    ready: Event


class OnlineWorkers:
    """`workers` processes serving the application of `factory` at host:port; the same
    start/stop/wait as `OnlineServer`, whose single process the stand keeps using."""

    def __init__(self, factory: Callable[[], ASGIApp], host: str = "127.0.0.1", port: int = 8443,
                 certificate: Certificate | None = None, workers: int = 2) -> None:
        if workers < 1:
            raise ValueError("at least one worker")
        self._factory = factory
        self._host = host
        self._port = port
        self._certificate = certificate
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._socket: socket.socket | None = None
        self._listening: Listening | None = None
        self._workers: list[_Worker] = []
        self._stopping = threading.Event()
        #: why `wait` returned early: workers that could not start again
        self.failure: str | None = None
        self.endpoint: Endpoint | None = None

    @property
    def running(self) -> bool:
        return any(worker.process.is_alive() for worker in self._workers)

    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self._workers if worker.process.pid is not None]

    def _spawn(self) -> _Worker:
        assert self._listening is not None
        ready = self._context.Event()
        process = self._context.Process(
            target=serve_worker, args=(self._factory, self._certificate, self._listening, ready),
            name="maitred-online-worker", daemon=True)
        process.start()
        return _Worker(process, ready)

    def _wait_ready(self, worker: _Worker, deadline: float) -> bool:
        while not worker.ready.wait(0.05):
            if not worker.process.is_alive() or time.monotonic() > deadline:
                return False
        return True

    def start(self) -> Endpoint:
        """Bind, start the workers, and wait until every one accepts connections (OSError if
        the address can't be had or a worker can't start)."""
        if self._workers:
            raise RuntimeError("the online server is already running")
        if kernel_spreads_connections():
            self._socket = bind(self._host, self._port, reuse_port=True, listen=False)  # holds the port
            self._listening = (self._host, self._socket.getsockname()[1])
        else:
            self._socket = bind(self._host, self._port)
            self._listening = self._socket
        self._stopping.clear()
        self.failure = None
        self._workers = [self._spawn() for _ in range(self.workers)]
        deadline = time.monotonic() + STARTUP_SECONDS * 2
        if not all(self._wait_ready(worker, deadline) for worker in self._workers):
            codes = [worker.process.exitcode for worker in self._workers]
            self.stop()
            raise OSError(f"the online server could not start (worker exit codes {codes}); see the log above")
        self.endpoint = Endpoint(self._host, self._socket.getsockname()[1], self._certificate is not None)
        return self.endpoint

    def wait(self) -> None:
        """Block until `stop` (or Ctrl+C), replacing a worker that dies; return early, with
        `failure` set, if a replacement can't start."""
        while not self._stopping.is_set() and self._workers:
            multiprocessing.connection.wait([worker.process.sentinel for worker in self._workers], timeout=0.5)
            for index, worker in enumerate(self._workers):
                if worker.process.is_alive() or self._stopping.is_set():
                    continue
                log.warning("online-server worker %s ended (exit code %s); starting another",
                            worker.process.pid, worker.process.exitcode)
                replacement = self._spawn()
                self._workers[index] = replacement
                if not self._wait_ready(replacement, time.monotonic() + STARTUP_SECONDS * 2):
                    self.failure = f"a new worker could not start (exit code {replacement.process.exitcode})"
                    log.error("the online server stops: %s", self.failure)
                    return

    def stop(self, timeout: float = 10.0) -> None:
        """Let every worker finish its requests and stop; nothing happens if none runs."""
        self._stopping.set()
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.terminate()  # SIGTERM: uvicorn finishes the requests under way
        deadline = time.monotonic() + timeout
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout)
        self._workers = []
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        self._listening = None
        self.endpoint = None
