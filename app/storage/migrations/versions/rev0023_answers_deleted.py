"""When a closed round's answers were deleted (app/survey/retention.py): its counted figures
stay, nothing is counted from it again, and it cannot be opened again. Rounds from before keep
their answers (None).

Revision ID: 0023
Revises: 0022
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("round", sa.Column("answers_deleted_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    # Plain SQL (SQLite has it since 3.35): a batch would copy the round table, which the
    # foreign keys of every response refuse.
    op.execute("ALTER TABLE round DROP COLUMN answers_deleted_at")
