"""The shipped resident questionnaire keeps to what the co-design project and easy-read ask."""

from collections import Counter

from app import PROJECT_ROOT
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import (
    EndPage,
    InformationPage,
    IntroPage,
    QuestionPage,
    SectionPage,
)
from app.questionnaires.plain_language import PlainLanguageRules


def test_resident_questionnaire_shape(catalog: Catalog) -> None:
    questionnaire = catalog.questionnaires["beboer"]
    assert questionnaire.language == "nb"
    assert 40 <= len(questionnaire.questions) <= 60
    assert isinstance(questionnaire.pages[0], IntroPage)
    assert isinstance(questionnaire.pages[-1], EndPage)
    assert questionnaire.pages[-1].title == "Takk!"
    information = [p for p in questionnaire.pages if isinstance(p, InformationPage)]
    assert any("Eir" in p.title for p in information)
    assert any("frivillig" in p.text and "Vil ikke svare" in p.text for p in information)
    sections = [p.id for p in questionnaire.pages if isinstance(p, SectionPage)]
    assert sections == ["hjemme", "dagtid", "fritid", "helse", "personalet"]
    assert all(q.section in sections for q in questionnaire.questions)


def test_every_theme_has_at_least_three_questions(catalog: Catalog) -> None:
    counts = Counter(q.theme for q in catalog.questionnaires["beboer"].questions if q.theme)
    assert set(counts) == set(catalog.themes)
    assert min(counts.values()) >= 3, counts


def test_questions_are_short_and_have_a_picture(catalog: Catalog) -> None:
    for question in catalog.questionnaires["beboer"].questions:
        assert len(question.text.split()) <= PlainLanguageRules().max_words, question.text
        assert question.illustration is not None and question.illustration.alt, question.id


def test_example_items_from_the_codesign_project_are_there(catalog: Catalog) -> None:
    texts = {q.id: q.text for q in catalog.questionnaires["beboer"].questions}
    assert texts["hjem_hjelp"] == "Har du hjelp fra personalet i hjemmet ditt?"
    assert texts["helse_lege"] == "Får du sjekket helsen din hos legen minst en gang i året?"
    assert texts["hjem_personalbase"] == "Er det personalbase der du bor?"
    assert texts["pers_forandringer"] == (
        "Får du beskjed fra personalet når det skjer forandringer?"
    )
    assert texts["fornoyd"].endswith("Er du fornøyd?")
    assert list(texts)[-1] == "fornoyd"


def test_answer_scales_are_the_tested_ones(catalog: Catalog) -> None:
    labels = {
        scale_id: [option.label for option in scale.options]
        for scale_id, scale in catalog.scales.items()
    }
    assert {k: v for k, v in labels.items() if k.startswith("ja_")} == {
        "ja_delvis_nei": ["Ja", "Både ja og nei", "Nei"],
        "ja_avogtil_nei": ["Ja", "Av og til", "Nei"],
        "ja_nei": ["Ja", "Nei"],
    }
    assert labels["grad_1_6"] == [
        "1 – I svært liten grad",
        "2",
        "3",
        "4",
        "5",
        "6 – I svært stor grad",
        "Vet ikke",
    ]


def test_relatives_questionnaire_shares_the_themes_and_sections(catalog: Catalog) -> None:
    relatives = catalog.questionnaires["parorende"]
    resident = catalog.questionnaires["beboer"]
    assert relatives.audience == "relative"
    themed = [q for q in relatives.questions if not q.background]
    assert 25 <= len(themed) <= 35
    resident_themes = {q.theme for q in resident.questions if not q.background}
    assert {q.theme for q in themed} == resident_themes == set(catalog.themes)
    assert all(q.scale == "grad_1_6" for q in themed)
    assert [q.id for q in relatives.questions if q.background] == [
        "relasjon",
        "kontakt",
        "tjeneste",
        "bolig",
        "varighet",
    ]
    sections = [p.id for p in relatives.pages if isinstance(p, SectionPage)]
    assert sections == ["om_deg", "hjemmet", "dagtid", "fritid", "helse", "personalet"]


# A fact about the person's life ("Er det personalbase der du bor?": "Ja" is neither better nor
# worse) and a wish ("Vil du gjerne ha en jobb…?": "Ja" is a need not met) say nothing about
# how good a service is: they are background questions and count in no theme.
FACTS_AND_WISHES = ("hjem_personalbase", "hjem_hjelp", "dag_har", "dag_onsker")


def test_facts_and_wishes_count_in_no_theme(catalog: Catalog) -> None:
    resident = catalog.questionnaires["beboer"]
    for question_id in FACTS_AND_WISHES:
        question = resident.page(question_id)
        assert isinstance(question, QuestionPage)
        assert question.background and question.theme is None, question_id


def test_the_docs_say_which_items_count_where(catalog: Catalog) -> None:
    """docs/scoring.md lists every question of both questionnaires under the theme it counts
    in, or as background; a question moved in the file and not in the docs fails here."""
    said = (PROJECT_ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    for questionnaire in catalog.questionnaires.values():
        section = said.split(f"## {questionnaire.id}\n")[1].split("\n## ")[0]
        for question in questionnaire.questions:
            where = catalog.themes[question.theme].name if question.theme else "Bakgrunn"
            if question.repeat_of:
                where = "Kontrollspørsmål"
            row = next((line for line in section.splitlines() if f"`{question.id}`" in line), "")
            assert f"| {where} |" in row, (questionnaire.id, question.id, where, row)


def test_the_residents_are_told_what_is_true_about_who_sees_their_answers(
    catalog: Catalog,
) -> None:
    """ "Ingen får vite hva du svarer" was shown to residents whom staff then helped: the staff
    member sees every answer, those about staff too. The page says what holds either way."""
    resident = catalog.questionnaires["beboer"]
    for language, helper_sees in (("nb", "ser de hva du svarer"), ("nn", "ser dei kva du svarar")):
        page = next(p for p in catalog.in_language(resident, language).pages if p.id == "frivillig")
        said = str(page.text)
        assert "Ingen får vite" not in said and helper_sees in said, (language, said)
