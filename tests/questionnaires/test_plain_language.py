"""The plain-language report: what makes a question hard to understand or to answer, said at
its line, as warnings that never fail `check`; and readability figures per questionnaire."""

from pathlib import Path

import pytest

from app.questionnaires.catalog import check_catalog
from app.questionnaires.plain_language import PlainLanguageRules, lix, readability
from app.questionnaires.source import Problem
from tests.questionnaires.test_catalog import MINIMAL

QUESTION_LINE = 13  # the line of "text: Har du en jobb?" in MINIMAL


def warnings_for(folder: Path, question: str, rules: PlainLanguageRules | None = None) -> list[str]:
    (folder / "proeve.yaml").write_text(
        MINIMAL.replace("Har du en jobb?", question), encoding="utf-8"
    )
    result = check_catalog(folder, folder.parent / "illustrations", rules or PlainLanguageRules())
    assert result.problems == [], "warnings never fail the check"
    prefix = f"{folder / 'proeve.yaml'}:{QUESTION_LINE}: advarsel: "
    return [str(w).removeprefix(prefix) for w in result.warnings if str(w).startswith(prefix)]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Liker du maten og personalet?", "«og» kan gjøre dette til to spørsmål i ett"),
        ("Vil du bo her eller flytte?", "«eller» kan gjøre dette til to spørsmål i ett"),
        ("Er det ikke fint hjemme?", "«ikke» gjør spørsmålet vanskelig å svare ja eller nei på"),
        ("Har du aldri vondt?", "«aldri» gjør spørsmålet vanskelig å svare ja eller nei på"),
        ("Får du bistand til tannpuss?", "«bistand» er et vanskelig ord. Skriv heller «hjelp»"),
        (
            "Får du hjelp til munnhygieneprosedyrer?",
            "«munnhygieneprosedyrer» er et langt ord (21 bokstaver)",
        ),
        ("Liker du fjøsnissens pepperkaker?", "«fjøsnissens» er et sjeldent ord"),
        ("Trives du? Er du glad?", "2 spørsmålstegn: spør om én ting om gangen"),
        (
            "Har du en jobb som du liker godt og som du vil ha lenge og kanskje hele livet?",
            "spørsmålet har 18 ord. Skriv høyst 15",
        ),
    ],
)
def test_what_makes_a_question_hard_is_said_at_its_line(
    folder: Path, question: str, said: str
) -> None:
    found = warnings_for(folder, question)
    assert any(said in warning for warning in found), found


def test_a_plain_question_gets_no_warning(folder: Path) -> None:
    assert warnings_for(folder, "Liker du jobben din?") == []


def test_thresholds_are_settings(folder: Path) -> None:
    long = "Får du hjelp til munnhygieneprosedyrer?"
    assert warnings_for(folder, long, PlainLanguageRules(long_word=25, rare_zipf=0)) == []
    assert warnings_for(folder, "Har du en jobb her?", PlainLanguageRules(max_words=3))


def test_owners_extend_the_hard_words_and_name_words_that_are_fine(folder: Path) -> None:
    hard = folder / "hard_words.yaml"
    text = hard.read_text(encoding="utf-8")
    hard.write_text(
        text.replace("hard_words:\n", "hard_words:\n  jobb: arbeid\n", 1).replace(
            "known_words:\n", "known_words:\n  - munnhygieneprosedyrer\n", 1
        ),
        encoding="utf-8",
    )
    assert any(
        "«jobb» er et vanskelig ord. Skriv heller «arbeid»" in w
        for w in warnings_for(folder, "Har du en jobb?")
    )
    assert warnings_for(folder, "Får du hjelp til munnhygieneprosedyrer?") == []


