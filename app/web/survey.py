"""The respondent's survey: one page per screen, each answer saved as it is given."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app import flow
from app.catalog import Catalog
from app.config import Settings
from app.models import Response as SurveyResponse
from app.questionnaire import EndPage, IntroPage, Option, Page, Questionnaire, QuestionPage
from app.responses import (
    ResponseFinished,
    answers_of,
    find_response,
    finish_response,
    save_answer,
    start_response,
)
from app.web.deps import CatalogDep, SessionDep, SettingsDep
from app.web.errors import Link, PageError
from app.web.rendering import render, wants_fragment

router = APIRouter(prefix="/s", tags=["survey"])


def cookie_name(questionnaire_id: str) -> str:
    return f"minstemme_{questionnaire_id}"


def remember_response(result: Response, response: SurveyResponse, settings: Settings) -> None:
    """Let this device continue the response later (the cookie holds only its random id)."""
    result.set_cookie(
        cookie_name(response.questionnaire_id),
        response.id,
        max_age=settings.resume_cookie_days * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def page_url(questionnaire: Questionnaire, page: Page) -> str:
    return f"/s/{questionnaire.id}/side/{page.id}"


def _questionnaire(catalog: Catalog, questionnaire_id: str) -> Questionnaire:
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


def _response(
    request: Request, session: Session, questionnaire: Questionnaire
) -> SurveyResponse | None:
    """This device's response to the questionnaire, if it has one that still exists."""
    token = request.cookies.get(cookie_name(questionnaire.id))
    if token is None:
        return None
    response = find_response(session, token)
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
    return response


@dataclass(frozen=True)
class PageView:
    """What the page template needs to show one page to one respondent."""

    questionnaire: Questionnaire
    page: Page
    progress: flow.Progress | None
    back_url: str | None
    options: list[Option]
    chosen: str | None
    answered: bool
    error: str | None = None

    @property
    def action(self) -> str:
        return page_url(self.questionnaire, self.page)

    @property
    def chosen_label(self) -> str:
        if not self.answered:
            return ""
        if self.chosen is None:
            return "Vil ikke svare"
        option = next((o for o in self.options if o.value == self.chosen), None)
        return option.label if option else ""


def _view(
    catalog: Catalog,
    questionnaire: Questionnaire,
    page: Page,
    answers: flow.Answers,
    error: str | None = None,
) -> PageView:
    previous = flow.previous_page(questionnaire, answers, page.id)
    options = catalog.scale_of(page).options if isinstance(page, QuestionPage) else []
    return PageView(
        questionnaire=questionnaire,
        page=page,
        progress=flow.progress(questionnaire, answers, page.id),
        back_url=(
            page_url(questionnaire, previous)
            if previous and not isinstance(page, EndPage)
            else None
        ),
        options=options,
        chosen=answers.get(page.id),
        answered=page.id in answers,
        error=error,
    )


def _show(request: Request, view: PageView, status_code: int = 200) -> Response:
    return render(
        request,
        "survey/page.html",
        {"view": view},
        status_code=status_code,
        push_url=page_url(view.questionnaire, view.page),
    )


def _go(
    request: Request,
    catalog: Catalog,
    questionnaire: Questionnaire,
    page: Page,
    answers: flow.Answers,
) -> Response:
    """Move to a page: htmx gets it at once, a plain browser gets a redirect (POST/redirect/GET)."""
    if wants_fragment(request):
        return _show(request, _view(catalog, questionnaire, page, answers))
    return RedirectResponse(page_url(questionnaire, page), status_code=303)


@router.get("/{questionnaire_id}")
def open_survey(
    questionnaire_id: str, request: Request, catalog: CatalogDep, session: SessionDep
) -> Response:
    questionnaire = _questionnaire(catalog, questionnaire_id)
    response = _response(request, session, questionnaire)
    if response is None or response.finished_at is not None:
        target = questionnaire.pages[0]
    else:
        target = flow.resume_page(questionnaire, answers_of(session, response))
    return RedirectResponse(page_url(questionnaire, target), status_code=303)


@router.get("/{questionnaire_id}/ny")
def start_over(questionnaire_id: str, catalog: CatalogDep) -> Response:
    """Forget this device's response (it stays stored) and start from the first page."""
    questionnaire = _questionnaire(catalog, questionnaire_id)
    redirect = RedirectResponse(page_url(questionnaire, questionnaire.pages[0]), status_code=303)
    redirect.delete_cookie(cookie_name(questionnaire.id))
    return redirect


