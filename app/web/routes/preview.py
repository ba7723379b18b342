"""Owners look through every questionnaire before and while it runs: each page as
respondents see it (in both option orders, with its picture and its read-aloud clips), with
the plain-language advice of `minstemme check` beside it. Nothing here stores an answer."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app import urls
from app.questionnaires.model import Questionnaire
from app.survey import flow
from app.web.deps import Services, ServicesDep
from app.web.errors import NotFound
from app.web.publishing import Publishing
from app.web.rendering import render
from app.web.routes.auth import Owner
from app.web.security import CONTENT_SECURITY_POLICY
from app.web.views import clips_heard, page_view

router = APIRouter()

# The respondents' page inside the preview: framed only by this site, and with no script and
# no form that could run (it answers nothing and stores nothing).
FRAME_POLICY = (
    CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    + "; sandbox allow-same-origin"
)


def _publishing(request: Request) -> Publishing:
    publishing: Publishing = request.app.state.publishing
    return publishing


def _questionnaire(services: Services, questionnaire_id: str) -> Questionnaire:
    questionnaire = services.catalog.questionnaires.get(questionnaire_id)
    if questionnaire is None:
        raise NotFound()
    return questionnaire


def _screen(questionnaire: Questionnaire, page_id: str) -> tuple[flow.Journey, flow.Screen]:
    """The screen a page opens, skip rules aside, among all the questionnaire's."""
    every = flow.every_screen(questionnaire)
    screen = every.screen(page_id)
    if screen is None:
        raise NotFound()
    return every, screen


@router.get(urls.QUESTIONNAIRES)
def questionnaires_page(request: Request, services: ServicesDep, who: Owner) -> Response:
    checked = _publishing(request).checked
    rows = [
        (
            questionnaire,
            checked.readability.get(questionnaire.id),
            sum(len(said) for said in checked.advice.get(questionnaire.id, {}).values()),
            urls.questionnaire_pages(questionnaire.id),
        )
        for questionnaire in services.catalog.questionnaires.values()
    ]
    return render(
        request,
        "analysis/questionnaires.html",
        {"title": "Spørreskjemaene", "who": who, "section": "questionnaires", "rows": rows},
    )


@router.get("/analyse/skjema/{questionnaire_id}")
def questionnaire_pages(
    request: Request, services: ServicesDep, who: Owner, questionnaire_id: str
) -> Response:
    questionnaire = _questionnaire(services, questionnaire_id)
    advice = _publishing(request).checked.advice.get(questionnaire.id, {})
    screens = flow.every_screen(questionnaire).screens
    rows = [
        (
            number,
            screen,
            [said for question in screen.questions for said in advice.get(question.id, [])],
            urls.preview(questionnaire.id, screen.id),
        )
        for number, screen in enumerate(screens, 1)
    ]
    return render(
        request,
        "analysis/questionnaire.html",
        {
            "title": questionnaire.title,
            "who": who,
            "section": "questionnaires",
            "questionnaire": questionnaire,
            "rows": rows,
        },
    )


@router.get("/analyse/skjema/{questionnaire_id}/side/{page_id}")
def preview_page(
    request: Request, services: ServicesDep, who: Owner, questionnaire_id: str, page_id: str
) -> Response:
    questionnaire = _questionnaire(services, questionnaire_id)
    every, screen = _screen(questionnaire, page_id)
    view = page_view(services, questionnaire, screen, every)
    advice = _publishing(request).checked.advice.get(questionnaire.id, {})
    previous, following = every.previous_screen(page_id), every.next_screen(page_id)
    orders = [False, True] if questionnaire.balance_option_order and screen.questions else [False]
    return render(
        request,
        "analysis/preview.html",
        {
            "title": f"Forhåndsvisning: {screen.id}",
            "who": who,
            "section": "questionnaires",
            "questionnaire": questionnaire,
            "screen": screen,
            "advice": [said for q in screen.questions for said in advice.get(q.id, [])],
            "frames": [urls.preview_frame(questionnaire.id, page_id, order) for order in orders],
            "clips": clips_heard(view),
            "pages": urls.questionnaire_pages(questionnaire.id),
            "previous": urls.preview(questionnaire.id, previous.id) if previous else None,
            "next": urls.preview(questionnaire.id, following.id) if following else None,
        },
    )


@router.get("/analyse/skjema/{questionnaire_id}/side/{page_id}/vis")
def preview_frame(
    services: ServicesDep,
    who: Owner,
    questionnaire_id: str,
    page_id: str,
    snudd: Annotated[str, Query(max_length=1)] = "",
) -> Response:
    questionnaire = _questionnaire(services, questionnaire_id)
    every, screen = _screen(questionnaire, page_id)
    view = page_view(services, questionnaire, screen, every, reversed_options=snudd == "1")
    page = services.survey_page.page(view, False)
    return HTMLResponse(page.body, headers={"Content-Security-Policy": FRAME_POLICY})
