"""Resume codes are kept only as digests keyed with the server's secret key, in a table of
their own (as devices' secrets are), instead of in plain text in the response: whoever read the
database or a backup could type a code, see the answers and change them. A code given before
this keeps working: its keyed digest is stored. The pause page shows a code worked out from the
key from now on (app/survey/responses.py), so a response paused before has both.

Going down, each response gets a new random code: codes written down before no longer work.

Revision ID: 0013
Revises: 0012
Created: 2026-12-07
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

responses = sa.table(
    "response", sa.column("id", sa.String()), sa.column("resume_code", sa.String())
)
BATCH = 5000
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def upgrade() -> None:
    key: bytes = context.config.attributes["secret_key"]
    codes = op.create_table(
        "resumecode",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"]),
        sa.PrimaryKeyConstraint("code_hash"),
    )
    op.create_index("ix_resumecode_response_id", "resumecode", ["response_id"])
    connection = op.get_bind()
    rows = connection.execute(sa.select(responses.c.id, responses.c.resume_code)).all()
    for start in range(0, len(rows), BATCH):
        digests = [
            {"code_hash": _keyed(key, code), "response_id": response_id}
            for response_id, code in rows[start : start + BATCH]
        ]
        connection.execute(sa.insert(codes), digests)
    with op.batch_alter_table("response") as batch:
        batch.drop_column("resume_code")


def _keyed(key: bytes, code: str) -> str:
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def downgrade() -> None:
    with op.batch_alter_table("response") as batch:
        batch.add_column(sa.Column("resume_code", sa.String(length=16), nullable=True))
    connection = op.get_bind()
    ids = connection.execute(sa.select(responses.c.id)).scalars().all()
    for response_id in ids:
        letters = "".join(secrets.choice(ALPHABET) for _ in range(8))
        connection.execute(
            sa.update(responses)
            .where(responses.c.id == response_id)
            .values(resume_code=f"{letters[:4]}-{letters[4:]}")
        )
    with op.batch_alter_table("response") as batch:
        batch.alter_column("resume_code", existing_type=sa.String(length=16), nullable=False)
        batch.create_unique_constraint("response_resume_code_key", ["resume_code"])
    op.drop_index("ix_resumecode_response_id", table_name="resumecode")
    op.drop_table("resumecode")
