"""Changing a round while it runs (a later closing day, more one-time codes, more homes), and
opening a round again that was closed by mistake.

A closed round's figures may have been seen. Opened again, it takes new responses, but the
responses begun before stay as they were, and its figures and files go on holding only those
until the new ones are enough to show: until every figure would grow by none or by at least k
people (app/results/counted.py). Otherwise the difference between the two sets of figures would
tell how the few who answered in between answered.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, update

from app.rounds.rounds import (
    RoundProblem,
    add_codes,
    check_code_count,
    check_period_fits,
    checked_units,
    require_round,
    round_by_id,
    status,
    units_of,
)
from app.storage.tables import Round, kept_table, rounds_table, utcnow

CLOSED_STAYS_CLOSED = (
    "Runden er avsluttet og kan ikke endres. Åpne den igjen først hvis den ble avsluttet ved en "
    "feil."
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
        _check_new_closing_day(survey_round, closes_on, today)
        check_period_fits(survey_round.period, survey_round.opens_on, closes_on)
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


# What opening a round again means, for those who do it.
REOPENED = (
    "Lenkene og kodene som ikke er brukt, virker igjen. Svar som var begynt før, fortsetter ikke. "
    "Tallene viser de samme svarene som før til de nye svarene er mange nok til å vises uten å "
    "avsløre noen."
)


def reopen_round(connection: Connection, round_id: int, today: date, closes_on: date) -> Round:
    """Open a closed round again until `closes_on`. Responses begun before stay as they were
    (nobody goes on with one), and its figures hold them alone until the new ones are enough
    to show (app/results/counted.py)."""
    survey_round = require_round(connection, round_id)
    if status(survey_round, today) != "closed":
        raise RoundProblem("Runden er ikke avsluttet, så den kan ikke åpnes igjen.")
    if survey_round.answers_deleted_at is not None:  # app/survey/retention.py
        raise RoundProblem("Svarene i runden er slettet, så den kan ikke åpnes igjen.")
    _check_new_closing_day(survey_round, closes_on, today)
    check_period_fits(survey_round.period, survey_round.opens_on, closes_on)
    now = utcnow()
    connection.execute(
        update(rounds_table)
        .where(rounds_table.c.id == round_id)
        .values(
            closed_at=None,
            closes_on=closes_on,
            reopened_at=now,
            # The responses its figures held when it closed: those begun before now (none
            # began while it was closed), or fewer if it was opened again before.
            counts_before=survey_round.counts_before or now,
        )
    )
    # Sums kept for it were counted while it was closed; it is counted again when it closes.
    forget_kept_sums(connection, round_id)
    connection.commit()
    reopened = round_by_id(connection, round_id)
    assert reopened is not None
    return reopened


def forget_kept_sums(connection: Connection, round_id: int) -> None:
    """Drop the sums kept for a round (app/results/kept.py): what it holds has changed."""
    connection.execute(delete(kept_table).where(kept_table.c.round_id == round_id))


def _check_new_closing_day(survey_round: Round, closes_on: date, today: date) -> None:
    if closes_on < max(today, survey_round.opens_on):
        raise RoundProblem("Den nye sluttdatoen må være i dag eller senere, og etter startdatoen.")
