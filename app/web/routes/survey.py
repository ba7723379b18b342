"""The respondent's survey: one page per screen, each answer saved as it is given."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from app import urls
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import (
    MULTIPLE_SEPARATOR,
    EndPage,
    IntroPage,
    Page,
    Questionnaire,
)
from app.rounds.links import entry_for
from app.survey import answering, flow
from app.survey.answering import (
    NotAnOption,
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
    decline_taking_part,
    load_response,
    move_to_version,
    path_of,
    resume_code_of,
)
from app.web.cookies import (
    chosen_language,
    remember_response,
    remembered_round,
    response_cookie,
)
from app.web.deps import RespondentServicesDep, Services, in_a_thread, respondent_services
from app.web.errors import (
    AlreadySent,
    AnswerRefused,
    BadForm,
    DeclinedKindly,
    LinkNeeded,
    NoResponse,
    PageNotFound,
    PageNotOpen,
    QuestionnaireNotFound,
    RoundClosed,
    StartOver,
    UnknownResponse,
    message_page,
)
from app.web.rendering import render, rendered_response, wants_fragment
from app.web.routes.rounds import start_in_remembered_round
from app.web.views import PageView, page_view, pause_read_aloud, pause_texts
from app.words import words_in

router = APIRouter(prefix=urls.SURVEY, tags=["survey"])
MAX_FIELD = 40  # no option value is longer
MAX_TEXT = 10_000  # the longest free text a questionnaire may allow


def questionnaire_of(catalog: Catalog, questionnaire_id: str) -> Questionnaire:
    questionnaire = catalog.questionnaires.get(questionnaire_id)
    if questionnaire is None:
        raise QuestionnaireNotFound()
    return questionnaire


def _page(questionnaire: Questionnaire, page_id: str) -> Page:
    page = questionnaire.page(page_id)
    if page is None:
        raise PageNotFound(questionnaire.id)
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
        raise UnknownResponse(questionnaire.id)
    if response.round_closed:
        raise RoundClosed()
    return response


def answered_in(
    request: Request, database: Connection, catalog: Catalog, questionnaire: Questionnaire
) -> tuple[Questionnaire, ResponseState | None]:
    """This device's response, if any, and the questionnaire as it is answered: in the version
    it started in, to its end (a finished one, and a new one, get the newest), in its language
    (before it starts, the one chosen on this device; else the questionnaire's own), and with
    its round's name for the service."""
    response = device_response(request, database, questionnaire)
    if response is None or response.finished:
        shown = catalog.in_language(questionnaire, chosen_language(request))
        return catalog.named(shown, _service_before_start(request, database, shown)), response
    if not catalog.has_version(questionnaire, response.questionnaire_version):
        move_to_version(database, response, questionnaire.version)  # its own is not known
    in_version = catalog.in_version(questionnaire, response.questionnaire_version)
    language = response.language or chosen_language(request)
    return catalog.named(catalog.in_language(in_version, language), response.service_name), response


def _service_before_start(request: Request, database: Connection, shown: Questionnaire) -> str:
    """The service's name in the round this device was started with (none, before a link)."""
    settings = respondent_services(request).settings
    remembered = remembered_round(request, shown.id, settings) if shown.service_name else None
    entry = entry_for(database, remembered[0]) if remembered else None
    return entry.round.service_name if entry else ""


def _show(request: Request, services: Services, view: PageView, status_code: int = 200) -> Response:
    page = services.survey_page.page(view, wants_fragment(request))
    push_url = urls.page(view.questionnaire.id, view.page.id)
    return rendered_response(request, page, status_code=status_code, push_url=push_url)


def _go(
    request: Request,
    services: Services,
    questionnaire: Questionnaire,
    response: ResponseState,
    step: Step,
    left_from: str,
) -> Response:
    """Move on: htmx gets the next screen at once, a plain browser a redirect (and a GET).
    `left_from`: the screen just sent (a form's next screen says what was left there)."""
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
            left_from=left_from,
            homes=response.round_units,
            home=response.unit,
        )
        return _show(request, services, view)
    left = left_from if step.path.skipped_on(left_from) else None
    return RedirectResponse(urls.page(questionnaire.id, step.screen.id, left), status_code=303)


