"""Loading questionnaires from YAML, and the messages owners get for mistakes."""

import shutil
from pathlib import Path

import pytest

from app import PROJECT_ROOT
from app.questionnaires.catalog import QuestionsRejected, check_catalog, load_catalog
from app.questionnaires.model import QuestionPage

MINIMAL = """\
id: proeve
version: 1
title: Prøve
pages:
  - type: intro
    id: start
    title: Hei
  - type: section
    id: hjemme
    title: Hjemme
  - type: question
    id: har_jobb
    text: Har du en jobb?
    scale: ja_nei
    theme: trivsel
  - type: question
    id: liker_jobb
    text: Liker du jobben?
    scale: ja_delvis_nei
    theme: trivsel
    show_if: {question: har_jobb, is: ja}
  - type: end
    id: takk
    title: Takk!
"""


def check(folder: Path, text: str) -> list[str]:
    (folder / "proeve.yaml").write_text(text, encoding="utf-8")
    result = check_catalog(folder, folder.parent / "illustrations")
    return [str(problem) for problem in result.problems]


def test_minimal_questionnaire_loads(folder: Path) -> None:
    assert check(folder, MINIMAL) == []
    catalog = load_catalog(folder, folder.parent / "illustrations")
    questionnaire = catalog.questionnaires["proeve"]
    question = questionnaire.page("liker_jobb")
    assert isinstance(question, QuestionPage)
    assert question.section == "hjemme"
    assert question.show_if is not None and question.show_if.is_ == ["ja"]
    assert [o.label for o in catalog.scale_of(question).options] == ["Ja", "Både ja og nei", "Nei"]


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (
            ("theme: trivsel\n    show_if", "theme: glede\n    show_if"),
            20,
            "ukjent tema «glede». Skriv ett av: selvbestemmelse, trivsel",
        ),
        (
            ("scale: ja_nei", "scale: ja_kanskje"),
            14,
            "ukjent svarskala «ja_kanskje». Skriv en av: ja_delvis_nei",
        ),
        (
            ("id: liker_jobb", "id: har_jobb"),
            17,
            "id «har_jobb» er brukt før (side 3). Gi hver side sin egen id.",
        ),
        (
            ("{question: har_jobb, is: ja}", "{question: har_bil, is: ja}"),
            21,
            "show_if viser til «har_bil», som ikke er et spørsmål før denne siden.",
        ),
        (
            ("{question: har_jobb, is: ja}", "{question: har_jobb, is: kanskje}"),
            21,
            "«kanskje» er ikke et svar på «har_jobb». Skriv ett av: ja, nei.",
        ),
        (
            ("title: Takk!", "title: Takk!\n    illustration: {file: borte.svg, alt: Et bilde}"),
            25,
            "finner ikke bildet «borte.svg» i illustrations/. Legg filen der",
        ),
        (
            ("type: question\n    id: har_jobb", "type: spørsmål\n    id: har_jobb"),
            11,
            "ukjent sidetype «spørsmål». Skriv type: intro, information",
        ),
        (("    text: Har du en jobb?\n", ""), 11, "mangler «text». Legg til linjen «text: ...»."),
        (("id: har_jobb", "id: Har Jobb"), 12, "«Har Jobb» kan ikke brukes som id."),
        (
            ("theme: trivsel\n    show_if", "theme: trivsel\n    farge: blå\n    show_if"),
            21,
            "«farge» er ikke et kjent felt. Fjern det, eller rett stavemåten.",
        ),
        (("version: 1", "version: en"), 2, "version må være et helt tall"),
        # Pydantic's own English ("or", "Input should be…") never reaches an owner.
        (
            ("version: 1", "version: 1\nadvance: tap"),
            3,
            "«tap» er ikke tillatt som advance. Skriv en av: 'on_next' eller 'on_tap'.",
        ),
        (
            ("version: 1", "version: 1\nspeech: {rate: 900}"),
            3,
            "«900» er utenfor det som er tillatt for rate (grensen er 300).",
        ),
        (("title: Prøve", "title: Prøve: to"), 3, "YAML-feil: et kolon der det ikke kan stå."),
        (("    id: start", "\tid: start"), 6, "YAML-feil: et tegn som ikke kan stå her (en tab?"),
        (
            ("  - type: end", "  - type: comment\n    id: ord\n    text: Noe mer?\n  - type: end"),
            22,
            "type: comment står i et skjema med en seksjon per side.",
        ),
        (
            ("show_if: {question: har_jobb, is: ja}", "repeat_of: senere"),
            21,
            "repeat_of viser til «senere», som ikke er et spørsmål før dette.",
        ),
        (("title: Hjemme", "title: Hjemme\n    title: Ute"), 11, "«title» står to ganger"),
        (
            ("  - type: intro\n    id: start\n    title: Hei\n", ""),
            5,
            "første side må ha type: intro.",
        ),
    ],
)
def test_mistakes_are_reported_with_file_line_and_advice(
    folder: Path, change: tuple[str, str], line: int, message: str
) -> None:
    old, new = change
    assert old in MINIMAL
    problems = check(folder, MINIMAL.replace(old, new, 1))
    assert any(
        problem.startswith(f"{folder / 'proeve.yaml'}:{line}: ") and message in problem
        for problem in problems
    ), problems


def test_load_refuses_a_broken_folder(folder: Path) -> None:
    (folder / "proeve.yaml").write_text(MINIMAL.replace("ja_nei", "ja_kanskje"))
    with pytest.raises(QuestionsRejected) as error:
        load_catalog(folder, folder.parent / "illustrations")
    assert "ja_kanskje" in str(error.value)


