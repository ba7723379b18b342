"""An owner's questions/ folder of their own, edited while the survey runs."""

import re
import shutil
from pathlib import Path

from fastapi import FastAPI

from app import PROJECT_ROOT
from app.config import Settings
from app.web.app import create_app


def app_with_own_questions(settings: Settings, folder: Path) -> FastAPI:
    """The app serving a copy of the shipped questions/ in `folder`, which a test may edit."""
    shutil.copytree(PROJECT_ROOT / "questions", folder / "questions")
    return create_app(settings.model_copy(update={"questions_dir": folder / "questions"}))


def app_with_own_folders(settings: Settings, folder: Path) -> FastAPI:
    """The app serving copies of the shipped questions/ and illustrations/ in `folder`: the
    studio writes pictures and their credits there."""
    shutil.copytree(PROJECT_ROOT / "illustrations", folder / "illustrations")
    own = settings.model_copy(update={"illustrations_dir": folder / "illustrations"})
    return app_with_own_questions(own, folder)


def edit(app: FastAPI, old: str, new: str) -> None:
    """The residents' questionnaire saved with `old` changed to `new`, as from an editor."""
    path = app.state.services.settings.questions_dir / "beboer.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def app_advancing_on_tap(settings: Settings, folder: Path) -> FastAPI:
    """The app with the residents' questionnaire set to go on at a tap on an answer
    (`advance: on_tap`, the screens before «Gå til neste»)."""
    shutil.copytree(PROJECT_ROOT / "questions", folder / "questions")
    path = folder / "questions" / "beboer.yaml"
    text, changed = re.subn(
        r"(?m)^version: .*$", r"\g<0>\nadvance: on_tap", path.read_text("utf-8"), count=1
    )
    assert changed == 1
    path.write_text(text, encoding="utf-8")
    return create_app(settings.model_copy(update={"questions_dir": folder / "questions"}))


DAY_CENTRE = Path(__file__).with_name("dagsenter.yaml")  # six questions on two themes


def app_with_a_day_centre(settings: Settings, folder: Path) -> FastAPI:
    """The app with the shipped questionnaires and a day centre's own (`dagsenter`), which
    asks residents about two themes and is parallel to none."""
    shutil.copytree(PROJECT_ROOT / "questions", folder / "questions")
    shutil.copy(DAY_CENTRE, folder / "questions" / DAY_CENTRE.name)
    return create_app(settings.model_copy(update={"questions_dir": folder / "questions"}))
