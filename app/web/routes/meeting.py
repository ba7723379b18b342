"""The dialogue meeting's pack for a round (app/followup/meeting.py), printable, for those who
see the round in full."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app import urls
from app.clock import today
from app.followup.meeting import meeting_pack
from app.rounds.rounds import round_by_id
from app.web.deps import ServicesDep
from app.web.errors import TO_RESULTS, RoundNotFound, seen_in_full
from app.web.rendering import render
from app.web.routes.auth import Analyst

router = APIRouter()


@router.get("/analyse/rapport/{round_id}/dialogmote")
def meeting_page(request: Request, services: ServicesDep, who: Analyst, round_id: int) -> Response:
    with services.connect() as connection:
        survey_round = round_by_id(connection, round_id)
        if survey_round is None:
            raise RoundNotFound(TO_RESULTS)
        seen_in_full(who, survey_round, TO_RESULTS)
        pack = meeting_pack(services.results(connection), survey_round)
    return render(
        request,
        "analysis/meeting.html",
        {
            "title": f"Dialogmøte {survey_round.municipality_name} {survey_round.period}",
            "who": who,
            "section": "dashboard",
            "round": survey_round,
            "pack": pack,
            "report": urls.report(round_id),
            "k": services.settings.min_group,
            "printed": today(),
        },
    )
