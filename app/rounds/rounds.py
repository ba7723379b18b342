"""Survey rounds: a municipality and a period, with the links and one-time codes that open them.

A round pins the questionnaire versions it asks, so its answers stay comparable. Residents
start from the round's resident link (staff open it on a tablet and may choose a unit);
relatives from its relative link, with a one-time code from a letter when the round asks for
codes. Plain functions over a database connection.
"""

import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.codes import new_code
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import Questionnaire
from app.rounds.municipalities import MUNICIPALITIES, name_of
from app.storage.tables import (
    Round,
    asked_table,
    codes_table,
    responses_table,
    rounds_table,
    utcnow,
)
from app.words import words_in

ACCESS_CODE_LENGTH = 10
MAX_CODES = 20_000
DEMO_MUNICIPALITY = ("9999", "Eksempelvik")  # 9999 is no real municipality number
DEMO_UNITS = ("Solsiden bolig", "Fjellveien bofellesskap")

Audience = Literal["resident", "relative"]
AUDIENCES: tuple[Audience, ...] = ("resident", "relative")
AUDIENCE_WORDS: dict[Audience, str] = {"resident": "beboere", "relative": "pårørende"}
NOT_ASKED = ""  # a round's questionnaire for an audience it does not ask
NONE_CHOSEN = "ingen"  # what owners choose or type for it (the web's form, --resident ingen)
Status = Literal["open", "not_open_yet", "closed"]
MONTHS = words_in("nb").months.split()


class RoundProblem(ValueError):
    """A round cannot be made or changed as asked; the message says why, in Norwegian."""


def parse_day(text: str, what: str) -> date:
    """A date as people type it for a round (2026-03-01), or a RoundProblem saying so."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise RoundProblem(
            f"{what} «{text}» er ikke en dato. Skriv den slik: 2026-03-01."
        ) from None


def check_not_over(closes_on: date, today: date) -> None:
    """A new round's last day is today or later: one over already could take no answers."""
    if closes_on < today:
        raise RoundProblem(
            f"Sluttdatoen {closes_on.isoformat()} har allerede vært. Velg i dag eller en dag "
            "senere."
        )


WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only: "²".isdigit() is True


def whole_number(text: str) -> int | None:
    """A whole number as typed into a form ("40", " 7 "), or None for anything else."""
    text = text.strip()
    return int(text) if WHOLE_NUMBER.fullmatch(text) else None


def parse_code_count(text: str) -> int:
    """How many one-time codes to make, as typed into the owners' form."""
    count = whole_number(text)
    if count is None:
        raise RoundProblem("Antall koder skal være et tall, for eksempel 0 eller 40.")
    return count


def questionnaire_for(survey_round: Round, audience: Audience) -> str:
    """The questionnaire a round asks residents, or relatives (NOT_ASKED: none)."""
    if audience == "resident":
        return survey_round.resident_questionnaire
    return survey_round.relative_questionnaire


def audiences_asked(survey_round: Round) -> list[Audience]:
    """Residents, relatives, or both: those the round asks."""
    return [a for a in AUDIENCES if questionnaire_for(survey_round, a) != NOT_ASKED]


Compared = Mapping[Audience, str]  # the questionnaire whose figures are compared, per audience


def standard_questionnaires(catalog: Catalog) -> dict[Audience, str]:
    """The questionnaires figures across municipalities are compared by, unless a round's own
    are asked for: each audience's in a parallel pair (`parallel_to`), else its first."""
    paired = {
        id_
        for q in catalog.questionnaires.values()
        if q.parallel_to is not None
        for id_ in (q.id, q.parallel_to)
    }
    found: dict[Audience, str] = {}
    for audience in AUDIENCES:
        ids = [q.id for q in catalog.questionnaires.values() if q.audience == audience]
        found[audience] = next((i for i in ids if i in paired), ids[0] if ids else NOT_ASKED)
    return found


def own_questionnaires(survey_round: Round) -> dict[Audience, str]:
    return {audience: questionnaire_for(survey_round, audience) for audience in AUDIENCES}


