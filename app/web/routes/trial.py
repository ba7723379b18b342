"""/prov/<questionnaire>/<token>: a tablet opens an owner's trial link and tries the drafts
(app/studio/trial.py) as a respondent would, in the trial round, whose answers are never
counted nor exported."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.clock import today
from app.studio.trial import ORDERS, TRIAL_COOKIE, token_fits, trial_cookie, trial_round
from app.web.deps import ServicesDep
from app.web.errors import RoundLinkNotFound

router = APIRouter()


@router.get("/prov/{questionnaire_id}/{token}")
def try_draft(
    questionnaire_id: str,
    token: str,
    request: Request,
    services: ServicesDep,
    rekkefolge: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """Mark the device as trying the drafts and go to the trial round's start."""
    drafts = request.app.state.publishing.draft_services or services
    questionnaire = drafts.catalog.questionnaires.get(questionnaire_id)
    order = next((known for known in ORDERS if known == rekkefolge), None)
    if (
        questionnaire is None
        or order is None
        or not token_fits(services.settings.key, questionnaire_id, token[:40])
    ):
        raise RoundLinkNotFound()
    with services.connect() as connection:
        survey_round = trial_round(connection, drafts.catalog, questionnaire, today())
    link = (
        survey_round.resident_token
        if questionnaire.audience == "resident"
        else survey_round.relative_token
    )
    redirect = RedirectResponse(urls.round_link(link), status_code=303)
    redirect.set_cookie(
        TRIAL_COOKIE,
        trial_cookie(services.settings.key, order),
        httponly=True,
        samesite="lax",
        secure=services.settings.secure_cookies,
    )  # no max_age: gone when the browser closes
    return redirect
