"""The one Jinja setup (app/templating.py): a name a page was not given, or a pictogram with
no drawing, fails loudly instead of rendering nothing."""

import shutil
from pathlib import Path
from typing import get_args

import pytest
from jinja2 import UndefinedError

from app.config import Settings
from app.questionnaires.model import Pictogram
from app.templating import INTERFACE_PICTOGRAMS, make_templates


def test_every_pictogram_has_its_own_drawing(settings: Settings) -> None:
    """A new name in the questionnaire format (`Pictogram`) passed `check` and drew the
    «Vil ikke svare» arrow (before that, nothing): each name now draws its own symbol, and a
    name without a drawing stops the program as it starts."""
    templates = make_templates(settings)
    drawn = templates.globals["pictograms"]
    assert isinstance(drawn, dict)
    names = (*get_args(Pictogram), *INTERFACE_PICTOGRAMS)
    assert set(drawn) == set(names)
    assert len({str(drawn[name]) for name in names}) == len(names)  # each its own
    drawing = templates.get_template("_pictograms.html").module
    with pytest.raises(LookupError, match="draws no pictogram named 'happy'"):
        drawing.pictogram("happy")  # type: ignore[attr-defined]


def test_a_name_a_page_was_not_given_fails_loudly(settings: Settings) -> None:
    templates = make_templates(settings)
    with pytest.raises(UndefinedError):
        templates.from_string("<p>{{ view.heading }}</p>").render()
    with pytest.raises(UndefinedError):
        templates.from_string("{{ pictograms['happy'] }}").render()


def test_a_template_compiled_once_is_compiled_again_when_it_changes(
    settings: Settings, tmp_path: Path
) -> None:
    """Every environment in a process shares the compiled templates: one changed on disk (a
    new release in the same place, a test's own folder) is compiled again, never served old."""
    folder = tmp_path / "templates"
    shutil.copytree(settings.templates_dir, folder)
    page = folder / "proeve.html"
    page.write_text("først", encoding="utf-8")
    moved = settings.model_copy(update={"templates_dir": folder})
    assert make_templates(moved).get_template("proeve.html").render() == "først"
    page.write_text("siden", encoding="utf-8")
    assert make_templates(moved).get_template("proeve.html").render() == "siden"
    assert make_templates(settings).get_template("_pictograms.html") is not None
