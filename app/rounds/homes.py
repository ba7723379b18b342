"""The service and form of housing of a round's homes, as the owner tags them, so the report can
show results by service and by form of housing as well as by home (app/results/breakdowns.py).

The services are the options of the `tjeneste` scale (questions/scales.yaml), the list the
relatives tick theirs from, so a home's service and a relative's answer are the same words.

Tags are part of a round's set-up: they can be changed until the round first closes. After that a
home moved from one group to another would make a group's figures before and after differ by
that home's people, however few. So a closed round's homes can be tagged once, all at once, when
none has a tag yet (an owner who forgot), and not changed after.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, delete, insert, select

from app.questionnaires.catalog import Catalog
from app.questionnaires.model import Questionnaire
from app.rounds.rounds import RoundProblem, status, units_of
from app.storage.tables import Round, home_tags_table

SERVICE_SCALE = "tjeneste"
# Forms of housing a home can be, as Norwegian municipalities name them.
HOUSING_FORMS: dict[str, str] = {
    "bofellesskap": "Bofellesskap",
    "samlokalisert": "Samlokaliserte boliger",
    "egen_bolig": "Egen bolig",
    "annen_boform": "Annen boform",
}


class TagsFixed(RoundProblem):
    """A closed round's homes already have their tags: changing them would show a few people."""


@dataclass(frozen=True)
class Tags:
    service: str = ""  # a value of the `tjeneste` scale; "": not said
    housing: str = ""  # a key of HOUSING_FORMS; "": not said

    def __bool__(self) -> bool:
        return bool(self.service or self.housing)


def services(catalog: Catalog) -> dict[str, str]:
    """The services a home can be tagged with (value → words); none when no scale lists them."""
    scale = catalog.scales.get(SERVICE_SCALE)
    return {o.value: o.label for o in scale.options} if scale else {}


def service_question(questionnaire: Questionnaire | None) -> str | None:
    """The question on the services list a questionnaire asks (the relatives' «Hvilke
    tjenester får din pårørende?»), if any: its answer is a person's service."""
    asked = questionnaire.questions if questionnaire else []
    return next((q.id for q in asked if q.scale == SERVICE_SCALE), None)


def home_tags(connection: Connection, round_id: int) -> dict[str, Tags]:
    """Each tagged home of a round → its tags."""
    found = _stored(connection, round_id)
    connection.rollback()
    return found


def _stored(connection: Connection, round_id: int) -> dict[str, Tags]:
    """`home_tags` within the caller's transaction."""
    rows = connection.execute(
        select(home_tags_table).where(home_tags_table.c.round_id == round_id)
    ).all()
    return {row.unit: Tags(row.service, row.housing) for row in rows if row.service or row.housing}


def tags_fixed(connection: Connection, survey_round: Round, today: date) -> bool:
    """Whether the round's tags can no longer change (the module says why)."""
    found = _fixed(_stored(connection, survey_round.id), survey_round, today)
    connection.rollback()
    return found


def _fixed(before: Mapping[str, Tags], survey_round: Round, today: date) -> bool:
    has_closed = status(survey_round, today) == "closed" or survey_round.reopened_at is not None
    return has_closed and bool(before)


@dataclass(frozen=True)
class Tagging:
    """A round's homes with their tags, as the owner sees them; `fixed`: they can no longer
    change (shown, not asked)."""

    homes: list[tuple[str, Tags]]
    fixed: bool


def homes_tagging(connection: Connection, survey_round: Round, today: date) -> Tagging:
    tags = home_tags(connection, survey_round.id)
    return Tagging(
        [(home, tags.get(home, Tags())) for home in units_of(survey_round)],
        tags_fixed(connection, survey_round, today),
    )


def tag_homes(
    connection: Connection,
    catalog: Catalog,
    survey_round: Round,
    tags: Mapping[str, Tags],
    today: date,
    *,
    commit: bool = True,
) -> None:
    """Give the round's homes their tags (a home left out keeps its own); `commit=False` leaves
    them to be committed with the caller's other changes."""
    homes = units_of(survey_round)
    offered = services(catalog)
    for home, given in tags.items():
        if home not in homes:
            raise RoundProblem(f"Runden har ingen bolig som heter «{home}».")
        if given.service and given.service not in offered:
            raise RoundProblem(
                f"«{given.service}» er ingen tjeneste. Velg en av: {', '.join(offered)}."
            )
        if given.housing and given.housing not in HOUSING_FORMS:
            raise RoundProblem(
                f"«{given.housing}» er ingen boform. Velg en av: {', '.join(HOUSING_FORMS)}."
            )
    round_id = survey_round.id
    before = _stored(connection, round_id)
    if _fixed(before, survey_round, today) and any(
        before.get(home, Tags()) != given for home, given in tags.items()
    ):
        raise TagsFixed(
            "Runden er avsluttet, og boligene har fått tjeneste og boform. De kan ikke endres nå: "
            "da ville tallene før og etter vise svarene til de få som byttet gruppe."
        )
    for home, given in tags.items():
        connection.execute(
            delete(home_tags_table).where(
                home_tags_table.c.round_id == round_id, home_tags_table.c.unit == home
            )
        )
        if given:
            connection.execute(
                insert(home_tags_table).values(
                    round_id=round_id, unit=home, service=given.service, housing=given.housing
                )
            )
    if commit:
        connection.commit()
