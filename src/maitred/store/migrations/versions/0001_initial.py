"""The first schema: locations, reservations and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-05-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reservation_locations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=True),
        sa.Column("updated_ms", sa.BigInteger(), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservation_locations")),
    )
    op.create_index("ix_reservation_locations_position", "reservation_locations", ["position", "id"])

    op.create_table(
        "reservations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("start_ms", sa.BigInteger(), nullable=False),
        sa.Column("end_ms", sa.BigInteger(), nullable=False),
        sa.Column("party_size", sa.Integer(), nullable=False),
        sa.Column("table_ids", sa.Text(), nullable=False),
        sa.Column("reservee", sa.Text(), nullable=True),
        sa.Column("team_message", sa.Text(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("table_clashes", sa.Text(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_ms", sa.BigInteger(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["reservation_locations.id"],
            name=op.f("fk_reservations_location_id_reservation_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservations")),
    )
    op.create_index(
        "ix_reservations_location_start",
        "reservations",
        ["location_id", "start_ms", "end_ms", "status", "created_ms"],
    )
    op.create_index("ix_reservations_status_created", "reservations", ["status", "created_ms"])
    op.create_index("ix_reservations_created_id", "reservations", ["created_ms", "id"])
    op.create_index("ix_reservations_start_id", "reservations", ["start_ms", "id"])

    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("scope", sa.String(length=32), nullable=True),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("terminal", sa.Text(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_audit_entries_subject_id", "audit_entries", ["subject_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_entries_subject_id", table_name="audit_entries")
    op.drop_table("audit_entries")
    op.drop_index("ix_reservations_start_id", table_name="reservations")
    op.drop_index("ix_reservations_created_id", table_name="reservations")
    op.drop_index("ix_reservations_status_created", table_name="reservations")
    op.drop_index("ix_reservations_location_start", table_name="reservations")
    op.drop_table("reservations")
    op.drop_index("ix_reservation_locations_position", table_name="reservation_locations")
    op.drop_table("reservation_locations")