def test_missing_shared_file_is_named(folder: Path) -> None:
    (folder / "themes.yaml").unlink()
    problems = check(folder, MINIMAL)
    assert any("themes.yaml:1: filen mangler" in p for p in problems), problems


def test_long_question_gets_a_plain_language_warning(folder: Path) -> None:
    long = "Har du en jobb som du liker godt og som du vil ha lenge og kanskje resten av livet?"
    (folder / "proeve.yaml").write_text(MINIMAL.replace("Har du en jobb?", long))
    result = check_catalog(folder, folder.parent / "illustrations")
    assert result.problems == []
    assert {p.line for p in result.warnings if p.path.name == "proeve.yaml"} == {13}
    assert any("har 19 ord" in warning.message for warning in result.warnings)


def test_a_theme_missing_from_a_parallel_questionnaire_is_reported(folder: Path) -> None:
    """Said by one of the two (`parallel_to`), the pair is compared theme by theme."""
    (folder / "andre.yaml").write_text(
        MINIMAL.replace("id: proeve", "id: andre\nparallel_to: proeve").replace(
            "theme: trivsel", "theme: trygghet", 1
        )
    )
    problems = check(folder, MINIMAL)
    assert any(
        p.startswith(f"{folder / 'proeve.yaml'}:1: temaet «trygghet» er med i andre.yaml")
        for p in problems
    ), problems


def test_a_questionnaire_of_its_own_asks_about_the_themes_it_will(folder: Path) -> None:
    """A day centre's questionnaire on two themes beside the residents' on seven: both fine."""
    (folder / "andre.yaml").write_text(
        MINIMAL.replace("id: proeve", "id: andre").replace("theme: trivsel", "theme: trygghet", 1)
    )
    assert check(folder, MINIMAL) == []


def test_parallel_to_names_another_questionnaire(folder: Path) -> None:
    problems = check(folder, MINIMAL.replace("version: 1", "version: 1\nparallel_to: Prøve"))
    assert problems == [
        f"{folder / 'proeve.yaml'}:3: parallel_to viser til «Prøve», som ikke er et annet "
        "spørreskjema her. Fjern linjen."
    ]


def test_a_question_needs_a_theme_unless_it_is_background(folder: Path) -> None:
    assert check(folder, MINIMAL.replace("    theme: trivsel\n    show_if", "    show_if"))
    background = MINIMAL.replace(
        "    theme: trivsel\n    show_if", "    background: true\n    show_if"
    )
    assert check(folder, background) == []


def test_duplicate_questionnaire_id_across_files(folder: Path) -> None:
    (folder / "andre.yaml").write_text(MINIMAL)
    problems = check(folder, MINIMAL)
    assert any("id «proeve» er allerede brukt" in p for p in problems), problems


@pytest.mark.parametrize(
    ("file", "change", "line", "message"),
    [
        (  # YAML reads yes unquoted as true; every question's scale then seemed unknown
            "scales.yaml",
            ('pictogram: "yes"', "pictogram: yes"),
            12,
            'Skriv verdien i anførselstegn, for eksempel pictogram: "yes"',
        ),
        (  # the theme as the dashboard shows it
            "proeve.yaml",
            ("theme: trivsel\n    show_if", "theme: Nok og riktig hjelp\n    show_if"),
            20,
            "«Nok og riktig hjelp» er navnet på et tema. Skriv id-en: nok_og_riktig_hjelp.",
        ),
        (  # a skip rule's value as the button says it
            "proeve.yaml",
            ("{question: har_jobb, is: ja}", "{question: har_jobb, is: Nei}"),
            21,
            "«Nei» er det som står på knappen. Skriv verdien: nei.",
        ),
        (
            "proeve.yaml",
            ("scale: ja_nei", "scale: Ja eller nei"),
            14,
            "ukjent svarskala «Ja eller nei». Skriv en av: ja_delvis_nei, ",
        ),
    ],
)
def test_one_mistake_gives_one_message_that_names_what_to_write(
    folder: Path, file: str, change: tuple[str, str], line: int, message: str
) -> None:
    old, new = change
    if file == "proeve.yaml":
        problems = check(folder, MINIMAL.replace(old, new, 1))
    else:
        text = (folder / file).read_text(encoding="utf-8")
        assert old in text
        (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
        problems = check(folder, MINIMAL)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{folder / file}:{line}: ") and message in problems[0], problems


def test_an_unused_scale_is_a_warning_at_its_line(folder: Path) -> None:
    (folder / "proeve.yaml").write_text(MINIMAL, encoding="utf-8")
    result = check_catalog(folder, folder.parent / "illustrations")
    scales = (folder / "scales.yaml").read_text(encoding="utf-8").splitlines()
    unused = [w for w in result.warnings if w.path.name == "scales.yaml"]
    assert result.problems == [] and unused
    assert {scales[w.line - 1].strip().rstrip(":") for w in unused} == {
        "grad_1_6",
        "ja_avogtil_nei",
        "kontakt",
        "relasjon",
        "tjeneste",
        "bolig",
        "varighet",
    }
    assert all("brukes ikke av noe spørsmål" in w.message for w in unused)


def test_a_theme_written_as_shown_is_one_message_also_beside_another_questionnaire(
    tmp_path: Path,
) -> None:
    """The relatives' questionnaire does not ask about "nok og riktig hjelp" (no theme has that
    id): that is not a second mistake."""
    questions = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", questions)
    resident = questions / "beboer.yaml"
    text = resident.read_text(encoding="utf-8")
    resident.write_text(text.replace("theme: trivsel", "theme: nok og riktig hjelp", 1), "utf-8")
    problems = [str(p) for p in check_catalog(questions, PROJECT_ROOT / "illustrations").problems]
    assert len(problems) == 1 and "Skriv id-en: nok_og_riktig_hjelp." in problems[0], problems
