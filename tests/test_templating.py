"""The one Jinja setup (app/templating.py): a name a page was not given, or a pictogram with
no drawing, fails loudly instead of rendering nothing."""

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
