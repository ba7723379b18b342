"""Every error a person can meet, named, each as a clear Norwegian page, never a stack trace.

Routes raise one of the named errors below; `install_error_pages` turns it, and whatever the
framework raises, into a page with a title, a message and the links onward.
"""

import logging
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException

from app import urls
from app.accounts import SignedIn
from app.questionnaires.model import SpeechSettings
from app.storage.tables import Round
from app.web.rendering import render
from app.web.views import heard_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    post: bool = False  # a button that changes something (a POST), never a plain link
    fields: tuple[tuple[str, str], ...] = ()  # sent with the button (an answer to send again)


TO_FRONT = Link(urls.FRONT, "Til forsiden")
TO_RESULTS = Link(urls.RESULTS, "Til resultatene")
RESUME = Link(urls.RESUME, "Fortsett med kode")
NO_SUCH_ROUND = "Det finnes ingen runde med dette nummeret."
TOO_MANY = (
    "For mange feil koder på kort tid. Vent et kvarter og prøv igjen, eller spør den som ga "
    "deg koden."
)


@dataclass
class ProblemPage(Exception):
    status_code: int
    title: str
    message: str
    links: list[Link] = field(default_factory=lambda: [TO_FRONT])


def start_over(questionnaire_id: str, text: str = "Start på nytt") -> Link:
    """Forget this device's response (it stays stored) and start afresh."""
    return Link(urls.new_response(questionnaire_id), text, post=True)


def _to_questionnaire(questionnaire_id: str, text: str = "Gå til skjemaet") -> Link:
    return Link(urls.questionnaire(questionnaire_id), text)


# The survey, for respondents.
class QuestionnaireNotFound(ProblemPage):
    def __init__(self) -> None:
        super().__init__(404, "Fant ikke skjemaet", "Vi fant ikke spørreskjemaet. Sjekk adressen.")


class PageNotFound(ProblemPage):
    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            404,
            "Fant ikke siden",
            "Denne siden finnes ikke i skjemaet.",
            [_to_questionnaire(questionnaire_id)],
        )


class PageNotOpen(ProblemPage):
    """A page that exists, but is not on this respondent's path now."""

    def __init__(self, questionnaire_id: str, message: str | None = None) -> None:
        super().__init__(
            409,
            "Denne siden er ikke med nå",
            message or "Siden hører ikke til skjemaet ditt akkurat nå. Gå videre der du var.",
            [_to_questionnaire(questionnaire_id, "Fortsett der du var")],
        )


class HelperNotOpen(PageNotOpen):
    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            questionnaire_id, "Spørsmålet om hvem som hjelper, hører til et svar som er i gang."
        )


class UnknownResponse(ProblemPage):
    """The browser remembers a response the database does not have."""

    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            400,
            "Vi finner ikke svarene dine",
            "Denne nettleseren husker et svar vi ikke finner. Du kan starte på nytt, "
            "eller fortsette med koden din.",
            [start_over(questionnaire_id), RESUME],
        )


class NoResponse(ProblemPage):
    """An answer sent from a browser that remembers no response."""

    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            400,
            "Vi finner ikke svarene dine",
            "Svaret kunne ikke lagres, fordi nettleseren ikke husker hvem som svarer. "
            "Start på nytt, eller fortsett med koden din.",
            [_to_questionnaire(questionnaire_id, "Start på nytt"), RESUME],
        )


class StartOver(ProblemPage):
    """Not a problem: the question before a new response starts on this device."""

    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            200,
            "Starte på nytt?",
            "Svarene som er gitt på denne enheten, er lagret. Trykk «Start på nytt» når en ny "
            "person skal svare.",
            [
                start_over(questionnaire_id),
                _to_questionnaire(questionnaire_id, "Fortsett der du var"),
            ],
        )


class AlreadySent(ProblemPage):
    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            409,
            "Svarene er allerede sendt",
            "Du er ferdig med dette skjemaet, og svarene kan ikke endres nå.",
            [start_over(questionnaire_id, "Ny person svarer")],
        )


class AnswerRefused(ProblemPage):
    def __init__(self) -> None:
        super().__init__(422, "Det gikk ikke", "Svaret kan ikke lagres slik.")


class HelperNotChosen(ProblemPage):
    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            422,
            "Det gikk ikke",
            "Trykk på ett av valgene for hvem som er med deg.",
            [_to_questionnaire(questionnaire_id)],
        )


class BadForm(ProblemPage):
    def __init__(self) -> None:
        super().__init__(400, "Det gikk ikke", "Skjemaet som ble sendt, var ikke riktig utfylt.")


class TooMuchSent(ProblemPage):
    def __init__(self) -> None:
        super().__init__(
            413,
            "Det gikk ikke",
            "Det ble sendt for mye på en gang. Gå tilbake og prøv igjen med kortere tekst.",
        )


