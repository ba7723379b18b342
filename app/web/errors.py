"""Every error a person can meet, named, each as a clear Norwegian page, never a stack trace.

Routes raise one of the named errors below; `install_error_pages` turns it, and whatever the
framework raises, into a page with a title, a message and the links onward.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException

from app import urls
from app.accounts import SignedIn
from app.questionnaires.model import SpeechSettings
from app.storage.tables import Round
from app.web.cookies import chosen_language
from app.web.rendering import render
from app.web.views import heard_text
from app.words import DEFAULT_LANGUAGE, Said, said, words_in

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Link:
    href: str
    text: str | Said  # Said: in the reader's language
    post: bool = False  # a button that changes something (a POST), never a plain link
    fields: tuple[tuple[str, str], ...] = ()  # sent with the button (an answer to send again)


TO_FRONT = Link(urls.FRONT, said("to_front"))
TO_RESULTS = Link(urls.RESULTS, said("to_results"))
RESUME = Link(urls.RESUME, said("resume_title"))


def too_many_codes(seconds: int) -> Said:
    """Wrong codes came from here: the next try waits (app/survey/guessing.py)."""
    return said("too_many_codes", seconds=str(seconds))


NO_SUCH_ROUND = said("no_such_round")


@dataclass
class ProblemPage(Exception):
    status_code: int
    title: str | Said  # Said: in the reader's language; a plain text is bokmål
    message: str | Said
    links: list[Link] = field(default_factory=lambda: [TO_FRONT])


START_OVER = said("start_over")
TO_QUESTIONNAIRE = said("to_questionnaire")
NOT_OPEN = said("page_not_open_text")


def start_over(questionnaire_id: str, text: Said = START_OVER) -> Link:
    """Forget this device's response (it stays stored) and start afresh."""
    return Link(urls.new_response(questionnaire_id), text, post=True)


def _to_questionnaire(questionnaire_id: str, text: Said = TO_QUESTIONNAIRE) -> Link:
    return Link(urls.questionnaire(questionnaire_id), text)


# The survey, for respondents.
class QuestionnaireNotFound(ProblemPage):
    def __init__(self) -> None:
        super().__init__(404, said("questionnaire_not_found"), said("questionnaire_not_found_text"))


class PageNotFound(ProblemPage):
    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            404,
            said("page_not_found"),
            said("page_not_in_questionnaire"),
            [_to_questionnaire(questionnaire_id)],
        )


class PageNotOpen(ProblemPage):
    """A page that exists, but is not on this respondent's path now."""

    def __init__(self, questionnaire_id: str, message: Said = NOT_OPEN) -> None:
        super().__init__(
            409,
            said("page_not_open"),
            message,
            [_to_questionnaire(questionnaire_id, said("continue_where_you_were"))],
        )


class HelperNotOpen(PageNotOpen):
    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(questionnaire_id, said("helper_not_open_text"))


class UnknownResponse(ProblemPage):
    """The browser remembers a response the database does not have."""

    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            400,
            said("answers_not_found"),
            said("unknown_response_text"),
            [start_over(questionnaire_id), RESUME],
        )


class NoResponse(ProblemPage):
    """An answer sent from a browser that remembers no response."""

    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            400,
            said("answers_not_found"),
            said("no_response_text"),
            [_to_questionnaire(questionnaire_id, said("start_over")), RESUME],
        )


class DeclinedKindly(ProblemPage):
    """Not a problem: the person did not want to take part ("Takk likevel")."""

    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            200,
            said("declined_title"),
            said("declined_text"),
            [Link(urls.questionnaire(questionnaire_id), said("new_person"))],
        )


class StartOver(ProblemPage):
    """Not a problem: the question before a new response starts on this device."""

    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            200,
            said("start_over_title"),
            said("start_over_text"),
            [
                start_over(questionnaire_id),
                _to_questionnaire(questionnaire_id, said("continue_where_you_were")),
            ],
        )


