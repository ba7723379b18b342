"""Theme scores and small-group suppression, against hand-computed examples."""

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import replace
from datetime import date

import pytest
from fastapi import FastAPI
from sqlalchemy import Connection, delete, func, select, update

from app import clock
from app.cli.main import main
from app.config import Settings, get_settings
from app.demo import DemoPlan, fill_demo
from app.questionnaires.catalog import Catalog
from app.results.context import ResultsContext
from app.results.dashboard import period_figures
from app.results.kept import ThemeSumsCache
from app.results.lattice import ALL, shown_filters
from app.results.report import round_report, round_results
from app.results.scoring import Score, Sums, score_of, t95
from app.results.sums import (
    FILTERS,
    Filters,
    ThemeKey,
    basis_of,
    item_score_rows,
    theme_sums,
)
from app.results.suppression import UnsafeMinimum, checked_minimum, hidden
from app.rounds.rounds import analysed_rounds, ensure_demo_round, standard_questionnaires
from app.storage.tables import (
    Round,
    answers_table,
    kept_table,
    responses_table,
    rounds_table,
    utcnow,
)
from app.survey.helping import ALONE
from app.survey.responses import save_answer, set_helper, start_response
from app.templating import norwegian_number
from app.web.app import create_app
from tests.support.answering import Answers, closed_round, respond


def round_with(
    connection: Connection,
    catalog: Catalog,
    people: list[Answers],
    *,
    questionnaire: str = "beboer",
    helpers: list[str] | None = None,
    flagged: frozenset[int] = frozenset(),
    number: str = "9931",
) -> Round:
    """A closed round with these people's answers; `flagged` ones get a quality flag."""
    survey_round = closed_round(connection, catalog, number)
    for index, given in enumerate(people):
        helper = helpers[index] if helpers else None
        state = respond(
            connection, catalog, survey_round, given, questionnaire=questionnaire, helper=helper
        )
        if index in flagged:
            connection.execute(
                update(responses_table)
                .where(responses_table.c.id == state.id)
                .values(quality_flags="samme_svar_overalt")
            )
            connection.commit()
    return survey_round


def scores_of(
    connection: Connection,
    catalog: Catalog,
    survey_round: Round,
    audience: str = "resident",
    filters: Filters | None = None,
) -> dict[str, Score]:
    sums = theme_sums(connection, catalog, [survey_round])[filters or Filters()]
    found = {
        theme: score_of(value)
        for (_, who, theme, part), value in sums.items()
        if who == audience and part == "chosen"
    }
    return {theme: score for theme, score in found.items() if score is not None}


def test_resident_scores_mean_over_respondents_with_a_t_interval(
    app: FastAPI, catalog: Catalog
) -> None:
    # Respondent theme scores 100, 50, 50, 50, 50, 100, 50, 50 on "trivsel":
    # mean 62.5; sd √(3750 / 7) = 23.146; se = 8.183; t(7) = 2.365 → 62.5 ± 19.35.
    people: list[Answers] = [
        {"hjem_trives": "ja", "hjem_leilighet": "ja"},
        {"hjem_trives": "ja", "hjem_leilighet": "nei"},  # (100 + 0) / 2 = 50
        {"hjem_trives": "delvis", "hjem_leilighet": None},  # "Vil ikke svare" counts nothing
        {"hjem_trives": "delvis"},
        {"hjem_leilighet": "delvis"},
        {"hjem_trives": "ja", "fritid_bo_liker": "nei"},  # a repeat (check item) counts nothing
        {"hjem_trives": "delvis"},
        {"hjem_trives": "nei", "hjem_leilighet": "ja"},
    ]
    with app.state.services.connect() as connection:
        survey_round = round_with(connection, catalog, people)
        scores = scores_of(connection, catalog, survey_round)
    assert scores["trivsel"] == Score(mean=62.5, n=8, low=43.1, high=81.9)


def test_reverse_items_count_the_other_way_and_relatives_use_x_minus_1_over_5(
    app: FastAPI, catalog: Catalog
) -> None:
    with app.state.services.connect() as connection:
        reverse = round_with(connection, catalog, [{"pers_hyggelige": "ja", "pers_sure": "ja"}])
        assert scores_of(connection, catalog, reverse)["respektfull_behandling"].mean == 50.0
        relatives = round_with(
            connection,
            catalog,
            [
                {"hjem_trives": "6"},  # 100
                {"hjem_trives": "1"},  # 0
                {"hjem_trives": "4"},  # 60
                {"hjem_trives": "vet_ikke", "relasjon": "verge"},  # nothing counted
            ],
            questionnaire="parorende",
            number="9932",
        )
        scores = scores_of(connection, catalog, relatives, "relative")
    assert (scores["trivsel"].mean, scores["trivsel"].n) == (53.3, 3)
    assert set(scores) == {"trivsel"}


