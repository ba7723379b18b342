"""How many residents of a round said «Nei, ikke nå» to «Vil du være med?»: a count, nothing
else (no response is kept for them). Rounds made before have 0.

Revision ID: 0015
Revises: 0014
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("round", sa.Column("declined", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    # Plain SQL (SQLite has it since 3.35), as revision 0012 does.
    op.execute("ALTER TABLE round DROP COLUMN declined")
