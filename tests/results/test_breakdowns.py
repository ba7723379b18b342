"""Results by service and by form of housing, tried as an attacker would: with the round's
figure, the homes shown one by one (and named in microdata) and every group shown, no home or
cell of fewer than k people can be worked out, by subtracting or by any sum of them (a linear
combination over the people, solved exactly)."""

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from app import clock
from app.config import Settings
from app.questionnaires.catalog import Catalog
from app.results.breakdowns import REST, Cell, Labels, shown_breakdowns
from app.results.context import ResultsContext
from app.results.kept import ThemeSumsCache
from app.results.report import round_report
from app.results.sums import Filters
from app.results.units import split_into_groups
from app.rounds.changing import reopen_round
from app.rounds.homes import Tags, TagsFixed, home_tags, tag_homes
from app.rounds.rounds import RoundProblem, round_by_id
from app.storage.tables import Round
from app.web.app import create_app
from tests.support.answering import Answers, closed_round, open_round, respond
from tests.support.signing_in import add_user, sign_in

K = 5
THEME = "trivsel"
AFTER = date(2026, 1, 1)


def derivable(
    shown: Sequence[Collection[Cell]], target: Collection[Cell], cells: list[Cell]
) -> bool:
    """Whether the sum over `target` is a linear combination of the sums shown (exactly, by
    Gaussian elimination over the cells: people in one cell are never told apart)."""
    rows = [[Fraction(int(c in group)) for c in cells] for group in shown]
    goal = [Fraction(int(c in target)) for c in cells]
    basis: list[tuple[int, list[Fraction]]] = []  # (pivot column, row)

    def reduce(vector: list[Fraction]) -> list[Fraction]:
        for pivot, row in basis:
            if vector[pivot]:
                factor = vector[pivot] / row[pivot]
                vector = [v - factor * r for v, r in zip(vector, row, strict=True)]
        return vector

    for row in rows:
        left = reduce(row)
        pivot = next((i for i, v in enumerate(left) if v), None)
        if pivot is not None:
            basis.append((pivot, left))
    return not any(reduce(goal))


def everything_shown(
    n: Mapping[Cell, Mapping[str, int]],
    named: Collection[str],
    decided: Sequence[Mapping[Cell, str] | None],
) -> list[set[Cell]]:
    cells = [c for c in n if n[c].get(THEME, 0)]
    shown = [set(cells)]  # the round
    shown += [{c for c in cells if c[0] == home} for home in named]  # homes one by one
    shown.append({c for c in cells if c[0] not in named})  # the rest (rows without a home)
    for grouped in decided:
        for label in set((grouped or {}).values()):
            shown.append({c for c in cells if grouped and grouped[c] == label})
    return shown


def small_groups(
    n: Mapping[Cell, Mapping[str, int]], never_alone: Collection[str], named: Collection[str]
) -> list[set[Cell]]:
    """What must never be worked out: each home and each cell of 1 to k−1 people, and a home
    whose rows leave it out (small home × helper cell) unless it is named anyway."""
    cells = [c for c in n if n[c].get(THEME, 0)]
    homes = {c[0] for c in cells if c[0] is not None}
    targets = [{c} for c in cells if n[c][THEME] < K]
    for home in homes:
        members = {c for c in cells if c[0] == home}
        people = sum(n[c][THEME] for c in members)
        if people < K or (home in never_alone and home not in named):
            targets.append(members)
    return targets


def by_home(tags: Mapping[str, str]) -> Labels:
    return lambda cell: tags.get(cell[0] or "")


