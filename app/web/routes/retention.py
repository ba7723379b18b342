"""«Slett svarene…»: an owner deletes a closed round's answers once they need not be kept, its
counted figures kept (app/survey/retention.py), after being told what goes and what stays.
Logged (app/logbook.py)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app import clock, urls
from app.logbook import note_round
from app.rounds.rounds import RoundProblem
from app.survey.retention import RETENTION, check_deletable, delete_answers
from app.web.deps import ServicesDep
from app.web.rendering import render
from app.web.routes.auth import Owner, check_csrf
from app.web.routes.owner import owned_round, show_rounds_page

router = APIRouter()


@router.post("/analyse/runder/{round_id}/slett-svarene")
def delete_a_rounds_answers(
    request: Request,
    services: ServicesDep,
    who: Owner,
    round_id: int,
    csrf: Annotated[str, Form(max_length=100)] = "",
    bekreft: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    check_csrf(who, csrf)
    survey_round = owned_round(services, who, round_id)
    try:
        check_deletable(survey_round, clock.today())
        if bekreft != "ja":  # it cannot be undone: say what goes and what stays, then ask
            return render(
                request,
                "analysis/delete_answers.html",
                {
                    "title": "Slette svarene?",
                    "who": who,
                    "section": "rounds",
                    "round": survey_round,
                    "delete": urls.delete_answers(round_id),
                    "meaning": RETENTION,
                },
            )
        with services.connect() as connection:
            delete_answers(connection, services.theme_sums, round_id, clock.today())
            note_round(connection, who.username, survey_round, "Slettet svarene i")
    except RoundProblem as problem:
        return show_rounds_page(request, services, who, error=str(problem), status_code=400)
    return RedirectResponse(urls.rounds("slettet"), status_code=303)
