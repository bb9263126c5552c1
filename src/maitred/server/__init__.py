"""The online-bookings server: the wire API over HTTPS, for a website or the Wix SDK.

    app = build_app(ReservationApi(book), ApiKeyService(book.unit_of_work, book.clock))
    server = OnlineServer(app, host="127.0.0.1", port=8443, certificate=ensure_self_signed(folder))
    server.start(); ...; server.stop()

Knows no Qt: the stand runs the same server in a thread (controllers/online_server.py), and
`maitred serve` runs it in the foreground, as one process or as several (`--workers`, workers.py).
"""

from maitred.server.app import ServerSettings, build_app, build_book_app

__all__ = ["ServerSettings", "build_app", "build_book_app"]
