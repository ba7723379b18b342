"""Named comparison groups on the dashboard: «Lagre gruppen» and «Slett» (app/results/
groups.py). Any signed-in analyst or owner may save one; every account sees them."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.results.groups import GroupProblem, remove_group, save_group
from app.web.deps import ServicesDep
from app.web.routes.analysis import render_dashboard
from app.web.routes.auth import Analyst, check_csrf

router = APIRouter()


@router.post(urls.GROUPS)
def saved_group(
    request: Request,
    services: ServicesDep,
    who: Analyst,
    csrf: Annotated[str, Form(max_length=100)] = "",
    navn: Annotated[str, Form(max_length=200)] = "",
    periode: Annotated[str, Form(max_length=10)] = "",
    gruppe: Annotated[list[str] | None, Form(max_length=360)] = None,
    kommune: Annotated[list[str] | None, Form(max_length=360)] = None,
) -> Response:
    check_csrf(who, csrf)
    members = [number[:4] for number in gruppe or []]
    chosen = [number[:4] for number in kommune or []]
    with services.connect() as connection:
        try:
            save_group(connection, navn, members, who.username)
        except GroupProblem as problem:
            return render_dashboard(
                request, services, who, periode or None, chosen, members, group_problem=str(problem)
            )
    shown = urls.results(
        **({"periode": periode} if periode else {}), kommune=chosen, gruppe=members
    )
    return RedirectResponse(shown + "#sammenligning", status_code=303)


@router.post("/analyse/grupper/{group_id}/slett")
def removed_group(
    services: ServicesDep,
    who: Analyst,
    group_id: int,
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(who, csrf)
    with services.connect() as connection:
        remove_group(connection, group_id)
    return RedirectResponse(urls.RESULTS, status_code=303)
