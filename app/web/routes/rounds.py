"""The round links: /r/<token> opens a round for residents (a tablet) or for relatives."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from app.questionnaires.model import Questionnaire
from app.rounds.rounds import Entry, entry_for, norwegian_date, status, units_of, use_access_code
from app.survey.responses import ResponseState, start_response
from app.web.cookies import (
    remember_response,
    remember_round,
    remembered_round,
    response_cookie,
)
from app.web.deps import Services, ServicesDep
from app.web.errors import Link, PageError
from app.web.rendering import render

router = APIRouter(prefix="/r", tags=["rounds"])

CODE_MESSAGES = {
    "unknown": "Vi fant ikke denne koden. Sjekk at den er skrevet slik den står i brevet.",
    "used": "Denne koden er allerede brukt. Hver kode kan starte ett svar. Har du tatt en "
    "pause, kan du fortsette med koden du fikk da.",
}


def open_entry(services: Services, connection: Connection, token: str) -> Entry:
    """The round a link opens, if it can be answered today; otherwise a page that says why."""
    entry = entry_for(connection, token)
    if entry is None:
        raise PageError(
            404,
            "Fant ikke undersøkelsen",
            "Vi fant ingen undersøkelse med denne lenken. Sjekk at hele lenken er med, "
            "eller spør den som ga deg den.",
        )
    survey_round = entry.round
    state = status(survey_round, date.today())
    if state == "closed":
        raise PageError(
            410,
            "Undersøkelsen er avsluttet",
            f"Undersøkelsen i {survey_round.municipality_name} for {survey_round.period} er "
            "avsluttet, og det kan ikke svares mer. Takk til alle som svarte!",
        )
    if state == "not_open_yet":
        raise PageError(
            403,
            "Undersøkelsen har ikke startet",
            f"Undersøkelsen i {survey_round.municipality_name} åpner "
            f"{norwegian_date(survey_round.opens_on)}. Velkommen tilbake da!",
        )
    questionnaire = services.catalog.questionnaires.get(entry.questionnaire_id)
    if questionnaire is None or questionnaire.version != entry.questionnaire_version:
        raise PageError(
            409,
            "Skjemaet er endret",
            "Spørreskjemaet er endret siden undersøkelsen startet, så svarene ville ikke "
            "kunne sammenlignes. Si fra til den som har ansvaret for undersøkelsen.",
        )
    return entry


def _survey_url(entry: Entry) -> str:
    return f"/s/{entry.questionnaire_id}"


@router.get("/{token}")
async def open_link(
    token: str, request: Request, services: ServicesDep, kode: str = ""
) -> Response:
    with services.connect() as connection:
        entry = open_entry(services, connection, token)
    if entry.audience == "resident":
        return _start_page(request, entry)
    if entry.needs_code:  # a letter's QR code fills the code in (?kode=...)
        return _code_page(request, entry, kode[:20])
    redirect = RedirectResponse(_survey_url(entry), status_code=303)
    remember_round(redirect, entry.questionnaire_id, token, None, services.settings)
    return redirect


@router.post("/{token}")
async def start_from_link(
    token: str,
    request: Request,
    services: ServicesDep,
    enhet: Annotated[str, Form(max_length=10)] = "",
    kode: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    with services.connect() as connection:
        entry = open_entry(services, connection, token)
        if entry.needs_code:
            result = use_access_code(connection, entry.round.id or 0, kode)
            if result != "ok":
                return _code_page(request, entry, kode, CODE_MESSAGES[result])
            questionnaire = services.catalog.questionnaires[entry.questionnaire_id]
            response = start_response(connection, questionnaire, round_id=entry.round.id or 0)
            redirect = RedirectResponse(_survey_url(entry), status_code=303)
            remember_response(redirect, response, services.settings)
            return redirect
    unit = None
    if entry.audience == "resident" and enhet:
        if not enhet.isdigit() or int(enhet) >= len(units_of(entry.round)):
            return _start_page(request, entry, "Velg en av boligene på listen.")
        unit = int(enhet)
    redirect = RedirectResponse(_survey_url(entry), status_code=303)
    # A tablet started anew: whoever answered on it before is forgotten here.
    redirect.delete_cookie(response_cookie(entry.questionnaire_id))
    remember_round(redirect, entry.questionnaire_id, token, unit, services.settings)
    return redirect


def _start_page(request: Request, entry: Entry, error: str | None = None) -> Response:
    return render(
        request,
        "round/start.html",
        {"round": entry.round, "units": units_of(entry.round), "error": error},
        status_code=422 if error else 200,
    )


def _code_page(
    request: Request, entry: Entry, code: str = "", error: str | None = None
) -> Response:
    return render(
        request,
        "round/code.html",
        {"round": entry.round, "code": code, "error": error},
        status_code=400 if error else 200,
    )


def start_in_remembered_round(
    request: Request, services: Services, connection: Connection, questionnaire: Questionnaire
) -> ResponseState:
    """A new response in the round (and unit) this device was started with."""
    remembered = remembered_round(request, questionnaire.id)
    if remembered is None:
        raise needs_link()
    token, unit = remembered
    entry = open_entry(services, connection, token)
    if entry.questionnaire_id != questionnaire.id or entry.needs_code:
        raise needs_link()
    units = units_of(entry.round)
    unit_name = units[unit] if unit is not None and unit < len(units) else None
    return start_response(connection, questionnaire, round_id=entry.round.id or 0, unit=unit_name)


def needs_link() -> PageError:
    return PageError(
        400,
        "Bruk lenken du har fått",
        "Undersøkelsen åpnes med lenken fra kommunen, eller med koden i brevet du har fått.",
        [Link("/", "Til forsiden"), Link("/fortsett", "Fortsett med kode")],
    )