def test_help_filter_and_flagged_responses(app: FastAPI, catalog: Catalog) -> None:
    with app.state.services.connect() as connection:
        survey_round = round_with(
            connection,
            catalog,
            [{"hjem_trives": "ja"}, {"hjem_trives": "nei"}, {"hjem_leilighet": "nei"}],
            helpers=["selv", "familie", "personale"],
            flagged=frozenset({1}),
        )
        alone = scores_of(connection, catalog, survey_round, filters=Filters("alone"))
        helped = scores_of(connection, catalog, survey_round, filters=Filters("helped"))
        unflagged = scores_of(connection, catalog, survey_round, filters=Filters("all", True))
    assert (alone["trivsel"].mean, alone["trivsel"].n) == (100.0, 1)
    assert (helped["trivsel"].mean, helped["trivsel"].n) == (0.0, 2)
    assert (unflagged["trivsel"].mean, unflagged["trivsel"].n) == (50.0, 2)


def test_the_interval_uses_the_exact_quantile_of_students_t() -> None:
    # Two-sided 95% quantiles, as statistical tables and R's qt(0.975, df) give them.
    for degrees, quantile in [(1, 12.7062), (7, 2.3646), (35, 2.0301), (45, 2.0141),
                              (100, 1.9840), (5000, 1.9604)]:  # fmt: skip
        assert t95(degrees) == pytest.approx(quantile, abs=5e-5), degrees
    assert score_of(Sums()) is None
    assert score_of(Sums(1, 80.0, 6400.0)) == Score(80.0, 1, None, None)


def test_figures_round_half_up_as_people_and_spreadsheets_do() -> None:
    # Four people: 100, 100, 50 and 15 → a mean of 66.25 is shown as 66.3 (not 66.2).
    assert score_of(Sums(4, 265.0, 100**2 * 2 + 50**2 + 15**2)).mean == 66.3  # type: ignore[union-attr]
    assert norwegian_number(12.5, 0) == "13" and norwegian_number(0.125, 2) == "0,13"
    assert norwegian_number(-2.25) == "−2,3"


def test_small_groups_are_hidden_and_cannot_be_worked_out_from_the_total() -> None:
    everyone, alone, helped = Filters(), Filters("alone"), Filters("helped")
    # 8 residents, 6 alone, 2 with help: the 2 are too few, and 8 − 6 would reveal them, so
    # with the total shown "alone" is hidden too.
    assert shown_filters({everyone: 8, alone: 6, helped: 2}, 5) == {everyone}
    assert hidden(2, 5).hidden_because == "færre enn 5 svar"
    # Nobody is told as 1 to 4 are: "nobody helped" beside a total would tell that the total
    # is all "alone", which the rule hid.
    assert hidden(0, 5).hidden_because == hidden(1, 5).hidden_because
    assert hidden(6, 5).hidden_because == "skjult så en liten gruppe ikke kan regnes ut"
    # 7 residents, all with answers given alone, one also with help: "alone" holds the 7 with
    # that one's helped answers left out, so it differs from everyone by one person.
    assert shown_filters({everyone: 7, alone: 7, helped: 1}, 5, {alone: 1, helped: 1}) == {everyone}
    # 10 residents, 5 alone, 5 with help: every difference is 5 or more.
    assert shown_filters({everyone: 10, alone: 5, helped: 5}, 5) == {everyone, alone, helped}
    # 12 residents, 5 alone, 5 with help, 2 not known: all three would reveal the 2.
    assert shown_filters({everyone: 12, alone: 5, helped: 5}, 5) == {everyone, alone}
    assert checked_minimum(3) == 3
    with pytest.raises(UnsafeMinimum):
        checked_minimum(2)


