""" "Vil ikke svare" has one home (app/questionnaires/declining.py): everything else names it
from there, so the button, the stored answer, the reports and the exports cannot drift apart."""

import ast
from pathlib import Path

from app.questionnaires import declining
from app.questionnaires.model import Option
from app.survey.answering import answers_from_form

ROOT = Path(__file__).resolve().parents[2]
SPELLED = {declining.LABEL, declining.CODE}  # as a value; prose in docstrings may name it


def test_declining_is_spelled_out_only_in_its_module() -> None:
    home = ROOT / "app" / "questionnaires" / "declining.py"
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        if path != home
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant) and node.value in SPELLED
    ]
    templates = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if 'value="-"' in line or "vil_ikke_svare" in line
    ]
    assert found + templates == []


def test_the_decline_button_cannot_be_mistaken_for_an_option() -> None:
    for value in (declining.FORM_VALUE, declining.CODE):
        try:
            Option(value=value, label="x")
        except ValueError:
            continue
        raise AssertionError(f"{value!r} was accepted as an option value")
    assert answers_from_form({"svar-mat": declining.FORM_VALUE, "svar-rom": "ja"}) == {
        "mat": None,
        "rom": "ja",
    }
