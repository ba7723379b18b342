"""The studio's edits: a questionnaire made and changed in the browser is a draft file.

Files and studio meet in one place: the studio writes the same YAML files in questions/ that
owners (or KS, from git) edit by hand, and a saved file is a draft either way (published only
by «Publiser»). An edit changes only what it changes: the file is read and written again with
its comments, quoting and layout kept (ruamel.yaml's round trip), so a hand-written file stays
readable and a diff in git shows the edit alone. Each save is whole or not at all (a new file
moved into place). A text is written per language the questionnaire offers; a language left
empty is left out, so `check` and publishing name the missing translation instead of taking
another language's words.
"""

import hashlib
import io
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, ScalarString

from app.questionnaires.model import LANGUAGE_NAMES

CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# The studio's own addresses under /analyse/studio/ (app/urls.py): no questionnaire's id.
RESERVED_IDS = frozenset({"nytt", "fil", "rad", "skalaer"})
NEW_QUESTION = "Skriv spørsmålet her."  # a new question's words until the owner writes them


class EditRefused(ValueError):
    """An edit that cannot be made; the message says why, in Norwegian."""


def round_trip() -> YAML:
    """YAML read and written with comments, quoting and layout kept."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a line the owner wrote
    yaml.indent(mapping=2, sequence=4, offset=2)  # "  - type: question", as the shipped files
    return yaml


def read(path: Path) -> CommentedMap:
    loaded = round_trip().load(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, CommentedMap) or not isinstance(loaded.get("pages"), list):
        raise EditRefused(f"{path.name} er ikke et spørreskjema studioet kan endre.")
    return loaded


def read_map(path: Path) -> CommentedMap:
    """A shared file (credits, scales, themes) to edit; an empty one where there is none."""
    if not path.exists():
        return CommentedMap()
    try:
        loaded = round_trip().load(path.read_text(encoding="utf-8"))
    except YAMLError:
        loaded = None
    if not isinstance(loaded, CommentedMap):
        raise EditRefused(f"{path.name} kan ikke leses: rett filen først.")
    return loaded


def write(path: Path, document: CommentedMap) -> None:
    """Save whole or not at all: a file half written is never read as a draft."""
    out = io.StringIO()
    round_trip().dump(document, out)
    _saved(path, out.getvalue().encode("utf-8"))


def _saved(path: Path, content: bytes) -> None:
    """A new file moved into place: never read half written."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".studio-", suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(content)
    os.replace(temporary, path)


def file_of(questions_dir: Path, questionnaire_id: str) -> Path:
    """The draft file of a questionnaire, found by its `id`."""
    for path in sorted(questions_dir.glob("*.yaml")):
        try:
            if read(path).get("id") == questionnaire_id:
                return path
        except Exception:  # a shared file, or one with a mistake: not this one
            continue
    raise EditRefused(f"Fant ikke skjemaet «{questionnaire_id}» i {questions_dir.name}/.")


def new_questionnaire(
    questions_dir: Path,
    questionnaire_id: str,
    titles: Mapping[str, str],
    audience: str,
    languages: Sequence[str],
) -> Path:
    """A new questionnaire file: a first page, a section and the last page, to fill in."""
    if not CODE.fullmatch(questionnaire_id):
        raise EditRefused(
            "Id-en kan ha små bokstaver a–z, tall og _, og begynne med en bokstav "
            "(for eksempel dagsenter)."
        )
    path = questions_dir / f"{questionnaire_id}.yaml"
    existing = {p.stem for p in questions_dir.glob("*.yaml")}
    if questionnaire_id in RESERVED_IDS:
        raise EditRefused(f"«{questionnaire_id}» er et ord studioet bruker selv: velg en annen id.")
    if not languages or any(language not in LANGUAGE_NAMES for language in languages):
        raise EditRefused("Velg minst ett språk: bokmål, nynorsk eller engelsk.")
    if audience not in ("resident", "relative"):
        raise EditRefused("Velg hvem som svarer: beboere eller pårørende.")
    if not any(titles.get(language, "").strip() for language in languages):
        raise EditRefused("Skriv en tittel.")
    # Last: whether another file has the id reads every questionnaire.
    if questionnaire_id in existing or _taken(questions_dir, questionnaire_id):
        raise EditRefused(f"Det finnes allerede et skjema med id «{questionnaire_id}».")
    document = CommentedMap()
    document["id"] = questionnaire_id
    document["title"] = _texts(titles, languages)
    document["language"] = languages[0]
    if len(languages) > 1:
        document["languages"] = list(languages)
    document["audience"] = audience
    document["pages"] = CommentedSeq(
        [
            _page("intro", "velkommen", title=_texts(titles, languages)),
            _page(
                "section", "del_1", title=_texts({lang: "Del 1" for lang in languages}, languages)
            ),
            _page(
                "end",
                "takk",
                title=_texts({"nb": "Takk!", "nn": "Takk!", "en": "Thank you!"}, languages),
            ),
        ]
    )
    document.yaml_set_start_comment(
        "Made in the studio (Min stemme teller); it may be edited by hand as well.\n"
        "The format is described in docs/questionnaire-format.md."
    )
    write(path, document)
    return path


