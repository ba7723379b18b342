"""Results pages for analysts: the dashboard and the printable report of a round.

Every route needs a signed-in analyst or owner (app/web/routes/auth.py). The routes are plain `def`:
FastAPI runs them in its thread pool, so counting a large round never holds up a resident's
next page.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import StringConstraints

from app import urls
from app.accounts import SignedIn
from app.clock import today
from app.followup.actions import STATUSES
from app.followup.following import report_and_actions
from app.results.dashboard import ALL_GROUP, dashboard
from app.results.groups import saved_groups
from app.results.report import Report
from app.results.scoring import HelpFilter
from app.results.sums import Filters
from app.rounds.rounds import norwegian_date, round_by_id
from app.survey.retention import answers_deleted
from app.web.deps import Services, ServicesDep
from app.web.errors import TO_RESULTS, RoundNotFound, seen_in_full
from app.web.rendering import render
from app.web.routes.auth import Analyst

router = APIRouter()

HELP_CHOICES: dict[str, HelpFilter] = {"alle": "all", "selv": "alone", "med_hjelp": "helped"}
HELP_NAMES = {"alle": "Alle", "selv": "Svarte selv", "med_hjelp": "Svarte med hjelp"}
HelpParam = Annotated[Literal["alle", "selv", "med_hjelp"], Query()]
FlaggedParam = Annotated[Literal["med", "uten"], Query()]


# Four digits each; as many as Norway has municipalities (the page shows the first six).
MunicipalityNumber = Annotated[str, StringConstraints(max_length=4)]
MAX_ASKED = 360


def filters_of(hjelp: str, flagg: str) -> Filters:
    return Filters(HELP_CHOICES.get(hjelp, "all"), flagg == "uten")


@router.get(urls.RESULTS)
def dashboard_page(
    request: Request,
    services: ServicesDep,
    who: Analyst,
    periode: Annotated[str | None, Query(max_length=10)] = None,
    kommune: Annotated[list[MunicipalityNumber] | None, Query(max_length=MAX_ASKED)] = None,
    gruppe: Annotated[list[MunicipalityNumber] | None, Query(max_length=MAX_ASKED)] = None,
    hjelp: HelpParam = "alle",
    flagg: FlaggedParam = "med",
) -> Response:
    """`gruppe`: the municipalities of a reference group to compare with, besides all."""
    return render_dashboard(request, services, who, periode, kommune, gruppe, hjelp, flagg)


def render_dashboard(
    request: Request,
    services: Services,
    who: SignedIn,
    periode: str | None = None,
    kommune: list[str] | None = None,
    gruppe: list[str] | None = None,
    hjelp: str = "alle",
    flagg: str = "med",
    group_problem: str = "",
) -> Response:
    """The dashboard; `group_problem`: why a comparison group could not be saved."""
    with services.connect() as connection:
        view = dashboard(
            services.results(connection, filters_of(hjelp, flagg)),
            period=periode,
            chosen=kommune or [],
            reference=gruppe or [],
            own=who.municipalities,
        )
        saved = saved_groups(connection)
    chosen = [group.key for group in view.chosen]
    return render(
        request,
        "analysis/dashboard.html",
        {
            "title": "Resultater",
            "who": who,
            "section": "dashboard",
            "view": view,
            "all_group": ALL_GROUP,
            "hjelp": hjelp,
            "flagg": flagg,
            "help_names": HELP_NAMES,
            "report_links": [
                (group.name, urls.report(view.rounds[group.key], hjelp=hjelp, flagg=flagg))
                for group in view.chosen
                if who.sees_in_full(group.key)
            ],
            "saved_groups": [
                SavedGroupLink(
                    group.name,
                    urls.results(periode=view.period, kommune=chosen, gruppe=group.members),
                    urls.remove_group(group.id),
                    sorted(group.members) == sorted(g.key for g in view.reference),
                )
                for group in saved
            ],
            "group_problem": group_problem,
        },
        status_code=400 if group_problem else 200,
    )


@dataclass(frozen=True)
class SavedGroupLink:
    """A saved comparison group on the dashboard: one tap shows it beside those chosen."""

    name: str
    shows: str
    remove: str
    shown_now: bool


@dataclass(frozen=True)
class ActionForm:
    """«Nytt tiltak» as typed (shown again with what was wrong)."""

    typed: Mapping[str, str] = field(default_factory=dict)
    error: str = ""


@router.get("/analyse/rapport/{round_id}")
def report_page(
    request: Request,
    services: ServicesDep,
    who: Analyst,
    round_id: int,
    hjelp: HelpParam = "alle",
    flagg: FlaggedParam = "med",
) -> Response:
    return render_report(request, services, who, round_id, hjelp, flagg)


def render_report(
    request: Request,
    services: Services,
    who: SignedIn,
    round_id: int,
    hjelp: str = "alle",
    flagg: str = "med",
    action_form: ActionForm | None = None,
) -> Response:
    """The round's report, with its actions and those of the round before; `action_form`:
    a new action as typed, with what was wrong."""
    k = services.settings.min_group
    with services.connect() as connection:
        survey_round = round_by_id(connection, round_id)
        if survey_round is None:
            raise RoundNotFound(TO_RESULTS)
        seen_in_full(who, survey_round, TO_RESULTS)
        context = services.results(connection, filters_of(hjelp, flagg))
        page = report_and_actions(context, survey_round)
        report, followed = page.report, page.followed
    return render(
        request,
        "analysis/report.html",
        {
            "title": f"Rapport {survey_round.municipality_name} {survey_round.period}",
            "who": who,
            "section": "dashboard",
            "round": survey_round,
            "deleted": answers_deleted(survey_round),
            "themes": report.themes,
            "questions": report.questions,
            "started": report.started,
            "finished": report.finished,
            "participation": report.participation,
            "previous": report.previous,
            "changes": report.changes,
            "grouped": report.homes + report.breakdowns,
            "followed": followed,
            "statuses": STATUSES,
            "action_form": action_form or ActionForm(),
            "action_questions": _questions_by_theme(report),
            "k": k,
            "filters_text": _filters_text(hjelp, flagg),
            "opens": norwegian_date(survey_round.opens_on),
            "closes": norwegian_date(survey_round.closes_on),
            "printed": today(),
        },
        status_code=400 if action_form and action_form.error else 200,
    )


def _questions_by_theme(report: Report) -> list[tuple[str, list[tuple[str, str]]]]:
    """The round's questions per theme, as «Nytt tiltak» offers them."""
    asked = [d for shown in report.questions.values() for d in shown]
    return [
        (
            theme.name,
            [
                (d.question.id, d.wording or d.question.text)
                for d in asked
                if d.question.theme == theme.theme
            ],
        )
        for theme in report.themes
    ]


def _filters_text(hjelp: str, flagg: str) -> str:
    parts = [] if hjelp == "alle" else [HELP_NAMES[hjelp].lower() + " (beboere)"]
    if flagg == "uten":
        parts.append("uten svar med kvalitetsflagg")
    return ", ".join(parts) or "alle svar"
