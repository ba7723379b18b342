"""A version that has answers keeps what it asked: `check` notes a change at its line (it is
published as a new version, so answers given to other words are not mixed), and refuses a
change that drops a stored answer's value."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from app import PROJECT_ROOT, clock
from app.config import Settings
from app.questionnaires.catalog import load_catalog
from app.rounds.answered import checked_questions
from app.rounds.rounds import ensure_demo_round
from app.rounds.versions import publish_versions
from app.storage.database import make_engine
from app.storage.tables import Round, rounds_table
from app.survey.responses import save_answer, set_helper, start_response
from tests.support.answering import open_round

QUESTION = "hjem_trives"
ASKED = "Trives du der du bor?"


@pytest.fixture
def owners_folder(tmp_path: Path) -> Settings:
    """The shipped questions in a folder of the test's own, on a database of its own."""
    shutil.copytree(PROJECT_ROOT / "questions", tmp_path / "questions")
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'svar.db'}",
        questions_dir=tmp_path / "questions",
        demo_round=False,
    )


def answer_once(settings: Settings, *, demo: bool = False, language: str = "nb") -> None:
    """One resident answers the first question, in a real round (or only in the demo's), in
    the version the server published (and in `language`)."""
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    engine = make_engine(settings)
    publish_versions(engine, catalog, clock.today())
    with engine.connect() as connection:
        opened = connection.execute(
            select(rounds_table).where(rounds_table.c.municipality_number == "9946")
        )
        earlier = opened.first()
        survey_round = (
            ensure_demo_round(connection, catalog, clock.today())
            if demo
            else Round(**earlier._mapping)
            if earlier
            else open_round(connection, catalog, "9946", "Fjordby")
        )
        assert survey_round is not None and survey_round.id is not None
        questionnaire = catalog.in_language(catalog.questionnaires["beboer"], language)
        response = start_response(connection, questionnaire, round_id=survey_round.id)
        set_helper(connection, response, "selv")
        save_answer(
            connection,
            questionnaire=questionnaire,
            state=response,
            question_id=QUESTION,
            value="ja",
        )
    engine.dispose()


def edit(settings: Settings, old: str, new: str) -> int:
    """Change the residents' file as an owner would; the line of the change."""
    path = settings.questions_dir / "beboer.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def problems(settings: Settings) -> list[str]:
    return [str(problem) for problem in checked_questions(settings).problems]


def notes(settings: Settings) -> list[str]:
    """What `check` notes will be published as a new version."""
    checked = checked_questions(settings)
    assert checked.problems == []
    return [str(note) for found in checked.new_versions.values() for note in found]


def test_a_new_wording_under_a_version_with_answers_is_noted_at_its_line(
    owners_folder: Settings,
) -> None:
    answer_once(owners_folder)
    line = edit(owners_folder, ASKED, "Liker du deg der du bor?")
    found = notes(owners_folder)
    assert len(found) == 1, found
    assert found[0].startswith(f"{owners_folder.questions_dir / 'beboer.yaml'}:{line}: merk: ")
    assert f"versjon 3 er besvart med den gamle («{ASKED}»)" in found[0]
    assert "publiseres som en ny versjon" in found[0]

    edit(owners_folder, "version: 3", "version: 4")
    assert notes(owners_folder) == []  # a new version may say it otherwise


def test_a_question_added_or_removed_is_a_new_version_too(owners_folder: Settings) -> None:
    """It was accepted under the same version: a row's `skjemaversjon` then no longer said
    which questions it was asked."""
    answer_once(owners_folder)
    edit(owners_folder, "    id: hjem_leilighet\n", "    id: hjem_rommet\n")
    found = notes(owners_folder)
    assert any("spørsmålet «hjem_rommet» er nytt" in note for note in found), found
    assert any("spørsmålet «hjem_leilighet» er fjernet" in note for note in found), found


