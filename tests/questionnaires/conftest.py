"""A questions/ folder of a test's own: the shipped shared files, and a picture."""

import shutil
from pathlib import Path

import pytest

from app import PROJECT_ROOT


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    questions = tmp_path / "questions"
    questions.mkdir()
    for shared in ("themes.yaml", "scales.yaml", "hard_words.yaml"):
        shutil.copy(PROJECT_ROOT / "questions" / shared, questions / shared)
    (tmp_path / "illustrations").mkdir()
    (tmp_path / "illustrations" / "hus.svg").write_text("<svg/>")
    return questions
