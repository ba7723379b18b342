"""The logbook: what owners and analysts did that others may need to account for (published,
downloaded microdata, made or closed a round, deleted an answer), by whom and when. A database
from before has an empty one.

Revision ID: 0022
Revises: 0021
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "logbookentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("what", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_logbookentry_at", "logbookentry", ["at"])


def downgrade() -> None:
    op.drop_index("ix_logbookentry_at", table_name="logbookentry")
    op.drop_table("logbookentry")
