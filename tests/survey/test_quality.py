"""Answer quality: check items against yes-saying, and balanced answer order."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, update

from app import clock
from app.config import Settings
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import QuestionPage, Scale
from app.rounds.rounds import ensure_demo_round
from app.storage.database import make_engine
from app.storage.tables import responses_table
from app.survey.answering import submit_screen
from app.survey.flow import Screen, journey
from app.survey.quality import REPEAT_DIFFERS, REVERSE_BOTH_YES, SAME_ANSWER, quality_flags
from app.survey.responses import ResponseState, start_response
from tests.support.entering import to_first_question


def all_yes(catalog: Catalog) -> dict[str, str | None]:
    questionnaire = catalog.questionnaires["beboer"]
    return {q.id: catalog.scale_of(q).options[0].value for q in questionnaire.questions}


def test_the_same_yes_to_everything_and_to_opposites_is_flagged(catalog: Catalog) -> None:
    flags = quality_flags(catalog.questionnaires["beboer"], catalog.scales, all_yes(catalog))
    assert flags == [REVERSE_BOTH_YES, SAME_ANSWER]


def test_a_repeat_answered_differently_is_flagged(catalog: Catalog) -> None:
    answers = {"hjem_trives": "ja", "fritid_bo_liker": "nei", "pers_hyggelige": "ja"}
    assert quality_flags(catalog.questionnaires["beboer"], catalog.scales, answers) == [
        REPEAT_DIFFERS
    ]


def test_consistent_varied_answers_raise_no_flag(catalog: Catalog) -> None:
    answers = all_yes(catalog)
    answers.update({"pers_sure": "nei", "hjem_natt": "delvis", "dag_har": "nei"})
    assert quality_flags(catalog.questionnaires["beboer"], catalog.scales, answers) == []


def test_declined_and_few_answers_are_not_yes_saying(catalog: Catalog) -> None:
    questionnaire = catalog.questionnaires["beboer"]
    declined = {q.id: None for q in questionnaire.questions}
    assert quality_flags(questionnaire, catalog.scales, declined) == []
    few = {q.id: "ja" for q in questionnaire.questions[:5]}
    assert quality_flags(questionnaire, catalog.scales, few) == []


def demo_round(connection: Connection, catalog: Catalog) -> int:
    survey_round = ensure_demo_round(connection, catalog, clock.today())
    assert survey_round is not None and survey_round.id is not None
    return survey_round.id


def yes_to(
    connection: Connection, catalog: Catalog, state: ResponseState, screen: Screen
) -> Screen:
    """The first option to every question on the screen, as a yes-sayer taps it; the next."""
    questionnaire = catalog.questionnaires[state.questionnaire_id]
    yes = all_yes(catalog)
    return submit_screen(
        connection,
        questionnaire=questionnaire,
        scales=catalog.scales,
        state=state,
        screen_id=screen.id,
        given={q.id: yes[q.id] for q in screen.questions},
    ).screen


def test_flags_are_stored_when_the_response_is_finished(catalog: Catalog, tmp_path: Path) -> None:
    questionnaire = catalog.questionnaires["beboer"]
    engine = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'q.db'}"))
    with engine.connect() as connection:
        state = start_response(connection, questionnaire, round_id=demo_round(connection, catalog))
        screen = journey(questionnaire, {}).resume_screen  # the intro, before any answer
        for _ in range(len(questionnaire.pages)):
            screen = yes_to(connection, catalog, state, screen)
            if state.finished:
                break
    with engine.connect() as connection:
        stored = connection.execute(select(responses_table)).one()
    assert stored.quality_flags == f"{REVERSE_BOTH_YES},{SAME_ANSWER}"


def test_a_yes_sayer_who_stops_before_the_end_is_flagged_too(
    catalog: Catalog, tmp_path: Path
) -> None:
    """Flags were set only when a response was finished: a resident who said yes to every one of
    twenty questions and then stopped was never flagged, and counted under «Uten
    kvalitetsflagg». The flags follow the answers given so far."""
    questionnaire = catalog.questionnaires["beboer"]
    engine = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'q.db'}"))
    seen: list[str] = []
    with engine.connect() as connection:
        state = start_response(connection, questionnaire, round_id=demo_round(connection, catalog))
        screen = journey(questionnaire, {}).resume_screen
        while sum(1 for value in state.answers.values() if value) < 20:
            screen = yes_to(connection, catalog, state, screen)
            with engine.connect() as reader:
                seen.append(reader.execute(select(responses_table)).one().quality_flags)
    assert not state.finished
    assert SAME_ANSWER in seen[-1].split(",")
    assert seen[0] == ""  # nothing to flag before there were answers enough


def test_half_the_responses_see_the_options_reversed(
    catalog: Catalog, tmp_path: Path, client: TestClient, app: FastAPI
) -> None:
    questionnaire = catalog.questionnaires["beboer"]
    assert questionnaire.balance_option_order
    engine = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'order.db'}"))
    with engine.connect() as connection:
        round_id = demo_round(connection, catalog)
        orders = [
            start_response(connection, questionnaire, round_id=round_id).option_order
            for _ in range(60)
        ]
    assert 10 < orders.count("reversed") < 50  # drawn at random, about half

    to_first_question(client)
    with app.state.services.engine.begin() as connection:
        connection.execute(update(responses_table).values(option_order="reversed"))
    page = client.get("/s/beboer/side/hjem_trives").text
    assert page.index('value="nei"') < page.index('value="delvis"') < page.index('value="ja"')
    assert page.index('value="ja"') < page.index('value="-"')  # "Vil ikke svare" stays last


def test_a_scale_of_its_own_without_marks_is_read_by_what_its_answers_score(
    catalog: Catalog,
) -> None:
    """A municipality's own scale («Alltid / Noen ganger / Aldri») had no marks, so nothing
    answered on it could ever be flagged: its answers are read by their scores (the best as
    «yes», the worst as «no»), as their colours are."""
    always = Scale.model_validate(
        {
            "options": [
                {"value": "alltid", "label": "Alltid", "score": 100},
                {"value": "noen_ganger", "label": "Noen ganger", "score": 50},
                {"value": "aldri", "label": "Aldri", "score": 0},
            ]
        }
    )
    questionnaire = catalog.questionnaires["beboer"]
    own = questionnaire.model_copy(
        update={
            "pages": [
                p.model_copy(update={"scale": "alltid"}) if isinstance(p, QuestionPage) else p
                for p in questionnaire.pages
            ]
        }
    )
    scales = {**catalog.scales, "alltid": always}
    answers = {q.id: "alltid" for q in own.questions}
    assert quality_flags(own, scales, answers) == [REVERSE_BOTH_YES, SAME_ANSWER]
