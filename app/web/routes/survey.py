"""The respondent's survey: one page per screen, each answer saved as it is given."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from app.questionnaires.catalog import Catalog
from app.questionnaires.model import (
    EndPage,
    IntroPage,
    Page,
    Questionnaire,
)
from app.survey import flow, helping
from app.survey.answering import (
    NotAnOption,
    PageNotOpen,
    Step,
    TextTooLong,
    answers_from_form,
    record_answers,
    submit_screen,
    texts_from_form,
)
from app.survey.responses import (
    ResponseFinished,
    ResponseState,
    comments_of,
    load_response,
)
from app.web.cookies import remember_response, remembered_round, response_cookie
from app.web.deps import Services, ServicesDep, services_of
from app.web.errors import Link, PageError
from app.web.rendering import html_response, render, wants_fragment
from app.web.routes.rounds import needs_link, start_in_remembered_round
from app.web.views import PageView, page_url, page_view

router = APIRouter(prefix="/s", tags=["survey"])
MAX_FIELD = 40  # no option value is longer
MAX_TEXT = 10_000  # the longest free text a questionnaire may allow


def questionnaire_of(catalog: Catalog, questionnaire_id: str) -> Questionnaire:
    questionnaire = catalog.questionnaires.get(questionnaire_id)
    if questionnaire is None:
        raise PageError(404, "Fant ikke skjemaet", "Vi fant ikke spørreskjemaet. Sjekk adressen.")
    return questionnaire


def _page(questionnaire: Questionnaire, page_id: str) -> Page:
    page = questionnaire.page(page_id)
    if page is None:
        raise PageError(
            404,
            "Fant ikke siden",
            "Denne siden finnes ikke i skjemaet.",
            [Link(f"/s/{questionnaire.id}", "Gå til skjemaet")],
        )
    return page


def device_response(
    request: Request, database: Connection, questionnaire: Questionnaire
) -> ResponseState | None:
    """This device's response to the questionnaire, if it has one that still exists."""
    token = request.cookies.get(response_cookie(questionnaire.id))
    if token is None:
        return None
    response = load_response(database, token)
    if response is None or response.questionnaire_id != questionnaire.id:
        raise PageError(
            400,
            "Vi finner ikke svarene dine",
            "Denne nettleseren husker et svar vi ikke finner. Du kan starte på nytt, "
            "eller fortsette med koden din.",
            [
                Link(f"/s/{questionnaire.id}/ny", "Start på nytt"),
                Link("/fortsett", "Fortsett med kode"),
            ],
        )
    if response.round_closed:
        raise PageError(
            410,
            "Undersøkelsen er avsluttet",
            "Undersøkelsen er avsluttet, og det kan ikke svares mer. Svarene som ble gitt, "
            "er tatt vare på. Takk!",
        )
    return response


def _show(request: Request, services: Services, view: PageView, status_code: int = 200) -> Response:
    html = services.survey_page.html(view, wants_fragment(request))
    push_url = page_url(view.questionnaire, view.page)
    return html_response(request, html, status_code=status_code, push_url=push_url)


def _go(
    request: Request,
    services: Services,
    questionnaire: Questionnaire,
    response: ResponseState,
    step: Step,
) -> Response:
    """Move on: htmx gets the next screen at once, a plain browser a redirect (and a GET)."""
    ask_first = helper_url(questionnaire, response, step.screen)
    if ask_first is not None:
        return RedirectResponse(ask_first, status_code=303)
    if wants_fragment(request):
        view = page_view(
            services,
            questionnaire,
            step.screen,
            step.path,
            reversed_options=_reversed(response),
            helper=response.helper,
        )
        return _show(request, services, view)
    return RedirectResponse(page_url(questionnaire, step.screen), status_code=303)


