"""A round's own name for the service (municipalities call it differently): "" for rounds made
before, which keep the questionnaires' own name.

Revision ID: 0012
Revises: 0011
Created: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "round",
        sa.Column("service_name", sa.String(length=100), nullable=False, server_default=""),
    )


def downgrade() -> None:
    # Plain SQL (SQLite has it since 3.35): a batch would copy the round table, which the
    # foreign keys of every response refuse.
    op.execute("ALTER TABLE round DROP COLUMN service_name")
