"""The residents' themes per home in a round's report, tried as an attacker would: every home
shown on its own holds at least k people in every theme, and the round's figure minus the homes
shown never leaves a small group."""

from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from app.config import Settings
from app.questionnaires.catalog import Catalog
from app.results.context import ResultsContext
from app.results.kept import ThemeSumsCache
from app.results.report import HOME_CHOSEN, round_report, round_results
from app.results.scoring import Sums, score_of
from app.results.sums import Filters
from app.results.units import REST, split_into_groups
from app.rounds.changing import reopen_round
from app.rounds.rounds import round_by_id
from app.storage.tables import Round
from app.web.app import create_app
from tests.support.answering import Answers, closed_round, respond
from tests.support.signing_in import add_user, sign_in

K = 5
AFTER = date(2026, 1, 1)
HOMES = ["Lia bolig", "Berg bolig", "Tun bolig"]
# Trivsel and trygghet for everyone; informasjon only for those who answer "hjem_vet_hvem".
EVERYONE: Answers = {"hjem_trives": "ja", "hjem_trygg": "delvis"}


def test_small_homes_join_the_rest_until_no_group_is_small() -> None:
    n: dict[str | None, dict[str, int]] = {
        "Lia bolig": {"trivsel": 6},
        "Berg bolig": {"trivsel": 7},
        "Tun bolig": {"trivsel": 2},
        None: {"trivsel": 1},
    }
    # Naively Lia and Berg alone, and the 3 others worked out as the round minus the two.
    groups = split_into_groups(n, ["trivsel"], K)
    assert groups == [("Berg bolig",), ("Tun bolig", None, "Lia bolig")]
    # A theme where a home has 1 to k−1 people counts too, whatever the others say.
    n["Berg bolig"]["informasjon"] = 3
    n["Lia bolig"]["informasjon"] = 5
    groups = split_into_groups(n, ["trivsel", "informasjon"], K)
    assert groups == []  # Lia alone leaves Berg + Tun + none at 3 people in informasjon
    # Every home large enough, nobody without a home: each alone.
    even: dict[str | None, dict[str, int]] = {home: {"trivsel": 5} for home in HOMES}
    assert split_into_groups(even, ["trivsel"], K) == [(h,) for h in HOMES]
    # A home with a small home × helper cell never stands alone (its rows leave the home out
    # in microdata), and the rest is never one home's figure (its rows would be that home's).
    assert split_into_groups(even, ["trivsel"], K, never_alone={"Tun bolig"}) == [
        ("Lia bolig",),
        ("Tun bolig", "Berg bolig"),
    ]
    # One group is no split: it would be the round's own figure.
    assert split_into_groups({"Lia bolig": {"trivsel": 9}}, ["trivsel"], K) == []


@pytest.fixture
def app(any_database_settings: Settings) -> FastAPI:
    """Counting per home is SQL of its own: on SQLite and on PostgreSQL."""
    return create_app(any_database_settings)


@pytest.fixture
def homes_round(app: FastAPI, catalog: Catalog) -> Round:
    """Lia 8 (5 answer informasjon), Berg 6 (all answer it), Tun 2, and 1 whose home was not
    said."""
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog, "9941", units=HOMES)
        for index in range(8):
            extra: Answers = {"hjem_vet_hvem": "ja"} if index < 5 else {}
            respond(connection, catalog, survey_round, {**EVERYONE, **extra}, unit="Lia bolig")
        for _ in range(6):
            given: Answers = {**EVERYONE, "hjem_trives": "nei", "hjem_vet_hvem": "nei"}
            respond(connection, catalog, survey_round, given, unit="Berg bolig")
        for _ in range(2):
            respond(connection, catalog, survey_round, EVERYONE, unit="Tun bolig")
        respond(connection, catalog, survey_round, EVERYONE)
    return survey_round


def context_of(catalog: Catalog, connection: Connection, f: Filters) -> ResultsContext:
    return ResultsContext(connection, catalog, ThemeSumsCache(catalog, K), K, AFTER, f)


@pytest.mark.parametrize("f", [Filters(), Filters("alone", False), Filters("all", True)])
def test_the_round_minus_the_homes_shown_leaves_no_small_group(
    app: FastAPI, catalog: Catalog, homes_round: Round, f: Filters
) -> None:
    with app.state.services.connect() as connection:
        context = context_of(catalog, connection, f)
        homes = round_report(context, homes_round).homes[0]
        whole = {
            r.theme: r.residents for r in round_results(context.filtered(Filters()), homes_round)
        }
    assert homes.audience == "resident" and homes.groups
    assert [g.name for g in homes.groups] == [
        "Berg bolig",
        f"{REST} (Lia bolig, Tun bolig og bolig ikke oppgitt)",
    ]
    for theme, figure in whole.items():
        if figure.score is None:
            assert all(theme not in g.figures for g in homes.groups)
            continue
        shown = [g.figures[theme].score for g in homes.groups]
        # Every group shown holds k or more, and together they are the whole round: what
        # subtracting any of them from the round leaves is a group shown, or a sum of them.
        assert all(s is None or s.n >= K for s in shown), (theme, shown)
        assert sum(s.n for s in shown if s) == figure.score.n, theme
    berg = homes.groups[0].figures
    assert berg["trivsel"].score == score_of(Sums(6, 0.0, 0.0))  # "nei" to hjem_trives
    assert berg["trygghet"].score == score_of(Sums(6, 6 * 50.0, 6 * 50.0**2))  # "delvis"
    assert berg["informasjon"].score is not None and berg["informasjon"].score.mean == 0.0
    # Lia is large enough, but the 3 from Tun and without a home would be the round minus
    # Lia and Berg: Lia joins them.
    rest = homes.groups[1].figures
    assert [getattr(rest[t].score, "n", 0) for t in ("trivsel", "informasjon")] == [11, 5]


