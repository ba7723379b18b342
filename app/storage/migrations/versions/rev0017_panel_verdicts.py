"""Panel verdicts: what a user panel said of each page while trying a draft (understood?
picture fits? a note). A database from before has none.

Revision ID: 0017
Revises: 0016
Created: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "panelverdict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=40), nullable=False),
        sa.Column("page_id", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("wording", sa.String(length=2000), nullable=False),
        sa.Column("understood", sa.String(length=10), nullable=False),
        sa.Column("picture_fits", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("noted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_panelverdict_questionnaire_id", "panelverdict", ["questionnaire_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_panelverdict_questionnaire_id", table_name="panelverdict")
    op.drop_table("panelverdict")
