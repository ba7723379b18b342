"""The style sheets keep their order: tokens, base, then components with their media queries
beside them. A rule inside a media query that a later rule outside it overrides (same
selector, same property) never applies; that happened once to the phone layout."""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
COMMENT = re.compile(r"/\*.*?\*/", re.S)


def rules(css: str) -> list[tuple[str, str, set[str]]]:
    """(media query or "", selector, properties) for every rule, in order."""
    found: list[tuple[str, str, set[str]]] = []
    text, media, depth = COMMENT.sub("", css), "", 0
    for token in re.finditer(r"([^{}]*)\{|\}", text):
        if token.group(0) == "}":
            depth -= 1
            if depth == 0:
                media = ""
            continue
        head = token.group(1).strip()
        if head.startswith("@"):
            media, depth = head, depth + 1
            continue
        body = text[token.end() : text.index("}", token.end())]
        properties = {part.split(":")[0].strip() for part in body.split(";") if ":" in part}
        for selector in head.split(","):
            found.append((media, " ".join(selector.split()), properties))
        depth += 1
    return found


def overridden(css: str) -> list[str]:
    """Rules in a media query undone by a later rule for all screens."""
    found = rules(css)
    undone = []
    for index, (media, selector, properties) in enumerate(found):
        if not media:
            continue
        for later_media, later_selector, later_properties in found[index + 1 :]:
            if not later_media and later_selector == selector and properties & later_properties:
                shared = ", ".join(sorted(properties & later_properties))
                undone.append(f"{media} {selector} {{{shared}}}")
    return undone


@pytest.mark.parametrize("sheet", ["app.css", "analysis.css"])
def test_no_media_rule_is_undone_further_down(sheet: str) -> None:
    assert overridden((STATIC / sheet).read_text()) == []


def test_the_check_finds_the_phone_rule_that_never_applied() -> None:
    css = """
    .answer-row .listen { width: 4rem; }
    @media (max-width: 480px) { .answer-row .listen { width: 3.5rem; } }
    .answer-row .listen { flex: none; width: 4.5rem; }
    """
    assert overridden(css) == ["@media (max-width: 480px) .answer-row .listen {width}"]


def test_tokens_come_first() -> None:
    first_media, first_selector, _ = rules((STATIC / "app.css").read_text())[0]
    assert (first_media, first_selector) == ("", ":root")
