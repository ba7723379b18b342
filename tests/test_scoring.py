"""Theme scores and small-group suppression, against hand-computed examples."""

from datetime import date

import pytest
from fastapi import FastAPI
from sqlmodel import Session, select

from app.catalog import Catalog
from app.cli import main
from app.config import Settings, get_settings
from app.export import csv_lines
from app.models import Response
from app.responses import save_answer, set_helper, start_response
from app.rounds import ensure_demo_round
from app.scoring import AnswerRow, Score, theme_scores
from app.suppression import UnsafeMinimum, checked_minimum, shown, shown_part


def rows(answers: list[tuple[str, str, str | None]], helper: str | None = None) -> list[AnswerRow]:
    return [AnswerRow(r, q, v, helper, flagged=False) for r, q, v in answers]


def test_resident_scores_mean_over_respondents_with_a_t_interval(catalog: Catalog) -> None:
    # Respondent theme scores 100, 50, 50, 50, 50, 100, 50, 50 on "trivsel":
    # mean 62.5; sd √(3750 / 7) = 23.146; se = 8.183; t(7) = 2.365 → 62.5 ± 19.35.
    answers = [
        ("a", "hjem_trives", "ja"),
        ("a", "hjem_leilighet", "ja"),
        ("b", "hjem_trives", "ja"),
        ("b", "hjem_leilighet", "nei"),  # (100 + 0) / 2 = 50
        ("c", "hjem_trives", "delvis"),
        ("c", "hjem_leilighet", None),  # "Vil ikke svare" counts nothing
        ("d", "hjem_trives", "delvis"),
        ("e", "hjem_leilighet", "delvis"),
        ("f", "hjem_trives", "ja"),
        ("f", "fritid_bo_liker", "nei"),  # a repeat (check item) counts nothing
        ("g", "hjem_trives", "delvis"),
        ("h", "hjem_trives", "nei"),
        ("h", "hjem_leilighet", "ja"),
    ]
    scores = theme_scores(catalog.questionnaires["beboer"], catalog.scales, rows(answers))
    assert scores["trivsel"] == Score(mean=62.5, n=8, low=43.1, high=81.9)


def test_reverse_items_count_the_other_way_and_relatives_use_x_minus_1_over_5(
    catalog: Catalog,
) -> None:
    reverse = rows([("a", "pers_hyggelige", "ja"), ("a", "pers_sure", "ja")])
    scores = theme_scores(catalog.questionnaires["beboer"], catalog.scales, reverse)
    assert scores["respektfull_behandling"].mean == 50.0  # (100 + (100 − 100)) / 2

    relatives = rows(
        [
            ("a", "hjem_trives", "6"),  # 100
            ("b", "hjem_trives", "1"),  # 0
            ("c", "hjem_trives", "4"),  # 60
            ("d", "hjem_trives", "vet_ikke"),  # not counted
            ("d", "relasjon", "verge"),  # background: no theme
        ]
    )
    scores = theme_scores(catalog.questionnaires["parorende"], catalog.scales, relatives)
    assert (scores["trivsel"].mean, scores["trivsel"].n) == (53.3, 3)
    assert set(scores) == {"trivsel"}


def test_help_filter_and_flagged_responses(catalog: Catalog) -> None:
    resident = catalog.questionnaires["beboer"]
    answers = [
        AnswerRow("a", "hjem_trives", "ja", "selv", flagged=False),
        AnswerRow("a", "hjem_leilighet", "nei", "personale", flagged=False),
        AnswerRow("b", "hjem_trives", "nei", "familie", flagged=True),
    ]
    alone = theme_scores(resident, catalog.scales, answers, help_filter="alone")
    helped = theme_scores(resident, catalog.scales, answers, help_filter="helped")
    assert (alone["trivsel"].mean, alone["trivsel"].n) == (100.0, 1)
    assert (helped["trivsel"].mean, helped["trivsel"].n) == (0.0, 2)
    unflagged = theme_scores(resident, catalog.scales, answers, without_flagged=True)
    assert (unflagged["trivsel"].mean, unflagged["trivsel"].n) == (50.0, 1)


