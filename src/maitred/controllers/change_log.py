"""The manager's change log: every change in the book, newest first, a page at a time.

Filtered by the restaurant's local day and by who made the change; "older" and "newer" move
through the pages by entry id, so new changes arriving meanwhile never shift a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from maitred.controllers.day_controller import local_day_span
from maitred.controllers.staff_session import StaffOnDuty
from maitred.domain.change_log import ChangeLogPage, ChangeLogQuery
from maitred.domain.staff import Permission
from maitred.services.book import ReservationBook

PAGE_SIZE = 50


class ChangeLogBrowser:
    """One manager's walk through the log: the filters and the pages seen so far."""

    def __init__(self, book: ReservationBook, staff: StaffOnDuty, time_zone: str, page_size: int = PAGE_SIZE) -> None:
        self._book, self._staff, self._zone = book, staff, time_zone
        self._page_size = page_size
        self._day: date | None = None
        self._actor: str | None = None
        self._starts: list[int | None] = [None]  # the `before_id` of each page seen, newest first
        self.page = ChangeLogPage((), False)

    @property
    def page_number(self) -> int:
        return len(self._starts)

    @property
    def has_newer(self) -> bool:
        return len(self._starts) > 1

    @property
    def has_older(self) -> bool:
        return self.page.has_older

    def actors(self) -> Sequence[str]:
        self._staff.require(Permission.READ_CHANGE_LOG)
        return self._book.change_log.actors()

    def show(self, day: date | None = None, actor: str | None = None) -> ChangeLogPage:
        """The newest page for these filters (None: any day, anybody)."""
        self._day, self._actor = day, actor or None
        self._starts = [None]
        return self._load()

    def older(self) -> ChangeLogPage:
        if self.page.has_older and self.page.oldest_id is not None:
            self._starts.append(self.page.oldest_id)
            return self._load()
        return self.page

    def newer(self) -> ChangeLogPage:
        if len(self._starts) > 1:
            self._starts.pop()
            return self._load()
        return self.page

    def _load(self) -> ChangeLogPage:
        on_duty = self._staff.require(Permission.READ_CHANGE_LOG)
        start, end = local_day_span(self._day, self._zone) if self._day is not None else (None, None)
        query = ChangeLogQuery(start=start, end=end, actor=self._actor, before_id=self._starts[-1],
                               limit=self._page_size)
        self.page = self._book.change_log.page(on_duty, query)
        return self.page
