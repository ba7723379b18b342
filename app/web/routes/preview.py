"""Owners look through every questionnaire before and while it runs: each page as
respondents see it (in both option orders, in each language, with its picture and its
read-aloud clips), with the plain-language advice of `minstemme check` beside it. Nothing here
stores an answer."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from app import urls
from app.accounts import SignedIn
from app.questionnaires.model import LANGUAGE_NAMES, Questionnaire
from app.questionnaires.rules import in_words
from app.studio.drafts import Outcome
from app.studio.publications import Published
from app.survey import flow
from app.web.deps import Services, ServicesDep
from app.web.errors import NotFound
from app.web.publishing import Publishing, checked_result
from app.web.rendering import render
from app.web.routes.auth import Owner, check_csrf
from app.web.security import CONTENT_SECURITY_POLICY
from app.web.views import clips_heard, form_screen_name, page_view
from app.words import LANGUAGES, OWN_NAMES

router = APIRouter()

# The respondents' page inside the preview: framed only by this site, and with no script and
# no form that could run (it answers nothing and stores nothing).
FRAME_POLICY = (
    CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    + "; sandbox allow-same-origin"
)

# A question asking which home (`round_units`) offers the round's homes; a preview has none.
PREVIEW_HOMES = ("Eksempel: Solsiden bolig", "Eksempel: Fjellveien bofellesskap")


def _publishing(request: Request) -> Publishing:
    publishing: Publishing = request.app.state.publishing
    return publishing


def _drafts(request: Request, services: Services) -> Services:
    """What the preview shows: the drafts, while they pass; else what is published."""
    return _publishing(request).draft_services or services


def _questionnaire(services: Services, questionnaire_id: str, language: str = "") -> Questionnaire:
    """The questionnaire in `language` (its own without); not found in one it does not offer."""
    questionnaire = services.catalog.questionnaires.get(questionnaire_id)
    if questionnaire is None or (language and language not in questionnaire.offered):
        raise NotFound()
    return services.catalog.in_language(questionnaire, language or None)


def _screen(questionnaire: Questionnaire, page_id: str) -> tuple[flow.Journey, flow.Screen]:
    """The screen a page opens, skip rules aside, among all the questionnaire's."""
    every = flow.every_screen(questionnaire)
    screen = every.screen(page_id)
    if screen is None:
        raise NotFound()
    return every, screen


def _rule(screen: flow.Screen) -> str:
    """The skip rule of the screen's first page, in words ("" where it is always shown)."""
    rule = screen.first.show_if
    return f"Vises bare hvis {in_words(rule)}." if rule else ""


@dataclass(frozen=True)
class LanguageLink:
    name: str  # in its own language
    language: str
    url: str
    shown: bool


def _languages(questionnaire: Questionnaire, url: Callable[[str], str]) -> list[LanguageLink]:
    """A link to the page in each language the questionnaire offers; none when it offers one."""
    if len(questionnaire.offered) < 2:
        return []
    return [
        LanguageLink(OWN_NAMES[lang], lang, url(lang), lang == questionnaire.language)
        for lang in sorted(questionnaire.offered, key=LANGUAGES.index)  # in one order on each
    ]


LanguageQuery = Annotated[str, Query(alias="sprak", max_length=2)]


@router.get(urls.QUESTIONNAIRES)
def questionnaires_page(request: Request, services: ServicesDep, who: Owner) -> Response:
    return _questionnaires_page(request, services, who)


def _questionnaires_page(
    request: Request, services: Services, who: SignedIn, notice: Outcome | None = None
) -> Response:
    """Every questionnaire (the drafts while they pass), what is published, and «Publiser»."""
    services = _drafts(request, services)
    checked = checked_result(_publishing(request))
    rows = [
        (
            questionnaire,
            [
                (LANGUAGE_NAMES[lang], figures)
                for lang in questionnaire.offered
                if (figures := checked.readability.get((questionnaire.id, lang)))
            ],
            sum(
                len(said)
                for lang in questionnaire.offered
                for said in checked.advice.get((questionnaire.id, lang), {}).values()
            ),
            urls.questionnaire_pages(questionnaire.id),
        )
        for questionnaire in services.catalog.questionnaires.values()
    ]
    publishing = _publishing(request)
    return render(
        request,
        "analysis/questionnaires.html",
        {
            "title": "Spørreskjemaene",
            "who": who,
            "section": "questionnaires",
            "rows": rows,
            "status": publication_status(publishing),
            "notice": notice,
        },
        status_code=400 if notice and notice.problems else 200,
    )