def _taken(questions_dir: Path, questionnaire_id: str) -> bool:
    try:
        file_of(questions_dir, questionnaire_id)
    except EditRefused:
        return False
    return True


def _page(kind: str, page_id: str, **fields: Any) -> CommentedMap:
    page = CommentedMap()
    page["type"] = kind
    page["id"] = page_id
    page.update(fields)
    return page


def _texts(texts: Mapping[str, str], languages: Sequence[str]) -> Any:
    """A text as the file writes it: one string for a questionnaire in one language, else a
    map of the languages given (one left empty is left out, for `check` to name)."""
    given = {lang: texts.get(lang, "").strip() for lang in languages}
    if len(languages) == 1:
        return given[languages[0]]
    shown = CommentedMap()
    for language in languages:
        if given[language]:
            shown[language] = given[language]
    return shown


def languages_of(document: CommentedMap) -> list[str]:
    own = str(document.get("language", "nb"))
    offered = [str(lang) for lang in document.get("languages") or [own]]
    return offered if own in offered else [own, *offered]


def page_index(document: CommentedMap, page_id: str) -> int:
    for index, page in enumerate(document["pages"]):
        if isinstance(page, Mapping) and page.get("id") == page_id:
            return index
    raise EditRefused(f"Fant ikke siden «{page_id}».")


def set_texts(document: CommentedMap, page_id: str, field: str, texts: Mapping[str, str]) -> None:
    """A page's title, text or explanation in every language (an empty explanation is
    removed). A text unchanged is left as it is written; a changed one keeps its quoting."""
    page = document["pages"][page_index(document, page_id)]
    languages = languages_of(document)
    given = {lang: as_typed(texts.get(lang, "")) for lang in languages}
    if field == "explanation" and not any(given.values()):
        page.pop(field, None)
        return
    if len(languages) == 1:
        page[field] = kept_style(page.get(field), given[languages[0]])
        return
    written = page.get(field)
    if not isinstance(written, CommentedMap):
        written = CommentedMap()
        page[field] = written
    for language in languages:
        if given[language]:
            written[language] = kept_style(written.get(language), given[language])
        else:
            written.pop(language, None)  # missing: `check` names it


def as_typed(text: str) -> str:
    """A text from a form's box: its lines as YAML writes them, no space around it."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def kept_style(old: object, new: str) -> object:
    """`new` written as `old` was: the same object where the words are the same, else in
    its style (quoted, or a block of lines)."""
    if isinstance(old, str) and old.strip() == new:
        return old
    if isinstance(old, LiteralScalarString) or "\n" in new:
        return LiteralScalarString(new + "\n")
    if isinstance(old, ScalarString):
        return type(old)(new)
    return as_string(new)


def as_string(value: str) -> str:
    """A value the questionnaires' reader (YAML 1.1) would take for something else than
    words (yes, no, on, null, 12, 1.5) written in quotes, so it stays the words."""
    read_back = yaml.safe_load(value) if value.strip() and "\n" not in value else value
    return value if isinstance(read_back, str) else DoubleQuotedScalarString(value)


def set_question(document: CommentedMap, page_id: str, *, scale: str, theme: str | None) -> None:
    """A question's answer scale, and its theme (None: a background question)."""
    page = document["pages"][page_index(document, page_id)]
    if page.get("type") != "question":
        raise EditRefused("Bare et spørsmål har svarskala og tema.")
    page["scale"] = scale
    if theme is None:
        page.pop("theme", None)
        page["background"] = True
    else:
        page.pop("background", None)
        page["theme"] = theme