# Parts of a year a period may name: halves, quarters and thirds, by their months.
PERIOD_PARTS = {
    **{f"H{n}": range(6 * n - 5, 6 * n + 1) for n in (1, 2)},
    **{f"Q{n}": range(3 * n - 2, 3 * n + 1) for n in (1, 2, 3, 4)},
    **{f"T{n}": range(4 * n - 3, 4 * n + 1) for n in (1, 2, 3)},
}


def checked_municipality(number: str, written: str) -> str:
    """The name a round keeps for municipality `number` (four digits), written by an owner as
    `written`: as SSB writes it (app/rounds/municipalities.py)."""
    kept = name_of(number, written)
    if kept is not None:
        return kept
    if number not in MUNICIPALITIES:
        raise RoundProblem(
            f"Ingen kommune har nummeret {number} i SSBs liste over kommuner (fra 1. januar "
            "2026). Skriv kommunens nummer slik SSB skriver det, for eksempel 4601 for Bergen. "
            "Til prøving: et nummer fra 9900 til 9999."
        )
    official = MUNICIPALITIES[number]
    raise RoundProblem(
        f"Kommunenummer {number} er {official}, ikke «{' '.join(written.split())}». Rett "
        "navnet eller nummeret."
    )


PERIOD_FORMAT = re.compile(r"(\d{4})(?:-(H[12]|Q[1-4]|T[1-3]))?")
PERIOD_RULE = (
    "Perioden skal være et år, eller et år og en del av det: 2026, 2026-H1 eller -H2 (halvår), "
    "2026-Q1 til -Q4 (kvartal) eller 2026-T1 til -T3 (tertial)."
)


def check_period_fits(period: str, opens_on: date, closes_on: date) -> None:
    """The round is counted in the period its last day falls in (a year, or a named part of
    it); it may open before the period begins. A period that names no part of a year (2026-H3,
    2026-X1) is refused."""
    found = PERIOD_FORMAT.fullmatch(period)
    if found is None:
        raise RoundProblem(PERIOD_RULE)
    year, part = found.groups()
    months = PERIOD_PARTS.get(part or "", range(1, 13))
    first = date(int(year), months[0], 1)
    last = date(int(year) + (months[-1] == 12), months[-1] % 12 + 1, 1)  # the day after
    if not first <= closes_on < last:
        named = f"{MONTHS[months[0] - 1]}–{MONTHS[months[-1] - 1]} {year}"  # "januar–juni 2026"
        raise RoundProblem(
            f"Perioden {period} er {named}, men runden er åpen {norwegian_date(opens_on)}–"
            f"{norwegian_date(closes_on)}: den siste dagen må være i perioden. Rett perioden "
            "eller datoene."
        )


def norwegian_date(day: date) -> str:
    """ "1. mars 2026": a date in bokmål (`words.date` says it in a page's language)."""
    return words_in("nb").date(day)


def status(survey_round: Round, today: date) -> Status:
    if survey_round.closed_at is not None or today > survey_round.closes_on:
        return "closed"
    if today < survey_round.opens_on:
        return "not_open_yet"
    return "open"


def units_of(listed: Round | str) -> list[str]:
    """A round's homes or departments (or the text that lists them, one per line)."""
    text = listed if isinstance(listed, str) else listed.units
    return [unit for unit in text.splitlines() if unit]


UNIT_KEY_PREFIX = "enhet_"
# Stored as the answer to a question with `round_units` when one of the round's homes is
# chosen: the home itself is the response's unit (exports leave it out where it holds few).
ROUND_UNIT = "enhet"


def unit_key(unit: str) -> str:
    """The value a home is sent as on a form (a name may be long, or anything): short, the
    same for the same name, so a page shown before a home was added or renamed still sends
    the home it showed, or one that is no longer there (and is asked again)."""
    return UNIT_KEY_PREFIX + hashlib.blake2b(unit.encode(), digest_size=6).hexdigest()


def checked_units(units: Sequence[str]) -> list[str]:
    cleaned = [unit.strip() for unit in units if unit.strip()]
    if any(len(unit) > 100 for unit in cleaned) or len(set(cleaned)) != len(cleaned):
        raise RoundProblem("Hver bolig eller avdeling skal ha et eget navn på høyst 100 tegn.")
    return cleaned


def check_code_count(count: int) -> None:
    if not 0 <= count <= MAX_CODES:
        raise RoundProblem(f"Antall koder må være mellom 0 og {MAX_CODES}.")