def test_a_service_that_would_give_a_small_home_away_is_merged_and_then_left_out() -> None:
    """Lia 6 and Berg 6 are shown alone; Tun 3 and Nes 3 are the rest. Lia and Tun are «bolig
    med personale», Berg and Nes «avlastning»: 9 and 9, each over k, but «bolig med personale»
    minus Lia is Tun's three."""
    n: dict[Cell, dict[str, int]] = {
        ("Lia", None): {THEME: 6},
        ("Berg", None): {THEME: 6},
        ("Tun", None): {THEME: 3},
        ("Nes", None): {THEME: 3},
    }
    named = {"Lia", "Berg"}
    service = {"Lia": "bmp", "Tun": "bmp", "Berg": "avl", "Nes": "avl"}
    naive = [{cell: service[cell[0] or ""] for cell in n}]
    attacked = small_groups(n, (), named)
    cells = list(n)
    assert any(derivable(everything_shown(n, named, naive), t, cells) for t in attacked)
    decided = shown_breakdowns(n, named, [by_home(service)], [THEME], K)
    assert decided == [None]
    # Services that follow the split (Tun and Nes both «avlastning») are shown.
    service["Tun"] = "avl"
    decided = shown_breakdowns(n, named, [by_home(service)], [THEME], K)
    assert decided[0] is not None and set(decided[0].values()) == {"bmp", "avl"}
    assert not any(derivable(everything_shown(n, named, decided), t, cells) for t in attacked)


def test_a_small_service_joins_the_rest_and_the_second_breakdown_counts_the_first() -> None:
    """No home named. Services: 11, 7 and 2 people: the 2 join «Andre», and so does the 7 (an
    «Andre» of 2 would be small). Forms of housing cut across the services: shown only where
    every place in both holds k or more."""
    n: dict[Cell, dict[str, int]] = {
        ("A", None): {THEME: 6},
        ("B", None): {THEME: 7},
        ("C", None): {THEME: 2},
        ("D", None): {THEME: 5},
    }
    service = {"A": "bmp", "B": "avl", "C": "bpa", "D": "bmp"}
    housing = {"A": "bofellesskap", "B": "bofellesskap", "C": "egen_bolig", "D": "egen_bolig"}
    decided = shown_breakdowns(n, (), [by_home(service), by_home(housing)], [THEME], K)
    services = decided[0]
    assert services is not None and services[("C", None)] == REST
    assert services[("A", None)] == "bmp" and services[("B", None)] == REST
    # bofellesskap = A + B, egen bolig = C + D: with the services, C alone is a place (2).
    assert decided[1] is None
    cells = list(n)
    shown = everything_shown(n, (), decided)
    assert not any(derivable(shown, t, cells) for t in small_groups(n, (), ()))


def test_a_home_whose_rows_leave_it_out_is_never_a_place_of_its_own() -> None:
    """Tun holds 6, but a helper × home cell under k keeps its rows without their home in
    microdata: a group that is Tun's unnamed rows alone would match them back."""
    n: dict[Cell, dict[str, int]] = {
        ("Lia", None): {THEME: 6},
        ("Tun", None): {THEME: 6},
        ("Nes", None): {THEME: 6},
    }
    housing = {"Tun": "egen_bolig", "Nes": "bofellesskap", "Lia": "bofellesskap"}
    decided = shown_breakdowns(n, {"Lia"}, [by_home(housing)], [THEME], K, never_alone={"Tun"})
    assert decided == [None]
    assert shown_breakdowns(n, {"Lia"}, [by_home(housing)], [THEME], K)[0] is not None


