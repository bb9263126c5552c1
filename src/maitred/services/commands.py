"""What callers ask the book to do: who is asking, new reservations, and partial changes.

A field left `UNSET` in a patch is not named by the request; `None` means "clear it". The
difference matters: naming a restricted field is refused even when its value would not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Final, Literal, TypeAlias, TypeVar

from maitred.domain.availability import LocationConflict, TableConflict
from maitred.domain.lifecycle import ReservationStatus, Scope, Source


class _Unset(Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset.UNSET
T = TypeVar("T")
Maybe: TypeAlias = T | Literal[_Unset.UNSET]


def is_set(value: object) -> bool:
    return value is not UNSET


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: the scope decides what is allowed; actor and terminal go into the audit log."""

    scope: Scope
    actor: str | None = None
    terminal: str | None = None


@dataclass(frozen=True, slots=True)
class ReserveeDraft:
    """Guest details as typed by the host or the guest; the phone is not yet normalised."""

    first_name: Maybe[str | None] = UNSET
    last_name: Maybe[str | None] = UNSET
    email: Maybe[str | None] = UNSET
    phone: Maybe[str | None] = UNSET
    marketing_consent: Maybe[bool | None] = UNSET
    custom_fields: Maybe[Mapping[str, Any] | None] = UNSET


@dataclass(frozen=True, slots=True)
class Overrides:
    """Conflicts a FULL caller books over anyway (the ignore lists)."""

    table_conflicts: frozenset[TableConflict] = frozenset()
    location_conflicts: frozenset[LocationConflict] = frozenset()
    named: bool = False  # whether the request named an ignore list at all (a restricted field)


@dataclass(frozen=True, slots=True)
class ReservationDraft:
    """A reservation to create. `table_ids=None` asks for automatic assignment."""

    location_id: str
    start: datetime
    party_size: int
    end: datetime | None = None
    table_ids: tuple[str, ...] | None = None
    status: ReservationStatus | None = None
    source: Source | None = None
    reservee: ReserveeDraft | None = None
    team_message: str | None = None
    decline_reason: str | None = None
    overrides: Overrides = field(default_factory=Overrides)


@dataclass(frozen=True, slots=True)
class ReservationPatch:
    """A partial change of a reservation: only the fields that are set change."""

    status: Maybe[ReservationStatus] = UNSET
    source: Maybe[Source] = UNSET
    location_id: Maybe[str] = UNSET
    start: Maybe[datetime] = UNSET
    end: Maybe[datetime] = UNSET
    party_size: Maybe[int] = UNSET
    table_ids: Maybe[tuple[str, ...]] = UNSET
    reservee: Maybe[ReserveeDraft] = UNSET
    team_message: Maybe[str | None] = UNSET
    decline_reason: Maybe[str | None] = UNSET
    overrides: Overrides = field(default_factory=Overrides)

    def restricted_fields(self) -> list[str]:
        """The fields only a FULL caller may name."""
        named = [
            name for name, value in (("status", self.status), ("source", self.source),
                                     ("details.tableIds", self.table_ids), ("details.endDate", self.end))
            if is_set(value)
        ]
        if self.overrides.named:
            named.append("ignore lists")
        return named


def pick(value: Maybe[T], current: T) -> T:
    """The patched value if the patch names it, else the current one."""
    return current if value is UNSET else value