def add_question(document: CommentedMap, after: str, *, scale: str, theme: str | None) -> str:
    """A new question after the page `after`, with a fresh id; returns the id."""
    index = page_index(document, after)
    pages = document["pages"]
    if pages[index].get("type") == "end":
        raise EditRefused("Et spørsmål kan ikke komme etter siste side.")
    taken = {str(page.get("id")) for page in pages if isinstance(page, Mapping)}
    number = 1
    while f"sporsmal_{number}" in taken:
        number += 1
    new_id = f"sporsmal_{number}"
    languages = languages_of(document)
    page = _page(
        "question", new_id, text=_texts({lang: NEW_QUESTION for lang in languages}, languages)
    )
    page["scale"] = scale
    if theme is None:
        page["background"] = True
    else:
        page["theme"] = theme
    pages.insert(index + 1, page)
    return new_id


def move_page(document: CommentedMap, page_id: str, step: int) -> None:
    """One place up (-1) or down (+1); the first and the last page stay where they are."""
    pages = document["pages"]
    index = page_index(document, page_id)
    target = index + step
    if index in (0, len(pages) - 1) or not 0 < target < len(pages) - 1:
        raise EditRefused("Første og siste side står fast.")
    pages.insert(target, pages.pop(index))


def remove_page(document: CommentedMap, page_id: str) -> None:
    pages = document["pages"]
    index = page_index(document, page_id)
    if index in (0, len(pages) - 1):
        raise EditRefused("Første og siste side kan ikke fjernes.")
    del pages[index]


UPLOADS = "opplastet"  # the folder under illustrations/ that pictures uploaded in the studio go in


def save_picture(
    illustrations_dir: Path, questionnaire_id: str, page_id: str, content: bytes, suffix: str
) -> str:
    """An uploaded picture (cleaned: app/pictures/images.py) saved under illustrations/;
    returns its name there, which pages and credits use."""
    digest = hashlib.sha256(content).hexdigest()[:8]
    name = f"{UPLOADS}/{questionnaire_id}-{page_id}-{digest}{suffix}"
    target = illustrations_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    _saved(target, content)
    return name


def set_illustration(
    document: CommentedMap, page_id: str, file: str | None, alts: Mapping[str, str]
) -> None:
    """A page's picture and what it shows in words, in every language (None: the picture
    the page has)."""
    page = document["pages"][page_index(document, page_id)]
    shown = page.get("illustration")
    if file is None and not isinstance(shown, Mapping):
        raise EditRefused("Siden har ikke noe bilde ennå: last opp et.")
    picture = shown if isinstance(shown, CommentedMap) else CommentedMap()
    if file is not None:
        picture["file"] = file
    languages = languages_of(document)
    given = {lang: as_typed(alts.get(lang, "")) for lang in languages}
    if not any(given.values()):
        raise EditRefused("Skriv hva bildet viser, for dem som ikke ser det.")
    if len(languages) == 1:
        picture["alt"] = kept_style(picture.get("alt"), given[languages[0]])
    else:
        alt = picture.get("alt") if isinstance(picture.get("alt"), CommentedMap) else CommentedMap()
        for language in languages:
            if given[language]:
                alt[language] = kept_style(alt.get(language), given[language])
            else:
                alt.pop(language, None)
        picture["alt"] = alt
    page["illustration"] = picture


CREDIT_FIELDS = {
    "title": "hva bildet er",
    "author": "hvem som har laget det",
    "source": "hvor det kommer fra",
    "licence": "lisensen, eller at kommunen har lov",
}


def checked_credit(given: Mapping[str, str]) -> dict[str, str]:
    """A picture's credit as the owner wrote it, every field there (or EditRefused)."""
    missing = [said for field, said in CREDIT_FIELDS.items() if not given.get(field, "").strip()]
    if missing:
        raise EditRefused(f"Skriv {', '.join(missing)} (kreditering).")
    return {field: as_typed(given[field]) for field in CREDIT_FIELDS}


def add_credit(illustrations_dir: Path, file: str, credit: Mapping[str, str]) -> None:
    """Where an uploaded picture comes from, and its licence (`checked_credit`), in
    illustrations/credits.yaml (its comments kept): `check` refuses a picture no entry
    covers."""
    path = illustrations_dir / "credits.yaml"
    document = read_map(path)
    credits = document.setdefault("credits", CommentedSeq())
    entry = CommentedMap()
    entry["files"] = file
    for field in CREDIT_FIELDS:
        entry[field] = credit[field]
    credits.append(entry)
    write(path, document)
