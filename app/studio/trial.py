"""Trying a draft on a real tablet, before it is published.

The owner's questionnaires page shows each questionnaire's trial link and QR code. Opened on a
tablet, it marks the device as trying the drafts (a cookie only the server can make, gone when
the browser closes, and dropped when the device enters a real round) and leads into the trial
round: a made-up round (`demo`, so its answers are never counted nor exported, like the demo
round's) that asks the questionnaire tried. From there the tablet is a respondent's: the drafts'
pages, skip rules, read-aloud and pictures, in the language chosen on the start page and, if
asked, one order of the answer options.
"""

import hmac
from dataclasses import replace
from datetime import date
from typing import Any, Literal

from sqlalchemy import Connection, select, update

from app.codes import keyed_digest
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import Questionnaire
from app.rounds.rounds import NOT_ASKED, RoundProblem, create_round, record_wording
from app.storage.tables import Round, rounds_table

TRIAL_MUNICIPALITY = ("9998", "Utkast til prøving")  # 9998 is no real municipality number
TRIAL_COOKIE = "minstemme_utkast"
OptionOrder = Literal["", "normal", "reversed"]  # "": drawn, as for respondents
ORDERS: tuple[OptionOrder, ...] = ("", "normal", "reversed")


def trial_token(key: bytes, questionnaire_id: str) -> str:
    """The unguessable part of a questionnaire's trial link (stored nowhere)."""
    return keyed_digest(key, f"utkast:{questionnaire_id}")[:24]


def token_fits(key: bytes, questionnaire_id: str, token: str) -> bool:
    return hmac.compare_digest(token, trial_token(key, questionnaire_id))


def trial_cookie(key: bytes, order: OptionOrder) -> str:
    """What marks a device as trying the drafts, and the option order it asked for."""
    return f"{order}.{keyed_digest(key, f'utkast-enhet:{order}')[:32]}"


def trial_order(key: bytes, value: str) -> OptionOrder | None:
    """The option order a trial device asked for, or None if the cookie is not the server's."""
    order = value.partition(".")[0]
    for known in ORDERS:
        if order == known and hmac.compare_digest(value, trial_cookie(key, known)):
            return known
    return None


def is_trial(survey_round: Round) -> bool:
    return survey_round.demo and survey_round.municipality_number == TRIAL_MUNICIPALITY[0]


def trial_round(
    connection: Connection, drafts: Catalog, questionnaire: Questionnaire, today: date
) -> Round:
    """This year's trial round, asking `questionnaire` (of the drafts) for its audience."""
    number, name = TRIAL_MUNICIPALITY
    resident = questionnaire.id if questionnaire.audience == "resident" else NOT_ASKED
    relative = questionnaire.id if questionnaire.audience == "relative" else NOT_ASKED
    period = str(today.year)
    found = _trial_round(connection, period)
    if found is None:
        try:
            return create_round(
                connection,
                drafts,
                municipality_name=name,
                municipality_number=number,
                period=period,
                opens_on=date(today.year, 1, 1),
                closes_on=date(today.year, 12, 31),
                demo=True,
                resident_questionnaire=resident,
                relative_questionnaire=relative,
            )
        except RoundProblem:  # another device made it a moment ago
            found = _trial_round(connection, period)
            assert found is not None
    asks: dict[str, Any] = {f"{questionnaire.audience}_questionnaire": questionnaire.id}
    connection.execute(update(rounds_table).where(rounds_table.c.id == found.id).values(asks))
    record_wording(connection, found.id, [questionnaire])
    connection.commit()
    return replace(found, **asks)


def _trial_round(connection: Connection, period: str) -> Round | None:
    row = connection.execute(
        select(rounds_table).where(
            rounds_table.c.municipality_number == TRIAL_MUNICIPALITY[0],
            rounds_table.c.period == period,
        )
    ).first()
    connection.rollback()
    return Round(**row._mapping) if row else None
