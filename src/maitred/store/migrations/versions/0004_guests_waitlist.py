"""The guest book and the waitlist: a branch of its own from the first schema.

Revision ID: 0004_guests_waitlist
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_guests_waitlist"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("guests_waitlist",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("merged_into", sa.String(length=36), nullable=True),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=True),
        sa.Column("updated_ms", sa.BigInteger(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guests")),
    )
    op.create_index("ix_guests_phone", "guests", ["phone"], unique=True)
    op.create_index("ix_guests_merged_into", "guests", ["merged_into"])

    op.create_table(
        "waitlist_parties",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("party_size", sa.Integer(), nullable=False),
        sa.Column("added_ms", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("quoted_ready_ms", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("notified_ms", sa.BigInteger(), nullable=True),
        sa.Column("seated_ms", sa.BigInteger(), nullable=True),
        sa.Column("left_ms", sa.BigInteger(), nullable=True),
        sa.Column("reservation_id", sa.String(length=36), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["reservation_locations.id"],
            name=op.f("fk_waitlist_parties_location_id_reservation_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_parties")),
    )
    op.create_index("ix_waitlist_parties_location_status", "waitlist_parties", ["location_id", "status", "added_ms"])
    op.create_index("ix_waitlist_parties_location_added", "waitlist_parties", ["location_id", "added_ms"])


def downgrade() -> None:
    op.drop_index("ix_waitlist_parties_location_added", table_name="waitlist_parties")
    op.drop_index("ix_waitlist_parties_location_status", table_name="waitlist_parties")
    op.drop_table("waitlist_parties")
    op.drop_index("ix_guests_merged_into", table_name="guests")
    op.drop_index("ix_guests_phone", table_name="guests")
    op.drop_table("guests")