def test_all_municipalities_is_the_sum_of_those_shown(app: FastAPI, catalog: Catalog) -> None:
    """Three municipalities: 9, 6 and 2 residents. The 2 are hidden, and left out of "all
    municipalities" too (15, "2 av 3 kommuner"): were they in it (17), the total minus the two
    shown would give them away, to anyone, or to the 6's own analysts were the 6 hidden
    beside them."""
    with app.state.services.connect() as connection:
        rounds = [
            round_with(connection, catalog, [{"hjem_trives": v} for v in values], number=number)
            for number, values in (
                ("9931", ["ja"] * 9),
                ("9932", ["nei"] * 3 + ["delvis"] * 3),
                ("9933", ["nei", "nei"]),
            )
        ]
        sums = theme_sums(connection, catalog, rounds)
    standard = standard_questionnaires(catalog)
    figures = period_figures("2025", rounds, sums, ["trivsel"], Filters(), 5, (), standard)
    big, middle, small, total = (
        figures.figure(group, "resident", "trivsel") for group in ("9931", "9932", "9933", ALL)
    )
    assert big.score is not None and big.score.mean == 100.0
    assert middle.score is not None and middle.score.n == 6
    assert small.score is None and small.hidden_because == "færre enn 5 svar"
    assert total.score is not None and (total.score.mean, total.score.n) == (
        round((900 + 150) / 15, 1),
        15,
    )
    assert total.note == "2 av 3 kommuner"


def test_round_results_on_the_command_line_hide_small_groups(
    app: FastAPI,
    catalog: Catalog,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    resident = catalog.questionnaires["beboer"]
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)  # an open round shows no scores
        assert survey_round.id is not None
        for number in range(7):  # 5 answer alone, 2 with staff
            state = start_response(connection, resident, round_id=survey_round.id)
            set_helper(connection, state, "selv" if number < 5 else "personale")
            value = "ja" if number % 2 == 0 else "nei"
            for question in ("hjem_trives", "hjem_leilighet"):
                save_answer(
                    connection,
                    questionnaire=resident,
                    state=state,
                    question_id=question,
                    value=value,
                )
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        assert main(["round", "results", str(survey_round.id)]) == 0
        everyone = capsys.readouterr().out
        assert main(["round", "results", str(survey_round.id), "--answered", "alone"]) == 0
        alone = capsys.readouterr().out
        assert main(["round", "results", str(survey_round.id), "--min-group", "2"]) == 1
        assert "Minste gruppe kan ikke være under 3" in capsys.readouterr().err
        as_csv = ["round", "results", str(survey_round.id), "--answered", "alone"]
        assert main([*as_csv, "--format", "csv"]) == 0
        table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert main(["round", "results", str(survey_round.id), "--format", "json"]) == 0
        shown = json.loads(capsys.readouterr().out)
    finally:
        get_settings.cache_clear()
    trivsel = next(line for line in everyone.splitlines() if line.startswith("Trivsel"))
    # 4 × 100 and 3 × 0 over 7 residents: 57.1; no relatives yet.
    assert "57.1 (" in trivsel and "n=7" in trivsel and "(færre enn 5 svar)" in trivsel
    assert "Beboere: svarte selv." in alone
    trivsel_alone = next(line for line in alone.splitlines() if line.startswith("Trivsel"))
    # 5 answered alone, but the 2 left out are too few: hidden, or they could be worked out.
    assert (
        "57.1" not in trivsel_alone
        and "(skjult så en liten gruppe ikke kan regnes ut)" in trivsel_alone
    )
    # Every row of the table has its five columns apart, however long a cell ("...svar)74.2").
    header = next(line for line in alone.splitlines() if line.startswith("Tema "))
    assert re.split(r"\s{2,}", header) == [
        "Tema", "Beboere", "Pårørende", "Alle kommuner (beboere)", "Alle kommuner (pårørende)"
    ]  # fmt: skip
    for line in alone.splitlines()[alone.splitlines().index(header) + 1 :]:
        assert len(re.split(r"\s{2,}", line)) == 5, line

    # For scripts: the same figures as the aggregate export's rows, hidden ones without a score
    # (nor the n behind them); JSON with numbers as numbers.
    mine = {(row["gruppe"], row["tema"]): row for row in table if row["kommunenummer"] == "9931"}
    hidden_row = mine["beboere", "trivsel"]
    assert (hidden_row["skar"], hidden_row["n"]) == ("", "")
    assert hidden_row["merknad"] == "skjult så en liten gruppe ikke kan regnes ut"
    figure = next(
        f
        for f in shown["figurer"]
        if f["kommunenummer"] == "9931" and f["tema"] == "trivsel" and f["gruppe"] == "beboere"
    )
    assert (figure["skar"], figure["n"]) == (57.1, 7) and figure["nedre"] < 57.1 < figure["ovre"]
    assert shown["beboere"] == "alle" and shown["runde"]["kommunenummer"] == "9931"