def test_small_groups_are_hidden_and_cannot_be_worked_out_from_the_total() -> None:
    total, alone, helped = Score(70.0, 8, 50, 90), Score(75.0, 6, 55, 95), Score(55.0, 2, 0, 100)
    assert shown(total, 5).score == total
    assert shown(helped, 5).hidden_because == "færre enn 5 svar"
    # Differencing: total (n=8) minus "alone" (n=6) would reveal the 2 who had help. So with
    # the total shown, "alone" is hidden too.
    attempt = shown_part(alone, helped, 5)
    assert attempt.score is None
    assert attempt.hidden_because == "skjult fordi resten har færre enn 5 svar"
    assert shown_part(helped, alone, 5).score is None
    assert shown_part(alone, Score(60.0, 5, 40, 80), 5).score == alone
    assert checked_minimum(3) == 3
    with pytest.raises(UnsafeMinimum):
        checked_minimum(2)


def test_round_results_on_the_command_line_hide_small_groups(
    app: FastAPI,
    catalog: Catalog,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    resident = catalog.questionnaires["beboer"]
    with app.state.services.connect() as connection:
        survey_round = ensure_demo_round(connection, catalog, date.today())
        assert survey_round is not None and survey_round.id is not None
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
    finally:
        get_settings.cache_clear()
    trivsel = next(line for line in everyone.splitlines() if line.startswith("Trivsel"))
    # 4 × 100 and 3 × 0 over 7 residents: 57.1; no relatives yet.
    assert "57.1 (" in trivsel and "n=7" in trivsel and "(ingen svar)" in trivsel
    assert "Beboere: svarte selv." in alone
    trivsel_alone = next(line for line in alone.splitlines() if line.startswith("Trivsel"))
    # 5 answered alone, but the 2 left out are too few: hidden, or they could be worked out.
    assert "(skjult fordi resten har færre enn 5 svar)" in trivsel_alone


def test_export_of_a_small_round_as_csv(app: FastAPI, catalog: Catalog) -> None:
    resident = catalog.questionnaires["beboer"]
    with app.state.services.connect() as connection:
        survey_round = ensure_demo_round(connection, catalog, date.today())
        assert survey_round is not None and survey_round.id is not None
        state = start_response(connection, resident, round_id=survey_round.id, unit="Lia")
        set_helper(connection, state, "familie")
        for question, value in (("hjem_trives", "ja"), ("hjem_leilighet", None)):
            save_answer(
                connection, questionnaire=resident, state=state, question_id=question, value=value
            )
        wide = list(csv_lines(connection, survey_round, resident, delimiter=";"))
        long = list(csv_lines(connection, survey_round, resident, shape="long"))
    with Session(app.state.services.engine) as session:
        stored = session.exec(select(Response)).one()
    started = stored.started_at.isoformat()[:19]
    blanks = ";" * (len(resident.questions) - 2)
    assert wide == [
        "svar_id;kommunenummer;periode;skjema;skjemaversjon;enhet;hjelper;svarrekkefolge;"
        f"kvalitetsflagg;startet;fullfort;{';'.join(q.id for q in resident.questions)}\r\n",
        f"{state.id};9999;{date.today().year};beboer;1;Lia;familie;{state.option_order};;"
        f"{started};;ja;vil_ikke_svare{blanks}\r\n",
    ]
    assert long[1:] == [
        f"{state.id},9999,{date.today().year},beboer,1,Lia,familie,{state.option_order},,"
        f"{started},,hjem_trives,ja,familie\r\n",
        f"{state.id},9999,{date.today().year},beboer,1,Lia,familie,{state.option_order},,"
        f"{started},,hjem_leilighet,vil_ikke_svare,familie\r\n",
    ]
