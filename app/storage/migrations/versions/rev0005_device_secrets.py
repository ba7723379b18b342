"""A device's cookie holds a secret of its own, stored only as a digest, instead of the
response's id (which the database keeps plain, so reading it was enough to act as the device).
Cookies given before this hold the response's id: its digest is stored as that device's, so
every tablet goes on where it was.

Revision ID: 0005
Revises: 0004
Created: 2026-11-24
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

responses = sa.table("response", sa.column("id", sa.String()))
BATCH = 5000


def upgrade() -> None:
    devices = op.create_table(
        "devicetoken",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_devicetoken_response_id", "devicetoken", ["response_id"])
    connection = op.get_bind()
    ids = connection.execute(sa.select(responses.c.id)).scalars().all()
    for start in range(0, len(ids), BATCH):
        rows = [
            {"token_hash": hashlib.sha256(i.encode()).hexdigest(), "response_id": i}
            for i in ids[start : start + BATCH]
        ]
        connection.execute(sa.insert(devices), rows)


def downgrade() -> None:
    op.drop_index("ix_devicetoken_response_id", table_name="devicetoken")
    op.drop_table("devicetoken")
