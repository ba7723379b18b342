"""Participation: how many an owner invited to a round, and how many of them answered.

Owners enter the residents invited per home (or for the whole round, when it lists no homes)
and the relatives invited; results then show how many of those answered. The homes' counts of
answers are shown only when every home has k or more (one left out could be worked out from
the round's count and the others'), so no one can tell that the one person in a home answered.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select

from app.rounds.rounds import Audience, RoundProblem, questionnaire_for, units_of
from app.storage.tables import Round, invited_table, responses_table

WHOLE_ROUND = ""  # the unit of a count for the whole round
MOST_INVITED = 100_000


def set_invited(
    connection: Connection, survey_round: Round, audience: Audience, counts: Mapping[str, int]
) -> None:
    """How many were invited, by home ("" for the whole round), instead of what was said
    before for this audience. A home the round does not list, or a count below 0, is refused."""
    homes = set(units_of(survey_round))
    for unit, count in counts.items():
        if unit != WHOLE_ROUND and (audience != "resident" or unit not in homes):
            raise RoundProblem(f"«{unit}» er ikke en bolig eller avdeling i runden.")
        if not 0 <= count <= MOST_INVITED:
            raise RoundProblem("Antall inviterte skal være et tall fra 0 og opp.")
    round_id = survey_round.id
    connection.execute(
        delete(invited_table).where(
            invited_table.c.round_id == round_id, invited_table.c.audience == audience
        )
    )
    for unit, count in counts.items():
        connection.execute(
            insert(invited_table).values(
                round_id=round_id, audience=audience, unit=unit, count=count
            )
        )
    connection.commit()


def invited_counts(connection: Connection, round_id: int) -> dict[tuple[str, str], int]:
    """What the owner has said: (audience, unit) → invited."""
    rows = connection.execute(
        select(invited_table.c.audience, invited_table.c.unit, invited_table.c.count).where(
            invited_table.c.round_id == round_id
        )
    ).all()
    connection.rollback()
    return {(audience, unit): count for audience, unit, count in rows}


@dataclass(frozen=True)
class Participation:
    name: str  # the round's group, or a home
    invited: int
    answered: int | None  # finished responses; None when too few to show (under k)

    @property
    def share(self) -> int | None:
        """Per cent, rounded half up; None when it cannot be said."""
        if self.answered is None or self.invited == 0:
            return None
        return (200 * self.answered + self.invited) // (2 * self.invited)


def participation(
    connection: Connection, survey_round: Round, k: int
) -> dict[Audience, list[Participation]]:
    """Per audience that has invited counts: the whole round first, then each home (residents).
    A home's answers under k are not shown."""
    round_id = survey_round.id
    invited = connection.execute(
        select(invited_table.c.audience, invited_table.c.unit, invited_table.c.count).where(
            invited_table.c.round_id == round_id
        )
    ).all()
    finished = connection.execute(
        select(responses_table.c.questionnaire_id, responses_table.c.unit, func.count())
        .where(responses_table.c.round_id == round_id, responses_table.c.finished_at.is_not(None))
        .group_by(responses_table.c.questionnaire_id, responses_table.c.unit)
    ).all()
    connection.rollback()
    found: dict[Audience, list[Participation]] = {}
    audiences: tuple[Audience, ...] = ("resident", "relative")
    for audience in audiences:
        counts = {unit: count for who, unit, count in invited if who == audience}
        if not counts:
            continue
        asked = questionnaire_for(survey_round, audience)
        by_unit = {unit or WHOLE_ROUND: n for qid, unit, n in finished if qid == asked}
        rows = [Participation("", sum(counts.values()), sum(by_unit.values()))]
        homes = {unit: counts[unit] for unit in units_of(survey_round) if unit in counts}
        # Every home from k on, or none: one home left out could be worked out from the round's
        # count and the others'.
        shown = all(by_unit.get(unit, 0) >= k for unit in homes)
        for unit, count in homes.items():
            rows.append(Participation(unit, count, by_unit.get(unit, 0) if shown else None))
        found[audience] = rows
    return found
