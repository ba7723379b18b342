"""Changing a round while it runs: a later closing day, more one-time codes, more homes.

A closed round is never changed or opened again. Its figures have been shown; a second set
of figures for the same round would tell, by subtraction, how the few who answered in
between answered. Closing therefore asks for a confirmation, and a round closed too early is
followed by a new one.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, update

from app.rounds.rounds import (
    RoundProblem,
    add_codes,
    check_code_count,
    checked_units,
    require_round,
    round_by_id,
    rounds_table,
    status,
    units_of,
)
from app.storage.tables import Round

CLOSED_STAYS_CLOSED = (
    "Runden er avsluttet og kan ikke endres eller åpnes igjen: tallene er vist, og et nytt sett "
    "tall for den samme runden ville vise hvordan de få som svarte imellom, svarte. Lag en ny "
    "runde i stedet."
)


def change_round(
    connection: Connection,
    round_id: int,
    today: date,
    *,
    closes_on: date | None = None,
    more_codes: int = 0,
    more_units: Sequence[str] = (),
) -> Round:
    survey_round = require_round(connection, round_id)
    if status(survey_round, today) == "closed":
        raise RoundProblem(CLOSED_STAYS_CLOSED)
    values: dict[str, Any] = {}
    if closes_on is not None and closes_on != survey_round.closes_on:
        if closes_on < max(today, survey_round.opens_on):
            raise RoundProblem(
                "Den nye sluttdatoen må være i dag eller senere, og etter startdatoen."
            )
        values["closes_on"] = closes_on
    added = checked_units(more_units)
    if added:
        values["units"] = "\n".join(checked_units([*units_of(survey_round), *added]))
    check_code_count(more_codes)
    if more_codes and not survey_round.relative_codes:
        raise RoundProblem(
            "Runden ble laget uten engangskoder: de pårørende bruker lenken alene. Lag en ny "
            "runde hvis brevene skal ha koder."
        )
    if values:
        connection.execute(
            update(rounds_table).where(rounds_table.c.id == round_id).values(**values)
        )
    if more_codes:
        add_codes(connection, round_id, more_codes)
    connection.commit()
    changed = round_by_id(connection, round_id)
    assert changed is not None
    return changed
