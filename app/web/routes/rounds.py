"""The round links: /r/<token> opens a round for residents (a tablet) or for relatives."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from app import urls
from app.clock import today
from app.questionnaires.model import Questionnaire
from app.rounds.links import (
    Entry,
    chosen_unit,
    entry_for,
    entry_state,
    staff_code_fits,
    unit_name,
    use_access_code,
)
from app.rounds.rounds import RoundProblem, units_of
from app.studio.trial import TRIAL_COOKIE, is_trial, trial_order
from app.survey.helping import staff_checklist
from app.survey.responses import ResponseState, start_response
from app.web.cookies import (
    SCANNING_PACES,
    chosen_language,
    client_of,
    remember_response,
    remember_round,
    remember_scanning,
    remembered_round,
    response_cookie,
)
from app.web.deps import Services, ServicesDep, respondent_services, services_of
from app.web.errors import (
    LinkNeeded,
    RoundClosed,
    RoundLinkNotFound,
    RoundNotOpenYet,
    too_many_codes,
)
from app.web.rendering import render
from app.words import DEFAULT_LANGUAGE, LanguageChoice, Said, language_choices, said, words_in

router = APIRouter(prefix=urls.ROUND_LINKS, tags=["rounds"])

CODE_MESSAGES = {"unknown": said("letter_unknown"), "used": said("letter_used")}


def open_entry(services: Services, connection: Connection, token: str) -> Entry:
    """The round a link opens, if it can be answered today; otherwise a page that says why."""
    entry = entry_for(connection, token)
    if entry is None:
        raise RoundLinkNotFound()
    state = entry_state(entry, today())
    if state == "closed":
        raise RoundClosed(entry.round)
    if state == "not_open_yet":
        raise RoundNotOpenYet(entry.round, entry.round.opens_on)
    return entry


def _services_for(request: Request, entry: Entry) -> Services:
    """The trial round's pages are the drafts' on a device trying them; every other round's
    are what is published."""
    return respondent_services(request) if is_trial(entry.round) else services_of(request)


def _entered(result: Response, entry: Entry) -> Response:
    """A device that enters a real round stops trying the drafts."""
    if not is_trial(entry.round):
        result.delete_cookie(TRIAL_COOKIE)
    return result


@router.get("/{token}")
def open_link(token: str, request: Request, services: ServicesDep, kode: str = "") -> Response:
    with services.connect() as connection:
        entry = open_entry(services, connection, token)
    services = _services_for(request, entry)
    if entry.audience == "resident":
        return _entered(_start_page(request, services, entry), entry)
    if entry.needs_code:  # a letter's QR code fills the code in (?kode=...)
        return _entered(_code_page(request, services, entry, kode[:20]), entry)
    redirect = RedirectResponse(urls.questionnaire(entry.questionnaire_id), status_code=303)
    remember_round(redirect, entry.questionnaire_id, token, None, services.settings)
    return _entered(redirect, entry)


@router.post("/{token}")
def start_from_link(
    token: str,
    request: Request,
    services: ServicesDep,
    enhet: Annotated[str, Form(max_length=10)] = "",
    kode: Annotated[str, Form(max_length=40)] = "",
    skanning: Annotated[str, Form(max_length=10)] = "",
    personalkode: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    with services.connect() as connection:
        entry = open_entry(services, connection, token)
        services = _services_for(request, entry)
        if entry.needs_code:
            client = client_of(request)
            if wait := services.code_guesses.wait(client):
                refused = _code_page(request, services, entry, kode, too_many_codes(wait), 429)
                refused.headers["Retry-After"] = str(wait)
                return refused
            result = use_access_code(connection, entry.round.id, kode)
            if result == "unknown":
                services.code_guesses.failed(client)
            if result != "ok":
                return _code_page(request, services, entry, kode, CODE_MESSAGES[result])
            questionnaire = services.catalog.in_language(
                services.catalog.questionnaires[entry.questionnaire_id], chosen_language(request)
            )
            response = start_response(
                connection, questionnaire, round_id=entry.round.id, survey_round=entry.round
            )
            redirect = RedirectResponse(urls.questionnaire(entry.questionnaire_id), status_code=303)
            remember_response(redirect, response, services.settings)
            return _entered(redirect, entry)
    if entry.needs_staff_code:
        client = client_of(request)
        if wait := services.code_guesses.wait(client):
            waiting = too_many_codes(wait)
            return _start_page(request, services, entry, waiting, 429, personalkode[:20])
        if not staff_code_fits(services.settings.key, entry.round, personalkode):
            if personalkode:
                services.code_guesses.failed(client)
            wrong = said("start_staff_code_wrong")
            return _start_page(request, services, entry, wrong, typed_code=personalkode[:20])
    try:
        unit = chosen_unit(entry.round, enhet) if entry.audience == "resident" else None
    except RoundProblem:  # not one of the homes the page offered
        unknown = said("start_unit_unknown")
        return _start_page(request, services, entry, unknown, typed_code=personalkode[:20])
    if skanning and skanning not in SCANNING_PACES:
        unknown = said("start_scanning_unknown")
        return _start_page(request, services, entry, unknown, typed_code=personalkode[:20])
    redirect = RedirectResponse(urls.questionnaire(entry.questionnaire_id), status_code=303)
    # A tablet started anew: whoever answered on it before is forgotten here.
    redirect.delete_cookie(response_cookie(entry.questionnaire_id))
    remember_round(redirect, entry.questionnaire_id, token, unit, services.settings)
    remember_scanning(redirect, skanning, services.settings)
    return _entered(redirect, entry)


def _languages(
    request: Request, services: Services, entry: Entry
) -> tuple[str, list[LanguageChoice]]:
    """The language the round's questionnaire is shown in on this device, and the choice of
    its languages (none for a questionnaire in one)."""
    newest = services.catalog.questionnaires.get(entry.questionnaire_id)
    if newest is None:
        return DEFAULT_LANGUAGE, []
    shown = services.catalog.in_language(newest, chosen_language(request)).language
    offered = newest.languages if len(newest.languages) > 1 else []
    return shown, language_choices(offered, shown)


def _start_page(
    request: Request,
    services: Services,
    entry: Entry,
    error: Said | None = None,
    status_code: int = 422,
    typed_code: str = "",
) -> Response:
    """For staff, in the language the residents will be asked in: they may choose it here."""
    language, languages = _languages(request, services, entry)
    words = words_in(language)
    return render(
        request,
        "round/start.html",
        {
            "round": entry.round,
            "units": units_of(entry.round),
            "paces": [(pace, words(f"pace_{pace}")) for pace in SCANNING_PACES],
            "error": words.of(error) if error else None,
            "staff_code": entry.needs_staff_code,
            "typed_code": typed_code,
            "languages": languages,
            "back": request.url.path,
            "checklist": staff_checklist(words),
        },
        status_code=status_code if error else 200,
        language=language,
    )


def _code_page(
    request: Request,
    services: Services,
    entry: Entry,
    code: str = "",
    error: Said | None = None,
    status_code: int | None = None,
) -> Response:
    language, languages = _languages(request, services, entry)
    return render(
        request,
        "round/code.html",
        {
            "round": entry.round,
            "code": code,
            "error": words_in(language).of(error) if error else None,
            "languages": languages,
            "back": request.url.path,
        },
        status_code=status_code or (400 if error else 200),
        language=language,
    )


def start_in_remembered_round(
    request: Request, services: Services, connection: Connection, questionnaire: Questionnaire
) -> ResponseState:
    """A new response in the round (and unit) this device was started with."""
    remembered = remembered_round(request, questionnaire.id, services.settings)
    if remembered is None:
        raise LinkNeeded()
    token, unit = remembered
    entry = open_entry(services, connection, token)
    if entry.questionnaire_id != questionnaire.id or entry.needs_code:
        raise LinkNeeded()
    value = request.cookies.get(TRIAL_COOKIE, "")
    order = trial_order(services.settings.key, value) if is_trial(entry.round) else None
    return start_response(
        connection,
        questionnaire,
        round_id=entry.round.id,
        unit=unit_name(entry.round, unit),
        survey_round=entry.round,
        option_order=order or None,
    )
