"""A round's homes given their service and form of housing by an owner (app/rounds/homes.py),
so the report shows results by each."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.clock import today
from app.rounds.homes import Tags, tag_homes
from app.rounds.rounds import RoundProblem, units_of
from app.web.deps import ServicesDep
from app.web.routes.auth import Owner, check_csrf
from app.web.routes.owner import owned_round, show_rounds_page

router = APIRouter()


@router.post("/analyse/runder/{round_id}/boliger")
def tag_a_rounds_homes(
    request: Request,
    services: ServicesDep,
    who: Owner,
    round_id: int,
    csrf: Annotated[str, Form(max_length=100)] = "",
    tjeneste: Annotated[list[str] | None, Form(max_length=40)] = None,
    boform: Annotated[list[str] | None, Form(max_length=40)] = None,
) -> Response:
    """One `tjeneste` and one `boform` per home, in the round's order ("": not said)."""
    check_csrf(who, csrf)
    survey_round = owned_round(services, who, round_id)
    homes = units_of(survey_round)
    given_services, given_housing = tjeneste or [], boform or []
    if len(given_services) != len(homes) or len(given_housing) != len(homes):
        problem = "Skjemaet passet ikke til rundens boliger. Last siden på nytt og prøv igjen."
        return show_rounds_page(request, services, who, error=problem, status_code=400)
    tags = {
        home: Tags(service, housing)
        for home, service, housing in zip(homes, given_services, given_housing, strict=True)
    }
    try:
        with services.connect() as connection:
            tag_homes(connection, services.catalog, survey_round, tags, today())
    except RoundProblem as problem:
        return show_rounds_page(request, services, who, error=str(problem), status_code=400)
    return RedirectResponse(urls.rounds("boliger"), status_code=303)