def test_the_same_figures_on_sqlite_and_postgresql(
    any_database_settings: Settings, catalog: Catalog
) -> None:
    """The database counts: the hand-computed example must hold on both databases, and the
    kept sums of a closed round must give the same figure as counting afresh."""
    app = create_app(any_database_settings)
    people: list[Answers] = [
        {"hjem_trives": "ja", "hjem_leilighet": "ja"},
        {"hjem_trives": "ja", "hjem_leilighet": "nei"},
        {"hjem_trives": "delvis"},
        {"hjem_trives": "delvis"},
        {"hjem_leilighet": "delvis"},
        {"hjem_trives": "ja"},
        {"hjem_trives": "delvis"},
        {"hjem_trives": "nei", "hjem_leilighet": "ja"},
    ]
    with app.state.services.connect() as connection:
        survey_round = round_with(connection, catalog, people)
        assert scores_of(connection, catalog, survey_round)["trivsel"] == Score(62.5, 8, 43.1, 81.9)
        today = date(2026, 1, 1)  # the round closed in 2025: its sums are kept
        first = ThemeSumsCache(catalog, 5).sums(connection, [survey_round], today)[Filters()]
        kept = ThemeSumsCache(catalog, 5).sums(connection, [survey_round], today)[Filters()]
    key: ThemeKey = (survey_round.id, "resident", "trivsel", "chosen")
    assert first[key] == kept[key]
    assert score_of(kept[key]) == Score(62.5, 8, 43.1, 81.9)
    app.state.services.engine.dispose()


def test_an_open_round_is_never_counted(app: FastAPI, catalog: Catalog) -> None:
    """Open rounds show participation only, so their sums are neither counted nor kept."""
    today = clock.today()
    with app.state.services.connect() as connection:
        survey_round = ensure_demo_round(connection, catalog, today)
        assert survey_round is not None
        for _ in range(5):
            respond(connection, catalog, survey_round, {"hjem_trives": "ja"})
        sums = ThemeSumsCache(catalog, 5).sums(connection, [survey_round], today)
        kept = connection.execute(select(func.count()).select_from(kept_table)).scalar_one()
    assert sums == {f: {} for f in FILTERS}
    assert kept == 0


def test_sums_kept_by_an_older_version_for_some_filters_are_completed(
    app: FastAPI, catalog: Catalog
) -> None:
    """Kept sums for one filter only (as an older version left them) are not taken for all:
    the round is counted, and what was missing is kept beside what was there."""
    today = date(2026, 1, 1)
    with app.state.services.connect() as connection:
        survey_round = round_with(connection, catalog, [{"hjem_trives": "ja"}] * 6)
        ThemeSumsCache(catalog, 5).sums(connection, [survey_round], today)
        kept = kept_table
        everyone = basis_of(catalog, Filters())
        connection.execute(delete(kept).where(kept.c.basis != everyone))
        connection.commit()
        sums = ThemeSumsCache(catalog, 5).sums(connection, [survey_round], today)
        bases = connection.execute(select(kept.c.basis).distinct()).scalars().all()
        fresh = theme_sums(connection, catalog, [survey_round])
    assert len(bases) == len(FILTERS)
    assert sums == fresh
    assert sums[Filters("alone")][(survey_round.id, "resident", "trivsel", "chosen")].n == 6


