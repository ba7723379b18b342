"""Published questionnaire versions are kept, and rounds follow the newest: each version's
pages and scales are stored when it is published; a round keeps the words of every version it
offered (its version until now); a round no longer names one version.

Revision ID: 0007
Revises: 0006
Created: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ASKED_COLUMNS = "round_id, questionnaire_id, question_id, theme, text"
# The version a round asked, for one of its two questionnaires.
ROUND_VERSION = (
    "(SELECT CASE WHEN round.resident_questionnaire = askedquestion.questionnaire_id "
    "THEN round.resident_version ELSE round.relative_version END "
    "FROM round WHERE round.id = askedquestion.round_id)"
)


def _asked_table(name: str, with_version: bool) -> None:
    key = ["round_id", "questionnaire_id", *(["version"] if with_version else []), "question_id"]
    op.create_table(
        name,
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=40), nullable=False),
        *([sa.Column("version", sa.Integer(), nullable=False)] if with_version else []),
        sa.Column("question_id", sa.String(length=40), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=True),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"]),
        sa.PrimaryKeyConstraint(*key, name=f"{name}_pkey"),
    )


def upgrade() -> None:
    op.create_table(
        "publishedversion",
        sa.Column("questionnaire_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("questionnaire_id", "version"),
    )
    _asked_table("asked_with_version", with_version=True)
    op.execute(
        f"INSERT INTO asked_with_version ({ASKED_COLUMNS}, version) "
        f"SELECT {ASKED_COLUMNS}, {ROUND_VERSION} FROM askedquestion"
    )
    op.drop_table("askedquestion")
    _asked_table("askedquestion", with_version=True)
    op.execute("INSERT INTO askedquestion SELECT * FROM asked_with_version")
    op.drop_table("asked_with_version")
    # Plain SQL (SQLite has it since 3.35): a batch would copy the round table, which the
    # foreign keys of every response refuse.
    for name in ("resident_version", "relative_version"):
        op.execute(f"ALTER TABLE round DROP COLUMN {name}")


def downgrade() -> None:
    for name in ("resident_version", "relative_version"):
        op.add_column("round", sa.Column(name, sa.Integer(), nullable=False, server_default="1"))
    _asked_table("asked_without_version", with_version=False)
    # The newest version a round offered stands for the round.
    op.execute(
        f"INSERT INTO asked_without_version ({ASKED_COLUMNS}) "
        f"SELECT {ASKED_COLUMNS} FROM askedquestion AS a WHERE a.version = "
        "(SELECT MAX(b.version) FROM askedquestion AS b WHERE b.round_id = a.round_id "
        "AND b.questionnaire_id = a.questionnaire_id)"
    )
    op.drop_table("askedquestion")
    _asked_table("askedquestion", with_version=False)
    op.execute("INSERT INTO askedquestion SELECT * FROM asked_without_version")
    op.drop_table("asked_without_version")
    op.drop_table("publishedversion")