@dataclass(frozen=True)
class LetterFrom:
    """What each letter to a relative says about who sends it and whom to ask."""

    contact_name: str
    contact_reach: str  # a phone number or an e-mail address
    sender: str = ""  # the service sending it; the municipality when left out

    @property
    def given(self) -> bool:
        return any(text.strip() for text in (self.contact_name, self.contact_reach, self.sender))

    def checked(self) -> "LetterFrom":
        name, reach, sender = (
            " ".join(text.split()) for text in (self.contact_name, self.contact_reach, self.sender)
        )
        if not name or not reach or len(name) > 100 or len(reach) > 200 or len(sender) > 200:
            raise RoundProblem(
                "Brevene til pårørende sier hvem de kan spørre: skriv navnet på en kontaktperson "
                "(høyst 100 tegn) og telefon eller e-post (høyst 200 tegn)."
            )
        return LetterFrom(name, reach, sender)


NO_LETTERS = LetterFrom("", "")


def create_round(
    connection: Connection,
    catalog: Catalog,
    *,
    municipality_name: str,
    municipality_number: str,
    period: str,
    opens_on: date,
    closes_on: date,
    resident_questionnaire: str = "beboer",
    relative_questionnaire: str = "parorende",
    units: Sequence[str] = (),
    relative_codes: int = 0,
    letter_from: LetterFrom = NO_LETTERS,
    service_name: str = "",
    demo: bool = False,
    commit: bool = True,
) -> Round:
    """Store a new round with fresh links (and `relative_codes` one-time codes). With
    `commit=False` the caller commits: the demo writes a closed round and its answers as one,
    so a server counting closed rounds never sees it half written."""
    name = municipality_name.strip()
    if not name or len(name) > 100:
        raise RoundProblem("Skriv kommunens navn (høyst 100 tegn).")
    if not re.fullmatch(r"\d{4}", municipality_number):
        raise RoundProblem("Kommunenummeret skal være fire sifre, for eksempel 0301.")
    name = checked_municipality(municipality_number, name)
    if PERIOD_FORMAT.fullmatch(period) is None:
        raise RoundProblem(PERIOD_RULE)
    if closes_on < opens_on:
        raise RoundProblem("Sluttdatoen kommer før startdatoen.")
    check_period_fits(period, opens_on, closes_on)
    cleaned_units = checked_units(units)
    service = " ".join(service_name.split())
    if len(service) > 100:
        raise RoundProblem("Navnet på tjenesten kan ha høyst 100 tegn.")
    check_code_count(relative_codes)
    letter = letter_from.checked() if relative_codes or letter_from.given else NO_LETTERS
    asked = _asked_questionnaires(
        catalog, {"resident": resident_questionnaire, "relative": relative_questionnaire}
    )
    if relative_codes and relative_questionnaire == NOT_ASKED:
        raise RoundProblem("Runden spør ikke pårørende, så den trenger ingen engangskoder.")
    values: dict[str, Any] = {
        "municipality_name": name,
        "municipality_number": municipality_number,
        "period": period,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "resident_questionnaire": resident_questionnaire,
        "relative_questionnaire": relative_questionnaire,
        "resident_token": secrets.token_urlsafe(16),
        "relative_token": secrets.token_urlsafe(16),
        "units": "\n".join(cleaned_units),
        "service_name": service,
        "relative_codes": relative_codes > 0,
        "letter_sender": letter.sender,
        "contact_name": letter.contact_name,
        "contact_reach": letter.contact_reach,
        "demo": demo,
        "created_at": utcnow(),
    }
    try:
        inserted = connection.execute(insert(rounds_table).values(**values))
    except IntegrityError:
        connection.rollback()
        raise RoundProblem(
            f"{name} ({municipality_number}) har allerede en runde for {period}."
        ) from None
    round_id: int = inserted.inserted_primary_key[0]  # type: ignore[index]
    if relative_codes:
        add_codes(connection, round_id, relative_codes)
    record_wording(connection, round_id, asked)
    if commit:
        connection.commit()
    return Round(id=round_id, **values)


