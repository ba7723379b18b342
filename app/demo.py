"""Made-up answers for made-up municipalities, so results can be seen on a fresh machine.

Each municipality has its own level and drift over the periods, each theme its own level,
and each respondent their own outlook; an answer is the option nearest to that, plus noise.
Skip rules are followed as in the survey. About a third of residents have help (a few of them
finish alone), a few say "Ja" to everything (their responses get the same quality flags the
survey sets), some stop part-way. The oldest period asked one question in other words, so a
trend shows a wording change.

Responses are written in batches as they are made: memory stays flat however many there are,
which is what the national-scale benchmark needs.
"""

import random
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, insert, update

from app.clock import today
from app.followup.actions import Typed, add_action, change_action
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import (
    MULTIPLE_SEPARATOR,
    Circumstances,
    Questionnaire,
    QuestionPage,
)
from app.rounds.homes import Tags, services, tag_homes
from app.rounds.rounds import ROUND_UNIT, RoundProblem, create_round
from app.storage.tables import Round, answers_table, asked_table, responses_table
from app.survey.flow import Answers
from app.survey.helping import ALONE, HELPERS
from app.survey.quality import quality_flags

# Numbers 9901–9930 belong to no real municipality.
MUNICIPALITIES = (
    "Fjordvik", "Bjørkedal", "Solberg", "Nordmo", "Elvestad", "Havnøy", "Lyngås", "Furuli",
    "Sandnesøy", "Vestly", "Åsbygd", "Kleivan", "Strandheim", "Myrvoll", "Tindeland",
)  # fmt: skip
THEME_LEVEL = {
    "trygghet": 8,
    "respektfull_behandling": 6,
    "trivsel": 4,
    "nok_og_riktig_hjelp": -2,
    "selvbestemmelse": -4,
    "brukermedvirkning": -8,
    "informasjon": -10,
}
# The oldest period asked these in other words (questionnaire, question), in the version before
# the newest: the trend marks it.
OLD_WORDING = {
    ("beboer", "hjem_trives"): "Har du det bra der du bor?",
    ("parorende", "hjem_trives"): "Hvor godt trives din pårørende der hun eller han bor?",
}
BATCH = 500  # responses per insert


@dataclass(frozen=True)
class DemoPlan:
    municipalities: int = 6
    periods: int = 4
    residents: int = 40  # per municipality and period; relatives are about 60% of this
    last_year: int = field(default_factory=lambda: today().year)
    seed: int = 2026
    # What the municipalities said they would do, and how far it came (app/followup/), so the
    # demo shows the loop: off where a test counts the actions it writes itself.
    actions: bool = False

    @property
    def total_responses(self) -> int:
        return self.municipalities * self.periods * (self.residents + self._relatives)

    @property
    def _relatives(self) -> int:
        return round(self.residents * 0.6)


