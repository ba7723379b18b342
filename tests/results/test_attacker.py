"""An attacker with every figure the results give for a period: the dashboard under every filter
and municipality selection, each round's results and report, and the aggregate export. No two
figures over nested groups may differ by 1 to k−1 people, nor may "all municipalities" minus
the shown ones, so no small group's answers can be worked out by subtracting."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from itertools import combinations, product

import pytest
from fastapi import FastAPI
from sqlalchemy import Connection, update

from app.questionnaires.catalog import Catalog
from app.results.context import ResultsContext
from app.results.dashboard import REFERENCE, aggregate_rows, dashboard
from app.results.kept import ThemeSumsCache
from app.results.report import round_report, round_results
from app.results.sums import Filters, theme_sums
from app.rounds.changing import reopen_round
from app.rounds.rounds import analysed_rounds
from app.storage.tables import Round, responses_table, rounds_table
from app.survey.responses import save_answer, set_helper
from tests.support.answering import closed_round, respond

K = 5
AFTER = date(2026, 1, 1)  # the fixture's rounds closed in spring 2025
EVERY_FILTER = [Filters(h, w) for w in (False, True) for h in ("all", "alone", "helped")]
Figure = tuple[frozenset[str], Filters, int]  # municipalities, filter, people


def within(inner: Filters, outer: Filters) -> bool:
    return (outer.help == "all" or outer.help == inner.help) and (
        inner.without_flagged or not outer.without_flagged
    )


def people(
    connection: Connection,
    catalog: Catalog,
    survey_round: Round,
    count: int,
    helper: str | None,
    *,
    flagged: int = 0,
    unit: str | None = None,
    answer: str = "ja",
) -> None:
    for index in range(count):
        state = respond(
            connection, catalog, survey_round, {"hjem_trives": answer}, helper=helper, unit=unit
        )
        if index < flagged:
            connection.execute(
                update(responses_table)
                .where(responses_table.c.id == state.id)
                .values(quality_flags="samme")
            )
            connection.commit()


@pytest.fixture
def period(app: FastAPI, catalog: Catalog) -> list[Round]:
    """Fjellby: 6 residents, one helped. Sjøby: 27 alone (one flagged), 5 helped, 2 whose
    helper is not known. Dalby: 9 alone, 2 of them in a small unit. Relatives in each."""
    with app.state.services.connect() as connection:
        fjellby = closed_round(connection, catalog, "9931")
        people(connection, catalog, fjellby, 5, "selv")
        people(connection, catalog, fjellby, 1, "personale", answer="nei")
        sjoby = closed_round(connection, catalog, "9932")
        people(connection, catalog, sjoby, 27, "selv", flagged=1, answer="delvis")
        people(connection, catalog, sjoby, 5, "personale")
        people(connection, catalog, sjoby, 2, None, answer="nei")
        dalby = closed_round(connection, catalog, "9933")
        people(connection, catalog, dalby, 7, "selv")
        people(connection, catalog, dalby, 2, "selv", unit="Lille bolig", answer="nei")
        for survey_round, relatives in ((fjellby, 7), (sjoby, 4), (dalby, 12)):
            for _ in range(relatives):
                respond(
                    connection,
                    catalog,
                    survey_round,
                    {"hjem_trives": "5"},
                    questionnaire="parorende",
                )
    return [fjellby, sjoby, dalby]


def every_figure(
    app: FastAPI, catalog: Catalog, rounds: list[Round]
) -> Iterator[tuple[str, Figure]]:
    """(family, figure): every figure the results pages, reports, commands and exports give.
    "All municipalities" and a reference group stand for the municipalities they sum, as the
    pages say which."""
    numbers = [r.municipality_number for r in rounds]
    with app.state.services.connect() as connection:
        cache = ThemeSumsCache(catalog, K)
        members: dict[tuple[str, Filters], frozenset[str]] = {}
        for f in EVERY_FILTER:
            context = ResultsContext(connection, catalog, cache, K, AFTER, f)
            for theme in dashboard(context, period="2025", chosen=numbers).themes:
                for audience in ("residents", "relatives"):
                    members[(f"{audience[:-1]}/{theme.theme}", f)] = frozenset(
                        row.group.key
                        for row in theme.comparison
                        if row.group.key != "alle" and getattr(row, audience).score is not None
                    )

        def group_of(
            key: str, family: str, f: Filters, reference: Sequence[str] = ()
        ) -> frozenset[str]:
            if key == REFERENCE:  # the shown members of the analyst's reference group
                return members[(family, f)] & frozenset(reference)
            return members[(family, f)] if key == "alle" else frozenset([key])

        for f in EVERY_FILTER:
            context = ResultsContext(connection, catalog, cache, K, AFTER, f)
            selections = [numbers, *([n] for n in numbers)]
            references = [(), *combinations(numbers, 2)]  # compared with two of them, too
            for chosen, reference in product(selections, references):
                view = dashboard(context, period="2025", chosen=chosen, reference=reference)
                for theme in view.themes:
                    for row in theme.comparison:
                        for audience, shown in (
                            ("resident", row.residents),
                            ("relative", row.relatives),
                        ):
                            family = f"{audience}/{theme.theme}"
                            if shown.score is not None:
                                group = group_of(row.group.key, family, f, reference)
                                yield family, (group, f, shown.score.n)
            for survey_round in rounds:
                own = frozenset([survey_round.municipality_number])
                for result in round_results(context, survey_round):
                    for audience, shown, key in (
                        ("resident", result.residents, survey_round.municipality_number),
                        ("relative", result.relatives, survey_round.municipality_number),
                        ("resident", result.all_residents, "alle"),
                        ("relative", result.all_relatives, "alle"),
                    ):
                        family = f"{audience}/{result.theme}"
                        if shown.score is not None:
                            yield family, (group_of(key, family, f), f, shown.score.n)
                report = round_report(context, survey_round)
                for audience, distributions in report.questions.items():
                    for distribution in distributions:
                        if not distribution.hidden_because:
                            family = f"{audience}/question {distribution.question.id}"
                            yield family, (own, f, distribution.n)
        unfiltered = ResultsContext(connection, catalog, cache, K, AFTER)
        header, *rows = list(aggregate_rows(unfiltered))
        for cells in rows:
            line = dict(zip(header, cells, strict=True))
            if line["n"]:
                audience = "resident" if line["gruppe"] == "beboere" else "relative"
                family = f"{audience}/{line['tema']}"
                key = line["kommunenummer"] or "alle"
                yield family, (group_of(key, family, Filters()), Filters(), int(line["n"]))


def with_remainders(figures: set[Figure], numbers: list[str]) -> set[Figure]:
    """What subtracting more than two gives: each sum of municipalities minus those of its
    members shown (or otherwise known) on their own."""
    found = set(figures)
    for group, f, total in figures:
        if len(group) < 2:
            continue
        singles = {next(iter(g)): n for g, h, n in figures if h == f and len(g) == 1 and g <= group}
        rest = group - set(singles)
        if rest and rest != group:
            found.add((frozenset(rest), f, total - sum(singles.values())))
    return found


def test_no_small_group_can_be_worked_out_from_any_two_figures(
    app: FastAPI, catalog: Catalog, period: list[Round]
) -> None:
    families: dict[str, set[Figure]] = defaultdict(set)
    for family, figure in every_figure(app, catalog, period):
        families[family].add(figure)
    assert families["resident/trivsel"], "the attacker found no figures at all"
    numbers = [r.municipality_number for r in period]
    found: list[tuple[str, Figure, Figure]] = []
    for family, figures in families.items():
        known = with_remainders(figures, numbers)
        found += [(family, figure, figure) for figure in known if 0 < figure[2] < K]
        found += [(family, whole, part) for whole, part in _split_apart(known)]
        for a, b in combinations(sorted(known, key=repr), 2):
            nested = (a[0] <= b[0] and within(a[1], b[1])) or (b[0] <= a[0] and within(b[1], a[1]))
            if nested and 0 < abs(a[2] - b[2]) < K:
                found.append((family, a, b))
    assert found == []


def _split_apart(known: set[Figure]) -> list[tuple[Figure, Figure]]:
    """Everyone minus "alone" minus "with help" (under filters within it, same places): the
    people whose helper is not known, plus any the parts' filters leave out."""
    found = []
    for whole in known:
        if whole[1].help != "all":
            continue
        alone = [
            a for a in known if a[0] == whole[0] and a[1].help == "alone" and within(a[1], whole[1])
        ]
        helped = [
            b
            for b in known
            if b[0] == whole[0] and b[1].help == "helped" and within(b[1], whole[1])
        ]
        for a in alone:
            for b in helped:
                if 0 < whole[2] - a[2] - b[2] < K:
                    found.append((whole, (whole[0], a[1], whole[2] - a[2] - b[2])))
    return found