def test_a_home_that_grows_by_one_after_a_reopening_keeps_the_round_as_it_was(
    app: FastAPI, catalog: Catalog, homes_round: Round
) -> None:
    """Five more residents after the round was opened again: every theme grows by 5, but Berg
    bolig only by one, which its figure before and after would give away."""
    with app.state.services.connect() as connection:
        reopen_round(connection, homes_round.id, date(2025, 5, 2), date(2025, 5, 31))
        for home in ("Lia bolig",) * 4 + ("Berg bolig",):
            respond(connection, catalog, homes_round, EVERYONE, unit=home)
        context = context_of(catalog, connection, Filters())
        context.rounds()  # weighs the reopened round, as the server does
        again = round_by_id(connection, homes_round.id)
    assert again is not None and again.counts_before is not None


def test_the_report_shows_the_homes(app: FastAPI, client: TestClient, homes_round: Round) -> None:
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    page = client.get(f"/analyse/rapport/{homes_round.id}").text
    assert "Beboerne per bolig" in page
    assert '<th scope="row">Berg bolig</th>' in page
    assert "Andre boliger (Lia bolig, Tun bolig og bolig ikke oppgitt)" in page
    # no relative answered: their split says why it shows nothing
    assert "De pårørende per bolig" in page
    assert "runden har ingen tall for pårørende som kan vises" in page


def test_relatives_are_split_by_the_home_they_answered_on_their_own(
    app: FastAPI, catalog: Catalog, homes_round: Round
) -> None:
    """Relatives of Lia 6, Berg 5 and Tun 1: Tun alone would be the relatives' figure minus
    Lia and Berg, so the smallest home shown alone (Berg) joins it; the residents' split stays
    as it was (different people, split on their own)."""
    with app.state.services.connect() as connection:
        for home, count in (("Lia bolig", 6), ("Berg bolig", 5), ("Tun bolig", 1)):
            for _ in range(count):
                given: Answers = {"hjem_trives": "5", "bolig": "enhet"}
                respond(
                    connection, catalog, homes_round, given, questionnaire="parorende", unit=home
                )
        residents, relatives = round_report(
            context_of(catalog, connection, Filters()), homes_round
        ).homes
    assert relatives.audience == "relative" and relatives.title == "De pårørende"
    assert [g.name for g in relatives.groups] == ["Lia bolig", f"{REST} (Berg bolig, Tun bolig)"]
    assert [
        g.figures["trivsel"].score.n for g in relatives.groups if g.figures["trivsel"].score
    ] == [6, 6]
    assert residents.groups[0].name == "Berg bolig"


def test_boxes_ticked_count_for_each_box_and_the_home_only_as_one_of_them(
    app: FastAPI, catalog: Catalog, homes_round: Round
) -> None:
    """Five relatives: three parents who are also guardians and two siblings. Each box counts
    the people who ticked it (so they add up to more than n); the home question says how many
    named one of the round's homes, never which (that is the per-home table's, under its
    rule)."""
    with app.state.services.connect() as connection:
        for ticked in ["forelder verge"] * 3 + ["sosken"] * 2:
            given: Answers = {"relasjon": ticked, "bolig": "enhet"}
            respond(
                connection, catalog, homes_round, given, questionnaire="parorende", unit="Lia bolig"
            )
        report = round_report(context_of(catalog, connection, Filters()), homes_round)
    asked = {d.question.id: d for d in report.questions["relative"]}
    relation = asked["relasjon"]
    assert relation.n == 5 and dict(relation.counts) == {
        "Forelder": 3,
        "Søsken": 2,
        "Annen familie": 0,
        "Verge": 3,
        "Annen": 0,
        "Vil ikke svare": 0,
    }
    assert dict(asked["bolig"].counts) == {
        HOME_CHOSEN: 5,
        "Et annet sted": 0,
        "Vet ikke": 0,
        "Vil ikke svare": 0,
    }
    assert "Lia bolig" not in str(asked["bolig"])


def test_the_report_page_says_several_could_be_chosen(
    app: FastAPI, client: TestClient, catalog: Catalog, homes_round: Round
) -> None:
    with app.state.services.connect() as connection:
        for _ in range(5):
            given: Answers = {"relasjon": "forelder verge"}
            respond(connection, catalog, homes_round, given, questionnaire="parorende")
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    page = client.get(f"/analyse/rapport/{homes_round.id}").text
    assert "Forelder 100&nbsp;% · Verge 100&nbsp;% (flere kunne velges" in page
