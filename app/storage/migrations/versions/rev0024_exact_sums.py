"""Kept theme sums hold their total exactly, as a fraction («825/12»; app/results/sums.py):
a mean exactly halfway was rounded down from a floating-point total. Sums kept before have
none: a round with its answers is counted again, one whose answers are deleted keeps its
floating-point total.

Revision ID: 0024
Revises: 0023
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("keptthemesums", sa.Column("exact_total", sa.String(length=100)))


def downgrade() -> None:
    op.execute("ALTER TABLE keptthemesums DROP COLUMN exact_total")
