"""Wrong codes are counted in the database, so every worker and server shares the count (it was
kept in each process's memory: with two workers, twice the tries). The client is kept as a
keyed digest, and only for the quarter of an hour it counts.

Revision ID: 0014
Revises: 0013
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "codeguess",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=32), nullable=False),
        sa.Column("tried_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_codeguess_client", "codeguess", ["client"])
    op.create_index("ix_codeguess_tried_at", "codeguess", ["tried_at"])


def downgrade() -> None:
    op.drop_index("ix_codeguess_tried_at", table_name="codeguess")
    op.drop_index("ix_codeguess_client", table_name="codeguess")
    op.drop_table("codeguess")
