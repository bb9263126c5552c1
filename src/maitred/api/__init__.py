"""The wire API of SPEC.md: one method per operation, dict in, dict out, over the services.

    api = open_api("sqlite://", clock=clock)
    host = api.as_scope("FULL", actor="host:anna")
    host.create_reservation({...})       # or host.call("createReservation", {...})
    api.expire_held_reservations()
    api.close()
"""

from __future__ import annotations

from typing import Any

from maitred.api.errors import ApiError, as_api_error
from maitred.api.operations import OPERATIONS, ScopedApi, parse_scope
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.ports import Clock

__all__ = ["OPERATIONS", "ApiError", "ReservationApi", "ScopedApi", "open_api"]


class ReservationApi:
    """The book behind the wire API; hands out scoped views of it."""

    def __init__(self, book: ReservationBook) -> None:
        self.book = book

    def as_scope(self, scope: Any, *, actor: str | None = None, terminal: str | None = None) -> ScopedApi:
        return ScopedApi(self.book, Caller(parse_scope(scope), actor, terminal))

    def expire_held_reservations(self) -> int:
        """The sweeper: removes holds whose ten minutes are over; returns how many."""
        try:
            return self.book.reservations.expire_held()
        except Exception as exc:
            raise as_api_error(exc) from exc

    def close(self) -> None:
        self.book.close()

    def __enter__(self) -> ReservationApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_api(url: str | None = None, *, clock: Clock | None = None) -> ReservationApi:
    """The API over the book at `url` (any SQLAlchemy URL; default: the SQLite file in the user
    data folder), migrated to this version, with `clock` as the source of every "now"."""
    from maitred.bootstrap import open_book

    try:
        return ReservationApi(open_book(url, clock=clock))
    except Exception as exc:
        raise as_api_error(exc) from exc
