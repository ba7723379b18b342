"""A round's links: where a link leads, whether it can be answered today, the unit a tablet
is started for, the staff code that starts a tablet, and the one-time codes of relatives'
letters."""

import hmac
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import Connection, select, update

from app import urls
from app.codes import derived_code, keyed_digest, normalize_code
from app.questionnaires.catalog import Catalog
from app.rounds.rounds import (
    ACCESS_CODE_LENGTH,
    Audience,
    RoundProblem,
    audiences_asked,
    questionnaire_for,
    status,
    units_of,
    whole_number,
)
from app.storage.tables import Round, codes_table, rounds_table
from app.words import LANGUAGES

TOKEN = re.compile(r"[A-Za-z0-9_-]{1,32}")  # as secrets.token_urlsafe makes them
# Why a link cannot be answered today, if it cannot.
EntryState = Literal["open", "not_open_yet", "closed"]


@dataclass(frozen=True)
class Entry:
    """Where a link leads: a round, and whether it is the residents' or the relatives' link."""

    round: Round
    audience: Audience

    @property
    def questionnaire_id(self) -> str:
        return questionnaire_for(self.round, self.audience)

    @property
    def needs_code(self) -> bool:
        return self.audience == "relative" and self.round.relative_codes

    @property
    def needs_staff_code(self) -> bool:
        """A residents' link starts a tablet only with the round's staff code (`staff_code`);
        the demo round's without: it is for trying."""
        return self.audience == "resident" and not self.round.demo


def entry_for(connection: Connection, token: str) -> Entry | None:
    """The round and audience a link's token opens, if any."""
    if not TOKEN.fullmatch(token):  # also keeps a NUL byte away from PostgreSQL
        return None
    row = connection.execute(
        select(rounds_table).where(
            (rounds_table.c.resident_token == token) | (rounds_table.c.relative_token == token)
        )
    ).first()
    connection.rollback()
    if row is None:
        return None
    survey_round = Round(**row._mapping)
    audience: Audience = "resident" if survey_round.resident_token == token else "relative"
    return Entry(survey_round, audience) if audience in audiences_asked(survey_round) else None


STAFF_CODE_LENGTH = 8


def languages_asked(catalog: Catalog, survey_round: Round) -> list[str]:
    """The languages every questionnaire the round asks is offered in (the site itself has
    English; a questionnaire may not)."""
    asked = [
        catalog.questionnaires[questionnaire_id]
        for audience in ("resident", "relative")
        if (questionnaire_id := questionnaire_for(survey_round, audience)) in catalog.questionnaires
    ]
    return [code for code in LANGUAGES if all(code in q.offered for q in asked)]


def staff_code(key: bytes, survey_round: Round) -> str:
    """The code staff type to start a tablet for the round's residents ("Personalets kode").
    The residents' link is printed on posters, which travel: with the link alone, anyone could
    add made-up residents and work a real one's answer out of a small group's figure. Worked
    out from the secret key and the link, so it is stored nowhere; owners see it on the rounds
    page. The demo round needs none."""
    return derived_code(key, f"staff:{survey_round.resident_token}", STAFF_CODE_LENGTH)


def staff_code_fits(key: bytes, survey_round: Round, typed: str) -> bool:
    expected = staff_code(key, survey_round)
    return hmac.compare_digest(normalize_code(typed, STAFF_CODE_LENGTH), expected)


def round_proof(key: bytes, token: str, unit: int | None) -> str:
    """What a device's round cookie holds besides the link's token and unit: proof that the
    device was started from the link (and, for residents, with the staff code). A cookie made
    by hand from the token alone proves nothing."""
    return keyed_digest(key, f"round:{token}.{'' if unit is None else unit}")[:32]


CodeResult = Literal["ok", "unknown", "used"]


def use_access_code(connection: Connection, round_id: int, typed: str) -> CodeResult:
    """Spend a one-time code of this round. Two people with one code: only one gets in."""
    code = normalize_code(typed, ACCESS_CODE_LENGTH)
    if not code:
        return "unknown"
    spent = connection.execute(
        update(codes_table)
        .where(
            codes_table.c.code == code,
            codes_table.c.round_id == round_id,
            codes_table.c.used.is_(False),
        )
        .values(used=True)
    )
    connection.commit()
    if spent.rowcount == 1:
        return "ok"
    exists = connection.execute(
        select(codes_table.c.code).where(
            codes_table.c.code == code, codes_table.c.round_id == round_id
        )
    ).first()
    connection.rollback()
    return "used" if exists else "unknown"


def entry_state(entry: Entry, today: date) -> EntryState:
    """Whether a round's link can be answered today. It asks the newest version of its
    questionnaire, whatever was published since the round was made (app/rounds/versions.py)."""
    return status(entry.round, today)


def chosen_unit(survey_round: Round, chosen: str) -> int | None:
    """The unit picked when a tablet is started (its place in the round's list), or None when
    none was picked. Anything not on the list is a RoundProblem."""
    if not chosen:
        return None
    unit = whole_number(chosen)
    if unit is None or unit >= len(units_of(survey_round)):
        raise RoundProblem("Velg en av boligene på listen.")
    return unit


def unit_name(survey_round: Round, unit: int | None) -> str | None:
    """The name stored with a response, for the unit a tablet was started for."""
    units = units_of(survey_round)
    return units[unit] if unit is not None and 0 <= unit < len(units) else None


def round_links(survey_round: Round, public_url: str = "") -> tuple[str, str]:
    """The residents' and the relatives' links of a round ("" for those it does not ask)."""
    asked = audiences_asked(survey_round)
    return (
        urls.round_link(survey_round.resident_token, public_url) if "resident" in asked else "",
        urls.round_link(survey_round.relative_token, public_url) if "relative" in asked else "",
    )
