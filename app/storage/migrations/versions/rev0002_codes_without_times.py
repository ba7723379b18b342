"""One-time codes keep whether they were used, not when: the time of use matched the start of
the response the code opened, to the millisecond, so a code's letter could be linked to the
answers.

Revision ID: 0002
Revises: 0001
Created: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

codes = sa.table(
    "accesscode",
    sa.column("used", sa.Boolean()),
    sa.column("used_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("accesscode") as batch:
        batch.add_column(sa.Column("used", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(codes.update().where(codes.c.used_at.is_not(None)).values(used=True))
    with op.batch_alter_table("accesscode") as batch:
        batch.drop_column("used_at")
        batch.alter_column("used", server_default=None)


def downgrade() -> None:
    """The times are gone for good: a used code comes back used, at an unknown time."""
    with op.batch_alter_table("accesscode") as batch:
        batch.add_column(sa.Column("used_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(codes.update().where(codes.c.used.is_(True)).values(used_at=sa.func.now()))
    with op.batch_alter_table("accesscode") as batch:
        batch.drop_column("used")
