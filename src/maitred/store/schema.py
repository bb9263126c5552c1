"""The tables of the reservation book, as SQLAlchemy Core tables.

Rows are not domain values: `repositories.py` translates between the two explicitly, so the
domain never learns about columns. Instants are epoch milliseconds (UTC) in BIGINT columns,
which sort and compare the same way on SQLite and PostgreSQL. Nested values (a location's
configuration, a guest, audit snapshots) are JSON text written by `codec.py`.

The schema is built only by the Alembic migrations; a test compares this metadata with the
migrated database so the two can't drift apart.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

#: Deterministic constraint names: SQLite batch migrations can only alter what has a name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 36  # a UUID4 in its canonical text form
ENUM_LENGTH = 32

#: Every table of the book (Core tables: the store maps rows by hand, so the ORM is never loaded).
metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _id() -> Column[Any]:
    return Column("id", String(ID_LENGTH), primary_key=True)


def _required(name: str, kind: Any, *foreign_key: ForeignKey) -> Column[Any]:
    return Column(name, kind, *foreign_key, nullable=False)


def _optional(name: str, kind: Any) -> Column[Any]:
    return Column(name, kind, nullable=True)


#: A restaurant; `document` is the whole `ReservationLocation`, the other columns mirror the parts
#: that are looked up or sorted on.
locations_table = Table(
    "reservation_locations", metadata,
    _id(),
    _required("position", Integer),  # creation order
    _required("revision", Integer),
    _optional("created_ms", BigInteger),
    _optional("updated_ms", BigInteger),
    _required("is_default", Boolean),
    _required("archived", Boolean),
    _required("name", Text),
    _required("document", Text),
    Index("ix_reservation_locations_position", "position", "id"),
)

#: A reservation, one column per field so availability and listings are plain index scans.
reservations_table = Table(
    "reservations", metadata,
    _id(),
    _required("location_id", String(ID_LENGTH), ForeignKey("reservation_locations.id")),
    _required("status", String(ENUM_LENGTH)),
    _required("source", String(ENUM_LENGTH)),
    _required("start_ms", BigInteger),
    _required("end_ms", BigInteger),
    _required("party_size", Integer),
    _required("table_ids", Text),  # JSON array of table ids
    _optional("reservee", Text),  # JSON object, or NULL for no guest
    _optional("team_message", Text),
    _optional("decline_reason", Text),
    _required("table_clashes", Text),  # JSON array of TableClash
    _required("created_ms", BigInteger),
    _optional("updated_ms", BigInteger),
    _required("revision", Integer),
    # A day's table uses at one location: equality on location, range on start; the other
    # columns let the scan drop rows ending too early or not occupying without a table lookup.
    Index("ix_reservations_location_start", "location_id", "start_ms", "end_ms", "status", "created_ms"),
    # The hold sweeper and the next hold deadline.
    Index("ix_reservations_status_created", "status", "created_ms"),
    # Keyset listings by creation or by start across all locations.
    Index("ix_reservations_created_id", "created_ms", "id"),
    Index("ix_reservations_start_id", "start_ms", "id"),
)

#: One change by anyone; the growing `id` is also the change counter other terminals poll.
audit_table = Table(
    "audit_entries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _required("kind", String(ENUM_LENGTH)),  # 'reservation' | 'location' | 'staff' | ...
    _required("subject_id", String(ID_LENGTH)),
    _required("location_id", String(ID_LENGTH)),
    _required("at_ms", BigInteger),
    _optional("actor", Text),
    _optional("scope", String(ENUM_LENGTH)),
    _required("operation", String(64)),
    _optional("terminal", Text),
    _optional("before", Text),
    _optional("after", Text),
    Index("ix_audit_entries_subject_id", "subject_id", "id"),
    sqlite_autoincrement=True,  # ids never come back, even if the newest entry went
)

AUDIT_KIND_RESERVATION = "reservation"
AUDIT_KIND_LOCATION = "location"


# --- API keys of the online-bookings server (migration branch 0003_api_keys) ----------------------

#: A key a website or an integration books with; only the key's SHA-256 is kept.
api_keys_table = Table(
    "api_keys", metadata,
    _id(),
    _required("name", Text),
    _required("scope", String(ENUM_LENGTH)),
    _required("key_hash", String(64)),
    _required("created_ms", BigInteger),
    _optional("created_by", Text),
    _optional("revoked_ms", BigInteger),
    Index("ix_api_keys_key_hash", "key_hash", unique=True),
)


# --- staff members of the stand (migration branch 0002_staff) ----------------------------------

#: A person who signs in at the stand; `pin_hash` is `scrypt$n$r$p$salt$digest`, never a PIN.
staff_table = Table(
    "staff_members", metadata,
    _id(),
    _required("name", String(100)),
    _required("role", String(ENUM_LENGTH)),
    _required("active", Boolean),
    _required("pin_hash", Text),
    _optional("created_ms", BigInteger),
    _optional("updated_ms", BigInteger),
    _required("revision", Integer),
    Index("ix_staff_members_name", "name"),
)
AUDIT_KIND_STAFF = "staff"


# --- the guest book and the waitlist (migration branch 0004_guests_waitlist) ---------------------

#: A guest profile; with `merged_into` set, only the number of a duplicate that was merged into
#: that guest (so the number still recognises them, and stays unique).
guests_table = Table(
    "guests", metadata,
    _id(),
    _required("phone", String(32)),  # E.164
    _optional("merged_into", String(ID_LENGTH)),
    _optional("first_name", Text),
    _optional("last_name", Text),
    _optional("email", Text),
    _required("tags", Text),  # JSON array of strings
    _required("notes", Text),
    _optional("created_ms", BigInteger),
    _optional("updated_ms", BigInteger),
    _required("revision", Integer),
    Index("ix_guests_phone", "phone", unique=True),
    Index("ix_guests_merged_into", "merged_into"),
)

#: A party on the waitlist, with what it was quoted and what became of it.
waitlist_table = Table(
    "waitlist_parties", metadata,
    _id(),
    _required("location_id", String(ID_LENGTH), ForeignKey("reservation_locations.id")),
    _required("party_size", Integer),
    _required("added_ms", BigInteger),
    _optional("name", Text),
    _optional("phone", String(32)),
    _optional("notes", Text),
    _optional("quoted_ready_ms", BigInteger),
    _required("status", String(ENUM_LENGTH)),
    _optional("notified_ms", BigInteger),
    _optional("seated_ms", BigInteger),
    _optional("left_ms", BigInteger),
    _optional("reservation_id", String(ID_LENGTH)),
    _required("revision", Integer),
    # The parties still waiting at a location, first come first.
    Index("ix_waitlist_parties_location_status", "location_id", "status", "added_ms"),
    # The reports: parties added at a location over a run of days.
    Index("ix_waitlist_parties_location_added", "location_id", "added_ms"),
)
AUDIT_KIND_GUEST = "guest"
AUDIT_KIND_WAITLIST = "waitlist"
