"""Named comparison groups: an analyst saves the municipalities of a reference group under a
name («KOSTRA-gruppe 10»), and every account can choose it on the dashboard in one tap. A group
is only a list of municipalities: its figures are the dashboard's reference group's, with the
same small-group rules."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError

from app.storage.tables import groups_table, utcnow

NUMBER = re.compile(r"[0-9]{4}")
MOST_MEMBERS = 360  # as many as Norway has municipalities


class GroupProblem(ValueError):
    """A group that cannot be saved; the message says why, in Norwegian."""


@dataclass(frozen=True)
class SavedGroup:
    id: int
    name: str
    members: list[str]
    saved_by: str


def save_group(connection: Connection, name: str, members: Sequence[str], by: str) -> SavedGroup:
    shown = " ".join(name.split())
    if not shown or len(shown) > 100:
        raise GroupProblem("Gi gruppen et navn (høyst 100 tegn), for eksempel KOSTRA-gruppe 10.")
    chosen = sorted(set(members))
    if len(chosen) < 2 or len(chosen) > MOST_MEMBERS:
        raise GroupProblem("En gruppe har minst to kommuner: velg dem under «Sammenlign også med».")
    if not all(NUMBER.fullmatch(number) for number in chosen):
        raise GroupProblem("Kommunenumrene har fire sifre.")
    try:
        inserted = connection.execute(
            insert(groups_table).values(
                name=shown, members=" ".join(chosen), saved_by=by, saved_at=utcnow()
            )
        )
    except IntegrityError:
        connection.rollback()
        raise GroupProblem(f"Det finnes allerede en gruppe som heter «{shown}».") from None
    connection.commit()
    return SavedGroup(inserted.inserted_primary_key[0], shown, chosen, by)  # type: ignore[index]


def saved_groups(connection: Connection) -> list[SavedGroup]:
    rows = connection.execute(select(groups_table).order_by(groups_table.c.name)).mappings()
    return [
        SavedGroup(int(row["id"]), str(row["name"]), str(row["members"]).split(), row["saved_by"])
        for row in rows
    ]


def remove_group(connection: Connection, group_id: int) -> None:
    if 0 < group_id < 2**31:
        connection.execute(delete(groups_table).where(groups_table.c.id == group_id))
        connection.commit()
