"""A round's actions beside its themes: what was promised after the round before, how far it
came, and the change in the theme since («Dette lovet vi – dette ble gjort»); and what will be
done now («Dette skal vi gjøre»). Only figures the report shows are compared.

The changes are tested here alone; the page that shows them decides its ✱ over all it shows
(`report_and_actions` for the report; app/results/differences.py).
"""

from dataclasses import dataclass, replace

from app.followup.actions import Action, actions_of, by_theme
from app.results.context import ResultsContext
from app.results.dashboard import reworded
from app.results.differences import Difference, across_wordings, difference, on_one_page
from app.results.report import Report, ThemeResult, round_before, round_report, round_results
from app.results.suppression import Shown
from app.rounds.rounds import Audience, questionnaire_for
from app.storage.tables import Round


@dataclass(frozen=True)
class ThemeFollowUp:
    theme: str
    name: str
    promised: list[Action]  # after the round before, with their status now
    planned: list[Action]  # after this round
    residents_change: Difference | None  # the theme's score since the round before
    relatives_change: Difference | None


@dataclass(frozen=True)
class ReportAndActions:
    report: Report
    followed: list[ThemeFollowUp]


def report_and_actions(context: ResultsContext, survey_round: Round) -> ReportAndActions:
    """The round's report with its actions, every change on the page starred together: each
    question's since the round before and each theme's beside its actions."""
    report = round_report(context, survey_round)
    followed = follow_up(context, survey_round, report.themes, round_before(context, survey_round))
    asked = [(a, q) for a, changes in report.changes.items() for q in changes]
    decided = iter(
        on_one_page(
            [report.changes[a][q] for a, q in asked]
            + [d for f in followed for d in (f.residents_change, f.relatives_change)]
        )
    )
    changes: dict[Audience, dict[str, Difference | None]] = {a: {} for a in report.changes}
    for audience, question in asked:
        changes[audience][question] = next(decided)
    return ReportAndActions(
        replace(report, changes=changes),
        [
            replace(f, residents_change=next(decided), relatives_change=next(decided))
            for f in followed
        ],
    )


def follow_up(
    context: ResultsContext,
    survey_round: Round,
    themes: list[ThemeResult],
    before: Round | None,
) -> list[ThemeFollowUp]:
    """Per theme the round shows, its actions and those of the round before."""
    connection = context.connection
    planned = by_theme(actions_of(connection, [survey_round.id]))
    promised = by_theme(actions_of(connection, [before.id])) if before else {}
    then = {t.theme: t for t in round_results(context, before)} if before else {}
    same = {
        audience: before is not None
        and questionnaire_for(before, audience) == questionnaire_for(survey_round, audience)
        for audience in ("resident", "relative")
    }
    across = reworded(connection, before, survey_round) if before else set()
    shown = []
    for theme in themes:
        earlier = then.get(theme.theme)
        shown.append(
            ThemeFollowUp(
                theme.theme,
                theme.name,
                promised.get(theme.theme, []),
                planned.get(theme.theme, []),
                _change(theme.residents, earlier.residents, ("resident", theme.theme) in across)
                if earlier and same["resident"]
                else None,
                _change(theme.relatives, earlier.relatives, ("relative", theme.theme) in across)
                if earlier and same["relative"]
                else None,
            )
        )
    return shown


def _change(now: Shown, then: Shown, across_other_words: bool) -> Difference | None:
    found = difference(now.score, then.score)
    return across_wordings(found) if across_other_words else found
