"""Accounts belong to municipalities: an account sees its own municipalities' rounds in full
(reports, microdata) and others only in the shown aggregates; a national account sees all.
Accounts made before this keep seeing everything: they become national.

Revision ID: 0004
Revises: 0003
Created: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

accounts = sa.table("account", sa.column("national", sa.Boolean()))


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(
            sa.Column("national", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(accounts.update().values(national=True))  # as they saw it until now
    with op.batch_alter_table("account") as batch:
        batch.alter_column("national", server_default=None)
    op.create_table(
        "accountmunicipality",
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("municipality_number", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(["username"], ["account.username"]),
        sa.PrimaryKeyConstraint("username", "municipality_number"),
    )


def downgrade() -> None:
    op.drop_table("accountmunicipality")
    with op.batch_alter_table("account") as batch:
        batch.drop_column("national")
