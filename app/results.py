"""A round's results: answers streamed from the database into theme scores, small groups
hidden. The same figures the analysts' pages and exports will show."""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, select

from app.catalog import Catalog
from app.models import Answer, Response
from app.scoring import AnswerRow, HelpFilter, Score, theme_scores
from app.suppression import Shown, shown, shown_part

responses = Response.__table__  # type: ignore[attr-defined]
answers = Answer.__table__  # type: ignore[attr-defined]
COMPLEMENT: dict[HelpFilter, HelpFilter] = {"alone": "helped", "helped": "alone"}


def answer_rows(
    connection: Connection, round_id: int, questionnaire_id: str
) -> Iterator[AnswerRow]:
    """Every answer to a questionnaire in a round, grouped by response, read in batches."""
    statement = (
        select(
            responses.c.id,
            answers.c.question_id,
            answers.c.value,
            answers.c.helper,
            responses.c.quality_flags,
        )
        .select_from(responses.join(answers))
        .where(responses.c.round_id == round_id, responses.c.questionnaire_id == questionnaire_id)
        .order_by(responses.c.id)
    )
    result = connection.execution_options(stream_results=True, yield_per=5000).execute(statement)
    for response_id, question_id, value, helper, flags in result:
        yield AnswerRow(response_id, question_id, value, helper, bool(flags))


@dataclass(frozen=True)
class ThemeResult:
    theme: str
    name: str
    residents: Shown
    relatives: Shown


def round_results(
    connection: Connection,
    catalog: Catalog,
    *,
    round_id: int,
    resident_questionnaire: str,
    relative_questionnaire: str,
    help_filter: HelpFilter = "all",
    without_flagged: bool = False,
    min_group: int,
) -> list[ThemeResult]:
    """Residents' and relatives' score per theme. Filtered by help, the residents' figure is
    hidden when the residents it leaves out are a small group (they could be worked out)."""

    def scores(questionnaire_id: str, chosen: HelpFilter) -> dict[str, Score]:
        questionnaire = catalog.questionnaires[questionnaire_id]
        rows = answer_rows(connection, round_id, questionnaire_id)
        return theme_scores(
            questionnaire,
            catalog.scales,
            rows,
            help_filter=chosen,
            without_flagged=without_flagged,
        )

    residents = scores(resident_questionnaire, help_filter)
    relatives = scores(relative_questionnaire, "all")
    rest = COMPLEMENT.get(help_filter)
    complement = scores(resident_questionnaire, rest) if rest else {}
    connection.rollback()
    results = []
    for theme_id, theme in catalog.themes.items():
        resident_score = residents.get(theme_id)
        resident_shown = (
            shown_part(resident_score, complement.get(theme_id), min_group)
            if rest
            else shown(resident_score, min_group)
        )
        results.append(
            ThemeResult(
                theme=theme_id,
                name=theme.name,
                residents=resident_shown,
                relatives=shown(relatives.get(theme_id), min_group),
            )
        )
    return results
