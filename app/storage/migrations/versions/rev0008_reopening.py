"""A round closed by mistake can be opened again: a round keeps when it was last opened again
(the responses begun before it stay as they were) and which responses its figures hold (those
begun before that moment, until the new answers are enough to show). Rounds made before were
never opened again (both empty).

Revision ID: 0008
Revises: 0007
Created: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("reopened_at", "counts_before")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("round", sa.Column(name, sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Plain SQL (SQLite has it since 3.35): a batch would copy the round table, which the
    # foreign keys of every response refuse.
    for name in reversed(COLUMNS):
        op.execute(f"ALTER TABLE round DROP COLUMN {name}")