# A round's link.
class RoundLinkNotFound(ProblemPage):
    def __init__(self) -> None:
        super().__init__(
            404,
            "Fant ikke undersøkelsen",
            "Vi fant ingen undersøkelse med denne lenken. Sjekk at hele lenken er med, "
            "eller spør den som ga deg den.",
        )


class RoundClosed(ProblemPage):
    def __init__(self, survey_round: Round | None = None) -> None:
        if survey_round is None:  # met in the middle of a response
            message = (
                "Undersøkelsen er avsluttet, og det kan ikke svares mer. Svarene som ble gitt, "
                "er tatt vare på. Takk!"
            )
        else:
            message = (
                f"Undersøkelsen i {survey_round.municipality_name} for {survey_round.period} er "
                "avsluttet, og det kan ikke svares mer. Takk til alle som svarte!"
            )
        super().__init__(410, "Undersøkelsen er avsluttet", message)


class RoundNotOpenYet(ProblemPage):
    def __init__(self, survey_round: Round, opens: str) -> None:
        super().__init__(
            403,
            "Undersøkelsen har ikke startet",
            f"Undersøkelsen i {survey_round.municipality_name} åpner {opens}. "
            "Velkommen tilbake da!",
        )


class LinkNeeded(ProblemPage):
    def __init__(self) -> None:
        super().__init__(
            400,
            "Bruk lenken du har fått",
            "Undersøkelsen åpnes med lenken fra kommunen, eller med koden i brevet du har fått.",
            [TO_FRONT, RESUME],
        )


# Speech.
class AudioNotFound(ProblemPage):
    def __init__(self) -> None:
        super().__init__(404, "Fant ikke lyden", "Denne lyden finnes ikke.")


class AudioUnavailable(ProblemPage):
    def __init__(self) -> None:
        super().__init__(503, "Lyden kunne ikke lages", "Prøv igjen om litt.")


# The results pages, for analysts and owners.
class RoundNotFound(ProblemPage):
    def __init__(self, back: Link, message: str = NO_SUCH_ROUND) -> None:
        super().__init__(404, "Fant ikke runden", message, [back])


class OtherMunicipality(ProblemPage):
    """A round of a municipality this account does not see in full."""

    def __init__(self, back: Link) -> None:
        super().__init__(
            403,
            "Runden hører til en annen kommune",
            "Du ser andre kommuner i oversikten, der små grupper er skjult, men ikke deres "
            "rapporter, svar eller runder. Spør en med nasjonal tilgang om du trenger dem.",
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
            "Bare for eiere",
            "Denne siden er for dem som styrer rundene. Spør en eier om du trenger den.",
            [TO_RESULTS],
        )


class StaleForm(ProblemPage):
    """A form without this session's token: too old, or sent from another site."""

    def __init__(self) -> None:
        super().__init__(
            403,
            "Skjemaet kunne ikke brukes",
            "Skjemaet var for gammelt eller kom fra et annet sted. Last siden på nytt og prøv "
            "igjen.",
            [TO_RESULTS],
        )


# Whatever else goes wrong.
class NotFound(ProblemPage):
    def __init__(self) -> None:
        super().__init__(
            404, "Fant ikke siden", "Vi fant ikke siden du prøvde å åpne. Sjekk adressen."
        )


class RequestRefused(ProblemPage):
    def __init__(self, status_code: int) -> None:
        message = (
            "Siden kan ikke brukes på denne måten."
            if status_code == 405
            else "Noe var galt med forespørselen."
        )
        super().__init__(status_code, "Det gikk ikke", message)


class Unexpected(ProblemPage):
    def __init__(self) -> None:
        super().__init__(
            500,
            "Noe gikk galt hos oss",
            "Det siste du trykket på, ble kanskje ikke lagret. Det du svarte før det, er "
            "lagret. Prøv igjen om litt.",
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
            message = "Siden kan ikke vises akkurat nå. Vi prøver igjen om litt."
            links = [Link(path, "Prøv igjen")]
        else:
            message = (
                "Svaret ditt er ikke lagret ennå. Vi prøver igjen om litt. Du kan også trykke "
                "«Prøv igjen»."
            )
            kept = tuple((k, v) for k, v in sent.items() if k.startswith(SENT_AGAIN))
            links = [Link(path, "Prøv igjen", post=True, fields=kept)]
        super().__init__(503, "Vi får ikke lagret akkurat nå", message, links)


def message_page(request: Request, error: ProblemPage) -> HTMLResponse:
    services = getattr(request.app.state, "services", None)
    heard = (
        heard_text(services.read_aloud, SpeechSettings(), f"{error.title}. {error.message}")
        if services is not None
        else None
    )
    return render(
        request,
        "message.html",
        {
            "view": heard,
            "title": error.title,
            "message": error.message,
            "links": error.links,
            "status": error.status_code,
            "retry_seconds": RETRY_SECONDS,
        },
        status_code=error.status_code,
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
