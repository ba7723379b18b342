"""Owners look through every questionnaire before publishing and while it runs (the drafts
while they pass, else what is published): each page as respondents see it (in both option
orders, in each language, with its picture and its read-aloud clips), with the plain-language
advice of `minstemme check` beside it, and what a user panel said of it. Nothing here stores
an answer."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from app import urls
from app.accounts import SignedIn
from app.questionnaires.model import Questionnaire
from app.questionnaires.rules import in_words
from app.rounds.rounds import norwegian_date
from app.studio.panel import (
    JUDGED,
    Verdict,
    VerdictRefused,
    note_verdict,
    summary,
    verdicts_on,
)
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


def publishing_of(request: Request) -> Publishing:
    publishing: Publishing = request.app.state.publishing
    return publishing


def drafts_shown(request: Request, services: Services) -> Services:
    """What the preview shows: the drafts, while they pass; else what is published."""
    return publishing_of(request).draft_services or services


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


@router.get("/analyse/skjema/{questionnaire_id}")
def questionnaire_pages(
    request: Request,
    services: ServicesDep,
    who: Owner,
    questionnaire_id: str,
    sprak: LanguageQuery = "",
) -> Response:
    services = drafts_shown(request, services)
    questionnaire = _questionnaire(services, questionnaire_id, sprak)
    language = questionnaire.language
    advice = checked_result(publishing_of(request)).advice.get((questionnaire.id, language), {})
    every = flow.every_screen(questionnaire)
    with services.connect() as connection:
        verdicts = verdicts_on(connection, questionnaire.id)
    rows = [
        (
            number,
            screen,
            [said for question in screen.questions for said in advice.get(question.id, [])],
            urls.preview(questionnaire.id, screen.id, language=sprak or None),
            form_screen_name(questionnaire, every, screen),
            _rule(screen),
            summary(verdicts.get(screen.id, [])),
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
    return _preview_page(request, services, who, questionnaire_id, page_id, sprak)


def _preview_page(
    request: Request,
    services: Services,
    who: SignedIn,
    questionnaire_id: str,
    page_id: str,
    sprak: str,
    *,
    notice: str = "",
    error: str = "",
) -> Response:
    services = drafts_shown(request, services)
    questionnaire = _questionnaire(services, questionnaire_id, sprak)
    every, screen = _screen(questionnaire, page_id)
    view = page_view(services, questionnaire, screen, every, homes=PREVIEW_HOMES)
    checked = checked_result(publishing_of(request))
    advice = checked.advice.get((questionnaire.id, questionnaire.language), {})
    previous, following = every.previous_screen(page_id), every.next_screen(page_id)
    orders = [False, True] if questionnaire.balance_option_order and screen.questions else [False]
    language = sprak or None
    with services.connect() as connection:
        verdicts = verdicts_on(connection, questionnaire.id).get(page_id, [])
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
            "verdict": urls.verdict(questionnaire.id, page_id, language),
            "judged": JUDGED,
            "verdicts": [_verdict_view(v, wording_of(screen)) for v in verdicts],
            "picture": screen.first.illustration is not None,
            "notice": notice,
            "error": error,
        },
        status_code=400 if error else 200,
    )


@dataclass(frozen=True)
class VerdictView:
    noted: str  # when
    said: str
    note: str
    wording: str  # the words the panel saw, where they have changed since ("" if not)


def _verdict_view(verdict: Verdict, now: str) -> VerdictView:
    return VerdictView(
        norwegian_date(verdict.noted_at),
        verdict.said(),
        verdict.note,
        verdict.wording if verdict.wording != now else "",
    )


def wording_of(screen: flow.Screen) -> str:
    """A screen's words as a panel sees them: each page's title and text."""
    return " ".join(
        part
        for page in screen.pages
        for part in (getattr(page, "title", ""), getattr(page, "text", ""))
        if isinstance(part, str) and part
    ).strip()


@router.post("/analyse/skjema/{questionnaire_id}/side/{page_id}/vurdering")
def note_panel_verdict(
    request: Request,
    services: ServicesDep,
    who: Owner,
    questionnaire_id: str,
    page_id: str,
    sprak: LanguageQuery = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    forstatt: Annotated[str, Form(max_length=10)] = "",
    bildet: Annotated[str, Form(max_length=10)] = "",
    merknad: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """The user panel's verdict on a page, noted while they try the draft."""
    check_csrf(who, csrf)
    shown = drafts_shown(request, services)
    questionnaire = _questionnaire(shown, questionnaire_id, sprak)
    _, screen = _screen(questionnaire, page_id)
    try:
        with shown.connect() as connection:
            note_verdict(
                connection,
                questionnaire_id=questionnaire.id,
                page_id=screen.id,
                language=questionnaire.language,
                wording=wording_of(screen),
                understood=forstatt,
                picture_fits=bildet,
                note=merknad,
            )
    except VerdictRefused as refused:
        return _preview_page(
            request, services, who, questionnaire_id, page_id, sprak, error=str(refused)
        )
    return _preview_page(
        request, services, who, questionnaire_id, page_id, sprak, notice="Vurderingen er lagret."
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
    services = drafts_shown(request, services)
    questionnaire = _questionnaire(services, questionnaire_id, sprak)
    every, screen = _screen(questionnaire, page_id)
    view = page_view(
        services, questionnaire, screen, every, reversed_options=snudd == "1", homes=PREVIEW_HOMES
    )
    page = services.survey_page.page(view, False)
    return HTMLResponse(page.body, headers={"Content-Security-Policy": FRAME_POLICY})