def helper_url(
    questionnaire: Questionnaire, response: ResponseState, screen: flow.Screen
) -> str | None:
    """Before the first question: ask who is with the resident, then come back here."""
    if questionnaire.ask_helper and response.helper is None and screen.questions:
        return urls.helper(questionnaire.id, screen.id)
    return None


@router.get("/{questionnaire_id}")
def open_survey(
    questionnaire_id: str, request: Request, services: RespondentServicesDep
) -> Response:
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    with services.connect() as database:
        questionnaire, response = answered_in(request, database, services.catalog, questionnaire)
    if response is None and remembered_round(request, questionnaire.id, services.settings) is None:
        raise LinkNeeded()
    if response is None or response.finished:
        return RedirectResponse(
            urls.page(questionnaire.id, questionnaire.pages[0].id), status_code=303
        )
    resume = path_of(questionnaire, response).resume_screen
    return RedirectResponse(urls.page(questionnaire.id, resume.id), status_code=303)


@router.get("/{questionnaire_id}/ny")
async def confirm_start_over(
    questionnaire_id: str, request: Request, services: RespondentServicesDep
) -> Response:
    """Opening the address changes nothing (a link, a prefetch, a crawler): it asks first."""
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    return message_page(request, StartOver(questionnaire.id))


@router.post("/{questionnaire_id}/ny")
async def start_over(questionnaire_id: str, services: RespondentServicesDep) -> Response:
    """Forget this device's response (it stays stored) and start from the first page."""
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    redirect = RedirectResponse(
        urls.page(questionnaire.id, questionnaire.pages[0].id), status_code=303
    )
    redirect.delete_cookie(response_cookie(questionnaire.id))
    return redirect


async def show_page(request: Request) -> Response:
    return await in_a_thread(_page_shown, request)


def _page_shown(request: Request) -> Response:
    services = respondent_services(request)
    questionnaire = _questionnaire_in_path(request, services)
    with services.connect() as database:
        questionnaire, response = answered_in(request, database, services.catalog, questionnaire)
    page = _page(questionnaire, request.path_params["page_id"])
    if response is None and remembered_round(request, questionnaire.id, services.settings) is None:
        raise LinkNeeded()
    if response is None or response.finished:
        if isinstance(page, IntroPage) or (response is not None and isinstance(page, EndPage)):
            fresh = flow.journey(questionnaire, {})
            screen = fresh.screen(page.id)
            if screen is not None:
                return _show(request, services, page_view(services, questionnaire, screen, fresh))
        return RedirectResponse(
            urls.page(questionnaire.id, questionnaire.pages[0].id), status_code=303
        )
    path = path_of(questionnaire, response)
    screen = path.may_open(page.id)
    if screen is None:
        return RedirectResponse(
            urls.page(questionnaire.id, path.destination(page.id).id), status_code=303
        )
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
        left_from=request.query_params.get(urls.LEFT_FROM),
        homes=response.round_units,
        home=response.unit,
    )
    return _show(request, services, view)


async def _form_fields(request: Request) -> dict[str, str]:
    form = await request.form()
    fields: dict[str, str] = {}
    for name, value in form.multi_items():
        if not isinstance(value, str):
            continue
        if len(value) > (MAX_TEXT if name.startswith("tekst-") else MAX_FIELD):
            raise BadForm()
        # Ticked boxes of one question (`multiple`) come as one field each: kept together.
        several = name.startswith("svar-") and name in fields
        fields[name] = MULTIPLE_SEPARATOR.join((fields[name], value)) if several else value
    request.state.sent = fields  # to send again if the database does not answer
    return fields


def _texts(services: Services, response: ResponseState, screen: flow.Screen) -> dict[str, str]:
    if not screen.comments:
        return {}
    with services.connect() as database:
        return comments_of(database, response)