def _asked_questionnaires(catalog: Catalog, chosen: Compared) -> list[Questionnaire]:
    """The questionnaires a new round asks: any of each audience's, or none (NOT_ASKED), but
    at least one."""
    asked: list[Questionnaire] = []
    for audience, questionnaire_id in chosen.items():
        if questionnaire_id == NOT_ASKED:
            continue
        questionnaire = catalog.questionnaires.get(questionnaire_id)
        if questionnaire is None or questionnaire.audience != audience:
            offered = [q.id for q in catalog.questionnaires.values() if q.audience == audience]
            raise RoundProblem(
                f"Fant ikke noe skjema for {AUDIENCE_WORDS[audience]} med navnet "
                f"«{questionnaire_id}». Velg et av: {', '.join(offered) or 'ingen'}."
            )
        asked.append(questionnaire)
    if not asked:
        raise RoundProblem("Velg minst ett skjema: for beboere, for pårørende eller begge.")
    return asked


Asked = tuple[str | None, str]  # a question's theme and words


def asked_wording(connection: Connection, round_id: int, questionnaire_id: str) -> dict[str, str]:
    """Each question's words as this round asked them: in the newest version its responses
    were answered in (the newest it offered while none are). A round made before rounds kept
    their wording has none: the questionnaire's words stand in."""
    return {
        question_id: text
        for question_id, (_, text) in _asked(connection, round_id, questionnaire_id).items()
    }


def asked_questions(connection: Connection, survey_round: Round) -> dict[tuple[str, str], Asked]:
    """(questionnaire, question) → the theme and words this round asked it in (as above)."""
    return {
        (questionnaire_id, question_id): asked
        for questionnaire_id in (
            survey_round.resident_questionnaire,
            survey_round.relative_questionnaire,
        )
        for question_id, asked in _asked(connection, survey_round.id, questionnaire_id).items()
    }


def _asked(connection: Connection, round_id: int, questionnaire_id: str) -> dict[str, Asked]:
    answered = select(func.max(responses_table.c.questionnaire_version)).where(
        responses_table.c.round_id == round_id,
        responses_table.c.questionnaire_id == questionnaire_id,
    )
    offered = select(func.max(asked_table.c.version)).where(
        asked_table.c.round_id == round_id, asked_table.c.questionnaire_id == questionnaire_id
    )
    newest_offered = connection.execute(offered).scalar()
    version = connection.execute(answered).scalar() or newest_offered
    words = _kept_words(connection, round_id, questionnaire_id, version)
    if not words:  # answered in a version the round did not keep words of: the newest kept
        words = _kept_words(connection, round_id, questionnaire_id, newest_offered)
    return words


def _kept_words(
    connection: Connection, round_id: int, questionnaire_id: str, version: int | None
) -> dict[str, Asked]:
    rows = connection.execute(
        select(asked_table.c.question_id, asked_table.c.theme, asked_table.c.text).where(
            asked_table.c.round_id == round_id,
            asked_table.c.questionnaire_id == questionnaire_id,
            asked_table.c.version == version,
        )
    ).all()
    return {question_id: (theme, text) for question_id, theme, text in rows}


def record_wording(
    connection: Connection, round_id: int, questionnaires: Sequence[Questionnaire]
) -> None:
    """Keep the words each question is asked in by the version of each questionnaire this
    round offers (once per version: trends and reports show the words that were asked)."""
    for questionnaire in questionnaires:
        kept = connection.execute(
            select(func.count()).where(
                asked_table.c.round_id == round_id,
                asked_table.c.questionnaire_id == questionnaire.id,
                asked_table.c.version == questionnaire.version,
            )
        ).scalar()
        if kept:
            continue
        connection.execute(
            insert(asked_table),
            [
                {
                    "round_id": round_id,
                    "questionnaire_id": questionnaire.id,
                    "version": questionnaire.version,
                    "question_id": question.id,
                    "theme": question.theme,
                    "text": question.text,
                }
                for question in questionnaire.questions
            ],
        )


def running_rounds(connection: Connection, today: date) -> list[Round]:
    """Rounds that are not over: open, or still to open."""
    return [r for r in all_rounds(connection) if status(r, today) != "closed"]


