"""The screen that asks who is with the resident: before the first question, and whenever the
helper changes (every question page links here)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.questionnaires.model import Questionnaire
from app.survey import flow, helping
from app.survey.responses import ResponseFinished, ResponseState, path_of, set_helper
from app.web.deps import RespondentServicesDep
from app.web.errors import HelperNotChosen, HelperNotOpen, PageNotFound
from app.web.rendering import render
from app.web.routes.survey import answered_in, questionnaire_of
from app.web.views import HelperChoice, HelperView, guide_of, picture_of

router = APIRouter(prefix=urls.SURVEY, tags=["survey"])


def _asking(questionnaire: Questionnaire, response: ResponseState | None) -> ResponseState:
    if not questionnaire.ask_helper:
        raise PageNotFound(questionnaire.id)
    if response is None or response.finished:
        raise HelperNotOpen(questionnaire.id)
    return response


def _next_screen(questionnaire: Questionnaire, response: ResponseState, wanted: str) -> flow.Screen:
    """Where to go after the choice: the page asked for, if this respondent may open it."""
    return path_of(questionnaire, response).destination(wanted)


@router.get("/{questionnaire_id}/hvem")
def helper_screen(
    questionnaire_id: str, request: Request, services: RespondentServicesDep, neste: str = ""
) -> Response:
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    with services.connect() as database:
        questionnaire, response = answered_in(request, database, services.catalog, questionnaire)
        response = _asking(questionnaire, response)
    following = _next_screen(questionnaire, response, neste)
    path = path_of(questionnaire, response)
    previous = path.previous_screen(following.id)
    if response.helper is not None:  # changing it: "Tilbake" returns to the page unchanged
        back_url: str | None = urls.page(questionnaire.id, following.id)
    else:
        back_url = urls.page(questionnaire.id, previous.id) if previous else None
    audio = services.read_aloud.for_page(
        questionnaire.id, helping.SCREEN_ID, questionnaire.version, questionnaire.language
    )
    view = HelperView(
        questionnaire=questionnaire,
        choices=[
            HelperChoice(
                helper=helper,
                label=helper.label(questionnaire.language),
                picture=services.pictures.get(helper.picture),
                chosen=helper.value == response.helper,
                listen_url=urls.audio(audio.options[helper.value].key) if audio else "",
            )
            for helper in helping.HELPERS
        ],
        next_page=following.id,
        back_url=back_url,
        audio=audio,
        next_pictures=tuple(filter(None, [picture_of(services, following.first)])),
        guide=guide_of(services, questionnaire),
    )
    push_url = urls.helper(questionnaire.id, following.id)
    return render(
        request,
        "survey/helper.html",
        {"view": view},
        push_url=push_url,
        language=questionnaire.language,
    )


@router.post("/{questionnaire_id}/hvem")
def choose_helper(
    questionnaire_id: str,
    request: Request,
    services: RespondentServicesDep,
    hvem: Annotated[str, Form(max_length=20)] = "",
    neste: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    if hvem not in helping.BY_VALUE:
        raise HelperNotChosen(questionnaire.id)
    with services.connect() as database:
        questionnaire, response = answered_in(request, database, services.catalog, questionnaire)
        response = _asking(questionnaire, response)
        try:
            set_helper(database, response, hvem)
        except ResponseFinished:  # finished in another tab a moment ago
            raise HelperNotOpen(questionnaire.id) from None
    following = _next_screen(questionnaire, response, neste)
    return RedirectResponse(urls.page(questionnaire.id, following.id), status_code=303)
