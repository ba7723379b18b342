"""Round actions: what a municipality will do after a round, on a theme or a question, who is
responsible, by when, and its status. A database from before has none.

Revision ID: 0018
Revises: 0017
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "roundaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=False),
        sa.Column("question_id", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("responsible", sa.String(length=100), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_roundaction_round_id", "roundaction", ["round_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_roundaction_round_id", table_name="roundaction")
    op.drop_table("roundaction")
