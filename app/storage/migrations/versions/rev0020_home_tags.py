"""Home tags: the service and form of housing an owner gives each of a round's homes, so the
report can show results by service and by form of housing. A database from before has none.

Revision ID: 0020
Revises: 0019
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hometag",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("housing", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"]),
        sa.PrimaryKeyConstraint("round_id", "unit"),
    )


def downgrade() -> None:
    op.drop_table("hometag")
