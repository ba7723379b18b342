"""The front page, the health check, and continuing with a resume code."""

from datetime import date
from typing import Annotated

import anyio
from fastapi import APIRouter, Form, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from app import urls
from app.rounds.links import round_links
from app.rounds.rounds import demo_rounds, status
from app.storage.database import database_answers
from app.survey.responses import find_by_resume_code, hand_to_device
from app.web.cookies import client_of, remember_response
from app.web.deps import ServicesDep
from app.web.errors import TOO_MANY, RoundClosed
from app.web.rendering import render

router = APIRouter(tags=["front"])


@router.get(urls.HEALTH, response_class=PlainTextResponse)
async def healthz(services: ServicesDep) -> PlainTextResponse:
    """ "ok" when the server answers and so does its database; 503 otherwise (a load balancer
    or monitor then knows). The database is asked off the event loop, for at most 3 s."""
    try:
        with anyio.fail_after(HEALTH_SECONDS):
            await anyio.to_thread.run_sync(
                database_answers, services.engine, abandon_on_cancel=True
            )
    except (SQLAlchemyError, TimeoutError):
        return PlainTextResponse("database unavailable", status_code=503)
    return PlainTextResponse("ok")


HEALTH_SECONDS = 3


@router.get(urls.FRONT)
def front_page(request: Request, services: ServicesDep) -> Response:
    with services.connect() as connection:
        trial = [r for r in demo_rounds(connection) if status(r, date.today()) == "open"]
    # name, the residents' link, the relatives' link
    links = [(r.municipality_name, *round_links(r)) for r in trial]
    return render(request, "front.html", {"trial_rounds": links})


@router.get(urls.PICTURE_CREDITS)
async def picture_credits(request: Request, services: ServicesDep) -> Response:
    """Where the pictures come from and their licences, as CC BY-SA asks."""
    return render(request, "credits.html", {"credits": services.pictures.credits})


@router.get(urls.RESUME)
async def resume_form(request: Request) -> Response:
    return render(request, "resume.html", {"code": "", "error": None})


@router.post(urls.RESUME)
def resume_with_code(
    request: Request,
    services: ServicesDep,
    kode: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    client = client_of(request)
    if not services.code_guesses.allowed(client):
        return render(request, "resume.html", {"code": kode, "error": TOO_MANY}, status_code=429)
    with services.connect() as database:
        response = find_by_resume_code(database, kode)
        error = None
        if response is None or response.questionnaire_id not in services.catalog.questionnaires:
            services.code_guesses.failed(client)
            error = "Vi fant ingen svar med denne koden. Sjekk at koden er skrevet riktig."
        elif response.finished:
            error = "Svarene med denne koden er allerede sendt inn. Takk for at du svarte!"
        elif response.round_closed:  # a code ends with its round
            raise RoundClosed()
        if error is not None or response is None:
            return render(request, "resume.html", {"code": kode, "error": error}, status_code=400)
        hand_to_device(database, response)
    redirect = RedirectResponse(urls.questionnaire(response.questionnaire_id), status_code=303)
    remember_response(redirect, response, services.settings)
    return redirect