def test_random_rounds_give_no_small_group_away() -> None:
    """Many made-up rounds: homes of 0 to 9 people in cells by the relatives' answered service,
    homes named or not, tagged at random. Nothing small is ever a sum of what is shown."""
    rng = random.Random(20261207)
    services = ["bmp", "avl", "bpa", None]
    breakdowns_shown = 0
    for _ in range(250):
        homes = [f"H{i}" for i in range(rng.randint(2, 6))]
        n: dict[Cell, dict[str, int]] = {}
        for home in [*homes, None]:
            for answer in rng.sample(services, rng.randint(1, 3)):
                if people := rng.randint(0, 9):
                    n[(home, answer)] = {THEME: people}
        never_alone = {h for h in homes if rng.random() < 0.2}
        per_home: dict[str | None, dict[str, int]] = {}
        for (home, _), count in n.items():
            per_home.setdefault(home, {THEME: 0})[THEME] += count[THEME]
        split = split_into_groups(per_home, [THEME], K, never_alone)  # as the report's homes
        named = {g[0] for g in split if len(g) == 1 and g[0] is not None}
        housing = {h: rng.choice(["bofellesskap", "egen_bolig", "samlokalisert"]) for h in homes}
        by_answer: Labels = lambda cell: cell[1]  # noqa: E731
        decided = shown_breakdowns(n, named, [by_answer, by_home(housing)], [THEME], K, never_alone)
        cells = list(n)
        shown = everything_shown(n, named, decided)
        for target in small_groups(n, never_alone, named):
            assert not derivable(shown, target, cells), (n, named, decided, target)
        breakdowns_shown += sum(d is not None for d in decided)
    assert breakdowns_shown > 100, "the rule is tried where it shows something"


@pytest.fixture
def app(any_database_settings: Settings) -> FastAPI:
    """Counting by answer is SQL of its own: on SQLite and on PostgreSQL."""
    return create_app(any_database_settings)


HOMES = ["Lia bolig", "Berg bolig", "Tun bolig", "Nes bolig"]


def context_of(catalog: Catalog, connection: Connection) -> ResultsContext:
    return ResultsContext(connection, catalog, ThemeSumsCache(catalog, K), K, AFTER, Filters())


@pytest.fixture
def tagged_round(app: FastAPI, catalog: Catalog) -> Round:
    """Residents: Lia 6, Berg 6, Tun 5, Nes 5. Lia and Berg are «Bolig med personale» in a
    «Bofellesskap», Tun and Nes «Hjelp i eget hjem» in «Egen bolig». Relatives: 6 tick
    «Bolig med personale» and «Arbeid eller dagtilbud», 5 tick «Avlastning», 2 «BPA»."""
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog, "9943", units=HOMES)
        tag_homes(
            connection,
            catalog,
            survey_round,
            {
                "Lia bolig": Tags("bolig_med_personale", "bofellesskap"),
                "Berg bolig": Tags("bolig_med_personale", "bofellesskap"),
                "Tun bolig": Tags("hjelp_i_eget_hjem", "egen_bolig"),
                "Nes bolig": Tags("hjelp_i_eget_hjem", "egen_bolig"),
            },
            AFTER,
        )
        for home, count, said in (
            ("Lia bolig", 6, "ja"),
            ("Berg bolig", 6, "ja"),
            ("Tun bolig", 5, "nei"),
            ("Nes bolig", 5, "nei"),
        ):
            for _ in range(count):
                respond(connection, catalog, survey_round, {"hjem_trives": said}, unit=home)
        for ticked, count in (
            ("bolig_med_personale dagtilbud", 6),
            ("avlastning", 5),
            ("bpa", 2),
        ):
            for _ in range(count):
                given: Answers = {"tjeneste": ticked, "hjem_trives": "5"}
                respond(connection, catalog, survey_round, given, questionnaire="parorende")
    return survey_round


