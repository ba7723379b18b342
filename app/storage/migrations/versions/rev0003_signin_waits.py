"""Wrong passwords are counted per account in the database, so every worker shares the count and
a sign-in attempt is claimed atomically before its password is checked.

Revision ID: 0003
Revises: 0002
Created: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(
            sa.Column("failed_signins", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("next_signin_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("account") as batch:
        batch.alter_column("failed_signins", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.drop_column("next_signin_at")
        batch.drop_column("failed_signins")
