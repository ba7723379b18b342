"""A round says who sends the relatives' letters and whom to ask: the letters print it.
Rounds made before have none ("" in each).

Revision ID: 0006
Revises: 0005
Created: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("letter_sender", 200), ("contact_name", 100), ("contact_reach", 200))


def upgrade() -> None:
    with op.batch_alter_table("round") as table:
        for name, length in COLUMNS:
            table.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )


def downgrade() -> None:
    with op.batch_alter_table("round") as table:
        for name, _ in reversed(COLUMNS):
            table.drop_column(name)