@router.get("/{questionnaire_id}/side/{page_id}")
def show_page(
    questionnaire_id: str, page_id: str, request: Request, catalog: CatalogDep, session: SessionDep
) -> Response:
    questionnaire = _questionnaire(catalog, questionnaire_id)
    page = _page(questionnaire, page_id)
    response = _response(request, session, questionnaire)
    if response is None or response.finished_at is not None:
        if isinstance(page, IntroPage) or (response is not None and isinstance(page, EndPage)):
            return _show(request, _view(catalog, questionnaire, page, {}))
        return RedirectResponse(page_url(questionnaire, questionnaire.pages[0]), status_code=303)
    answers = answers_of(session, response)
    if not flow.can_open(questionnaire, answers, page.id):
        target = flow.resume_page(questionnaire, answers)
        return RedirectResponse(page_url(questionnaire, target), status_code=303)
    return _show(request, _view(catalog, questionnaire, page, answers))


@router.post("/{questionnaire_id}/side/{page_id}")
def submit_page(
    questionnaire_id: str,
    page_id: str,
    request: Request,
    catalog: CatalogDep,
    session: SessionDep,
    settings: SettingsDep,
    choice: Annotated[str | None, Form(max_length=40)] = None,
    decline: Annotated[str | None, Form(max_length=10)] = None,
) -> Response:
    questionnaire = _questionnaire(catalog, questionnaire_id)
    page = _page(questionnaire, page_id)
    response = _response(request, session, questionnaire)
    new_response = response is None
    if response is None:
        if not isinstance(page, IntroPage):
            raise PageError(
                400,
                "Vi finner ikke svarene dine",
                "Svaret kunne ikke lagres, fordi nettleseren ikke husker hvem som svarer. "
                "Start på nytt, eller fortsett med koden din.",
                [
                    Link(f"/s/{questionnaire.id}", "Start på nytt"),
                    Link("/fortsett", "Fortsett med kode"),
                ],
            )
        response = start_response(session, questionnaire)
    if response.finished_at is not None:
        raise _already_sent(questionnaire)

    answers = answers_of(session, response)
    if not flow.can_open(questionnaire, answers, page.id):
        raise PageError(
            409,
            "Denne siden er ikke med nå",
            "Siden hører ikke til skjemaet ditt akkurat nå. Gå videre der du var.",
            [Link(f"/s/{questionnaire.id}", "Fortsett der du var")],
        )
    if isinstance(page, QuestionPage) and (
        choice is not None or decline is not None or page.id not in answers
    ):
        value = None if decline is not None else choice
        if decline is None and (value is None or catalog.scale_of(page).option(value) is None):
            view = _view(
                catalog,
                questionnaire,
                page,
                answers,
                error="Trykk på ett av svarene, eller på «Vil ikke svare».",
            )
            return _show(request, view, status_code=422)
        try:
            answers = save_answer(
                session,
                questionnaire=questionnaire,
                response=response,
                question_id=page.id,
                value=value,
            )
        except ResponseFinished:
            raise _already_sent(questionnaire) from None

    following = flow.next_page(questionnaire, answers, page.id) or page
    if isinstance(following, EndPage):
        finish_response(session, response)
    result = _go(request, catalog, questionnaire, following, answers)
    if new_response:
        remember_response(result, response, settings)
    return result


def _already_sent(questionnaire: Questionnaire) -> PageError:
    return PageError(
        409,
        "Svarene er allerede sendt",
        "Du er ferdig med dette skjemaet, og svarene kan ikke endres nå.",
        [Link(f"/s/{questionnaire.id}/ny", "Ny person svarer")],
    )


@router.get("/{questionnaire_id}/pause")
def pause(
    questionnaire_id: str, request: Request, catalog: CatalogDep, session: SessionDep
) -> Response:
    questionnaire = _questionnaire(catalog, questionnaire_id)
    response = _response(request, session, questionnaire)
    if response is None or response.finished_at is not None:
        return RedirectResponse(f"/s/{questionnaire.id}", status_code=303)
    answers = answers_of(session, response)
    return render(
        request,
        "survey/pause.html",
        {
            "questionnaire": questionnaire,
            "code": response.resume_code,
            "continue_url": page_url(questionnaire, flow.resume_page(questionnaire, answers)),
        },
    )