def helper_url(
    questionnaire: Questionnaire, response: ResponseState, screen: flow.Screen
) -> str | None:
    """Before the first question: ask who is with the resident, then come back here."""
    if questionnaire.ask_helper and response.helper is None and screen.questions:
        return f"/s/{questionnaire.id}/{helping.SCREEN_ID}?neste={screen.id}"
    return None


@router.get("/{questionnaire_id}")
async def open_survey(questionnaire_id: str, request: Request, services: ServicesDep) -> Response:
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    with services.connect() as database:
        response = device_response(request, database, questionnaire)
    if response is None and remembered_round(request, questionnaire.id) is None:
        raise needs_link()
    if response is None or response.finished:
        return RedirectResponse(page_url(questionnaire, questionnaire.pages[0]), status_code=303)
    resume = flow.journey(questionnaire, response.answers).resume_screen
    return RedirectResponse(page_url(questionnaire, resume), status_code=303)


@router.get("/{questionnaire_id}/ny")
@router.post("/{questionnaire_id}/ny")
async def start_over(questionnaire_id: str, services: ServicesDep) -> Response:
    """Forget this device's response (it stays stored) and start from the first page."""
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    redirect = RedirectResponse(page_url(questionnaire, questionnaire.pages[0]), status_code=303)
    redirect.delete_cookie(response_cookie(questionnaire.id))
    return redirect


@router.get("/{questionnaire_id}/side/{page_id}")
async def show_page(questionnaire_id: str, page_id: str, request: Request) -> Response:
    services = services_of(request)  # the hottest route: no dependency machinery
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    page = _page(questionnaire, page_id)
    with services.connect() as database:
        response = device_response(request, database, questionnaire)
    if response is None and remembered_round(request, questionnaire.id) is None:
        raise needs_link()
    if response is None or response.finished:
        if isinstance(page, IntroPage) or (response is not None and isinstance(page, EndPage)):
            fresh = flow.journey(questionnaire, {})
            screen = fresh.screen(page.id)
            if screen is not None:
                return _show(request, services, page_view(services, questionnaire, screen, fresh))
        return RedirectResponse(page_url(questionnaire, questionnaire.pages[0]), status_code=303)
    path = flow.journey(questionnaire, response.answers)
    screen = path.may_open(page.id)
    if screen is None:
        return RedirectResponse(page_url(questionnaire, path.destination(page.id)), status_code=303)
    ask_first = helper_url(questionnaire, response, screen)
    if ask_first is not None:
        return RedirectResponse(ask_first, status_code=303)
    texts = _texts(services, response, screen)
    view = page_view(
        services,
        questionnaire,
        screen,
        path,
        texts=texts,
        reversed_options=_reversed(response),
        helper=response.helper,
    )
    return _show(request, services, view)


async def _form_fields(request: Request) -> dict[str, str]:
    form = await request.form()
    fields = {name: value for name, value in form.items() if isinstance(value, str)}
    for name, value in fields.items():
        if len(value) > (MAX_TEXT if name.startswith("tekst-") else MAX_FIELD):
            raise PageError(400, "Det gikk ikke", "Skjemaet som ble sendt, var ikke riktig utfylt.")
    return fields


def _texts(services: Services, response: ResponseState, screen: flow.Screen) -> dict[str, str]:
    if not screen.comments:
        return {}
    with services.connect() as database:
        return comments_of(database, response)


