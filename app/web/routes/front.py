"""The front page, the health check, and continuing with a resume code."""

from typing import Annotated

import anyio
from fastapi import APIRouter, Form, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from app import urls
from app.clock import today
from app.rounds.links import languages_asked, round_links
from app.rounds.rounds import demo_rounds, status
from app.storage.database import database_answers, database_writes
from app.storage.tables import Round
from app.studio.trial import is_trial
from app.survey.helping import staff_checklist, staff_guide
from app.survey.responses import find_by_resume_code, hand_to_device, set_language
from app.web.cookies import chosen_language, client_of, remember_language, remember_response
from app.web.deps import Services, ServicesDep
from app.web.errors import BadForm, RoundClosed, too_many_codes
from app.web.rendering import render
from app.web.routes.survey import device_response
from app.words import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    OWN_NAMES,
    Said,
    is_language,
    language_choices,
    said,
    words_in,
)

router = APIRouter(tags=["front"])


@router.get(urls.HEALTH, response_class=PlainTextResponse)
async def healthz(services: ServicesDep) -> PlainTextResponse:
    """ "ok" when the server answers and its database both answers and takes writes (a full
    disk or a held write lock let SELECT 1 through while every save failed); 503 otherwise, so
    a load balancer or monitor knows. The database is asked off the event loop, for at most
    3 s each."""
    for check, problem in (
        (database_answers, "database unavailable"),
        (database_writes, "database cannot save answers"),
    ):
        try:
            with anyio.fail_after(HEALTH_SECONDS):
                await anyio.to_thread.run_sync(check, services.engine, abandon_on_cancel=True)
        except (SQLAlchemyError, TimeoutError):
            return PlainTextResponse(problem, status_code=503)
    return PlainTextResponse("ok")


HEALTH_SECONDS = 3


@router.get(urls.FRONT)
def front_page(request: Request, services: ServicesDep) -> Response:
    with services.connect() as connection:
        trial = [
            r
            for r in demo_rounds(connection)
            if status(r, today()) == "open" and not is_trial(r)  # drafts stay the owners'
        ]
    language = chosen_language(request) or DEFAULT_LANGUAGE
    # name, the residents' link, the relatives' link, and the languages its questions are in
    # when the reader's is not one of them (the site has English; a questionnaire may not)
    links = [
        (r.municipality_name, *round_links(r), _questions_elsewhere(services, r, language))
        for r in trial
    ]
    context = {"trial_rounds": links, "languages": language_choices(LANGUAGES, language)}
    return render(request, "front.html", context, language=language)


def _questions_elsewhere(services: Services, survey_round: Round, language: str) -> str:
    """The languages the round's questions are in, by their own names, when `language` is not
    one of them ("" when it is)."""
    offered = languages_asked(services.catalog, survey_round)
    if not offered or language in offered:
        return ""
    return ", ".join(OWN_NAMES[code] for code in offered)


@router.get(urls.PICTURE_CREDITS)
async def picture_credits(request: Request, services: ServicesDep) -> Response:
    """Where the pictures come from and their licences, as CC BY-SA asks."""
    language = chosen_language(request) or DEFAULT_LANGUAGE
    return render(
        request, "credits.html", {"credits": services.pictures.credits}, language=language
    )


@router.get(urls.STAFF_GUIDE)
def staff_guide_page(request: Request) -> Response:
    """How to help a resident answer without steering; printable (app/survey/helping.py)."""
    language = chosen_language(request) or DEFAULT_LANGUAGE
    words = words_in(language)
    context = {
        "checklist": staff_checklist(words),
        "parts": staff_guide(words),
        "languages": language_choices(LANGUAGES, language),
    }
    return render(request, "guide.html", context, language=language)


@router.post(urls.LANGUAGE)
def choose_language(
    request: Request,
    services: ServicesDep,
    sprak: Annotated[str, Form(max_length=2)] = "",
    tilbake: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Show pages in this language from now on, on this device; a response under way on the
    page it came from is answered in it too (if its questionnaire offers it)."""
    if not is_language(sprak):
        raise BadForm()
    back = tilbake if tilbake.startswith("/") and not tilbake.startswith(("//", "/\\")) else "/"
    questionnaire_id = urls.questionnaire_in(back)
    questionnaire = services.catalog.questionnaires.get(questionnaire_id or "")
    if questionnaire is not None and sprak in questionnaire.offered:
        with services.connect() as database:
            response = device_response(request, database, questionnaire)
            if response is not None:
                set_language(database, response, sprak)
    redirect = RedirectResponse(back, status_code=303)
    remember_language(redirect, sprak, services.settings)
    return redirect


def _resume_page(
    request: Request, code: str, error: Said | None, status_code: int = 200
) -> Response:
    language = chosen_language(request) or DEFAULT_LANGUAGE
    words = words_in(language)
    shown = {"code": code, "error": words.of(error) if error else None}
    return render(request, "resume.html", shown, status_code=status_code, language=language)


@router.get(urls.RESUME)
async def resume_form(request: Request) -> Response:
    return _resume_page(request, "", None)


@router.post(urls.RESUME)
def resume_with_code(
    request: Request,
    services: ServicesDep,
    kode: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    client = client_of(request)
    if wait := services.code_guesses.wait(client):
        refused = _resume_page(request, kode, too_many_codes(wait), status_code=429)
        refused.headers["Retry-After"] = str(wait)
        return refused
    with services.connect() as database:
        response = find_by_resume_code(database, services.settings.key, kode)
        error = None
        if response is None or response.questionnaire_id not in services.catalog.questionnaires:
            services.code_guesses.failed(client)
            error = said("resume_unknown")
        elif response.finished:
            error = said("resume_sent")
        elif response.round_closed:  # a code ends with its round
            raise RoundClosed()
        if error is not None or response is None:
            return _resume_page(request, kode, error, status_code=400)
        hand_to_device(database, response)
    redirect = RedirectResponse(urls.questionnaire(response.questionnaire_id), status_code=303)
    remember_response(redirect, response, services.settings)
    if response.language is not None:  # go on in the language it was begun in
        remember_language(redirect, response.language, services.settings)
    return redirect