async def submit_answer(request: Request) -> Response:
    services = respondent_services(request)
    questionnaire = _questionnaire_in_path(request, services)
    fields = await _form_fields(request)
    return await in_a_thread(_submit, request, services, questionnaire, fields)


# The two busiest routes (a page opened, an answer given) are plain Starlette routes: FastAPI's
# dependency and parameter machinery cost 8% of a save (BENCHMARKS.md, "Cheaper saves").
PAGE_PATH = urls.SURVEY + "/{questionnaire_id}/side/{page_id}"
router.add_route(PAGE_PATH, show_page, methods=["GET"])
router.add_route(PAGE_PATH, submit_answer, methods=["POST"])


def _questionnaire_in_path(request: Request, services: Services) -> Questionnaire:
    return questionnaire_of(services.catalog, request.path_params["questionnaire_id"])


def _submit(
    request: Request,
    services: Services,
    questionnaire: Questionnaire,
    fields: dict[str, str],
) -> Response:
    given, texts = answers_from_form(fields), texts_from_form(fields)
    with services.connect() as database:
        questionnaire, response = answered_in(request, database, services.catalog, questionnaire)
        page = _page(questionnaire, request.path_params["page_id"])
        new_response = response is None
        if response is None and not isinstance(page, IntroPage):
            raise NoResponse(questionnaire.id)
        response = response or start_in_remembered_round(request, services, database, questionnaire)
        try:
            step = submit_screen(
                database,
                questionnaire=questionnaire,
                scales=services.catalog.every_scale,
                state=response,
                screen_id=page.id,
                given=given,
                texts=texts,
                shown=answering.shown_from_form(fields),
            )
        except (NotAnOption, TextTooLong, answering.AnsweredElsewhere) as refused:
            return _refused(request, services, questionnaire, response, page.id, refused, texts)
        except ResponseFinished:
            raise AlreadySent(questionnaire.id) from None
        except answering.PageNotOpen:
            raise PageNotOpen(questionnaire.id) from None
    result = _go(request, services, questionnaire, response, step, page.id)
    if new_response:
        remember_response(result, response, services.settings)
    return result


@router.post("/{questionnaire_id}/lagre/{page_id}")
async def autosave(questionnaire_id: str, page_id: str, request: Request) -> Response:
    """An answer on a form screen, saved the moment it is chosen (htmx); nothing moves."""
    services = respondent_services(request)
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    fields = await _form_fields(request)
    return await in_a_thread(_autosave, request, services, questionnaire, page_id, fields)


def _refused(
    request: Request,
    services: Services,
    questionnaire: Questionnaire,
    response: ResponseState,
    page_id: str,
    refused: Exception,
    texts: dict[str, str],
) -> Response:
    """The page again, saying why what was sent was not taken, with what was typed (so nothing
    is lost): an answer from another window since (409), or an answer or text it cannot take."""
    path = path_of(questionnaire, response)
    screen = path.screen(page_id)
    if screen is None:
        raise PageNotOpen(questionnaire.id) from None
    words = words_in(questionnaire.language)
    if isinstance(refused, answering.AnsweredElsewhere):
        error = words.answered_elsewhere
    elif isinstance(refused, TextTooLong):
        error = words("text_too_long", limit=refused.limit)
    elif questionnaire.layout == "section":
        error = words.only_shown_answers
    else:
        error = words.choose_an_answer
    view = page_view(
        services,
        questionnaire,
        screen,
        path,
        error=error,
        texts=texts,
        reversed_options=_reversed(response),
        helper=response.helper,
        homes=response.round_units,
        home=response.unit,
    )
    status = 409 if isinstance(refused, answering.AnsweredElsewhere) else 422
    return _show(request, services, view, status_code=status)


