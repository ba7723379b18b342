"""The tables as they were when migrations began (main before Alembic): a database made then
is stamped with this revision by `minstemme db upgrade`, not made again.

Revision ID: 0001
Revises: (none)
Created: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=4), nullable=False),
        sa.Column("municipality_name", sa.String(length=100), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resident_questionnaire", sa.String(length=40), nullable=False),
        sa.Column("resident_version", sa.Integer(), nullable=False),
        sa.Column("relative_questionnaire", sa.String(length=40), nullable=False),
        sa.Column("relative_version", sa.Integer(), nullable=False),
        sa.Column("resident_token", sa.String(length=32), nullable=False),
        sa.Column("relative_token", sa.String(length=32), nullable=False),
        sa.Column("units", sa.String(length=4000), nullable=False),
        sa.Column("relative_codes", sa.Boolean(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_number", "period"),
        sa.UniqueConstraint("relative_token"),
        sa.UniqueConstraint("resident_token"),
    )
    op.create_table(
        "accesscode",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("accesscode", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accesscode_round_id"), ["round_id"], unique=False)

    op.create_table(
        "askedquestion",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=40), nullable=False),
        sa.Column("question_id", sa.String(length=40), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=True),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "questionnaire_id", "question_id"),
    )
    op.create_table(
        "keptthemesums",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=32), nullable=False),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=False),
        sa.Column("part", sa.String(length=10), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("squares", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "basis", "audience", "theme", "part"),
    )
    op.create_table(
        "loginsession",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"],
            ["account.username"],
        ),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loginsession_username"), ["username"], unique=False)

    op.create_table(
        "response",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=True),
        sa.Column("questionnaire_id", sa.String(length=40), nullable=False),
        sa.Column("questionnaire_version", sa.Integer(), nullable=False),
        sa.Column("resume_code", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("option_order", sa.String(length=10), nullable=False),
        sa.Column("quality_flags", sa.String(length=200), nullable=False),
        sa.Column("helper", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("resume_code"),
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_questionnaire_id"), ["questionnaire_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_response_round_id"), ["round_id"], unique=False)

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("question_id", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=True),
        sa.Column("helper", sa.String(length=20), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "question_id"),
    )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_response_id"), ["response_id"], unique=False)

    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("question_id", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=10000), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "question_id"),
    )
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_response_id"), ["response_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_response_id"))

    op.drop_table("comment")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_response_id"))

    op.drop_table("answer")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_round_id"))
        batch_op.drop_index(batch_op.f("ix_response_questionnaire_id"))

    op.drop_table("response")
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loginsession_username"))

    op.drop_table("loginsession")
    op.drop_table("keptthemesums")
    op.drop_table("askedquestion")
    with op.batch_alter_table("accesscode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accesscode_round_id"))

    op.drop_table("accesscode")
    op.drop_table("round")
    op.drop_table("account")