def test_the_attacker_sees_figures_under_filters_where_that_is_safe(
    app: FastAPI, catalog: Catalog, period: list[Round]
) -> None:
    """Safety must not come from showing nothing: Sjøby answered alone (27) is a safe figure."""
    shown = {
        figure
        for family, figure in every_figure(app, catalog, period)
        if family == "resident/trivsel"
    }
    assert (frozenset(["9932"]), Filters(), 34) in shown
    assert any(group == frozenset(["9932"]) and f == Filters("alone") for group, f, _ in shown)


def true_counts(app: FastAPI, catalog: Catalog, rounds: list[Round]) -> dict[str, set[Figure]]:
    """What a municipality's own analyst knows of it from its microdata: n under every filter."""
    known: dict[str, set[Figure]] = defaultdict(set)
    with app.state.services.connect() as connection:
        counted = theme_sums(connection, catalog, rounds)
    for f, by_key in counted.items():
        for (round_id, audience, theme, _), value in by_key.items():
            number = next(r.municipality_number for r in rounds if r.id == round_id)
            known[f"{number}:{audience}/{theme}"].add((frozenset([number]), f, value.n))
    return known


@pytest.mark.parametrize("insider", [("9931",), ("9932",), ("9933",), ("9931", "9932")])
def test_an_analyst_who_knows_their_own_municipalities_works_out_no_other_small_group(
    app: FastAPI, catalog: Catalog, period: list[Round], insider: tuple[str, ...]
) -> None:
    """An analyst sees their own municipalities in full (microdata, every filter), so "all
    municipalities" minus the shown ones minus their own is a figure they can work out too.
    The last case is an account that sees two municipalities in full."""
    families: dict[str, set[Figure]] = defaultdict(set)
    for family, figure in every_figure(app, catalog, period):
        families[family].add(figure)
    own = true_counts(app, catalog, period)
    numbers = [r.municipality_number for r in period]
    found = []
    for family, figures in families.items():
        theirs = set().union(*(own[f"{number}:{family}"] for number in insider))
        known = with_remainders(figures | theirs, numbers)
        found += [f for f in known if not f[0] & set(insider) and 0 < f[2] < K]
    assert found == []