class AlreadySent(ProblemPage):
    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            409,
            said("already_sent"),
            said("already_sent_text"),
            [start_over(questionnaire_id, said("another_person_answers"))],
        )


class AnswerRefused(ProblemPage):
    def __init__(self) -> None:
        super().__init__(422, said("it_did_not_work"), said("answer_refused_text"))


class HelperNotChosen(ProblemPage):
    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            422,
            said("it_did_not_work"),
            said("helper_not_chosen_text"),
            [_to_questionnaire(questionnaire_id)],
        )


class BadForm(ProblemPage):
    def __init__(self) -> None:
        super().__init__(400, said("it_did_not_work"), said("bad_form_text"))


class TooMuchSent(ProblemPage):
    def __init__(self) -> None:
        super().__init__(413, said("it_did_not_work"), said("too_much_sent_text"))


class SentFromElsewhere(ProblemPage):
    """A form posted from another site (app/web/security.py)."""

    def __init__(self) -> None:
        super().__init__(403, said("it_did_not_work"), said("sent_from_elsewhere_text"))


# A round's link.
class RoundLinkNotFound(ProblemPage):
    def __init__(self) -> None:
        super().__init__(404, said("round_not_found"), said("round_not_found_text"))


class RoundClosed(ProblemPage):
    def __init__(self, survey_round: Round | None = None) -> None:
        if survey_round is None:  # met in the middle of a response
            message = said("round_closed_text")
        else:
            message = said(
                "round_closed_in",
                place=survey_round.municipality_name,
                period=survey_round.period,
            )
        super().__init__(410, said("round_closed"), message)


class SummaryNotReady(ProblemPage):
    """«Dette sa dere» before the round has closed: nothing is told before its figures are
    final (app/followup/summary.py)."""

    def __init__(self) -> None:
        super().__init__(404, said("summary_title"), said("summary_not_ready"))


class RoundNotOpenYet(ProblemPage):
    def __init__(self, survey_round: Round, opens: date) -> None:
        super().__init__(
            403,
            said("round_not_open"),
            said("round_not_open_text", place=survey_round.municipality_name, opens=opens),
        )


class LinkNeeded(ProblemPage):
    def __init__(self) -> None:
        super().__init__(
            400,
            said("link_needed"),
            said("link_needed_text"),
            [TO_FRONT, RESUME],
        )


# Speech.
class AudioNotFound(ProblemPage):
    def __init__(self) -> None:
        super().__init__(404, said("audio_not_found"), said("audio_not_found_text"))


class AudioUnavailable(ProblemPage):
    def __init__(self) -> None:
        super().__init__(503, said("audio_unavailable"), said("try_again_soon"))


# The results pages, for analysts and owners.
class RoundNotFound(ProblemPage):
    def __init__(self, back: Link, message: str | Said = NO_SUCH_ROUND) -> None:
        super().__init__(404, said("round_missing"), message, [back])


class AnswersGone(ProblemPage):
    """A round whose answers were deleted after it closed (app/survey/retention.py)."""

    def __init__(self, back: Link, deleted: str) -> None:
        super().__init__(
            410, "Svarene er slettet", f"{deleted} Bare tallene som ble talt før, finnes.", [back]
        )


class OtherMunicipality(ProblemPage):
    """A round of a municipality this account does not see in full."""

    def __init__(self, back: Link) -> None:
        super().__init__(
            403,
            said("other_municipality"),
            said("other_municipality_text"),
            [back],
        )


def seen_in_full(who: SignedIn, survey_round: Round, back: Link) -> Round:
    """The round, if this account may see it in full; otherwise OtherMunicipality."""
    if not who.sees_in_full(survey_round.municipality_number):
        raise OtherMunicipality(back)
    return survey_round


class OwnersOnly(ProblemPage):
    def __init__(self) -> None:
        super().__init__(
            403,
            said("owners_only"),
            said("owners_only_text"),
            [TO_RESULTS],
        )


class StaleForm(ProblemPage):
    """A form without this session's token: too old, or sent from another site."""

    def __init__(self) -> None:
        super().__init__(
            403,
            said("stale_form"),
            said("stale_form_text"),
            [TO_RESULTS],
        )