def test_sums_kept_before_exact_sums_are_counted_again_unless_the_answers_are_gone(
    app: FastAPI, catalog: Catalog
) -> None:
    """Sums kept by a version before exact totals: a round with its answers is counted again
    and its rows replaced (exact from then on); a round whose answers are deleted keeps what it
    has, read as floating-point totals."""
    today = date(2026, 1, 1)
    kept = kept_table
    with app.state.services.connect() as connection:
        rounds = [
            round_with(connection, catalog, [_trivsel(p) for p in people], number=number)
            for number, people in TIED.items()
        ]
        ThemeSumsCache(catalog, 5).sums(connection, rounds, today)
        rows = connection.execute(select(func.count()).select_from(kept)).scalar_one()
        as_before = update(kept).values(exact_total=None)
        connection.execute(as_before.where(kept.c.audience != ""))
        gone = rounds[0]
        connection.execute(
            update(rounds_table)
            .where(rounds_table.c.id == gone.id)
            .values(answers_deleted_at=utcnow())
        )
        connection.commit()
        rounds = [r for r in analysed_rounds(connection) if r.id in {x.id for x in rounds}]
        sums = ThemeSumsCache(catalog, 5).sums(connection, rounds, today)[Filters()]
        exact = dict(
            connection.execute(
                select(kept.c.round_id, func.count(kept.c.exact_total))
                .where(kept.c.audience != "")
                .group_by(kept.c.round_id)
            ).all()
        )
        assert connection.execute(select(func.count()).select_from(kept)).scalar_one() == rows
    assert exact[gone.id] == 0  # kept as it was
    assert all(count > 0 for round_id, count in exact.items() if round_id != gone.id)
    key: ThemeKey = (gone.id, "resident", "trivsel", "chosen")
    assert isinstance(sums[key].total, float) and sums[key].total == 325.0
    others = [r for r in rounds if r.id != gone.id]
    assert all(
        not isinstance(sums[(r.id, "resident", "trivsel", "chosen")].total, float) for r in others
    )


def test_an_open_round_shows_who_has_answered_but_no_scores(app: FastAPI, catalog: Catalog) -> None:
    """Scores of a round still open would change one person at a time: a refresh where n rises
    by one gives that person's answers away. They come when the round closes."""
    today = date(2025, 4, 15)  # both rounds open from 1 March to 30 April 2025
    with app.state.services.connect() as connection:
        lillevik = round_with(connection, catalog, [{"hjem_trives": "ja"}] * 6)
        storvik = round_with(connection, catalog, [{"hjem_trives": "nei"}] * 6, number="9951")
        context = ResultsContext(connection, catalog, ThemeSumsCache(catalog, 5), 5, today)
        while_open = {t.theme: t for t in round_results(context, lillevik)}["trivsel"]
        report = round_report(context, lillevik)
        after = {
            t.theme: t for t in round_results(replace(context, today=date(2025, 5, 1)), lillevik)
        }
    assert while_open.residents.score is None and while_open.all_residents.score is None
    assert while_open.residents.hidden_because == "runden er åpen"
    assert all(d.hidden_because == "runden er åpen" for d in report.questions["resident"])
    assert report.started == 6  # participation is shown
    assert after["trivsel"].residents.score is not None
    assert after["trivsel"].all_residents.score is not None and storvik.id


def _counted_by_hand(
    connection: Connection, catalog: Catalog, round_ids: list[int], filters: Filters
) -> dict[ThemeKey, tuple[int, float]]:
    """Each filter counted on its own, in Python, from the stored answers: (n, sum)."""
    responses, answers = responses_table, answers_table
    rows = connection.execute(
        select(
            responses.c.id,
            responses.c.round_id,
            responses.c.questionnaire_id,
            responses.c.quality_flags,
            answers.c.question_id,
            answers.c.value,
            answers.c.helper,
        )
        .select_from(responses.join(answers, answers.c.response_id == responses.c.id))
        .where(responses.c.round_id.in_(round_ids))
    ).all()
    connection.rollback()
    scores = {
        (q, question, value): (theme, s)
        for q, question, value, theme, s in item_score_rows(catalog)
    }
    asking = {q.id for q in catalog.questionnaires.values() if q.ask_helper}
    per_person: dict[tuple[int, int, str, str], list[float]] = defaultdict(list)
    kinds: dict[tuple[int, int, str, str], set[bool]] = defaultdict(set)  # helped, alone
    for response, round_id, questionnaire, flags, question, value, helper in rows:
        if (questionnaire, question, value) not in scores:
            continue
        if filters.without_flagged and flags:
            continue
        helped = helper is not None and helper != ALONE
        theme, score = scores[(questionnaire, question, value)]
        person = (response, round_id, questionnaire, theme)
        if questionnaire in asking:
            kinds[person].add(helped)
        if (
            questionnaire in asking
            and filters.help != "all"
            and helped != (filters.help == "helped")
        ):
            continue
        per_person[person].append(score)
    audience = {q.id: q.audience for q in catalog.questionnaires.values()}
    result: dict[ThemeKey, tuple[int, float]] = {}
    for (_, round_id, questionnaire, theme), given in per_person.items():
        key: ThemeKey = (round_id, audience[questionnaire], theme, "chosen")
        n, total = result.get(key, (0, 0.0))
        result[key] = (n + 1, total + sum(given) / len(given))
    # Under a help filter: those kept with some of their answers left out (both kinds).
    for (_, round_id, questionnaire, theme), both in kinds.items():
        if filters.help != "all" and len(both) == 2:
            key = (round_id, audience[questionnaire], theme, "partial")
            n, _ = result.get(key, (0, 0.0))
            result[key] = (n + 1, 0.0)
    return result


