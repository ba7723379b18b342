"""House rules for the tests themselves, so a flaky pattern cannot come back.

- A Playwright lookup by name, label or text matches exactly (`exact=True`) or by an explicit
  regular expression: a plain substring also matches "Lytt: Personale hjelper" when the test
  meant "Personale hjelper", and strict mode then fails some runs and not others.
- No test waits a fixed time: `wait_for_timeout` is never used, and `time.sleep` only as the
  pause between two looks inside a loop that waits for a condition.
"""

import ast
from collections.abc import Callable
from pathlib import Path

TESTS = Path(__file__).resolve().parent
BY_TEXT = {"get_by_label", "get_by_text", "get_by_placeholder", "get_by_title", "get_by_alt_text"}


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(), str(path))) for path in sorted(TESTS.rglob("*.py"))]


def _is_regex(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
    )


def _loose_lookups(tree: ast.Module) -> list[int]:
    loose = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        exact = keywords.get("exact")
        if isinstance(exact, ast.Constant) and exact.value is True:
            continue
        if node.func.attr == "get_by_role" and "name" in keywords:
            matched = keywords["name"]
        elif node.func.attr in BY_TEXT and node.args:
            matched = node.args[0]
        else:
            continue
        if not _is_regex(matched):
            loose.append(node.lineno)
    return loose


def _places(lines_of: Callable[[ast.Module], list[int]]) -> set[str]:
    """Every test file's lines that `lines_of` finds, as file:line."""
    return {
        f"{path.relative_to(TESTS)}:{line}" for path, tree in _sources() for line in lines_of(tree)
    }


def test_every_lookup_by_name_is_exact() -> None:
    assert _places(_loose_lookups) == set(), "use exact=True or re.compile(...)"


def _fixed_waits(tree: ast.Module) -> list[int]:
    in_loops = {
        id(inner)
        for loop in ast.walk(tree)
        if isinstance(loop, ast.While)
        for inner in ast.walk(loop)
    }
    waits = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr == "wait_for_timeout":
            waits.append(node.lineno)
        if node.func.attr == "sleep" and id(node) not in in_loops:
            waits.append(node.lineno)
    return waits


def test_no_test_waits_a_fixed_time() -> None:
    assert _places(_fixed_waits) == set(), "wait for a condition instead"
