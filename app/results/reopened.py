"""When a round opened again may show every response.

A reopened round's figures held, when it closed, the responses begun before it was opened again.
Once it has closed again, its figures may hold every response only if each of them would grow
by no one or by at least k people: each theme's n for each audience and each question's n,
under every filter, and each audience's n per home, answered service and theme (the homes'
groups, app/results/units.py, and the breakdowns', app/results/breakdowns.py, add them up).
Otherwise subtracting the figures shown before from the new ones would tell how fewer than k
people answered, so the round goes on showing what it showed before.
"""

from collections import Counter
from dataclasses import replace
from typing import get_args

from sqlalchemy import Connection, update

from app.questionnaires.catalog import Catalog
from app.results.sums import answer_counts, cell_theme_sums, theme_sums
from app.rounds.changing import forget_kept_sums
from app.rounds.homes import service_question
from app.rounds.rounds import Audience, questionnaire_for
from app.storage.tables import Round, rounds_table


def show_every_response(
    connection: Connection, catalog: Catalog, survey_round: Round, k: int
) -> bool:
    """If the closed `survey_round` holds only some of its responses and every figure may now
    hold them all, make it so (its kept sums are counted again); True when it did."""
    if survey_round.counts_before is None:
        return False
    shown = _people(connection, catalog, survey_round)
    every = _people(connection, catalog, replace(survey_round, counts_before=None))
    if any(0 < every[key] - shown[key] < k for key in shown.keys() | every.keys()):
        return False
    connection.execute(
        update(rounds_table).where(rounds_table.c.id == survey_round.id).values(counts_before=None)
    )
    forget_kept_sums(connection, survey_round.id)
    connection.commit()
    return True


def _people(connection: Connection, catalog: Catalog, survey_round: Round) -> Counter[object]:
    """How many people each figure of the round stands for, under every filter."""
    counted: Counter[object] = Counter()
    for f, by_key in theme_sums(connection, catalog, [survey_round]).items():
        for key, sums in by_key.items():
            counted[(f, "theme", key)] += sums.n
    for audience in get_args(Audience):
        asked = service_question(
            catalog.questionnaires.get(questionnaire_for(survey_round, audience))
        )
        # per home and answered service: the homes' groups and the breakdowns' are sums of these
        cells = cell_theme_sums(connection, catalog, survey_round, audience, asked)
        for cell, sums in cells.items():
            counted[("home", audience, cell)] += sums.n
    for questionnaire_id in (
        survey_round.resident_questionnaire,
        survey_round.relative_questionnaire,
    ):
        if questionnaire_id not in catalog.questionnaires:
            continue
        by_filter = answer_counts(connection, catalog, survey_round, questionnaire_id)
        for f, by_answer in by_filter.items():
            for (question_id, _, _), count in by_answer.items():
                counted[(f, questionnaire_id, question_id)] += count
    return counted