@router.post("/{questionnaire_id}/side/{page_id}")
async def submit_answer(
    questionnaire_id: str,
    page_id: str,
    request: Request,
    services: ServicesDep,
) -> Response:
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    page = _page(questionnaire, page_id)
    fields = await _form_fields(request)
    given, texts = answers_from_form(fields), texts_from_form(fields)
    with services.connect() as database:
        response = device_response(request, database, questionnaire)
        new_response = response is None
        if response is None and not isinstance(page, IntroPage):
            raise _no_response(questionnaire)
        response = response or start_in_remembered_round(request, services, database, questionnaire)
        try:
            step = submit_screen(
                database,
                questionnaire=questionnaire,
                scales=services.catalog.scales,
                state=response,
                screen_id=page.id,
                given=given,
                texts=texts,
            )
        except (NotAnOption, TextTooLong) as refused:
            path = flow.journey(questionnaire, response.answers)
            screen = path.screen(page.id)
            if screen is None:
                raise _not_open(questionnaire) from None
            if isinstance(refused, TextTooLong):
                error = f"Teksten er for lang. Skriv høyst {refused.limit} tegn."
            elif questionnaire.layout == "section":
                error = "Bare svarene som står på siden, kan velges."
            else:
                error = "Trykk på ett av svarene, eller på «Vil ikke svare»."
            # Show the page again with what was typed, so nothing is lost.
            view = page_view(
                services,
                questionnaire,
                screen,
                path,
                error=error,
                texts=texts,
                reversed_options=_reversed(response),
                helper=response.helper,
            )
            return _show(request, services, view, status_code=422)
        except ResponseFinished:
            raise _already_sent(questionnaire) from None
        except PageNotOpen:
            raise _not_open(questionnaire) from None
    result = _go(request, services, questionnaire, response, step)
    if new_response:
        remember_response(result, response, services.settings)
    return result


@router.post("/{questionnaire_id}/lagre/{page_id}")
async def autosave(
    questionnaire_id: str, page_id: str, request: Request, services: ServicesDep
) -> Response:
    """An answer on a form screen, saved the moment it is chosen (htmx); nothing moves."""
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    fields = await _form_fields(request)
    given, texts = answers_from_form(fields), texts_from_form(fields)
    with services.connect() as database:
        response = device_response(request, database, questionnaire)
        if response is None:
            raise _no_response(questionnaire)
        try:
            record_answers(
                database,
                questionnaire=questionnaire,
                scales=services.catalog.scales,
                state=response,
                screen_id=page_id,
                given=given,
                texts=texts,
            )
        except (NotAnOption, TextTooLong):
            raise PageError(422, "Det gikk ikke", "Svaret kan ikke lagres slik.") from None
        except ResponseFinished:
            raise _already_sent(questionnaire) from None
        except PageNotOpen:
            raise _not_open(questionnaire) from None
    return Response(status_code=204)


def _reversed(response: ResponseState) -> bool:
    return response.option_order == "reversed"


def _no_response(questionnaire: Questionnaire) -> PageError:
    return PageError(
        400,
        "Vi finner ikke svarene dine",
        "Svaret kunne ikke lagres, fordi nettleseren ikke husker hvem som svarer. "
        "Start på nytt, eller fortsett med koden din.",
        [Link(f"/s/{questionnaire.id}", "Start på nytt"), Link("/fortsett", "Fortsett med kode")],
    )


def _not_open(questionnaire: Questionnaire) -> PageError:
    return PageError(
        409,
        "Denne siden er ikke med nå",
        "Siden hører ikke til skjemaet ditt akkurat nå. Gå videre der du var.",
        [Link(f"/s/{questionnaire.id}", "Fortsett der du var")],
    )


def _already_sent(questionnaire: Questionnaire) -> PageError:
    return PageError(
        409,
        "Svarene er allerede sendt",
        "Du er ferdig med dette skjemaet, og svarene kan ikke endres nå.",
        [Link(f"/s/{questionnaire.id}/ny", "Ny person svarer")],
    )


@router.get("/{questionnaire_id}/pause")
async def pause(questionnaire_id: str, request: Request, services: ServicesDep) -> Response:
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    with services.connect() as database:
        response = device_response(request, database, questionnaire)
    if response is None or response.finished:
        return RedirectResponse(f"/s/{questionnaire.id}", status_code=303)
    resume_at = flow.journey(questionnaire, response.answers).resume_screen
    return render(
        request,
        "survey/pause.html",
        {
            "questionnaire": questionnaire,
            "code": response.resume_code,
            "continue_url": page_url(questionnaire, resume_at),
        },
    )
