"""A questionnaire in several languages: any text may be a map of languages (nb, nn, en)."""

from pathlib import Path

from app import PROJECT_ROOT
from app.questionnaires.catalog import check_catalog, load_catalog
from app.questionnaires.model import QuestionPage

# The example in docs/questionnaire-format.md, so the docs show what loads.
FORMAT = (PROJECT_ROOT / "docs" / "questionnaire-format.md").read_text(encoding="utf-8")
TWO_LANGUAGES = FORMAT.split("### Languages")[1].split("```yaml\n")[1].split("```")[0]


def write(folder: Path, text: str) -> list[str]:
    (folder / "proeve.yaml").write_text(text, encoding="utf-8")
    return [str(p) for p in check_catalog(folder, folder.parent / "illustrations").problems]


def test_each_language_is_a_questionnaire_of_its_own_with_the_same_ids(folder: Path) -> None:
    assert write(folder, TWO_LANGUAGES) == []
    catalog = load_catalog(folder, folder.parent / "illustrations")
    bokmaal = catalog.questionnaires["proeve"]
    nynorsk = catalog.in_language(bokmaal, "nn")
    assert bokmaal.offered == ["nb", "nn"]
    assert [p.id for p in nynorsk.pages] == [p.id for p in bokmaal.pages]
    for shown, language, text in [
        (bokmaal, "nb", "Har du en jobb?"),
        (nynorsk, "nn", "Har du ein jobb?"),
    ]:
        question = shown.page("har_jobb")
        assert isinstance(question, QuestionPage) and question.text == text
        assert shown.language == language
        assert shown.page("takk").title == "Takk!"  # type: ignore[union-attr]  # one for all
    assert catalog.in_language(bokmaal, "en") is bokmaal  # not offered: its own language


def test_a_text_missing_a_language_the_questionnaire_offers_is_named_at_its_line(
    folder: Path,
) -> None:
    problems = write(folder, TWO_LANGUAGES.replace("      nn: Har du ein jobb?\n", ""))
    assert problems == [
        f"{folder / 'proeve.yaml'}:16: text: mangler nynorsk (nn). Skriv teksten på hvert språk "
        "skjemaet har (languages: nb, nn), eller én tekst for alle."
    ], problems
    unknown = write(folder, TWO_LANGUAGES.replace("nn: Har du ein jobb?", "ny: Har du ein jobb?"))
    assert any(
        ":16: " in p and "«ny» er ikke et språk. Skriv nb, nn eller en." in p for p in unknown
    ), unknown
    wrong = write(folder, TWO_LANGUAGES.replace("language: nb\n", "language: en\n"))
    assert any(
        ":5: " in p and "languages: skjemaets eget språk (language: en) er ikke blant dem." in p
        for p in wrong
    ), wrong