def add_codes(connection: Connection, round_id: int, count: int) -> None:
    made: set[str] = set()
    while len(made) < count:
        made.add(new_code(ACCESS_CODE_LENGTH))
    # 31^10 possible codes: a clash with another round's is as good as impossible, and would
    # fail the insert rather than share a code.
    connection.execute(insert(codes_table), [{"code": c, "round_id": round_id} for c in made])


def round_by_id(connection: Connection, round_id: int) -> Round | None:
    if not 0 < round_id < 2**63:  # no round has it, and the database could not even look
        return None
    row = connection.execute(select(rounds_table).where(rounds_table.c.id == round_id)).first()
    connection.rollback()
    return Round(**row._mapping) if row else None


def require_round(connection: Connection, round_id: int) -> Round:
    survey_round = round_by_id(connection, round_id)
    if survey_round is None:
        raise RoundProblem(f"Det finnes ingen runde med nummer {round_id}.")
    return survey_round


def all_rounds(connection: Connection) -> list[Round]:
    rows = connection.execute(
        select(rounds_table).order_by(rounds_table.c.period, rounds_table.c.municipality_name)
    ).all()
    connection.rollback()
    return [Round(**row._mapping) for row in rows]


def demo_rounds(connection: Connection) -> list[Round]:
    return [survey_round for survey_round in all_rounds(connection) if survey_round.demo]


def close_round(connection: Connection, round_id: int) -> Round:
    survey_round = require_round(connection, round_id)
    if survey_round.closed_at is None:
        connection.execute(
            update(rounds_table).where(rounds_table.c.id == round_id).values(closed_at=utcnow())
        )
        connection.commit()
    closed = round_by_id(connection, round_id)
    assert closed is not None
    return closed


def unused_codes(connection: Connection, round_id: int) -> list[str]:
    rows = connection.execute(
        select(codes_table.c.code)
        .where(codes_table.c.round_id == round_id, codes_table.c.used.is_(False))
        .order_by(codes_table.c.code)
    ).all()
    connection.rollback()
    return [row.code for row in rows]


def response_counts(connection: Connection) -> dict[int, tuple[int, int]]:
    """Per round: responses started, and of them finished."""
    rows = connection.execute(
        select(
            responses_table.c.round_id,
            func.count(),
            func.count(responses_table.c.finished_at),
        ).group_by(responses_table.c.round_id)
    ).all()
    connection.rollback()
    return {row[0]: (row[1], row[2]) for row in rows}


def ensure_demo_round(connection: Connection, catalog: Catalog, today: date) -> Round | None:
    """A made-up municipality's round for this year, so the survey can be tried at once.

    Kept in step with the questionnaires on disk: a demo round asks their current versions.
    Returns None when the questionnaires for it are missing.
    """
    number, name = DEMO_MUNICIPALITY
    period = str(today.year)
    resident = next((q for q in catalog.questionnaires.values() if q.audience == "resident"), None)
    relative = next((q for q in catalog.questionnaires.values() if q.audience == "relative"), None)
    if resident is None or relative is None:
        return None
    this_year = [r for r in demo_rounds(connection) if r.municipality_number == number]
    existing = next((r for r in this_year if r.period == period), None)
    if existing is None:
        try:
            return create_round(
                connection,
                catalog,
                municipality_name=name,
                municipality_number=number,
                period=period,
                opens_on=date(today.year, 1, 1),
                closes_on=date(today.year, 12, 31),
                resident_questionnaire=resident.id,
                relative_questionnaire=relative.id,
                units=DEMO_UNITS,
                demo=True,
            )
        except RoundProblem:  # another worker made it a moment ago
            return next((r for r in demo_rounds(connection) if r.period == period), None)
    connection.execute(
        update(rounds_table)
        .where(rounds_table.c.id == existing.id)
        .values(resident_questionnaire=resident.id, relative_questionnaire=relative.id)
    )
    record_wording(connection, existing.id, [resident, relative])
    connection.commit()
    return round_by_id(connection, existing.id)


def analysed_rounds(connection: Connection) -> list[Round]:
    """Every round with real answers: the front page's try-out rounds are left out."""
    rows = connection.execute(
        select(rounds_table)
        .where(rounds_table.c.demo.is_(False))
        .order_by(rounds_table.c.period, rounds_table.c.municipality_name)
    ).all()
    connection.rollback()
    return [Round(**row._mapping) for row in rows]
