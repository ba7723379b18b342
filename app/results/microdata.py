"""A round's microdata: every response (wide: a row per response, a column per question) or
every answer (long: a row per answer, with who helped), streamed from the database.

Quality flags, answer order, unit and helper go with every response. Free-text comments are
part of microdata (a column per comment page; rows in the long shape) and of nothing else.
The file formats are in app/results/files.py; the variables and their labels in `variables`.

Value codes: the option's value; `vil_ikke_svare` for "Vil ikke svare"; empty when the
question was not answered or not asked.

The wide shape ends with each respondent's theme scores (`tema_<theme>`, 0–100, the mean of
their answers that count in it, as the dashboard counts them) and, where the questionnaire asks
who helped, the same from the answers given alone (`selv_<theme>`) and with help
(`medhjelp_<theme>`): the dashboard's "Svarte selv" and "Svarte med hjelp" are the means of
those columns. The part comes first, so no theme's name can be read as a part
(`tema_nok_og_riktig_hjelp_hjelp` was the theme with help).
"""

import hashlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Connection, func, select

from app.questionnaires import declining
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import CommentPage, Questionnaire, QuestionPage, Scale, values_of
from app.questionnaires.rules import in_words
from app.results.scoring import item_score
from app.results.sums import counted
from app.rounds.rounds import ROUND_UNIT
from app.storage.tables import Round, answers_table, comments_table, responses_table
from app.survey.helping import ALONE, HELPERS, label_of
from app.survey.quality import FLAG_MEANINGS

Shape = Literal["wide", "long"]
Kind = Literal["metadata", "answer", "background", "comment", "score"]


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    kind: Kind
    theme: str = ""
    scale: str = ""
    value_labels: dict[str, str] = field(default_factory=dict)  # stored value → its label
    # Values that are no point on the scale ("Vet ikke", "Vil ikke svare"): missing in SPSS.
    missing: tuple[str, ...] = ()
    # What each value counts in the theme (reversed where the question is asked the other way
    # round); none for a repeat, which counts nothing.
    scores: dict[str, float] = field(default_factory=dict)
    reverse_of: str = ""  # asked as the opposite of this question
    repeat_of: str = ""  # the same as this question in other words: a check item
    shown_if: str = ""  # the skip rule, as the file writes it ("dag_har er nei")
    # The codes a text column holds, for the codebook only (kept as text in every file).
    code_list: dict[str, str] = field(default_factory=dict)
    # The question's words in each earlier version that asked it otherwise (version → words).
    earlier_wording: dict[int, str] = field(default_factory=dict)


RESPONSE_VARIABLES = [
    Variable(
        "svar_id",
        "Id for svaret i eksporten (åpner ikke svaret, ingen kobling til personen)",
        "metadata",
    ),
    Variable("kommunenummer", "Kommunenummer", "metadata"),
    Variable("periode", "Periode", "metadata"),
    Variable("skjema", "Spørreskjema", "metadata"),
    Variable("skjemaversjon", "Skjemaets versjon", "metadata"),
    Variable(
        "enhet",
        "Bolig eller avdeling; tom der rapporten ikke viser boligen for seg (for få svar, "
        "eller bolig × hjelper har færre enn k svar)",
        "metadata",
    ),
    Variable(
        "hjelper",
        "Hvem var med beboeren (sist valgt; hvert svars egen står i den lange formen)",
        "metadata",
        code_list={h.value: label_of(h.value) for h in HELPERS},
    ),
    Variable(
        "svarrekkefolge",
        "Rekkefølgen svaralternativene ble vist i",
        "metadata",
        code_list={"normal": "som i skjemaet", "reversed": "motsatt"},
    ),
    Variable(
        "kvalitetsflagg",
        "Mønstre som kan bety ja-svar uten mening (flere skilt med mellomrom)",
        "metadata",
        code_list=dict(FLAG_MEANINGS),
    ),
    Variable("startet", "Dagen svaret ble startet (UTC)", "metadata"),
    Variable("fullfort", "Dagen svaret ble fullført (UTC), tom om ikke fullført", "metadata"),
]
RESPONSE_COLUMNS = [variable.name for variable in RESPONSE_VARIABLES]
DATE_VARIABLES = ("startet", "fullfort")  # dates in files that have them (SPSS, Stata, …)
LONG_VARIABLES = [
    Variable("sporsmal", "Spørsmålets id (se kodeboken)", "metadata"),
    Variable("svar", "Svaret (verdien), vil_ikke_svare, eller kommentarens tekst", "metadata"),
    Variable("svart_med", "Hvem var med beboeren da svaret ble gitt", "metadata"),
]