def fill_demo(
    connection: Connection,
    catalog: Catalog,
    plan: DemoPlan,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Make the plan's rounds and responses; returns the number of responses written."""
    if plan.municipalities > len(MUNICIPALITIES):
        raise RoundProblem(f"Høyst {len(MUNICIPALITIES)} kommuner i demodata.")
    resident = _questionnaire(catalog, "resident")
    relative = _questionnaire(catalog, "relative")
    chance = random.Random(plan.seed)
    written = 0
    first_year = plan.last_year - plan.periods + 1
    for index in range(plan.municipalities):
        level = chance.gauss(0, 6)
        drift = chance.gauss(1.0, 1.5)  # points a year
        units = [f"{MUNICIPALITIES[index]} {kind}" for kind in ("bolig", "bofellesskap", "senter")]
        for year in range(first_year, plan.last_year + 1):
            survey_round = create_round(
                connection,
                catalog,
                municipality_name=MUNICIPALITIES[index],
                municipality_number=f"{9901 + index}",
                period=str(year),
                opens_on=date(year, 3, 1),
                closes_on=date(year, 4, 30),
                resident_questionnaire=resident.id,
                relative_questionnaire=relative.id,
                units=units,
                commit=False,  # the round and its answers are seen together, or not at all
            )
            round_id = survey_round.id
            _tag_homes(connection, catalog, survey_round, units)
            earlier = year == first_year and plan.periods > 1
            if earlier:
                _use_old_wording(connection, round_id)
            outlook = 66 + level + drift * (year - first_year)
            for questionnaire, count in ((resident, plan.residents), (relative, plan._relatives)):
                version = questionnaire.version - 1 if earlier else questionnaire.version
                people = _people(
                    chance, catalog, questionnaire, count, outlook, units, year, version
                )
                for batch in _batches(people, round_id):
                    written += _write(connection, batch)
                    on_progress(written, plan.total_responses)
            connection.commit()
            if plan.actions:
                _add_actions(connection, catalog, round_id, plan.last_year - year)
    return written


# Each demo home's service and form of housing, by the kind of home its name ends with.
DEMO_TAGS = {
    "bolig": Tags("bolig_med_personale", "samlokalisert"),
    "bofellesskap": Tags("bolig_med_personale", "bofellesskap"),
    "senter": Tags("dagtilbud", "annen_boform"),
}


def _tag_homes(
    connection: Connection, catalog: Catalog, survey_round: Round, units: list[str]
) -> None:
    """The demo homes' tags, where the services list still has them."""
    offered = services(catalog)
    tags = {}
    for unit in units:
        tag = DEMO_TAGS[unit.rsplit(" ", 1)[-1]]
        tags[unit] = Tags(tag.service if tag.service in offered else "", tag.housing)
    tag_homes(connection, catalog, survey_round, tags, survey_round.closes_on, commit=False)


# (years before the newest, theme, what, who, status): written after that year's round.
DEMO_ACTIONS = [
    (1, "trivsel", "Flere turer i helgene, valgt av beboerne selv", "Enhetsleder bolig", "done"),
    (1, "trygghet", "Faste personer på nattevakt", "Driftsleder", "under_way"),
    (0, "informasjon", "Ukeplan med bilder på hver bolig", "Enhetsleder bolig", "planned"),
]


def _add_actions(connection: Connection, catalog: Catalog, round_id: int, years_back: int) -> None:
    asked = [q.id for q in catalog.questionnaires.values()]
    for back, theme, text, who, status in DEMO_ACTIONS:
        if back == years_back and theme in catalog.themes:
            made = add_action(connection, round_id, Typed(theme, text, who), catalog, asked)
            if status != made.status:
                change_action(connection, made.id, status=status)


def _questionnaire(catalog: Catalog, audience: str) -> Questionnaire:
    found = next((q for q in catalog.questionnaires.values() if q.audience == audience), None)
    if found is None:
        raise RoundProblem(f"Fant ikke noe skjema for {audience} i questions/.")
    return found


def _use_old_wording(connection: Connection, round_id: int) -> None:
    """The round asked the version before the newest, which put a question in other words (a
    change of wording is a new version: the newest version's words stay as they were asked)."""
    for (questionnaire_id, question_id), text in OLD_WORDING.items():
        in_round = (asked_table.c.round_id == round_id) & (
            asked_table.c.questionnaire_id == questionnaire_id
        )
        connection.execute(
            update(asked_table)
            .where(in_round, asked_table.c.question_id == question_id)
            .values(text=text)
        )
        connection.execute(
            update(asked_table).where(in_round).values(version=asked_table.c.version - 1)
        )


@dataclass
class _Person:
    """One made-up response: its row and its answers' rows."""

    response: dict[str, object]
    answers: list[dict[str, object]]


def _people(
    chance: random.Random,
    catalog: Catalog,
    questionnaire: Questionnaire,
    count: int,
    outlook: float,
    units: list[str],
    year: int,
    version: int,
) -> Iterator[_Person]:
    is_resident = questionnaire.audience == "resident"
    for _ in range(count):
        own = outlook + chance.gauss(0, 14)
        says_yes = is_resident and chance.random() < 0.06
        helper = _helper(chance) if questionnaire.ask_helper else None
        stops_at = chance.randrange(5, 40) if chance.random() < 0.08 else None
        given: dict[str, str | None] = {}
        rows: list[dict[str, object]] = []
        started = datetime(year, 3, 1, 9, tzinfo=UTC) + timedelta(minutes=chance.randrange(86400))
        counted: dict[str, str | None] = {}
        # A resident's home, as staff chose it; a relative's, as they answer it.
        home: str | None = chance.choice(units) if is_resident and units else None
        for page in questionnaire.pages:
            rule = page.show_if
            about = Circumstances(helper, home, questionnaire.language)
            if rule is not None and not rule.holds(counted, about):
                continue
            if not isinstance(page, QuestionPage):
                continue
            if stops_at is not None and len(rows) >= stops_at:
                break
            if page.round_units and not units:
                continue  # not asked where a round lists no homes
            value = _answer(chance, catalog, page, own, says_yes, given)
            if page.round_units and chance.random() < 0.85:  # most relatives name the home
                home, value = chance.choice(units), ROUND_UNIT
            given[page.id] = counted[page.id] = value
            if helper not in (None, ALONE) and len(rows) > 20 and chance.random() < 0.01:
                helper = ALONE  # the helper left; the resident goes on alone
            rows.append(
                {
                    "question_id": page.id,
                    "value": value,
                    "helper": helper,
                    "answered_at": started + timedelta(seconds=20 * len(rows)),
                }
            )
        finished = stops_at is None
        flags = quality_flags(questionnaire, catalog.scales, given)
        yield _Person(
            {
                "questionnaire_id": questionnaire.id,
                "questionnaire_version": version,
                "unit": home,
                "started_at": started,
                "finished_at": started + timedelta(seconds=20 * len(rows)) if finished else None,
                "option_order": "normal",
                "quality_flags": " ".join(flags),
                "helper": helper,
            },
            rows,
        )


def _helper(chance: random.Random) -> str:
    draw = chance.random()
    if draw < 0.65:
        return ALONE
    return chance.choice([h.value for h in HELPERS if h.value != ALONE])


def _answer(
    chance: random.Random,
    catalog: Catalog,
    question: QuestionPage,
    outlook: float,
    says_yes: bool,
    given: Answers,
) -> str | None:
    options = catalog.scale_of(question).options
    if chance.random() < 0.03:
        return None  # "Vil ikke svare"
    if question.multiple:  # one box ticked, or two (a parent who is also the guardian)
        ticked = set(chance.sample([o.value for o in options], chance.choice([1, 1, 2])))
        return MULTIPLE_SEPARATOR.join(o.value for o in options if o.value in ticked)
    scored = [o for o in options if o.score is not None]
    if question.theme is None or not scored:
        return chance.choice(options).value
    if says_yes:
        return max(scored, key=lambda o: o.score or 0).value
    if question.repeat_of and chance.random() < 0.9 and given.get(question.repeat_of):
        return given[question.repeat_of]
    unscored = [o for o in options if o.score is None]
    if unscored and chance.random() < 0.05:
        return unscored[0].value  # "Vet ikke"
    target = outlook + THEME_LEVEL.get(question.theme, 0) + chance.gauss(0, 22)
    if question.reverse_of:
        target = 100 - target
    return min(scored, key=lambda o: abs((o.score or 0) - target)).value


def _batches(people: Iterator[_Person], round_id: int) -> Iterator[list[_Person]]:
    batch: list[_Person] = []
    for person in people:
        person.response |= {"id": secrets.token_urlsafe(16), "round_id": round_id}
        batch.append(person)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(connection: Connection, batch: list[_Person]) -> int:
    connection.execute(insert(responses_table), [person.response for person in batch])
    connection.execute(
        insert(answers_table),
        [
            {"response_id": person.response["id"], **row}
            for person in batch
            for row in person.answers
        ],
    )
    return len(batch)
