"""`maitred serve` and `maitred apikey create|list|revoke`: the online server without the window.

    maitred serve [--host 127.0.0.1] [--port 8443] [--database-url URL] [--data-dir DIR]
                  [--cert FILE --key FILE] [--rate-limit 20] [--burst 40] [--workers N]
    maitred apikey create --name website --scope BASIC
    maitred apikey list
    maitred apikey revoke ID
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from maitred.api import ReservationApi
from maitred.bootstrap import open_book
from maitred.domain.errors import ReservationBookError
from maitred.paths import data_dir
from maitred.server.app import ServerSettings, build_app
from maitred.server.limits import SharedLimits
from maitred.server.runner import OnlineServer
from maitred.server.server_book import SharedWritersLock, book_in_memory, reads_wait_on_network, server_book
from maitred.server.tls import Certificate, CertificateError, ensure_self_signed, load_certificate
from maitred.server.workers import LOG_FORMAT, BookAppFactory, OnlineWorkers, default_workers
from maitred.services.api_keys import ApiKeyService
from maitred.services.book import ReservationBook

SWEEP_SECONDS = 30.0
log = logging.getLogger("maitred.server")


def _book_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="folder of the book (and of the server's certificate)")
    parser.add_argument("--database-url", help="SQLAlchemy URL of the book (default: the file in the data folder)")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="maitred", description="Maitre D's online-bookings server and its API keys.")
    commands = top.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the Wix Table Reservations REST API over HTTPS")
    _book_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this computer only)")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--cert", type=Path, help="certificate (PEM) instead of the self-signed one")
    serve.add_argument("--key", type=Path, help="the certificate's private key (PEM)")
    serve.add_argument("--rate-limit", type=float, default=20.0, help="requests a second per key (0: no limit)")
    serve.add_argument("--burst", type=int, default=40, help="requests a key may make at once above its rate")
    serve.add_argument("--workers", type=_positive, default=default_workers(),
                       help="server processes, each answering on a core of its own "
                            f"(default here: {default_workers()}, one a core, two at most)")
    keys = commands.add_parser("apikey", help="create, list or revoke the API keys of the online server")
    key_commands = keys.add_subparsers(dest="key_command", required=True)
    create = key_commands.add_parser("create", help="make a key; it is shown once")
    create.add_argument("--name", required=True, help="who uses it (the audit log shows apikey:<name>)")
    create.add_argument("--scope", default="BASIC", choices=["BASIC", "MEDIUM", "FULL"],
                        help="BASIC for a website, FULL for a trusted integration")
    _book_options(create)
    listing = key_commands.add_parser("list", help="every key, revoked ones included")
    _book_options(listing)
    revoke = key_commands.add_parser("revoke", help="stop a key at once")
    revoke.add_argument("id")
    _book_options(revoke)
    return top


def main(argv: Sequence[str], out: TextIO = sys.stdout) -> int:
    args = parser().parse_args(list(argv))
    folder = data_dir(args.data_dir)
    try:
        book = open_book(args.database_url, data_dir=folder)
    except ReservationBookError as error:
        print(error.message, file=sys.stderr)
        return 2
    try:
        if args.command == "serve":
            return serve(args, book, folder, out)
        return manage_keys(args, ApiKeyService(book.unit_of_work, book.clock), out)
    finally:
        book.close()


def manage_keys(args: argparse.Namespace, keys: ApiKeyService, out: TextIO) -> int:
    try:
        if args.key_command == "create":
            key, text = keys.create(args.name, args.scope, created_by="maitred apikey")
            print(f"API key {key.id} ({key.name}, {key.scope}):\n\n    {text}\n", file=out)
            print("Keep it now: it is shown only this once (Maitre D stores only its hash).", file=out)
        elif args.key_command == "list":
            for key in keys.list():
                state = f"revoked {key.revoked:%Y-%m-%d %H:%M}" if key.revoked else "active"
                print(f"{key.id}  {key.scope:<6}  {key.name}  (created {key.created:%Y-%m-%d %H:%M} UTC, {state})",
                      file=out)
        else:
            key = keys.revoke(args.id)
            print(f"API key {key.id} ({key.name}) is revoked.", file=out)
    except ReservationBookError as error:
        print(error.message, file=sys.stderr)
        return 1
    return 0


def certificate_for(args: argparse.Namespace, folder: Path) -> Certificate:
    if (args.cert is None) != (args.key is None):
        raise CertificateError("give both --cert and --key, or neither (for the self-signed certificate)")
    if args.cert is not None:
        return load_certificate(args.cert, args.key)
    return ensure_self_signed(folder, (args.host,))


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def serve(args: argparse.Namespace, book: ReservationBook, folder: Path, out: TextIO) -> int:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    try:
        certificate = certificate_for(args, folder)
    except CertificateError as error:
        print(error, file=sys.stderr)
        return 2
    keys = ApiKeyService(book.unit_of_work, book.clock)
    settings = ServerSettings(rate_per_second=args.rate_limit, burst=args.burst)
    workers = 1 if book_in_memory(book) else args.workers  # another process would see another, empty book
    server: OnlineServer | OnlineWorkers
    writers: SharedWritersLock | None = None
    if workers == 1:
        api = ReservationApi(server_book(book))  # the server's and the hold sweeper's
        app = build_app(api, keys, settings, reads_in_loop=not reads_wait_on_network(book))
        server = OnlineServer(app, args.host, args.port, certificate)
    else:
        writers = SharedWritersLock()  # the sweeper here queues with the workers' writers
        api = ReservationApi(server_book(book, writers))
        factory = BookAppFactory(args.database_url, folder, settings, SharedLimits.make(), writers)
        server = OnlineWorkers(factory, args.host, args.port, certificate, workers)
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop: finish requests, then exit 0
    try:
        endpoint = server.start()
    except OSError as error:
        print(f"can't listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        if writers is not None:
            writers.remove()
        return 2
    stop = threading.Event()
    try:
        print(f"Maitre D online bookings at {endpoint.url}", file=out)
        print(f"certificate {certificate.cert_file}\nSHA-256 fingerprint {certificate.fingerprint}", file=out)
        print(f"{workers} worker process{'es' if workers > 1 else ''} (--workers)", file=out)
        if not any(k.active for k in keys.list()):
            print("No API key yet: make one with `maitred apikey create --name website --scope BASIC`.", file=out)
        out.flush()
        threading.Thread(target=_sweep, args=(api, stop), name="maitred-hold-sweeper", daemon=True).start()
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stop()
        if writers is not None:
            writers.remove()
    failure = getattr(server, "failure", None)
    if failure:
        print(f"the online server stopped: {failure}", file=sys.stderr)
        return 1
    return 0


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _sweep(api: ReservationApi, stop: threading.Event) -> None:
    """Remove expired holds now and then (availability ignores them anyway; this tidies the book)."""
    while not stop.wait(SWEEP_SECONDS):
        try:
            api.expire_held_reservations()
        except Exception:
            log.exception("the hold sweeper failed; it tries again")