def test_readability_of_a_text_counted_by_hand() -> None:
    # 7 words, 2 sentences, 2 words longer than six letters (personalet, hyggelig).
    figures = readability(["Liker du personalet?", "Er maten hyggelig her?"])
    assert (figures.words, figures.sentences, figures.longest_sentence) == (7, 2, 4)
    assert figures.lix == pytest.approx(7 / 2 + 100 * 2 / 7)
    assert lix(words=100, sentences=10, long_words=20) == 30


def test_check_counts_the_readability_of_each_questionnaire(folder: Path) -> None:
    (folder / "proeve.yaml").write_text(MINIMAL, encoding="utf-8")
    result = check_catalog(folder, folder.parent / "illustrations")
    # Titles and texts a respondent sees: Hei / Hjemme / Har du en jobb? / Liker du jobben? /
    # Takk! (one long word: "jobben" has six letters, not more).
    figures = result.readability["proeve", "nb"]
    assert (figures.words, figures.sentences, figures.longest_sentence) == (10, 5, 4)
    assert figures.lix == pytest.approx(10 / 5)


IN_NYNORSK = (
    MINIMAL.replace("title: Prøve\n", "title: Prøve\nlanguage: nb\nlanguages: [nb, nn]\n")
    .replace(
        "text: Har du en jobb?",
        "text:\n      nb: Har du en jobb?\n      nn: Har du ikkje ein jobb?",
    )
    .replace("title: Hjemme", "title: {nb: Hjemme, nn: Heime}")
    .replace("text: Liker du jobben?", 'text: {nb: "Liker du jobben?", nn: "Likar du jobben?"}')
)


def in_questionnaire(folder: Path, warnings: list[Problem]) -> list[str]:
    """The warnings about the questionnaire, without its file's name (not the unused scales)."""
    prefix = f"{folder / 'proeve.yaml'}:"
    return [str(w).removeprefix(prefix) for w in warnings if str(w).startswith(prefix)]


def test_every_language_gets_its_own_report_at_the_line_of_its_text(folder: Path) -> None:
    (folder / "proeve.yaml").write_text(IN_NYNORSK, encoding="utf-8")
    result = check_catalog(folder, folder.parent / "illustrations")
    assert result.problems == []
    said = in_questionnaire(folder, result.warnings)
    # The nynorsk negation is found in the nynorsk text, at its own line (the bokmål has none).
    assert said == [
        "17: advarsel: «ikkje» gjør spørsmålet vanskelig å svare ja eller nei på (et «nei» kan "
        "bety to ting). Spør uten nektelse."
    ]
    assert result.advice["proeve", "nn"] == {"har_jobb": [said[0].split("advarsel: ")[1]]}
    assert result.advice["proeve", "nb"] == {}
    # Hei / Heime / Har du ikkje ein jobb? / Likar du jobben? / Takk!: 11 words, 5 sentences.
    assert (result.readability["proeve", "nn"].words, result.readability["proeve", "nb"].words) == (
        11,
        10,
    )


def test_nynorsk_words_are_not_called_rare_by_a_bokmal_word_list(folder: Path) -> None:
    # wordfreq has no nynorsk list; in its Norwegian one "trivst" and "bustaden" never occur.
    text = IN_NYNORSK.replace("Har du ikkje ein jobb?", "Trivst du i bustaden?")
    (folder / "proeve.yaml").write_text(text, encoding="utf-8")
    result = check_catalog(folder, folder.parent / "illustrations")
    assert result.problems == []
    assert in_questionnaire(folder, result.warnings) == []


def test_an_explanation_is_held_to_plain_words_too(folder: Path) -> None:
    """A word explained in words as hard ("bistand") explains nothing: said at the question."""
    explained = "Har du en jobb?\n    explanation: En jobb er arbeid med bistand."
    found = warnings_for(folder, explained)
    assert found == ["forklaringen: «bistand» er et vanskelig ord. Skriv heller «hjelp»."], found
    plain = "Har du en jobb?\n    explanation: En jobb er arbeid du får lønn for."
    assert warnings_for(folder, plain) == []
