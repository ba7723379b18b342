"""Rounds managed from the browser, for owners: make a round, see its links, print its
poster, close it. The same domain calls as `minstemme round`."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import clock, urls
from app.config import Settings
from app.logbook import note_round
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import LANGUAGE_NAMES
from app.rounds.changing import REOPENED, change_round, reopen_round
from app.rounds.homes import HOUSING_FORMS, homes_tagging
from app.rounds.homes import services as services_of
from app.rounds.invited import WHOLE_ROUND, invited_counts, set_invited
from app.rounds.links import round_links, staff_code
from app.rounds.posters import poster_html
from app.rounds.rounds import (
    AUDIENCE_WORDS,
    NONE_CHOSEN,
    NOT_ASKED,
    Audience,
    LetterFrom,
    RoundProblem,
    all_rounds,
    audiences_asked,
    check_not_over,
    close_round,
    create_round,
    norwegian_date,
    parse_code_count,
    parse_day,
    questionnaire_for,
    require_round,
    response_counts,
    standard_questionnaires,
    status,
    units_of,
    unused_codes,
    whole_number,
)
from app.storage.tables import Round
from app.web.deps import Services, ServicesDep
from app.web.errors import Link, NotFound, RoundNotFound, seen_in_full
from app.web.rendering import render
from app.web.routes.auth import Owner, check_csrf
from app.words import DEFAULT_LANGUAGE, LANGUAGES, is_language

router = APIRouter()
STATUS_NAMES = {"open": "Åpen", "not_open_yet": "Ikke åpnet ennå", "closed": "Avsluttet"}
# The poster is a page of its own with its styles inside it (it is also written as a file).
POSTER_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class NewRoundForm:
    """«Ny runde» as the owner filled it in (shown again with what was wrong), or empty."""

    kommune: str = ""
    kommunenummer: str = ""
    periode: str = ""
    apner: str = ""
    stenger: str = ""
    enheter: str = ""
    tjeneste: str = ""
    koder: str = "0"
    kontaktperson: str = ""
    kontakt: str = ""
    avsender: str = ""
    beboerskjema: str = ""  # "": the standard one (standard_questionnaires)
    parorendeskjema: str = ""


@dataclass(frozen=True)
class QuestionnaireChoice:
    """«Skjema for beboere» or «… for pårørende» in «Ny runde»: every questionnaire for that
    audience, and «Ingen»."""

    name: str  # the form field
    label: str
    options: list[tuple[str, str]]  # (value, shown)
    chosen: str


def _questionnaire_choices(catalog: Catalog, form: NewRoundForm) -> list[QuestionnaireChoice]:
    standard = standard_questionnaires(catalog)
    chosen: dict[Audience, str] = {"resident": form.beboerskjema, "relative": form.parorendeskjema}
    fields: tuple[tuple[Audience, str], ...] = (
        ("resident", "beboerskjema"),
        ("relative", "parorendeskjema"),
    )
    return [
        QuestionnaireChoice(
            name,
            f"Skjema for {AUDIENCE_WORDS[audience]}",
            [
                *(
                    (q.id, f"{q.title} ({q.id})")
                    for q in catalog.questionnaires.values()
                    if q.audience == audience
                ),
                (NONE_CHOSEN, f"Ingen: spør ikke {AUDIENCE_WORDS[audience]}"),
            ],
            chosen[audience] or standard[audience] or NONE_CHOSEN,
        )
        for audience, name in fields
    ]


def show_rounds_page(
    request: Request,
    services: ServicesDep,
    who: Owner,
    *,
    error: str = "",
    notice: str = "",
    form: NewRoundForm | None = None,
    status_code: int = 200,
) -> Response:
    with services.connect() as connection:
        rounds = [r for r in all_rounds(connection) if who.sees_in_full(r.municipality_number)]
        counts = response_counts(connection)
        invited = {r.id: _invited_fields(r, invited_counts(connection, r.id)) for r in rounds}
        today = clock.today()
        tagging = {r.id: homes_tagging(connection, r, today) for r in rounds if units_of(r)}
    return render(
        request,
        "analysis/rounds.html",
        {
            "title": "Runder",
            "who": who,
            "section": "rounds",
            "rounds": [_row(r, today, services.settings) for r in reversed(rounds)],
            "counts": counts,
            "invited": invited,
            "tagging": tagging,
            "service_names": services_of(services.catalog),
            "housing_names": HOUSING_FORMS,
            "error": error,
            "notice": notice,
            "form": form or NewRoundForm(),
            "questionnaires": _questionnaire_choices(services.catalog, form or NewRoundForm()),
        },
        status_code=status_code,
    )


# The fields of the form where an owner says how many were invited: a home's is "bolig" (one
# per home, in the round's order), the whole round's residents "beboere", relatives "parorende".
def _invited_fields(
    survey_round: Round, said: dict[tuple[str, str], int]
) -> list[tuple[str, str, str]]:
    """(field name, label, value) for each count the owner can give."""
    homes = units_of(survey_round)

    def shown(audience: str, unit: str) -> str:
        found = said.get((audience, unit))
        return "" if found is None else str(found)

    asked = audiences_asked(survey_round)
    fields = []
    if "resident" in asked:
        fields = [
            ("bolig", f"Beboere invitert i {home}", shown("resident", home)) for home in homes
        ]
        if not homes:
            fields.append(("beboere", "Beboere invitert", shown("resident", WHOLE_ROUND)))
    if "relative" in asked:
        fields.append(("parorende", "Pårørende invitert", shown("relative", WHOLE_ROUND)))
    return fields


@router.post("/analyse/runder/{round_id}/inviterte")
def set_invited_counts(
    request: Request,
    services: ServicesDep,
    who: Owner,
    round_id: int,
    csrf: Annotated[str, Form(max_length=100)] = "",
    bolig: Annotated[list[str] | None, Form(max_length=10)] = None,
    beboere: Annotated[str, Form(max_length=10)] = "",
    parorende: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    check_csrf(who, csrf)
    survey_round = owned_round(services, who, round_id)
    homes = units_of(survey_round)
    try:
        residents = {
            home: _count(given) for home, given in zip(homes, bolig or [], strict=False) if given
        }
        if beboere:
            residents[WHOLE_ROUND] = _count(beboere)
        with services.connect() as connection:
            if residents:
                set_invited(connection, survey_round, "resident", residents)
            if parorende:
                set_invited(connection, survey_round, "relative", {WHOLE_ROUND: _count(parorende)})
    except RoundProblem as problem:
        return show_rounds_page(request, services, who, error=str(problem), status_code=400)
    return RedirectResponse(urls.rounds("inviterte"), status_code=303)


def _count(given: str) -> int:
    count = whole_number(given)
    if count is None:
        raise RoundProblem(f"«{given}» er ikke et antall. Skriv hvor mange som ble invitert.")
    return count


def _row(
    survey_round: Round, today: date, settings: Settings
) -> tuple[Round, str, tuple[str, str, str], dict[str, str], list[tuple[str, str]]]:
    """A round on the owners' page: its status, its links and the staff code that starts a
    tablet (none for the demo round), what can be done with it, and its poster and letters in
    the other languages (name, address)."""
    state = status(survey_round, today)
    round_id = survey_round.id
    running = state != "closed"
    actions = {
        "poster": urls.poster(round_id),
        "invited": urls.invited(round_id),
        "homes": urls.home_tags(round_id),
        "close": urls.close_round(round_id) if running else "",
        "change": urls.change_round(round_id) if running else "",
        "reopen": "" if running or survey_round.answers_deleted_at else urls.reopen_round(round_id),
        "delete_answers": ""
        if running or survey_round.demo or survey_round.answers_deleted_at
        else urls.delete_answers(round_id),
        # «Dette sa dere», for the residents, once the round has closed
        "summary": ""
        if running or not questionnaire_for(survey_round, "resident")
        else urls.summary(survey_round.resident_token, public_url=settings.public_url),
    }
    printed = [
        (LANGUAGE_NAMES[language], urls.poster(round_id, language))
        for language in LANGUAGES
        if language != DEFAULT_LANGUAGE
    ]
    resident, relative = round_links(survey_round, settings.public_url)
    code = "" if survey_round.demo else staff_code(settings.key, survey_round)
    said = STATUS_NAMES[state] + ("; svarene er slettet" if survey_round.answers_deleted_at else "")
    return survey_round, said, (resident, relative, code), actions, printed


@router.get(urls.ROUNDS)
def rounds_page(request: Request, services: ServicesDep, who: Owner) -> Response:
    notice = "Runden er laget." if request.query_params.get("laget") else ""
    if request.query_params.get("avsluttet"):
        notice = "Runden er avsluttet. Lenkene virker ikke lenger."
    if request.query_params.get("endret"):
        notice = "Runden er endret."
    if request.query_params.get("apnet"):
        notice = "Runden er åpnet igjen."
    if request.query_params.get("slettet"):
        notice = "Svarene i runden er slettet. Tallene som ble talt, står. Det står i loggen."
    if request.query_params.get("inviterte"):
        notice = "Antall inviterte er lagret. Rapporten viser svarprosenten."
    if request.query_params.get("boliger"):
        notice = "Boligenes tjeneste og boform er lagret. Rapporten viser tallene etter hver."
    return show_rounds_page(request, services, who, notice=notice)


@router.post(urls.ROUNDS)
def make_round(
    request: Request,
    services: ServicesDep,
    who: Owner,
    csrf: Annotated[str, Form(max_length=100)] = "",
    kommune: Annotated[str, Form(max_length=200)] = "",
    kommunenummer: Annotated[str, Form(max_length=20)] = "",
    periode: Annotated[str, Form(max_length=20)] = "",
    apner: Annotated[str, Form(max_length=20)] = "",
    stenger: Annotated[str, Form(max_length=20)] = "",
    enheter: Annotated[str, Form(max_length=4000)] = "",
    tjeneste: Annotated[str, Form(max_length=200)] = "",
    koder: Annotated[str, Form(max_length=10)] = "0",
    kontaktperson: Annotated[str, Form(max_length=200)] = "",
    kontakt: Annotated[str, Form(max_length=400)] = "",
    avsender: Annotated[str, Form(max_length=400)] = "",
    beboerskjema: Annotated[str, Form(max_length=40)] = "",
    parorendeskjema: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    check_csrf(who, csrf)
    form = NewRoundForm(
        kommune, kommunenummer, periode, apner, stenger, enheter, tjeneste, koder,
        kontaktperson, kontakt, avsender, beboerskjema, parorendeskjema,
    )  # fmt: skip
    standard = standard_questionnaires(services.catalog)

    def chosen(typed: str, audience: Audience) -> str:
        return NOT_ASKED if typed == NONE_CHOSEN else typed or standard[audience]

    try:
        opens, closes = parse_day(apner, "Startdatoen"), parse_day(stenger, "Sluttdatoen")
        check_not_over(closes, clock.today())
        if not who.sees_in_full(kommunenummer.strip()):
            raise RoundProblem(
                f"Du kan bare lage runder for kommunene dine ({who.scope}). Spør en med "
                "nasjonal tilgang om en annen kommune."
            )
        with services.connect() as connection:
            made = create_round(
                connection,
                services.catalog,
                municipality_name=kommune,
                municipality_number=kommunenummer.strip(),
                period=periode.strip(),
                opens_on=opens,
                closes_on=closes,
                units=enheter.splitlines(),
                service_name=tjeneste,
                relative_codes=parse_code_count(koder),
                letter_from=LetterFrom(kontaktperson, kontakt, avsender),
                resident_questionnaire=chosen(beboerskjema, "resident"),
                relative_questionnaire=chosen(parorendeskjema, "relative"),
            )
            note_round(connection, who.username, made, "Laget")
    except RoundProblem as problem:
        return show_rounds_page(
            request, services, who, error=str(problem), form=form, status_code=400
        )
    return RedirectResponse(urls.rounds("laget"), status_code=303)


@router.post("/analyse/runder/{round_id}/avslutt")
def end_round(
    request: Request,
    services: ServicesDep,
    who: Owner,
    round_id: int,
    csrf: Annotated[str, Form(max_length=100)] = "",
    bekreft: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    check_csrf(who, csrf)
    survey_round = owned_round(services, who, round_id)
    if bekreft != "ja":  # a round closed stays closed: ask first
        return render(
            request,
            "analysis/close_round.html",
            {
                "title": "Avslutte runden?",
                "who": who,
                "section": "rounds",
                "round": survey_round,
                "close": urls.close_round(round_id),
            },
        )
    with services.connect() as connection:
        note_round(connection, who.username, close_round(connection, round_id), "Avsluttet")
    services.counting.now()  # its scores are ready when an analyst first looks
    return RedirectResponse(urls.rounds("avsluttet"), status_code=303)


@router.post("/analyse/runder/{round_id}/endre")
def change_a_round(
    request: Request,
    services: ServicesDep,
    who: Owner,
    round_id: int,
    csrf: Annotated[str, Form(max_length=100)] = "",
    stenger: Annotated[str, Form(max_length=20)] = "",
    flere_koder: Annotated[str, Form(max_length=10)] = "0",
    nye_enheter: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    check_csrf(who, csrf)
    owned_round(services, who, round_id)
    try:
        closes = parse_day(stenger, "Sluttdatoen") if stenger.strip() else None
        with services.connect() as connection:
            change_round(
                connection,
                round_id,
                clock.today(),
                closes_on=closes,
                more_codes=parse_code_count(flere_koder or "0"),
                more_units=nye_enheter.splitlines(),
            )
    except RoundProblem as problem:
        return show_rounds_page(request, services, who, error=str(problem), status_code=400)
    return RedirectResponse(urls.rounds("endret"), status_code=303)


@router.post("/analyse/runder/{round_id}/apne-igjen")
def reopen_a_round(
    request: Request,
    services: ServicesDep,
    who: Owner,
    round_id: int,
    csrf: Annotated[str, Form(max_length=100)] = "",
    stenger: Annotated[str, Form(max_length=20)] = "",
    bekreft: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    check_csrf(who, csrf)
    survey_round = owned_round(services, who, round_id)
    try:
        closes = parse_day(stenger, "Sluttdatoen")
        if bekreft != "ja":  # say what opening it again means, then ask
            return render(
                request,
                "analysis/reopen_round.html",
                {
                    "title": "Åpne runden igjen?",
                    "who": who,
                    "section": "rounds",
                    "round": survey_round,
                    "reopen": urls.reopen_round(round_id),
                    "closes": closes.isoformat(),
                    "closes_shown": norwegian_date(closes),
                    "meaning": REOPENED,
                },
            )
        with services.connect() as connection:
            reopened = reopen_round(connection, round_id, clock.today(), closes)
            note_round(connection, who.username, reopened, "Åpnet igjen")
    except RoundProblem as problem:
        return show_rounds_page(request, services, who, error=str(problem), status_code=400)
    return RedirectResponse(urls.rounds("apnet"), status_code=303)


TO_ROUNDS = Link(urls.ROUNDS, "Til rundene")


def _not_found(problem: RoundProblem) -> RoundNotFound:
    return RoundNotFound(TO_ROUNDS, str(problem))


def owned_round(services: Services, who: Owner, round_id: int) -> Round:
    """The round, if this owner manages it; otherwise the page that says why."""
    try:
        with services.connect() as connection:
            return seen_in_full(who, require_round(connection, round_id), TO_ROUNDS)
    except RoundProblem as problem:
        raise _not_found(problem) from None


@router.get("/analyse/runder/{round_id}/plakat", response_class=HTMLResponse)
def poster(
    services: ServicesDep,
    who: Owner,
    round_id: int,
    sprak: Annotated[str, Query(max_length=2)] = DEFAULT_LANGUAGE,
) -> Response:
    if not is_language(sprak):
        raise NotFound()
    survey_round = owned_round(services, who, round_id)
    with services.connect() as connection:
        codes = unused_codes(connection, round_id)
    settings = services.settings
    html = poster_html(survey_round, settings.public_url, codes, services.templates, sprak)
    return HTMLResponse(html, headers={"Content-Security-Policy": POSTER_POLICY})
