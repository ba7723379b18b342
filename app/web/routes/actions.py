"""Actions after a round, on its report: «Nytt tiltak» and a new status or note for one
(app/followup/actions.py). Those who see the round in full write them."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.followup.actions import ActionProblem, Typed, action_by_id, add_action, change_action
from app.rounds.rounds import RoundProblem, own_questionnaires, parse_day, round_by_id
from app.web.deps import ServicesDep
from app.web.errors import TO_RESULTS, NotFound, RoundNotFound, seen_in_full
from app.web.routes.analysis import ActionForm, render_report
from app.web.routes.auth import Analyst, check_csrf

router = APIRouter()

Field200 = Annotated[str, Form(max_length=200)]


@router.post("/analyse/rapport/{round_id}/tiltak")
def new_action(
    request: Request,
    services: ServicesDep,
    who: Analyst,
    round_id: int,
    csrf: Annotated[str, Form(max_length=100)] = "",
    tema: Annotated[str, Form(max_length=40)] = "",
    sporsmal: Annotated[str, Form(max_length=40)] = "",
    tiltak: Annotated[str, Form(max_length=600)] = "",
    ansvarlig: Field200 = "",
    frist: Annotated[str, Form(max_length=20)] = "",
    merknad: Annotated[str, Form(max_length=1200)] = "",
) -> Response:
    check_csrf(who, csrf)
    typed = {"tema": tema, "sporsmal": sporsmal, "tiltak": tiltak, "ansvarlig": ansvarlig}
    typed |= {"frist": frist, "merknad": merknad}
    with services.connect() as connection:
        survey_round = round_by_id(connection, round_id)
        if survey_round is None:
            raise RoundNotFound(TO_RESULTS)
        seen_in_full(who, survey_round, TO_RESULTS)
        try:
            due = parse_day(frist, "Fristen") if frist.strip() else None
            add_action(
                connection,
                round_id,
                Typed(tema, tiltak, ansvarlig, due, sporsmal, merknad),
                services.catalog,
                list(own_questionnaires(survey_round).values()),
            )
        except (ActionProblem, RoundProblem) as refused:
            form = ActionForm(typed, str(refused))
            return render_report(request, services, who, round_id, action_form=form)
    return RedirectResponse(urls.report(round_id) + "#tiltak", status_code=303)


@router.post("/analyse/rapport/{round_id}/tiltak/{action_id}")
def changed_action(
    request: Request,
    services: ServicesDep,
    who: Analyst,
    round_id: int,
    action_id: int,
    csrf: Annotated[str, Form(max_length=100)] = "",
    status: Annotated[str, Form(max_length=20)] = "",
    merknad: Annotated[str, Form(max_length=1200)] = "",
) -> Response:
    """A new status and note for an action of this round (or of the round before, followed
    up on this round's report)."""
    check_csrf(who, csrf)
    with services.connect() as connection:
        found = action_by_id(connection, action_id)
        written_for = round_by_id(connection, found.round_id) if found else None
        if found is None or written_for is None:
            raise NotFound()
        seen_in_full(who, written_for, TO_RESULTS)
        try:
            change_action(connection, action_id, status=status, note=merknad)
        except ActionProblem as refused:
            form = ActionForm({}, str(refused))
            return render_report(request, services, who, round_id, action_form=form)
    return RedirectResponse(urls.report(round_id) + f"#tiltak-{action_id}", status_code=303)
