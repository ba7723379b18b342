"""Figures imported from other installations for the national comparison («Landet»,
app/results/national.py). A database from before has none.

Revision ID: 0025
Revises: 0024
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "importedfigure",
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("municipality_number", sa.String(length=4), nullable=False),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=False),
        sa.Column("municipality_name", sa.String(length=100), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "period", "municipality_number", "audience", "theme"),
    )


def downgrade() -> None:
    op.drop_table("importedfigure")
