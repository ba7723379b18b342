"""How many an owner invited to a round, per home for residents and for the whole round, so
results can show participation. Rounds made before have none: their results say nothing of it.

Revision ID: 0010
Revises: 0009
Created: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invited",
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("round.id"), nullable=False),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("round_id", "audience", "unit"),
    )


def downgrade() -> None:
    op.drop_table("invited")
