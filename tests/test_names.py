"""One name per concept: exceptions are named for what went wrong (never `…Error`), and every
exception of the domain is in the glossary (docs/glossary.md)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = (ROOT / "docs" / "glossary.md").read_text()


def exceptions() -> dict[str, str]:
    """Every exception class in app/, by name, with where it is."""
    found: dict[str, str] = {}
    known = {"Exception", "ValueError", "RuntimeError"}
    changed = True
    trees = {path: ast.parse(path.read_text()) for path in sorted((ROOT / "app").rglob("*.py"))}
    while changed:  # subclasses of exceptions found so far, until nothing new turns up
        changed = False
        for path, tree in trees.items():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in found:
                    bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                    if bases & (known | set(found)):
                        found[node.name] = str(path.relative_to(ROOT))
                        changed = True
    return found


def test_no_exception_is_named_error() -> None:
    assert [name for name in exceptions() if name.endswith("Error")] == []


def test_every_domain_exception_is_in_the_glossary() -> None:
    domain = {name for name, path in exceptions().items() if not path.startswith("app/web/")}
    assert {name for name in domain if f"`{name}`" not in GLOSSARY} == set()