def variables(catalog: Catalog, questionnaire: Questionnaire, shape: Shape) -> list[Variable]:
    """The columns of the export, with labels for the codebook, SPSS and Excel."""
    if shape == "long":
        return [*RESPONSE_VARIABLES, *LONG_VARIABLES]
    result = list(RESPONSE_VARIABLES)
    for page in questionnaire.pages:
        if isinstance(page, CommentPage):
            result.append(Variable(page.id, page.text, "comment"))
        elif isinstance(page, QuestionPage) and page.multiple:
            result.extend(_ticked_variables(catalog, page))
        elif isinstance(page, QuestionPage):
            question = page
            options = catalog.scale_of(question).options
            labels = {o.value: o.label for o in options}
            scored = any(o.score is not None for o in options)
            # No point on the scale, or an answer that says it does not know: missing.
            unscored = tuple(
                o.value for o in options if (scored and o.score is None) or o.says == "unknown"
            )
            scale = catalog.scale_of(question)
            counts = {
                o.value: score
                for o in options
                if (score := item_score(question, scale, o.value)) is not None
            }
            rule = question.show_if
            result.append(
                Variable(
                    question.id,
                    question.text,
                    "background" if question.theme is None else "answer",
                    question.theme or "",
                    question.scale,
                    labels | _home_label(question) | {declining.CODE: declining.LABEL},
                    (*unscored, declining.CODE),
                    counts,
                    question.reverse_of or "",
                    question.repeat_of or "",
                    in_words(rule) if rule else "",
                    earlier_wording=_earlier_wording(catalog, questionnaire, question),
                )
            )
    return result + score_variables(catalog, questionnaire)


TICKED = {"1": "Valgt", "0": "Ikke valgt"}


def _ticked_variables(catalog: Catalog, question: QuestionPage) -> list[Variable]:
    """A question with boxes to tick (`multiple`): a column per option, 1 where it was ticked
    and 0 where another was, as statistics programs count several answers."""
    return [
        Variable(
            f"{question.id}_{option.value}",
            f"{question.text}: {option.label}",
            "background",
            scale=question.scale,
            value_labels=TICKED | {declining.CODE: declining.LABEL},
            missing=(declining.CODE,),
        )
        for option in catalog.scale_of(question).options
    ]


def _home_label(question: QuestionPage) -> dict[str, str]:
    """A question asking which of the round's homes: the home chosen is in `enhet`."""
    if not question.round_units:
        return {}
    return {ROUND_UNIT: "En av rundens boliger (står i «enhet», der den kan vises)"}


def _columns(catalog: Catalog, questionnaire: Questionnaire) -> list[tuple[str, str | None]]:
    """The wide shape's answer and comment columns: (page id, None), or (question id, option)
    for each box of a question with boxes to tick."""
    found: list[tuple[str, str | None]] = []
    for page in questionnaire.pages:
        if isinstance(page, QuestionPage) and page.multiple:
            found.extend((page.id, o.value) for o in catalog.scale_of(page).options)
        elif isinstance(page, QuestionPage | CommentPage):
            found.append((page.id, None))
    return found


def _cell(given: str, option: str | None) -> str:
    """A wide cell: the answer, or for one box of several 1 (ticked) or 0 (another was)."""
    if option is None or given in ("", declining.CODE):
        return given
    return "1" if option in values_of(given) else "0"


# Each respondent's theme score from which of their answers (the variable's prefix): all, or
# those given alone or with help (where the questionnaire asks who helped).
ALL_ANSWERS, ALONE_ANSWERS, HELPED_ANSWERS = "tema_", "selv_", "medhjelp_"
SCORE_PARTS = {
    ALL_ANSWERS: "alle svarene",
    ALONE_ANSWERS: "svarene gitt alene",
    HELPED_ANSWERS: "svarene gitt med hjelp",
}


