"""A municipality's analyst has the round's microdata (a row per response, its home left out
where home × helper holds fewer than k) and its report (each home's n and mean per theme). Rows
without a home were matched to homes by subset sums: 15 of 15 got their home back. The per-home
table and the export's homes are decided together: no hidden row's home can be worked out."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.demo import DemoPlan, fill_demo
from app.questionnaires.catalog import Catalog
from app.results.context import ResultsContext
from app.results.kept import ThemeSumsCache
from app.results.report import round_report
from app.rounds.rounds import analysed_rounds
from app.storage.tables import Round
from tests.support.answering import Answers, closed_round, respond
from tests.support.signing_in import add_user, sign_in

K = 5
HOMES = ["Lia bolig", "Berg bolig", "Tun bolig"]


@dataclass(frozen=True)
class Group:
    members: tuple[str | None, ...]
    figures: dict[str, tuple[int, float]]  # theme → (n, mean as shown)


Row = tuple[str, dict[str, float]]  # the home as exported ("" left out), theme → score


def what_the_analyst_has(
    app: FastAPI, client: TestClient, catalog: Catalog, survey_round: Round
) -> tuple[list[Group], list[Row]]:
    exported = client.get(f"/analyse/eksport/{survey_round.id}?gruppe=beboere&format=csv")
    assert exported.status_code == 200, exported.text
    rows: list[Row] = []
    for line in csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))):
        scores = {
            name.removeprefix("tema_"): float(value)
            for name, value in line.items()
            if name.startswith("tema_") and value
        }
        rows.append((line["enhet"], scores))
    with app.state.services.connect() as connection:
        context = ResultsContext(
            connection,
            catalog,
            ThemeSumsCache(catalog, K),
            K,
            survey_round.closes_on.replace(year=survey_round.closes_on.year + 1),
        )
        homes = round_report(context, survey_round).homes[0]
    groups = [
        Group(
            g.units,
            {
                theme: (shown.score.n, shown.score.mean)
                for theme, shown in g.figures.items()
                if shown.score is not None
            },
        )
        for g in homes.groups
    ]
    return groups, rows


def possible_homes(groups: Sequence[Group], rows: Sequence[Row]) -> list[set[str | None]]:
    """For each row without a home, every home it can be in, over every way of putting the
    rows without a home into the groups that matches each group's n and mean (means are shown
    to one decimal: a sum is known to within n × 0.05)."""
    hidden = [scores for home, scores in rows if not home]
    if not groups:  # no home's figure: any home, or none
        return [{None, *HOMES} for _ in hidden]
    left: list[dict[str, list[float]]] = []  # per group: theme → [n, sum] still to place
    for group in groups:
        here = {theme: [float(n), n * mean] for theme, (n, mean) in group.figures.items()}
        for home, scores in rows:
            if home and home in group.members:
                for theme, score in scores.items():
                    if theme in here:
                        here[theme][0] -= 1
                        here[theme][1] -= score
        left.append(here)
    found: list[set[str | None]] = [set() for _ in hidden]

    def place(row: int, order: list[int]) -> None:
        if row == len(hidden):
            if all(
                n == 0 and abs(total) <= groups[g].figures[theme][0] * 0.051
                for g, here in enumerate(left)
                for theme, (n, total) in here.items()
            ):
                for placed, g in enumerate(order):
                    found[placed] |= set(groups[g].members)
            return
        scores = hidden[row]
        for g, here in enumerate(left):
            mine = [t for t in scores if t in here]
            if any(here[t][0] < 1 for t in mine):
                continue
            for t in mine:
                here[t][0] -= 1
                here[t][1] -= scores[t]
            place(row + 1, [*order, g])
            for t in mine:
                here[t][0] += 1
                here[t][1] += scores[t]

    place(0, [])
    return found


def people(
    app: FastAPI,
    catalog: Catalog,
    survey_round: Round,
    home: str | None,
    given: list[tuple[str, Answers]],
) -> None:
    with app.state.services.connect() as connection:
        for helper, answers in given:
            respond(connection, catalog, survey_round, answers, helper=helper, unit=home)


def answers(trives: str, trygg: str) -> Answers:
    return {"hjem_trives": trives, "hjem_trygg": trygg}


@pytest.fixture
def analyst(app: FastAPI, client: TestClient) -> TestClient:
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    return client


def test_no_row_without_a_home_gets_its_home_back_homes_of_8_6_and_2(
    app: FastAPI, analyst: TestClient, catalog: Catalog
) -> None:
    """Lia 8 (one with staff), Berg 6 (one with family), Tun 2, one whose home was not said."""
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog, "9941", units=HOMES)
    lia = [("selv", answers("ja", "ja"))] * 5 + [("selv", answers("ja", "delvis"))] * 2
    people(app, catalog, survey_round, "Lia bolig", [*lia, ("personale", answers("nei", "nei"))])
    berg = [("selv", answers("delvis", "ja"))] * 5 + [("familie", answers("ja", "nei"))]
    people(app, catalog, survey_round, "Berg bolig", berg)
    people(app, catalog, survey_round, "Tun bolig", [("selv", answers("nei", "delvis"))] * 2)
    people(app, catalog, survey_round, None, [("selv", answers("delvis", "delvis"))])
    groups, rows = what_the_analyst_has(app, analyst, catalog, survey_round)
    hidden = [home for home, _ in rows if not home]
    assert len(hidden) >= 3
    for candidates in possible_homes(groups, rows):
        named = candidates - {None}
        assert not (len(candidates) == 1 and named), f"a hidden row is in {named}"


def test_no_row_without_a_home_gets_its_home_back_on_the_demo_data(
    app: FastAPI, analyst: TestClient, catalog: Catalog
) -> None:
    with app.state.services.connect() as connection:
        fill_demo(connection, catalog, DemoPlan(municipalities=2, periods=1, residents=25, seed=7))
        rounds = [r for r in analysed_rounds(connection) if not r.demo]
    for survey_round in rounds:
        groups, rows = what_the_analyst_has(app, analyst, catalog, survey_round)
        for candidates in possible_homes(groups, rows):
            assert not (len(candidates) == 1 and candidates - {None}), survey_round
