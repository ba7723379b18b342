"""Publications: owners' drafts reach respondents only when published, and what was published
is kept whole in the database (app/studio/publications.py). A database from before has none:
the server's first start publishes the files as they are, as it served them before.

Revision ID: 0016
Revises: 0015
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_whom", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.String(length=4000), nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("publication")