def _earlier_wording(
    catalog: Catalog, questionnaire: Questionnaire, question: QuestionPage
) -> dict[int, str]:
    found = {}
    for (questionnaire_id, version), earlier in sorted(catalog.earlier.items()):
        asked = earlier.page(question.id) if questionnaire_id == questionnaire.id else None
        if isinstance(asked, QuestionPage) and asked.text != question.text:
            found[version] = asked.text
    return found


def score_variables(catalog: Catalog, questionnaire: Questionnaire) -> list[Variable]:
    asked = {q.theme for q in questionnaire.questions if q.theme is not None}
    parts = SCORE_PARTS if questionnaire.ask_helper else {ALL_ANSWERS: SCORE_PARTS[ALL_ANSWERS]}
    return [
        Variable(
            f"{prefix}{theme_id}",
            f"{theme.name}: personens skår 0–100 ({said})",
            "score",
            theme_id,
        )
        for theme_id, theme in catalog.themes.items()
        if theme_id in asked
        for prefix, said in parts.items()
    ]


def response_count(connection: Connection, survey_round: Round, questionnaire_id: str) -> int:
    count = connection.execute(
        select(func.count()).where(
            counted(survey_round),
            responses_table.c.questionnaire_id == questionnaire_id,
        )
    ).scalar_one()
    connection.rollback()
    return int(count)


def microdata_rows(
    connection: Connection,
    catalog: Catalog,
    survey_round: Round,
    questionnaire: Questionnaire,
    named: Collection[str],
    *,
    shape: Shape = "wide",
) -> Iterator[list[str]]:
    """The export's rows (no header), every value as text, "" where there is none.

    A row names its home only where the round's report shows that home on its own (`named`,
    from `named_homes` in app/results/units.py, which says why): staff know who lives in a small
    home and who answered with help, and a row without its home must not be matched back to it
    by the report's figures. Times are given as the day only."""
    written = _comments(connection, survey_round, questionnaire)
    order = _columns(catalog, questionnaire)
    statement = (
        select(
            responses_table.c.id,
            responses_table.c.questionnaire_version,
            responses_table.c.unit,
            responses_table.c.helper,
            responses_table.c.option_order,
            responses_table.c.quality_flags,
            responses_table.c.started_at,
            responses_table.c.finished_at,
            answers_table.c.question_id,
            answers_table.c.value,
            answers_table.c.helper,
        )
        .select_from(responses_table.outerjoin(answers_table))
        .where(
            counted(survey_round),
            responses_table.c.questionnaire_id == questionnaire.id,
        )
        .order_by(responses_table.c.started_at, responses_table.c.id, answers_table.c.id)
    )
    rows = connection.execution_options(stream_results=True, yield_per=5000).execute(statement)
    scoring = _Scoring(catalog, questionnaire)
    current: list[str] = []
    given: dict[str, str] = {}
    helpers: dict[str, str | None] = {}
    for row in rows:
        head = [
            export_id(row[0]),
            survey_round.municipality_number,
            survey_round.period,
            questionnaire.id,
            str(row[1]),
            row[2] if row[2] in named else "",
            row[3] or "",
            row[4],
            row[5],
            _day(row[6]),
            _day(row[7]),
        ]
        if current and current[0] != head[0]:
            yield from _finish(current, given, written, order, shape, scoring.row(given, helpers))
            given, helpers = {}, {}
        current = head
        if row[8] is not None:
            given[row[8]] = row[9] or declining.CODE
            helpers[row[8]] = row[10]
            if shape == "long":
                yield [*head, row[8], row[9] or declining.CODE, row[10] or ""]
    if current:
        yield from _finish(current, given, written, order, shape, scoring.row(given, helpers))
    connection.rollback()


def rounds_rows(
    connection: Connection,
    catalog: Catalog,
    rounds: Sequence[Round],
    questionnaire: Questionnaire,
    named: Mapping[int, Collection[str]],
    *,
    shape: Shape = "wide",
) -> Iterator[list[str]]:
    """Several rounds' rows in one file (a period's): one round after the other, each row with
    its municipality, each round's homes named as in its own file (`named`, by round id)."""
    for survey_round in rounds:
        homes = named.get(survey_round.id, ())
        yield from microdata_rows(
            connection, catalog, survey_round, questionnaire, homes, shape=shape
        )