@dataclass(frozen=True)
class PublicationStatus:
    """What respondents are served, and what of the drafts is not published yet."""

    served: Published
    unpublished: list[str]  # files, in words
    draft_passes: bool


def publication_status(publishing: Publishing) -> PublicationStatus:
    return PublicationStatus(
        publishing.served, list(publishing.unpublished), publishing.draft.catalog is not None
    )


@router.post(urls.PUBLISH)
def publish_drafts(
    request: Request,
    services: ServicesDep,
    who: Owner,
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """«Publiser»: the drafts reach respondents, if they pass."""
    check_csrf(who, csrf)
    publishing = _publishing(request)
    publishing.look_at_drafts()  # a file saved a moment ago counts
    outcome = publishing.publish(by_whom=who.username)
    return _questionnaires_page(request, services, who, notice=outcome)


@router.get("/analyse/skjema/{questionnaire_id}")
def questionnaire_pages(
    request: Request,
    services: ServicesDep,
    who: Owner,
    questionnaire_id: str,
    sprak: LanguageQuery = "",
) -> Response:
    services = _drafts(request, services)
    questionnaire = _questionnaire(services, questionnaire_id, sprak)
    language = questionnaire.language
    advice = checked_result(_publishing(request)).advice.get((questionnaire.id, language), {})
    every = flow.every_screen(questionnaire)
    rows = [
        (
            number,
            screen,
            [said for question in screen.questions for said in advice.get(question.id, [])],
            urls.preview(questionnaire.id, screen.id, language=sprak or None),
            form_screen_name(questionnaire, every, screen),
            _rule(screen),
        )
        for number, screen in enumerate(every.screens, 1)
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
            "languages": _languages(
                questionnaire, partial(urls.questionnaire_pages, questionnaire.id)
            ),
        },
    )


@router.get("/analyse/skjema/{questionnaire_id}/side/{page_id}")
def preview_page(
    request: Request,
    services: ServicesDep,
    who: Owner,
    questionnaire_id: str,
    page_id: str,
    sprak: LanguageQuery = "",
) -> Response:
    services = _drafts(request, services)
    questionnaire = _questionnaire(services, questionnaire_id, sprak)
    every, screen = _screen(questionnaire, page_id)
    view = page_view(services, questionnaire, screen, every, homes=PREVIEW_HOMES)
    checked = checked_result(_publishing(request))
    advice = checked.advice.get((questionnaire.id, questionnaire.language), {})
    previous, following = every.previous_screen(page_id), every.next_screen(page_id)
    orders = [False, True] if questionnaire.balance_option_order and screen.questions else [False]
    language = sprak or None
    return render(
        request,
        "analysis/preview.html",
        {
            "title": f"Forhåndsvisning: {screen.id}",
            "who": who,
            "section": "questionnaires",
            "questionnaire": questionnaire,
            "screen": screen,
            "rule": _rule(screen),
            "advice": [said for q in screen.questions for said in advice.get(q.id, [])],
            "frames": [
                urls.preview_frame(questionnaire.id, page_id, order, language) for order in orders
            ],
            "clips": clips_heard(view),
            "languages": _languages(
                questionnaire, partial(urls.preview, questionnaire.id, page_id)
            ),
            "pages": urls.questionnaire_pages(questionnaire.id, language),
            "previous": urls.preview(questionnaire.id, previous.id, language) if previous else None,
            "next": urls.preview(questionnaire.id, following.id, language) if following else None,
        },
    )


@router.get("/analyse/skjema/{questionnaire_id}/side/{page_id}/vis")
def preview_frame(
    request: Request,
    services: ServicesDep,
    who: Owner,
    questionnaire_id: str,
    page_id: str,
    snudd: Annotated[str, Query(max_length=1)] = "",
    sprak: LanguageQuery = "",
) -> Response:
    services = _drafts(request, services)
    questionnaire = _questionnaire(services, questionnaire_id, sprak)
    every, screen = _screen(questionnaire, page_id)
    view = page_view(
        services, questionnaire, screen, every, reversed_options=snudd == "1", homes=PREVIEW_HOMES
    )
    page = services.survey_page.page(view, False)
    return HTMLResponse(page.body, headers={"Content-Security-Policy": FRAME_POLICY})