def test_a_stored_answer_value_must_stay_an_option(owners_folder: Settings) -> None:
    answer_once(owners_folder)
    scales = owners_folder.questions_dir / "scales.yaml"
    scales.write_text(
        scales.read_text(encoding="utf-8").replace("- value: ja\n", "- value: jada\n", 1),
        encoding="utf-8",
    )
    found = problems(owners_folder)
    assert any("«ja» er lagret som svar på dette spørsmålet (1 svar)" in p for p in found)
    assert any("gi spørsmålet en ny id" in p for p in found)

    edit(owners_folder, "version: 3", "version: 4")  # results pool versions: still refused
    assert any("«ja» er lagret som svar" in p for p in problems(owners_folder))


def test_a_new_label_on_an_answer_button_of_an_answered_version_is_refused(
    owners_folder: Settings,
) -> None:
    answer_once(owners_folder)
    scales = owners_folder.questions_dir / "scales.yaml"
    text = scales.read_text(encoding="utf-8")
    assert "label: Ja\n" in text
    scales.write_text(text.replace("label: Ja\n", "label: Ja, det gjør jeg\n", 1), "utf-8")
    found = notes(owners_folder)
    assert any(
        "svaret «ja» heter nå «Ja, det gjør jeg», og versjon 3 er besvart med «Ja»" in p
        for p in found
    ), found
    edit(owners_folder, "version: 3", "version: 4")
    assert notes(owners_folder) == []


def test_the_demo_rounds_answers_and_an_unanswered_version_do_not_hold_the_wording(
    owners_folder: Settings,
) -> None:
    answer_once(owners_folder, demo=True)
    edit(owners_folder, ASKED, "Liker du deg der du bor?")
    assert notes(owners_folder) == []


def test_a_new_nynorsk_wording_is_refused_only_where_nynorsk_was_answered(
    owners_folder: Settings,
) -> None:
    edit(owners_folder, 'nn: "Trivst du der du bur?"', 'nn: "Trivst du?"')
    answer_once(owners_folder)  # in bokmål: the nynorsk words hold no answer yet
    edit(owners_folder, '"Trivst du?"', '"Likar du deg der du bur?"')
    assert notes(owners_folder) == []

    answer_once(owners_folder, language="nn")
    line = edit(owners_folder, '"Likar du deg der du bur?"', '"Trivst du der du bur?"')
    found = notes(owners_folder)
    assert len(found) == 1, found
    assert found[0].startswith(f"{owners_folder.questions_dir / 'beboer.yaml'}:{line}: ")
    assert "teksten på nynorsk er endret" in found[0]
    assert "besvart på nynorsk med den gamle («Likar du deg der du bur?»)" in found[0]
    edit(owners_folder, "version: 3", "version: 4")
    assert notes(owners_folder) == []


def test_boxes_ticked_and_a_home_chosen_are_stored_values_of_their_questions(
    owners_folder: Settings,
) -> None:
    """A relative's "forelder verge" holds two options of its scale, and "enhet" says one of
    the round's homes was chosen: neither is a value no longer offered (the server refused to
    start with 17 such "problems" on the demo's answers). Two values where only one may be
    chosen still are."""
    catalog = load_catalog(owners_folder.questions_dir, owners_folder.illustrations_dir)
    engine = make_engine(owners_folder)
    publish_versions(engine, catalog, clock.today())
    relative = catalog.questionnaires["parorende"]
    with engine.connect() as connection:
        survey_round = open_round(connection, catalog, "9946", "Fjordby")
        survey_round = replace(survey_round, units="Lia")
        state = start_response(
            connection, relative, round_id=survey_round.id, survey_round=survey_round
        )
        for question_id, value in (
            ("relasjon", "forelder verge"),
            ("bolig", "enhet"),
            ("kontakt", "ukentlig manedlig"),
        ):
            save_answer(
                connection,
                questionnaire=relative,
                state=state,
                question_id=question_id,
                value=value,
            )
    engine.dispose()
    found = problems(owners_folder)
    assert len(found) == 1 and "«ukentlig manedlig» er lagret som svar" in found[0], found
