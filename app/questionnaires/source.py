"""Reading YAML so that every value can be traced back to its line in the file."""

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
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


MAX_DEPTH = 20  # a questionnaire needs about six levels; text in languages one more
# A questionnaire of 66 pages in three languages is about 100 KB; a file ten times that is
# refused before it is read (60 MB took `check` 78 s, and `serve` reads every file at start).
MAX_FILE_BYTES = 1_000_000
# The longest text a page has is an intro of about 300 characters; 2,000 is three minutes read
# aloud, more than anyone listens to on one screen.
MAX_TEXT = 2000
LONGEST_NUMBER = 30  # digits; a longer "number" is kept as text, for the check to name


class YamlRefused(Exception):
    """Something in a file that no questionnaire needs and a hostile one uses (see below)."""

    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.line = mark.line + 1
        self.message = message


class _OwnersLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing what no questionnaire needs and a hostile file uses:
    aliases (a few lines of them name a billion values) and nesting beyond reason (PyYAML
    reads nesting by recursion, and 5,000 levels ended in a RecursionError)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()  # type: ignore[no-untyped-call]
            raise YamlRefused(
                alias.start_mark,
                f"«*{alias.anchor}» er en YAML-henvisning, og de brukes ikke i skjemaene "
                "(noen få linjer med dem kan bli milliarder av verdier). Skriv teksten ut der "
                "den skal stå.",
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise YamlRefused(
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                    f"her er det for mange nivåer inni hverandre (mer enn {MAX_DEPTH}). Sjekk "
                    "innrykk og klammer ([ og {) her.",
                )
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_TEXT:
            raise YamlRefused(
                node.start_mark,
                f"teksten her har {len(node.value)} tegn; en tekst kan ha høyst {MAX_TEXT} tegn "
                "(det er tre minutter opplest). Del den på flere sider, eller kort den ned.",
            )
        return node


def _number_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    if len(node.value) > LONGEST_NUMBER:
        return str(node.value)  # Python refuses to read 4,300 digits or more
    return loader.construct_yaml_int(node)


_OwnersLoader.add_constructor("tag:yaml.org,2002:int", _number_or_text)


# libyaml, when PyYAML was built with it: about ten times as fast as PyYAML's own reader.
LIBYAML: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


class _FastOwnersLoader(LIBYAML or yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's safe loader, for a text `_plain` has let through."""


_FastOwnersLoader.add_constructor("tag:yaml.org,2002:int", _number_or_text)


def _parsed(text: str) -> tuple[yaml.Node | None, object]:
    """The document's nodes (with their lines) and a copy of its values (so no reader changes
    what the next one gets). A server's start checks the drafts and then what it publishes,
    the same files twice, and a watched folder is checked again when one file changes: each
    text is read once."""
    if len(text) > KEPT_UP_TO:
        return _parsed_text(text)
    root, data = _parsed_kept(text)
    return root, copy.deepcopy(data)


def _parsed_text(text: str) -> tuple[yaml.Node | None, object]:
    """A text that is plain YAML is read by libyaml; anything else (an alias, deep nesting, a
    long text, a YAML error) by the guarded reader above, which says what is wrong in words
    (a refusal is not kept: the next reading says it again)."""
    if LIBYAML is not None and _plain(text):
        try:
            return _read(_FastOwnersLoader(text))
        except yaml.YAMLError:
            pass
    return _read(_OwnersLoader(text))


# The shipped residents' questionnaire (23 KB) takes 0.6 MB read: sixteen texts of at most
# 100 KB are kept, a few tens of MB at worst.
KEPT_UP_TO = 100_000
_parsed_kept = lru_cache(maxsize=16)(_parsed_text)


def _read(loader: yaml.SafeLoader) -> tuple[yaml.Node | None, object]:
    try:
        root = loader.get_single_node()
        return root, None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()


def _plain(text: str | bytes) -> bool:
    """Whether the text needs none of the guarded reader's refusals: no alias, nesting within
    MAX_DEPTH, every text within MAX_TEXT. Looked for in libyaml's events one after the other
    (no recursion, so no depth can overflow it)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=LIBYAML or yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return False
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_TEXT:
                return False
    except yaml.YAMLError:
        return False
    return True


def plain_data(text: str | bytes) -> object:
    """A YAML text's values, read fast, when it is plain (`_plain`); else None. For a glance at
    a file (its id, its version) that the questionnaires' reader checks in full elsewhere."""
    if not _plain(text):
        return None
    try:
        return yaml.load(text, Loader=_FastOwnersLoader)
    except (yaml.YAMLError, ValueError):  # a tag or a date no questionnaire has
        return None


def read_yaml(path: Path) -> YamlDocument:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        megabytes = f"{size / 1_000_000:.1f}".replace(".", ",")
        raise YamlUnreadable(
            Problem(
                path,
                1,
                f"filen er {megabytes} MB; en fil kan være høyst {MAX_FILE_BYTES // 1_000_000} "
                "MB (et skjema på 66 sider på tre språk er om lag 0,1 MB). Sjekk at det er "
                "riktig fil, eller del skjemaet i flere.",
            )
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlUnreadable(
            Problem(path, 1, "filen er ikke UTF-8. Lagre den som UTF-8 i redigeringsprogrammet.")
        ) from None
    try:
        root, data = _parsed(text)
    except YamlRefused as refused:
        raise YamlUnreadable(Problem(path, refused.line, refused.message)) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        raise YamlUnreadable(
            Problem(
                path,
                line,
                f"tegnet U+{error.character:04X} kan ikke stå i filen (et usynlig kontrolltegn). "
                "Slett det, eller skriv linjen på nytt.",
            )
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = yaml_problem_in_words(error.problem or "")
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


# PyYAML's problems (English), in words an owner reads: the start of its message → ours.
YAML_PROBLEMS = {
    "mapping values are not allowed": "et kolon der det ikke kan stå",
    "found character": "et tegn som ikke kan stå her (en tab? bruk mellomrom)",
    "could not find expected ':'": "det mangler et kolon etter feltnavnet",
    "expected <block end>": "innrykket stemmer ikke med linjene over",
    "did not find expected key": "innrykket stemmer ikke med linjene over",
    "did not find expected '-' indicator": "en linje i listen mangler «-»",
    "found unexpected end of stream": "filen slutter midt i en tekst (mangler et anførselstegn?)",
    "found unknown escape character": "ukjent tegn etter \\ i en tekst i anførselstegn",
    "expected ',' or '}'": "det mangler et komma eller en } i {…}",
    "expected ',' or ']'": "det mangler et komma eller en ] i […]",
    "found undefined alias": "et * som viser til noe som ikke finnes",
}


def yaml_problem_in_words(problem: str) -> str:
    """What PyYAML found, said in Norwegian (never its English)."""
    found = next((ours for theirs, ours in YAML_PROBLEMS.items() if problem.startswith(theirs)), "")
    return found or "filen kan ikke leses her"


def what_to_write(given: str, shown_as: str, ids: Mapping[str, str], kind: str = "id-en") -> str:
    """`ids`: each id that may be written here, and what respondents or readers see for it.
    Owners often write what they see."""
    for id_, shown in ids.items():
        if given.strip().casefold() == shown.strip().casefold():
            return f"«{given}» er {shown_as}. Skriv {kind}: {id_}."
    return f"Skriv ett av: {', '.join(ids)}."
