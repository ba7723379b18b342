"""The studio's edits of what questionnaires share: the answer scales (questions/scales.yaml),
with the pictogram on each answer's button, and the themes (questions/themes.yaml).

As with a questionnaire (app/studio/editing.py), an edit is a draft written into the same file
an owner may edit by hand, its comments and layout kept. An answer's stored code (`value`)
is never changed here: answers may already be stored under it. A changed label, pictogram or
score makes the published questionnaires that use the scale ask otherwise, so publishing gives
them a new version by itself (app/studio/versioning.py).
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.questionnaires.catalog import SCALES_FILE, THEMES_FILE
from app.questionnaires.model import LANGUAGE_NAMES, Pictogram
from app.studio.editing import CODE, EditRefused, as_string, as_typed, kept_style

MOST_OPTIONS = 8  # answers on one scale: more do not fit a tablet's screen as buttons


@dataclass(frozen=True)
class TypedOption:
    """One answer as the owner typed it: its label per language, its pictogram ("" for
    none) and its score ("" for none: the answer counts in no theme score)."""

    labels: Mapping[str, str]
    pictogram: str = ""
    score: str = ""
    value: str = ""  # the stored code; on a new scale "" makes it from the label

    @property
    def blank(self) -> bool:
        return not any(label.strip() for label in self.labels.values())


def scales_path(questions_dir: Path) -> Path:
    return questions_dir / SCALES_FILE


def themes_path(questions_dir: Path) -> Path:
    return questions_dir / THEMES_FILE


def add_scale(document: CommentedMap, scale_id: str, options: Sequence[TypedOption]) -> None:
    """A new scale of the answers given (blank rows left out), each value made from its
    label where none is given."""
    scales = document.setdefault("scales", CommentedMap())
    _new_id(scale_id, scales, "en svarskala")
    given = [option for option in options if not option.blank]
    if len(given) < 2:
        raise EditRefused("En svarskala trenger minst to svar.")
    if len(given) > MOST_OPTIONS:
        raise EditRefused(f"En svarskala kan ha høyst {MOST_OPTIONS} svar.")
    made = CommentedSeq()
    for option in given:
        value = option.value.strip() or _value_from(option.labels, {str(o["value"]) for o in made})
        if not re.fullmatch(r"[a-z0-9][a-z0-9_]{0,39}", value):
            raise EditRefused(f"Koden «{value}» kan ha små bokstaver a–z, tall og _.")
        entry = CommentedMap()
        entry["value"] = as_string(value)
        entry["label"] = _text(None, option.labels, "svaret")
        _set_mark(entry, option)
        made.append(entry)
    scale = CommentedMap()
    scale["options"] = made
    scales[scale_id] = scale


def set_scale(document: CommentedMap, scale_id: str, options: Mapping[str, TypedOption]) -> None:
    """A scale's labels, pictograms and scores, by each answer's value (which stays)."""
    scale = document.get("scales", {}).get(scale_id)
    if not isinstance(scale, Mapping) or not isinstance(scale.get("options"), list):
        raise EditRefused(f"Fant ikke svarskalaen «{scale_id}».")
    for entry in scale["options"]:
        typed = options.get(str(entry.get("value")))
        if typed is None:
            continue
        entry["label"] = _text(entry.get("label"), typed.labels, "svaret")
        _set_mark(entry, typed)


def _set_mark(entry: CommentedMap, option: TypedOption) -> None:
    """The pictogram and score, placed after the label as the shipped files write them."""
    if option.pictogram and option.pictogram not in get_args(Pictogram):
        raise EditRefused("Velg et merke fra listen.")
    score = _score(option.score)
    mark = as_string(option.pictogram) if option.pictogram else None
    for key, wanted in (("score", score), ("pictogram", mark)):
        if wanted is None:
            entry.pop(key, None)
        elif entry.get(key) != wanted:
            entry[key] = wanted


def _score(typed: str) -> int | float | None:
    text = typed.strip().replace(",", ".")
    if not text:
        return None
    try:
        score = float(text)
    except ValueError:
        raise EditRefused(f"Poengene «{typed}» er ikke et tall: skriv 0 til 100.") from None
    if not 0 <= score <= 100:
        raise EditRefused("Poengene er fra 0 (dårligst) til 100 (best).")
    return int(score) if score.is_integer() else score


def add_theme(
    document: CommentedMap,
    theme_id: str,
    names: Mapping[str, str],
    descriptions: Mapping[str, str],
) -> None:
    themes = document.setdefault("themes", CommentedMap())
    _new_id(theme_id, themes, "et tema")
    theme = CommentedMap()
    theme["name"] = _text(None, names, "temaet")
    if any(text.strip() for text in descriptions.values()):
        theme["description"] = _text(None, descriptions, "beskrivelsen")
    themes[theme_id] = theme


def set_theme(
    document: CommentedMap,
    theme_id: str,
    names: Mapping[str, str],
    descriptions: Mapping[str, str],
) -> None:
    theme = document.get("themes", {}).get(theme_id)
    if not isinstance(theme, CommentedMap):
        raise EditRefused(f"Fant ikke temaet «{theme_id}».")
    theme["name"] = _text(theme.get("name"), names, "temaet")
    if any(text.strip() for text in descriptions.values()):
        theme["description"] = _text(theme.get("description"), descriptions, "beskrivelsen")
    else:
        theme.pop("description", None)


def _new_id(wanted: str, taken: Mapping[str, Any], what: str) -> None:
    if not CODE.fullmatch(wanted):
        raise EditRefused(
            "Id-en kan ha små bokstaver a–z, tall og _, og begynne med en bokstav "
            "(for eksempel alltid_aldri)."
        )
    if wanted in taken:
        raise EditRefused(f"Det finnes allerede {what} med id «{wanted}».")


def _text(old: object, typed: Mapping[str, str], what: str) -> Any:
    """Words in the languages typed (those the questionnaires offer, `typed`'s keys): one
    string where each has the same words (as «Ja»), else a map of those given; a language
    left empty is left out, for `check` to name where a questionnaire offers it."""
    given = {lang: as_typed(text) for lang, text in typed.items() if lang in LANGUAGE_NAMES}
    filled = {lang: text for lang, text in given.items() if text}
    if not filled:
        raise EditRefused(f"Skriv ordene for {what}.")
    others = set(old) - set(given) if isinstance(old, Mapping) else set()  # languages not shown
    if len(filled) == len(given) and len(set(filled.values())) == 1 and not others:
        return kept_style(old if isinstance(old, str) else None, next(iter(filled.values())))
    written = old if isinstance(old, CommentedMap) else CommentedMap()
    for language in LANGUAGE_NAMES:
        if language in filled:
            before = written.get(language, old if isinstance(old, str) else None)
            written[language] = kept_style(before, filled[language])
        elif language in given:
            written.pop(language, None)
    return written


def _value_from(labels: Mapping[str, str], taken: set[str]) -> str:
    """A stored code made from an answer's words: «Noen ganger» → noen_ganger."""
    label = next((text for text in labels.values() if text.strip()), "svar")
    spelled = label.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_only = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "_", ascii_only).strip("_")[:36] or "svar"
    found, number = value, 2
    while found in taken:
        found, number = f"{value}_{number}", number + 1
    return found
