"""The tables of the reservation book, as declarative row classes.

Rows are not domain values: `repositories.py` translates between the two explicitly, so the
domain never learns about columns. Instants are epoch milliseconds (UTC) in BIGINT columns,
which sort and compare the same way on SQLite and PostgreSQL. Nested values (a location's
configuration, a guest, audit snapshots) are JSON text written by `codec.py`.

The schema is built only by the Alembic migrations; a test compares this metadata with the
migrated database so the two can't drift apart.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, MetaData, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class LocationRow(Base):
    """A restaurant; `document` is the whole `ReservationLocation`, the other columns mirror the
    parts that are looked up or sorted on."""

    __tablename__ = "reservation_locations"
    __table_args__ = (Index("ix_reservation_locations_position", "position", "id"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # creation order
    revision: Mapped[int] = mapped_column(Integer)
    created_ms: Mapped[int | None] = mapped_column(BigInteger)
    updated_ms: Mapped[int | None] = mapped_column(BigInteger)
    is_default: Mapped[bool] = mapped_column(Boolean)
    archived: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(Text)


class ReservationRow(Base):
    """A reservation, one column per field so availability and listings are plain index scans."""

    __tablename__ = "reservations"
    __table_args__ = (
        # A day's table uses at one location: equality on location, range on start; the other
        # columns let the scan drop rows ending too early or not occupying without a table lookup.
        Index("ix_reservations_location_start", "location_id", "start_ms", "end_ms", "status", "created_ms"),
        # The hold sweeper and the next hold deadline.
        Index("ix_reservations_status_created", "status", "created_ms"),
        # Keyset listings by creation or by start across all locations.
        Index("ix_reservations_created_id", "created_ms", "id"),
        Index("ix_reservations_start_id", "start_ms", "id"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    location_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("reservation_locations.id"))
    status: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    source: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    start_ms: Mapped[int] = mapped_column(BigInteger)
    end_ms: Mapped[int] = mapped_column(BigInteger)
    party_size: Mapped[int] = mapped_column(Integer)
    table_ids: Mapped[str] = mapped_column(Text)  # JSON array of table ids
    reservee: Mapped[str | None] = mapped_column(Text)  # JSON object, or NULL for no guest
    team_message: Mapped[str | None] = mapped_column(Text)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    table_clashes: Mapped[str] = mapped_column(Text)  # JSON array of TableClash
    created_ms: Mapped[int] = mapped_column(BigInteger)
    updated_ms: Mapped[int | None] = mapped_column(BigInteger)
    revision: Mapped[int] = mapped_column(Integer)


class AuditRow(Base):
    """One change by anyone; the growing `id` is also the change counter other terminals poll."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_subject_id", "subject_id", "id"),
        {"sqlite_autoincrement": True},  # ids never come back, even if the newest entry went
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(ENUM_LENGTH))  # 'reservation' | 'location'
    subject_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    location_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    at_ms: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(String(ENUM_LENGTH))
    operation: Mapped[str] = mapped_column(String(64))
    terminal: Mapped[str | None] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


def _table(row_class: type[Base]) -> Table:
    table = row_class.__table__
    assert isinstance(table, Table)
    return table


#: The Core tables, for the repositories' column-level statements.
locations_table = _table(LocationRow)
reservations_table = _table(ReservationRow)
audit_table = _table(AuditRow)

AUDIT_KIND_RESERVATION = "reservation"
AUDIT_KIND_LOCATION = "location"


# --- API keys of the online-bookings server (migration branch 0003_api_keys) ----------------------


class ApiKeyRow(Base):
    """A key a website or an integration books with; only the key's SHA-256 is kept."""

    __tablename__ = "api_keys"
    __table_args__ = (Index("ix_api_keys_key_hash", "key_hash", unique=True),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    key_hash: Mapped[str] = mapped_column(String(64))
    created_ms: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str | None] = mapped_column(Text)
    revoked_ms: Mapped[int | None] = mapped_column(BigInteger)


api_keys_table = _table(ApiKeyRow)


# --- staff members of the stand (migration branch 0002_staff) ----------------------------------


class StaffRow(Base):
    """A person who signs in at the stand; `pin_hash` is `scrypt$n$r$p$salt$digest`, never a PIN."""

    __tablename__ = "staff_members"
    __table_args__ = (Index("ix_staff_members_name", "name"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    active: Mapped[bool] = mapped_column(Boolean)
    pin_hash: Mapped[str] = mapped_column(Text)
    created_ms: Mapped[int | None] = mapped_column(BigInteger)
    updated_ms: Mapped[int | None] = mapped_column(BigInteger)
    revision: Mapped[int] = mapped_column(Integer)


staff_table = _table(StaffRow)
AUDIT_KIND_STAFF = "staff"


# --- the guest book and the waitlist (migration branch 0004_guests_waitlist) ---------------------


class GuestRow(Base):
    """A guest profile; with `merged_into` set, only the number of a duplicate that was merged
    into that guest (so the number still recognises them, and stays unique)."""

    __tablename__ = "guests"
    __table_args__ = (
        Index("ix_guests_phone", "phone", unique=True),
        Index("ix_guests_merged_into", "merged_into"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    phone: Mapped[str] = mapped_column(String(32))  # E.164
    merged_into: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    first_name: Mapped[str | None] = mapped_column(Text)
    last_name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(Text)  # JSON array of strings
    notes: Mapped[str] = mapped_column(Text)
    created_ms: Mapped[int | None] = mapped_column(BigInteger)
    updated_ms: Mapped[int | None] = mapped_column(BigInteger)
    revision: Mapped[int] = mapped_column(Integer)


class WaitingPartyRow(Base):
    """A party on the waitlist, with what it was quoted and what became of it."""

    __tablename__ = "waitlist_parties"
    __table_args__ = (
        # The parties still waiting at a location, first come first.
        Index("ix_waitlist_parties_location_status", "location_id", "status", "added_ms"),
        # The reports: parties added at a location over a run of days.
        Index("ix_waitlist_parties_location_added", "location_id", "added_ms"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    location_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("reservation_locations.id"))
    party_size: Mapped[int] = mapped_column(Integer)
    added_ms: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    quoted_ready_ms: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    notified_ms: Mapped[int | None] = mapped_column(BigInteger)
    seated_ms: Mapped[int | None] = mapped_column(BigInteger)
    left_ms: Mapped[int | None] = mapped_column(BigInteger)
    reservation_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    revision: Mapped[int] = mapped_column(Integer)


guests_table = _table(GuestRow)
waitlist_table = _table(WaitingPartyRow)
AUDIT_KIND_GUEST = "guest"
AUDIT_KIND_WAITLIST = "waitlist"