def test_every_filter_counted_in_one_pass_is_each_filter_counted_alone(
    any_database_settings: Settings, catalog: Catalog
) -> None:
    """One pass gives all six filters; it must give what counting each one apart gives, on
    data with helpers changing within a response, flagged responses, and relatives (whom the
    help filter does not touch)."""
    app = create_app(any_database_settings)
    with app.state.services.connect() as connection:
        fill_demo(connection, catalog, DemoPlan(municipalities=2, periods=1, residents=30, seed=32))
        rounds = analysed_rounds(connection)
        round_ids = [r.id for r in rounds]
        counted = theme_sums(connection, catalog, rounds)
        for f in FILTERS:
            by_hand = _counted_by_hand(connection, catalog, round_ids, f)
            assert by_hand, f
            assert set(counted[f]) == set(by_hand), f
            for key, (n, total) in by_hand.items():
                assert counted[f][key].n == n, (f, key)
                assert counted[f][key].total == pytest.approx(total), (f, key)
        # Every filter counts something of its own here (or the comparison proves little).
        differ = {f: sorted((k, round(v.total, 6)) for k, v in counted[f].items()) for f in FILTERS}
        assert len({tuple(d) for d in differ.values()}) == len(FILTERS)
    app.state.services.engine.dispose()


# Three municipalities' residents' Trivsel, each person the mean of three or four answers (ja
# 100, delvis or av og til 50, nei 0): all sixteen together exactly 900 / 16 = 56.25, which the
# rule rounds half up to 56.3. Each municipality's sum of thirds and quarters was a
# floating-point number; added in the order the page takes them (by name: Kommune 9932,
# Kommune 9933, Lillevik) they made 899.9999999999999, and 56.24999999999999 was shown 56.2.
TIED = {
    "9932": [(100, 100, 100), (0, 100, 100), (0, 0, 100), (0, 100, 100, 100), (0, 0, 100, 100)],
    "9933": [
        (0, 100, 100, 100), (0, 50, 100), (50, 50, 100, 100), (0, 0, 0, 50), (50, 100, 100),
        (0, 0, 0),
    ],
    "9931": [(0, 0, 100, 100), (100, 100, 100), (50, 100, 100, 100), (0, 0, 50), (0, 0, 0, 100)],
}  # fmt: skip
TRIVSEL = ("hjem_trives", "hjem_leilighet", "fritid_liker", "fritid_venner")


def _trivsel(scores: tuple[int, ...]) -> Answers:
    words = {
        "hjem_trives": {100: "ja", 50: "delvis", 0: "nei"},
        "hjem_leilighet": {100: "ja", 50: "delvis", 0: "nei"},
        "fritid_liker": {100: "ja", 50: "av_og_til", 0: "nei"},
        "fritid_venner": {100: "ja", 50: "av_og_til", 0: "nei"},
    }
    return {q: words[q][s] for q, s in zip(TRIVSEL, scores, strict=False)}


def test_an_exact_tie_rounds_half_up(any_database_settings: Settings, catalog: Catalog) -> None:
    app = create_app(any_database_settings)
    today = date(2026, 1, 1)  # the rounds closed in 2025: their sums are counted and kept
    with app.state.services.connect() as connection:
        rounds = [
            round_with(connection, catalog, [_trivsel(p) for p in people], number=number)
            for number, people in TIED.items()
        ]
        for cache in (ThemeSumsCache(catalog, 5), ThemeSumsCache(catalog, 5)):  # then as kept
            sums = cache.sums(connection, rounds, today)
            figures = period_figures(
                "2025",
                rounds,
                sums,
                ["trivsel"],
                Filters(),
                5,
                (),
                standard_questionnaires(catalog),
            )
            everyone = figures.figure(ALL, "resident", "trivsel").score
            assert everyone is not None and everyone.n == 16
            assert everyone.mean == 56.3
    app.state.services.engine.dispose()