class _Scoring:
    """A respondent's theme scores from their answers, as app/results/sums.py counts them:
    the mean of the answers that count in the theme; alone means no one helped (or no one was
    asked)."""

    def __init__(self, catalog: Catalog, questionnaire: Questionnaire) -> None:
        self.items: list[tuple[QuestionPage, Scale]] = [
            (q, catalog.scale_of(q)) for q in questionnaire.questions if q.theme is not None
        ]
        self.columns = [(v.theme, v.name) for v in score_variables(catalog, questionnaire)]

    def row(self, given: dict[str, str], helpers: dict[str, str | None]) -> list[str]:
        counted: dict[str, list[float]] = {}
        for question, scale in self.items:
            score = item_score(question, scale, given.get(question.id))
            if score is None:
                continue
            helped = helpers.get(question.id) not in (None, ALONE)
            for part in (ALL_ANSWERS, HELPED_ANSWERS if helped else ALONE_ANSWERS):
                counted.setdefault(f"{part}{question.theme}", []).append(score)
        return [_mean(counted.get(name, [])) for _, name in self.columns]


def _mean(scores: list[float]) -> str:
    return repr(sum(scores) / len(scores)) if scores else ""


def _finish(
    head: list[str],
    given: dict[str, str],
    written: dict[str, dict[str, str]],
    order: list[tuple[str, str | None]],
    shape: Shape,
    scores: list[str],
) -> Iterator[list[str]]:
    """The wide row of a response (its theme scores last), or the long rows of its comments."""
    own_comments = written.get(head[0], {})
    if shape == "wide":
        cells = (_cell(given.get(i) or own_comments.get(i, ""), option) for i, option in order)
        yield [*head, *cells, *scores]
    else:
        for page_id, text in own_comments.items():
            yield [*head, page_id, text, ""]


def _comments(
    connection: Connection, survey_round: Round, questionnaire: Questionnaire
) -> dict[str, dict[str, str]]:
    """The round's comments by response. Held in memory: there is at most one per comment
    page and response, and most people write none."""
    rows = connection.execute(
        select(comments_table.c.response_id, comments_table.c.question_id, comments_table.c.text)
        .select_from(comments_table.join(responses_table))
        .where(
            counted(survey_round),
            responses_table.c.questionnaire_id == questionnaire.id,
        )
    ).all()
    found: dict[str, dict[str, str]] = {}
    for response_id, page_id, text in rows:
        found.setdefault(export_id(response_id), {})[page_id] = text
    return found


def export_id(response_id: str) -> str:
    """The id a response has in exports: the same in every file and form, so rows can be
    joined, but it opens nothing. The response's own id is the secret its device holds (the
    cookie), so it never leaves the server; a one-way hash of it cannot be turned back."""
    return hashlib.blake2b(
        response_id.encode(), digest_size=12, person=b"minstemme-eksp"
    ).hexdigest()


def _day(value: object) -> str:
    """The date (UTC) only: a time to the minute would point to the person who answered."""
    return "" if value is None else str(value)[:10]


def units_left_out(
    connection: Connection,
    survey_round: Round,
    questionnaire: Questionnaire,
    named: Collection[str],
    k: int,
) -> str:
    """What an analyst is told before taking the file: for how many responses the home is left
    out (`named`: the homes the file names, app/results/units.py), or "" when none."""
    homes = connection.execute(
        select(responses_table.c.unit, func.count())
        .where(
            counted(survey_round),
            responses_table.c.questionnaire_id == questionnaire.id,
            responses_table.c.unit.is_not(None),
        )
        .group_by(responses_table.c.unit)
    ).all()
    connection.rollback()
    count = sum(n for unit, n in homes if unit not in named)
    if not count:
        return ""
    return (
        f"Bolig eller avdeling er tatt ut for {count} svar: der rapporten ikke viser boligen "
        "for seg (den har for få svar, eller bolig og hjelper sammen har færre enn "
        f"{k} svar)."
    )
