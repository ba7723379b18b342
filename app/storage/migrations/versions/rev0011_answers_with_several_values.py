"""An answer may hold several values (a question with boxes to tick, `multiple`): "forelder
verge", up to every option of its scale, so the column takes 200 characters instead of 40.

Going back down, an answer longer than 40 keeps its first value (the code before knew one).

Revision ID: 0011
Revises: 0010
Created: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

answers = sa.table("answer", sa.column("id", sa.Integer()), sa.column("value", sa.String()))


def upgrade() -> None:
    with op.batch_alter_table("answer") as batch:
        batch.alter_column("value", existing_type=sa.String(length=40), type_=sa.String(length=200))


def downgrade() -> None:
    connection = op.get_bind()
    long = connection.execute(
        sa.select(answers.c.id, answers.c.value).where(sa.func.length(answers.c.value) > 40)
    ).all()
    for answer_id, value in long:
        connection.execute(
            answers.update().where(answers.c.id == answer_id).values(value=value.split(" ")[0])
        )
    with op.batch_alter_table("answer") as batch:
        batch.alter_column("value", existing_type=sa.String(length=200), type_=sa.String(length=40))