def _autosave(
    request: Request,
    services: Services,
    questionnaire: Questionnaire,
    page_id: str,
    fields: dict[str, str],
) -> Response:
    given, texts = answers_from_form(fields), texts_from_form(fields)
    with services.connect() as database:
        questionnaire, response = answered_in(request, database, services.catalog, questionnaire)
        if response is None:
            raise NoResponse(questionnaire.id)
        try:
            record_answers(
                database,
                questionnaire=questionnaire,
                scales=services.catalog.every_scale,
                state=response,
                screen_id=page_id,
                given=given,
                texts=texts,
                shown=answering.shown_from_form(fields),
            )
        except answering.AnsweredElsewhere as refused:
            # Chosen on a page left open while another window answered: the page is shown
            # again with the answer that holds (htmx puts it in place of this quiet save).
            shown = _refused(request, services, questionnaire, response, page_id, refused, texts)
            shown.headers.update({"HX-Retarget": "#main", "HX-Reswap": "outerHTML"})
            return shown
        except (NotAnOption, TextTooLong):
            raise AnswerRefused() from None
        except ResponseFinished:
            raise AlreadySent(questionnaire.id) from None
        except answering.PageNotOpen:
            raise PageNotOpen(questionnaire.id) from None
    if given and questionnaire.layout == "question" and questionnaire.advance == "on_next":
        ready = _ready_next(request, services, questionnaire, response, page_id)
        if ready is not None:
            return ready
    return Response(status_code=204)


READY_PAGE = "X-Ready-Page"  # the address of the page a saved choice leads to, sent with it


def _ready_next(
    request: Request,
    services: Services,
    questionnaire: Questionnaire,
    response: ResponseState,
    page_id: str,
) -> Response | None:
    """A choice saved: the page «Gå til neste» leads to from here, as the answers now stand,
    so the tablet can show it at the tap without a round trip (static/app.js). None where
    going on does more than show a page: the end (it finishes the response) or a question
    that asks who is with the resident first."""
    path = path_of(questionnaire, response)
    following = path.next_screen(page_id)
    if following is None or isinstance(following.first, EndPage):
        return None
    if helper_url(questionnaire, response, following) is not None:
        return None
    view = page_view(
        services,
        questionnaire,
        following,
        path,
        reversed_options=_reversed(response),
        helper=response.helper,
        homes=response.round_units,
        home=response.unit,
    )
    shown = rendered_response(request, services.survey_page.page(view, True))
    shown.headers[READY_PAGE] = urls.page(questionnaire.id, following.id)
    return shown


def _reversed(response: ResponseState) -> bool:
    return response.option_order == "reversed"


@router.post("/{questionnaire_id}/takk-nei")
def decline(questionnaire_id: str, request: Request, services: RespondentServicesDep) -> Response:
    """«Nei, ikke nå» to «Vil du være med?»: the response goes, the round counts one more who
    said no, and the tablet is ready for the next person."""
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    with services.connect() as database:
        response = device_response(request, database, questionnaire)
        if response is not None and response.finished:
            raise AlreadySent(questionnaire.id)
        if response is not None:
            decline_taking_part(database, response)
    shown = message_page(request, DeclinedKindly(questionnaire.id))
    shown.delete_cookie(response_cookie(questionnaire.id))
    return shown


@router.get("/{questionnaire_id}/pause")
def pause(questionnaire_id: str, request: Request, services: RespondentServicesDep) -> Response:
    questionnaire = questionnaire_of(services.catalog, questionnaire_id)
    with services.connect() as database:
        questionnaire, response = answered_in(request, database, services.catalog, questionnaire)
        if response is None or response.finished:
            return RedirectResponse(urls.questionnaire(questionnaire.id), status_code=303)
        code = resume_code_of(database, services.settings.key, response)
    resume_at = path_of(questionnaire, response).resume_screen
    before_code, after_code = pause_texts(words_in(questionnaire.language))
    return render(
        request,
        "survey/pause.html",
        {
            "questionnaire": questionnaire,
            "code": code,
            "continue_url": urls.page(questionnaire.id, resume_at.id),
            "view": pause_read_aloud(services.read_aloud, questionnaire, code),
            "before_code": before_code,
            "after_code": after_code,
        },
        language=questionnaire.language,
    )