# Whatever else goes wrong.
class NotFound(ProblemPage):
    def __init__(self) -> None:
        super().__init__(404, said("page_not_found"), said("page_not_found_text"))


class RequestRefused(ProblemPage):
    def __init__(self, status_code: int) -> None:
        message = said("request_refused_method" if status_code == 405 else "request_refused_text")
        super().__init__(status_code, said("it_did_not_work"), message)


class Unexpected(ProblemPage):
    def __init__(self) -> None:
        super().__init__(
            500,
            said("unexpected"),
            said("unexpected_text"),
        )


RETRY_SECONDS = 10
# What a page sent may carry back to be sent again: answers, free text, what the page showed,
# and where the respondent was going.
SENT_AGAIN = ("svar-", "tekst-", "vist-", "next", "neste", "hvem")


class DatabaseUnavailable(ProblemPage):
    """The database does not answer. Nothing sent was stored: the page says so, and offers
    to send the same again (the browser tries again by itself, app.js)."""

    def __init__(self, path: str, sent: dict[str, str] | None) -> None:
        if sent is None:
            message = said("cannot_show_now")
            links = [Link(path, said("try_again"))]
        else:
            message = said("answer_not_saved_yet")
            kept = tuple((k, v) for k, v in sent.items() if k.startswith(SENT_AGAIN))
            links = [Link(path, said("try_again"), post=True, fields=kept)]
        super().__init__(503, said("cannot_save_now"), message, links)


def message_page(request: Request, error: ProblemPage) -> HTMLResponse:
    """The page for `error`, in the language chosen on this device (bokmål where the error
    says something in bokmål only: a page for those who run the survey)."""
    texts = [error.title, error.message, *(link.text for link in error.links)]
    in_bokmaal_only = any(isinstance(text, str) for text in texts)
    language = DEFAULT_LANGUAGE if in_bokmaal_only else chosen_language(request) or DEFAULT_LANGUAGE
    words = words_in(language)
    title, message = words.of(error.title), words.of(error.message)
    services = getattr(request.app.state, "services", None)
    heard = (
        heard_text(services.read_aloud, SpeechSettings(), language, f"{title}. {message}")
        if services is not None
        else None
    )
    return render(
        request,
        "message.html",
        {
            "view": heard,
            "title": title,
            "message": message,
            "links": [(link, words.of(link.text)) for link in error.links],
            "status": error.status_code,
            "retry_seconds": RETRY_SECONDS,
        },
        status_code=error.status_code,
        language=language,
    )


def install_error_pages(app: FastAPI, headers: dict[str, str]) -> None:
    """`headers`: the security headers, for the one page that is made outside the middleware
    (an unexpected error is answered by the outermost layer)."""

    @app.exception_handler(ProblemPage)
    async def page_error(request: Request, error: ProblemPage) -> HTMLResponse:
        return message_page(request, error)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> HTMLResponse:
        shown = NotFound() if error.status_code == 404 else RequestRefused(error.status_code)
        return message_page(request, shown)

    @app.exception_handler(RequestValidationError)
    async def bad_form(request: Request, error: RequestValidationError) -> HTMLResponse:
        return message_page(request, BadForm())

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def database_unavailable(request: Request, error: Exception) -> HTMLResponse:
        # The driver's own words, first line only: PostgreSQL puts values in a DETAIL line.
        said = str(getattr(error, "orig", error)).splitlines()[:1]
        log.warning("database unavailable on %s: %s", request.url.path, " ".join(said))
        sent = getattr(request.state, "sent", None) if request.method == "POST" else None
        page = message_page(request, DatabaseUnavailable(request.url.path, sent))
        page.headers["Retry-After"] = str(RETRY_SECONDS)
        return page

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> HTMLResponse:
        log.exception("unexpected error on %s", request.url.path)
        page = message_page(request, Unexpected())
        page.headers.update(headers)
        return page
