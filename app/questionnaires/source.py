"""Reading YAML so that every value can be traced back to its line in the file."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Problem:
    """Something wrong (or worth a warning) at a line of a file, said for the person editing it."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{_shown(self.path)}:{self.line}: {self.message}"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class YamlUnreadable(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    data: object
    root: yaml.Node | None

    def line_of(self, loc: Sequence[int | str]) -> int:
        """The 1-based line of the value at `loc` (keys and list indexes), as near as it exists.

        Parts of `loc` that are not in the file (pydantic adds union tags) are passed over.
        """
        node = self.root
        if node is None:
            return 1
        line = node.start_mark.line
        for part in loc:
            child = _child(node, part)
            if child is None:
                continue
            key_line, node = child
            line = key_line
        return line + 1


def _child(node: yaml.Node, part: int | str) -> tuple[int, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key.start_mark.line, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item.start_mark.line, item
    return None


def read_yaml(path: Path) -> YamlDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlUnreadable(
            Problem(path, 1, "filen er ikke UTF-8. Lagre den som UTF-8 i redigeringsprogrammet.")
        ) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or "ugyldig YAML"
        raise YamlUnreadable(
            Problem(
                path,
                line,
                f"YAML-feil: {what}. Sjekk innrykk (mellomrom, ikke tab), kolon etter "
                "hvert feltnavn, og sett tekst med kolon i anførselstegn.",
            )
        ) from None
    duplicate = _first_duplicate_key(root)
    if duplicate is not None:
        raise YamlUnreadable(
            Problem(
                path,
                duplicate.start_mark.line + 1,
                f"«{duplicate.value}» står to ganger i samme del. Slett den ene, eller gi den "
                "et annet navn.",
            )
        )
    return YamlDocument(path=path, data=data, root=root)


def _first_duplicate_key(node: yaml.Node | None) -> yaml.ScalarNode | None:
    """YAML lets a later key silently replace an earlier one; an owner would lose text."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    return key
                seen.add(key.value)
            found = _first_duplicate_key(value)
            if found is not None:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found = _first_duplicate_key(item)
            if found is not None:
                return found
    return None