def test_all_municipalities_before_and_after_a_small_round_closes_gives_nothing_away(
    app: FastAPI, catalog: Catalog
) -> None:
    """Rounds of a period close on different days. An analyst who notes "all municipalities"
    while two are closed and again once a third, with two residents, has closed, must not get
    those two residents' score from the difference."""
    with app.state.services.connect() as connection:
        lillevik = closed_round(connection, catalog, "9931")
        people(connection, catalog, lillevik, 9, "selv")
        storvik = closed_round(connection, catalog, "9932")
        people(connection, catalog, storvik, 7, "selv")
        smaavik = closed_round(connection, catalog, "9933")
        people(connection, catalog, smaavik, 2, "selv", answer="nei")
        connection.execute(
            update(rounds_table)
            .where(rounds_table.c.id == smaavik.id)
            .values(closes_on=date(2025, 6, 30))
        )
        connection.commit()
        smaavik = replace(smaavik, closes_on=date(2025, 6, 30))
        cache = ThemeSumsCache(catalog, K)
        seen = []
        for today in (date(2025, 5, 15), date(2025, 7, 1)):  # before and after Småvik closes
            context = ResultsContext(connection, catalog, cache, K, today)
            (all_residents,) = [
                r.all_residents for r in round_results(context, lillevik) if r.theme == "trivsel"
            ]
            seen.append(all_residents.n if all_residents.score else 0)
    before, after = seen
    assert not 0 < after - before < K, (before, after)


