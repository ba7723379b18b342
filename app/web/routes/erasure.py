"""«Slett et svar»: an owner deletes one response on request, found by its resume code
(app/survey/erasure.py), after being shown what will happen. Logged (app/logbook.py)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app import clock, urls
from app.logbook import note_round
from app.survey.erasure import Found, NoSuchResponse, erase, find_response
from app.web.deps import ServicesDep
from app.web.rendering import render
from app.web.routes.auth import Owner, check_csrf

router = APIRouter()


def _page(
    request: Request,
    who: Owner,
    *,
    code: str = "",
    found: Found | None = None,
    done: str = "",
    error: str = "",
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "analysis/erase.html",
        {
            "title": "Slett et svar",
            "who": who,
            "section": "rounds",
            "code": code,
            "found": found,
            "done": done,
            "error": error,
        },
        status_code=status_code,
    )


@router.get(urls.ERASE)
def erase_page(request: Request, who: Owner) -> Response:
    return _page(request, who)


@router.post(urls.ERASE)
def erase_response(
    request: Request,
    services: ServicesDep,
    who: Owner,
    csrf: Annotated[str, Form(max_length=100)] = "",
    kode: Annotated[str, Form(max_length=40)] = "",
    bekreft: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    check_csrf(who, csrf)
    with services.connect() as connection:
        try:
            found = find_response(connection, services.settings.key, kode, clock.today())
            if not who.sees_in_full(found.survey_round.municipality_number):
                raise NoSuchResponse(f"Ingen svar i dine kommuner har koden «{kode.strip()}».")
        except NoSuchResponse as problem:
            return _page(request, who, code=kode, error=str(problem), status_code=400)
        if bekreft != "ja":  # show what will happen, and ask
            return _page(request, who, code=kode, found=found)
        erase(connection, found)
        done = "Slettet et svar i" if found.whole else "Gjorde et svar anonymt i"
        note_round(connection, who.username, found.survey_round, done)
    return _page(
        request, who, done="Svaret er slettet." if found.whole else "Svaret er gjort anonymt."
    )
