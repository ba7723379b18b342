"""A response keeps the language it is answered in (nb, nn, en). Responses given before were
all shown in their questionnaire's own language: theirs stays empty, which says so.

Revision ID: 0009
Revises: 0008
Created: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("response", sa.Column("language", sa.String(length=2), nullable=True))


def downgrade() -> None:
    # Plain SQL (SQLite has it since 3.35): a batch would copy the response table, which the
    # foreign keys of its answers refuse.
    op.execute("ALTER TABLE response DROP COLUMN language")
