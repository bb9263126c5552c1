"""API keys: how a website or an integration proves who it is to the online-bookings server.

Only a key's SHA-256 hash is stored; the key itself is shown once, when it is made. A key has a
name (it becomes the audit log's actor, `apikey:<name>`) and a scope: BASIC for a public website,
FULL for a trusted integration. A revoked key is kept, so the audit log's actors stay explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from maitred.domain.errors import ReservationBookError
from maitred.domain.lifecycle import Scope

MAX_KEY_NAME = 100


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    name: str
    scope: Scope
    key_hash: str  # hex SHA-256 of the key
    created: datetime
    created_by: str | None = None
    revoked: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None

    @property
    def actor(self) -> str:
        """The audit log's name for whatever is booked with this key."""
        return f"apikey:{self.name}"


class ApiKeyNotFound(ReservationBookError):
    code = "API_KEY_NOT_FOUND"