def test_the_report_shows_residents_by_their_homes_tags_and_relatives_by_their_answer(
    app: FastAPI, catalog: Catalog, tagged_round: Round
) -> None:
    with app.state.services.connect() as connection:
        report = round_report(context_of(catalog, connection), tagged_round)
    shown = {(b.audience, b.by): b for b in report.breakdowns}
    services = shown[("resident", "tjeneste")]
    assert [(g.name, g.figures["trivsel"].n) for g in services.groups] == [
        ("Bolig med personale", 12),
        ("Hjelp i eget hjem", 10),
    ]
    assert services.groups[0].figures["trivsel"].score.mean == 100.0  # type: ignore[union-attr]
    assert services.groups[1].figures["trivsel"].score.mean == 0.0  # type: ignore[union-attr]
    housing = shown[("resident", "boform")]
    assert [g.name for g in housing.groups] == ["Bofellesskap", "Egen bolig"]
    # Relatives are counted once, by the first service they ticked. BPA's 2 join «Andre»,
    # then Avlastning too (5 + 2 = 7): «Andre» of 2 would be fewer than k.
    relatives = shown[("relative", "tjeneste")]
    assert [(g.name, g.figures["trivsel"].n) for g in relatives.groups] == [
        ("Bolig med personale", 6),
        ("Andre tjenester (Avlastning, Brukerstyrt personlig assistanse (BPA))", 7),
    ]


def test_the_report_page_shows_the_breakdowns(
    app: FastAPI, client: TestClient, tagged_round: Round
) -> None:
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    page = client.get(f"/analyse/rapport/{tagged_round.id}").text
    assert "Beboerne etter tjeneste" in page and "Beboerne etter boform" in page
    assert '<th scope="row">Hjelp i eget hjem</th>' in page
    assert "Hver beboer telles under tjenesten kommunen har satt for boligen." in page
    assert "De pårørende etter tjeneste" in page


def test_tags_can_change_until_the_round_closes_and_are_set_once_after(
    app: FastAPI, catalog: Catalog
) -> None:
    with app.state.services.connect() as connection:
        running = open_round(connection, catalog, "9944", "Kommune 9944")
        running = replace(running, units="Lia bolig\nBerg bolig")
        tag_homes(connection, catalog, running, {"Lia bolig": Tags("avlastning")}, clock.today())
        tag_homes(connection, catalog, running, {"Lia bolig": Tags("bpa")}, clock.today())
        assert home_tags(connection, running.id) == {"Lia bolig": Tags("bpa")}
        with pytest.raises(RoundProblem, match="ingen tjeneste"):
            tag_homes(connection, catalog, running, {"Lia bolig": Tags("x")}, clock.today())
        with pytest.raises(RoundProblem, match="ingen boform"):
            tag_homes(connection, catalog, running, {"Lia bolig": Tags("", "x")}, clock.today())
        with pytest.raises(RoundProblem, match="ingen bolig som heter «Tun»"):
            tag_homes(connection, catalog, running, {"Tun": Tags("bpa")}, clock.today())
        closed = closed_round(connection, catalog, "9945", units=["Lia bolig", "Berg bolig"])
        first = {"Lia bolig": Tags("bpa", "egen_bolig"), "Berg bolig": Tags("avlastning")}
        tag_homes(connection, catalog, closed, first, AFTER)  # forgot: once, all at once
        tag_homes(connection, catalog, closed, first, AFTER)  # the same again changes nothing
        with pytest.raises(TagsFixed):
            tag_homes(connection, catalog, closed, {"Berg bolig": Tags("bpa")}, AFTER)
        assert home_tags(connection, closed.id) == first


def test_a_service_that_grows_by_one_after_a_reopening_keeps_the_round_as_it_was(
    app: FastAPI, catalog: Catalog, tagged_round: Round
) -> None:
    """Five more relatives after the round was opened again, none saying a home: the relatives'
    figure grows by 5, and so does «home not said», but «Avlastning» only by one."""
    with app.state.services.connect() as connection:
        reopen_round(connection, tagged_round.id, date(2025, 5, 2), date(2025, 5, 31))
        for ticked in ["bolig_med_personale"] * 4 + ["avlastning"]:
            given: Answers = {"tjeneste": ticked, "hjem_trives": "5"}
            respond(connection, catalog, tagged_round, given, questionnaire="parorende")
        context = context_of(catalog, connection)
        context.rounds()  # weighs the reopened round, as the server does
        again = round_by_id(connection, tagged_round.id)
    assert again is not None and again.counts_before is not None
