"""Skip rules with all, any and not, over answers, who is helping, the home and the language:
what they show, what `check` says of them, and how they are said in words."""

from pathlib import Path

import pytest

from app.questionnaires.catalog import check_catalog, load_catalog
from app.questionnaires.model import Circumstances, Questionnaire
from app.questionnaires.rules import in_words
from app.survey import flow

PAGES = """\
id: proeve
version: 1
title: Prøve
ask_helper: true
languages: [nb, nn]
layout: section
pages:
  - type: intro
    id: start
    title: Hei
  - type: section
    id: dagen
    title: Dagen
  - type: question
    id: dag_har
    text: Har du en jobb?
    scale: ja_nei
    theme: trivsel
  - type: question
    id: reise
    text: Hvordan kommer du deg dit?
    scale: reise
    multiple: true
    background: true
  - type: question
    id: lonn
    text: Får du lønn?
    scale: ja_nei
    theme: trivsel
    show_if: {all: [{question: dag_har, is: ja}, {helper: selv}]}
  - type: question
    id: buss
    text: Er bussen god?
    scale: ja_nei
    theme: trivsel
    show_if: {any: [{question: reise, is: buss}, {not: {language: nb}}]}
  - type: question
    id: hjemme
    text: Liker du Solsikken?
    scale: ja_nei
    theme: trivsel
    show_if: {home: Solsikken}
  - type: end
    id: takk
    title: Takk!
"""

SCALE = """
  reise:
    options:
      - {value: buss, label: Buss}
      - {value: taxi, label: Taxi}
      - {value: gaar, label: Går}
"""


def write(folder: Path, rule: str = "") -> Path:
    with (folder / "scales.yaml").open("a", encoding="utf-8") as scales:
        scales.write(SCALE)
    text = PAGES if not rule else PAGES.replace("{home: Solsikken}", rule)
    (folder / "proeve.yaml").write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    return [str(p) for p in check_catalog(folder, folder.parent / "illustrations").problems]


def questionnaire(folder: Path) -> Questionnaire:
    return load_catalog(folder, folder.parent / "illustrations").questionnaires["proeve"]


def shown(q: Questionnaire, answers: dict[str, str | None], about: Circumstances) -> list[str]:
    return [page.id for page in flow.journey(q, answers, True, about).pages]


def test_all_any_and_not_over_answers_helper_home_and_language(folder: Path) -> None:
    assert problems(write(folder)) == []
    q = questionnaire(folder)
    alone = Circumstances(helper="selv", home="Solsikken", language="nb")
    helped = alone._replace(helper="personale")
    assert "lonn" in shown(q, {"dag_har": "ja"}, alone)
    assert "lonn" not in shown(q, {"dag_har": "ja"}, helped)
    assert "lonn" not in shown(q, {"dag_har": "nei"}, alone)
    # Several boxes: «buss» is one of those ticked; or the form is read in nynorsk.
    assert "buss" in shown(q, {"reise": "taxi buss"}, alone)
    assert "buss" not in shown(q, {"reise": "taxi"}, alone)
    assert "buss" in shown(q, {"reise": "taxi"}, alone._replace(language="nn"))
    assert "hjemme" in shown(q, {}, alone)
    assert "hjemme" not in shown(q, {}, alone._replace(home="Fjellgata"))


def test_rules_in_words_for_the_preview_and_the_codebook(folder: Path) -> None:
    q = questionnaire(write(folder))
    said = {page.id: in_words(page.show_if) for page in q.pages if page.show_if}
    assert said == {
        "lonn": "dag_har er ja og hjelper er selv",
        "buss": "reise er buss eller ikke språk er nb",
        "hjemme": "bolig er Solsikken",
    }


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "{all: [{question: dag_har, is: ja}, {question: dag_har, is: nei}]}",
            "regelen kan aldri stemme, så siden vises aldri",
        ),
        ("{not: {language: [nb, nn]}}", "regelen kan aldri stemme"),
        (
            "{any: [{question: dag_har, is: ja}, {question: dag_har, is_not: ja}]}",
            "regelen stemmer alltid, så den gjør ingenting",
        ),
        ("{helper: alene}", "«alene» er ikke en hjelper. Skriv ett av: selv, personale"),
        ("{helper: Jeg svarer selv}", "er det som står på knappen. Skriv verdien: selv"),
        ("{language: en}", "skjemaet har ikke språket «en». Skriv ett av: nb, nn"),
        ("{any: [{question: lonn_x, is: ja}]}", "show_if viser til «lonn_x»"),
        ("{question: dag_har, is: ja, helper: selv}", "skriv én betingelse her"),
        ("{all: [{is: ja}]}", "is og is_not hører til en question"),
        ("{all: []}", "all må ha minst 1 element"),
    ],
)
def test_check_names_a_rule_that_can_never_or_always_hold_and_what_it_names(
    folder: Path, rule: str, message: str
) -> None:
    found = problems(write(folder, rule))
    assert any(message in said for said in found), found
    line = PAGES[: PAGES.index("{home: Solsikken}")].count("\n") + 1
    assert all(f"proeve.yaml:{line}:" in said for said in found), found  # the rule's line


def test_a_helper_rule_needs_a_questionnaire_that_asks_who_helps(folder: Path) -> None:
    (folder / "proeve.yaml").write_text(
        PAGES.replace("ask_helper: true\n", "").replace("{home: Solsikken}", "{helper: selv}")
    )
    with (folder / "scales.yaml").open("a", encoding="utf-8") as scales:
        scales.write(SCALE)
    found = problems(folder)
    assert any("skjemaet spør ikke hvem som hjelper" in said for said in found), found


def test_an_answer_given_alone_is_kept_when_a_helper_comes(folder: Path) -> None:
    """Who is helping hides «Får du lønn?» from then on; the answer given alone stays (it was
    asked). A changed answer to dag_har hides it and removes the answer, as before."""
    q = questionnaire(write(folder))
    alone = Circumstances(helper="selv", language="nb")
    answers: dict[str, str | None] = {"dag_har": "ja", "lonn": "ja"}
    helped = alone._replace(helper="personale")
    before = flow.journey(q, answers, True, helped)
    after = flow.journey(q, {**answers, "reise": "buss"}, True, helped)  # another rule's answer
    assert after.hidden_by(before) == []
    before = flow.journey(q, answers, True, alone)
    changed = flow.journey(q, {**answers, "dag_har": "nei"}, True, alone)
    assert changed.hidden_by(before) == ["lonn"]
