"""Docs that cannot drift: the README's two commands, settings, CI and the Dockerfile."""

import os
import re

from app import PROJECT_ROOT
from app.config import Settings

README = (PROJECT_ROOT / "README.md").read_text()


def test_readme_gives_exactly_two_commands_that_exist() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick_start, flags=re.S)
    assert len(blocks) == 1
    commands = [line for line in blocks[0].splitlines() if line.strip()]
    assert commands == ["scripts/run", "scripts/test"]
    for command in commands:
        assert os.access(PROJECT_ROOT / command, os.X_OK)


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "\nscripts/test" in ci


def test_dockerfile_uses_the_same_setup_and_serves_on_all_addresses() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "RUN scripts/setup run" in dockerfile
    assert '"serve", "--host", "0.0.0.0"' in dockerfile


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"`MINSTEMME_{name.upper()}`" in README, name


def test_every_command_is_documented() -> None:
    for command in ("minstemme serve", "minstemme check"):
        assert f"`{command}" in README