def _by_figure(app: FastAPI, catalog: Catalog) -> dict[tuple[str, frozenset[str], Filters], int]:
    """Every figure of the period's rounds as they are in the database now: n by what it is."""
    with app.state.services.connect() as connection:
        rounds = [r for r in analysed_rounds(connection) if r.period == "2025"]
    return {(family, group, f): n for family, (group, f, n) in every_figure(app, catalog, rounds)}


def test_a_round_opened_again_shows_no_one_new_until_every_figure_grows_by_k(
    app: FastAPI, catalog: Catalog, period: list[Round]
) -> None:
    """Fjellby is closed by mistake and opened again. The attacker noted every figure while it
    was closed and notes them again once it has closed again: the two residents who answered
    in between must not be worked out from the difference. Once three more have answered, every
    figure that grew has grown by k, and shows all of them."""
    fjellby = period[0]
    before = _by_figure(app, catalog)
    with app.state.services.connect() as connection:
        reopen_round(connection, fjellby.id, date(2025, 5, 2), date(2025, 5, 31))
        people(connection, catalog, fjellby, 2, "selv", answer="nei")
    two_more = _by_figure(app, catalog)
    grew = {key: (before.get(key, 0), n) for key, n in two_more.items() if n != before.get(key)}
    assert grew == {}  # not even by 2: the two are in no figure

    with app.state.services.connect() as connection:
        people(connection, catalog, fjellby, 3, "selv", answer="nei")
    five_more = _by_figure(app, catalog)
    grew = {key: (before.get(key, 0), n) for key, n in five_more.items() if n != before.get(key)}
    assert grew, "the five who answered after the reopening are never shown"
    assert all(n - was >= K for was, n in grew.values()), grew
    assert grew[("resident/trivsel", frozenset(["9931"]), Filters())] == (6, 11)


def test_one_persons_helped_answers_cannot_be_worked_out_from_two_figures_of_the_same_n(
    app: FastAPI, catalog: Catalog
) -> None:
    """Seven residents answered about their home alone; one of them answered about leisure
    with staff. "Everyone" and "Svarte selv" both hold the seven (n = 7), but "selv" leaves
    that one person's helped answer out: 7 × 100 − 7 × 92.9 gives it away (a "nei"). Nested
    figures whose contents differ differ by the people whose answers differ, here one."""
    with app.state.services.connect() as connection:
        lillevik = closed_round(connection, catalog, "9931")
        for _ in range(6):
            respond(connection, catalog, lillevik, {"hjem_trives": "ja", "fritid_liker": "ja"})
        one = respond(connection, catalog, lillevik, {"hjem_trives": "ja"}, helper="selv")
        questionnaire = catalog.questionnaires["beboer"]
        set_helper(connection, one, "personale")
        save_answer(
            connection, questionnaire=questionnaire, state=one, question_id="fritid_liker",
            value="nei",
        )  # fmt: skip
        cache = ThemeSumsCache(catalog, K)
        shown = {}
        for f in (Filters(), Filters("alone")):
            context = ResultsContext(connection, catalog, cache, K, AFTER, f)
            (result,) = [r for r in round_results(context, lillevik) if r.theme == "trivsel"]
            shown[f] = result.residents
    everyone, alone = shown[Filters()], shown[Filters("alone")]
    assert everyone.score is not None and everyone.score.n == 7
    assert alone.score is None, f"{everyone.score.mean} and {alone.score.mean}, both n = 7"
