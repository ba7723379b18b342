"""Draft, then publish: nothing an owner changes reaches a respondent until it is published.

The drafts are the files in questions/ and illustrations/. `publish` checks them as
`minstemme check` does (the answers already stored included) and stores them as the newest
publication (app/studio/publications.py), or, for one questionnaire, the publication served
now with that questionnaire's file and pictures taken from the drafts. `minstemme publish` and
«Publiser» on the questionnaires page call it; a server takes the new publication into use
within a second or two. The first start on an empty database publishes the drafts as they are.
"""

import io
import tarfile
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ruamel.yaml.error import YAMLError
from sqlalchemy import Connection, Engine

from app.config import Settings
from app.questionnaires.catalog import (
    SCALES_FILE,
    SHARED_FILES,
    THEMES_FILE,
    Catalog,
    CheckResult,
    QuestionsRejected,
    load_catalog,
)
from app.questionnaires.source import Problem, plain_data
from app.rounds.answered import checked_questions
from app.rounds.versions import as_published
from app.studio.editing import round_trip
from app.studio.publications import (
    ILLUSTRATIONS,
    QUESTIONS,
    Folders,
    Published,
    changed_files,
    files_in,
    newest,
    pack,
    store,
    unpack,
)
from app.studio.versioning import from_newest, next_versions

MOST_FILES_SAID = 8  # a publication's summary names this many changed files, then counts
FIRST_START = "serveren ved første oppstart"  # who published the drafts a new database started with


@dataclass(frozen=True)
class Outcome:
    """What `publish` did: the publication it stored, or why it stored none, in words."""

    said: str
    published: Published | None = None
    problems: list[Problem] = field(default_factory=list)


def drafts_of(settings: Settings) -> Folders:
    return Folders(settings.questions_dir, settings.illustrations_dir)


def files_of(archive: bytes) -> dict[str, bytes]:
    """Every file in a publication's archive, by name."""
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as opened:
        for member in opened.getmembers():
            read = opened.extractfile(member) if member.isfile() else None
            if read is not None:
                found[member.name] = read.read()
    return found


def published_files(engine: Engine) -> dict[str, bytes]:
    """The files served now (none before the first publication)."""
    with engine.connect() as connection:
        found = newest(connection)
    return files_of(found[1]) if found else {}


def check_draft(
    settings: Settings, engine: Engine, files: dict[str, bytes] | None = None
) -> CheckResult:
    """The drafts (or these files) checked as they would be published: each questionnaire
    from the newest version stored (app/studio/versioning.py), the answers included; problems
    and notes said at the draft files."""
    drafts = drafts_of(settings)
    files = from_newest(files if files is not None else files_in(drafts), engine)
    with tempfile.TemporaryDirectory(prefix="minstemme-utkast-") as work:
        folders = unpack(pack(files), Path(work) / "utkast")
        checked = checked_questions(settings, engine, folders)
    checked.problems = [_in_drafts(problem, folders, drafts) for problem in checked.problems]
    checked.new_versions = {
        qid: [_in_drafts(note, folders, drafts) for note in notes]
        for qid, notes in checked.new_versions.items()
    }
    return checked


def publish(
    settings: Settings, engine: Engine, *, by_whom: str, only: str | None = None
) -> Outcome:
    """Publish the drafts, or with `only` one questionnaire of them, if they pass; each
    questionnaire that asks otherwise than a version people have answered as a new one."""
    drafts = drafts_of(settings)
    before = published_files(engine)
    if only is None:
        files = files_in(drafts)
    else:
        chosen = _one_questionnaire(drafts, before, only)
        if isinstance(chosen, Outcome):
            return chosen
        files = chosen
    files = from_newest(files, engine)
    checked = check_draft(settings, engine, files)
    asked_otherwise = set(checked.new_versions)
    if asked_otherwise:
        files = next_versions(files, asked_otherwise)
        checked = check_draft(settings, engine, files)
    if checked.catalog is None:
        return Outcome(_refused(len(checked.problems)), problems=checked.problems)
    if files == before:
        return Outcome("Ingenting å publisere: utkastet er det samme som det som er publisert.")
    changed = changed_files(before, files) if before else []  # the first: everything is new
    summary = _summary(checked.catalog, changed, asked_otherwise)
    with engine.connect() as connection:
        published = store(connection, pack(files), by_whom, summary)
    return Outcome(f"Publisert: {summary}", published)


def _one_questionnaire(
    drafts: Folders, before: dict[str, bytes], questionnaire_id: str
) -> dict[str, bytes] | Outcome:
    """The publication served now, with one questionnaire's file, the pictures it shows and
    the picture credits taken from the drafts."""
    path = next(
        (p for p in sorted(drafts.questions.glob("*.yaml")) if _id_in(p) == questionnaire_id),
        None,
    )
    if path is None or path.name in SHARED_FILES:
        return Outcome(f"Fant ikke skjemaet «{questionnaire_id}» i {drafts.questions.name}/.")
    files = {
        name: content
        for name, content in before.items()
        if name != f"{QUESTIONS}/{path.name}"
        and _id_in_text(content) != questionnaire_id  # the same questionnaire, renamed file
    }
    files[f"{QUESTIONS}/{path.name}"] = path.read_bytes()
    for shared, kind in ((SCALES_FILE, "scales"), (THEMES_FILE, "themes")):
        name, draft = f"{QUESTIONS}/{shared}", drafts.questions / shared
        if name in files and draft.exists():
            files[name] = with_new_entries(files[name], draft.read_bytes(), kind)
    text = path.read_text("utf-8", errors="replace")
    for picture in sorted(drafts.illustrations.rglob("*")):
        name = picture.relative_to(drafts.illustrations).as_posix()
        if picture.is_file() and (name in text or picture.name == "credits.yaml"):
            files[f"{ILLUSTRATIONS}/{name}"] = picture.read_bytes()
    return files


def with_new_entries(published: bytes, draft: bytes, kind: str) -> bytes:
    """A shared file as published, with the scales (or themes) the draft adds: one
    questionnaire published alone brings the new ones it may use, and changes none that the
    other questionnaires use (those wait for all of them to be published)."""
    yaml_rt = round_trip()
    try:
        before, after = yaml_rt.load(published), yaml_rt.load(draft)
    except YAMLError:  # a draft with a mistake adds nothing; `check` names it
        return published
    if not isinstance(before, dict) or not isinstance(after, dict):
        return published
    old, new = before.get(kind), after.get(kind)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return published
    added = [key for key in new if key not in old]
    if not added:
        return published
    for key in added:
        old[key] = new[key]
    out = io.StringIO()
    yaml_rt.dump(before, out)
    return out.getvalue().encode("utf-8")


def _id_in(path: Path) -> str | None:
    return _id_in_text(path.read_bytes())


def _id_in_text(content: bytes) -> str | None:
    loaded = plain_data(content)
    found = loaded.get("id") if isinstance(loaded, dict) else None
    return found if isinstance(found, str) else None


def _in_drafts(problem: Problem, checked: Folders, drafts: Folders) -> Problem:
    """A problem found in the folder checked, said at the draft file it came from."""
    for folder, draft in zip(checked, drafts, strict=True):
        if problem.path.is_relative_to(folder):
            return replace(problem, path=draft / problem.path.relative_to(folder))
    return problem


def _refused(count: int) -> str:
    return (
        f"Ikke publisert: {count} feil i utkastet. Det som er "
        "publisert, gjelder fortsatt. Rett feilene og publiser igjen."
    )


def _summary(catalog: Catalog, changed: list[str], new: set[str]) -> str:
    """«beboer versjon 4 (ny versjon: den spør annerledes enn versjon 3, som er besvart),
    parorende versjon 2. Endret: questions/beboer.yaml (endret).»"""
    versions = ", ".join(
        f"{q.id} versjon {q.version}"
        + (
            f" (ny versjon: den spør annerledes enn versjon {q.version - 1}, som er besvart)"
            if q.id in new
            else ""
        )
        for q in catalog.questionnaires.values()
    )
    shown = changed[:MOST_FILES_SAID] + (
        [f"og {len(changed) - MOST_FILES_SAID} filer til"] if len(changed) > MOST_FILES_SAID else []
    )
    return f"{versions}." + (f" Endret: {', '.join(shown)}." if shown else "")


def newest_or_first(settings: Settings, engine: Engine) -> tuple[Published, bytes]:
    """The publication to serve; on a database with none, the drafts are published first
    (they must pass, as a server's first start needs)."""
    with engine.connect() as connection:
        found = newest(connection)
    if found is None:
        outcome = publish(settings, engine, by_whom=FIRST_START)
        if outcome.published is None:
            raise QuestionsRejected(outcome.problems)
        with engine.connect() as connection:
            found = newest(connection)
    assert found is not None
    return found


def served_catalog(settings: Settings, connection: Connection) -> Catalog:
    """What respondents are served, for the command line: the newest publication, or before
    the first, the drafts (which a server's first start publishes)."""
    found = newest(connection)
    if found is None:
        return load_catalog(settings.questions_dir, settings.illustrations_dir)
    with tempfile.TemporaryDirectory(prefix="minstemme-publisert-") as work:
        folders = unpack(found[1], Path(work) / "publisert")
        return load_catalog(folders.questions, folders.illustrations)


def answered_catalog(settings: Settings, connection: Connection) -> Catalog:
    """What is served, with every earlier version the database holds: what the command line
    reads answers with (the server's own is kept by app/web/publishing.py)."""
    return as_published(connection, served_catalog(settings, connection))


def served_check(settings: Settings, engine: Engine, folders: Folders) -> CheckResult:
    """A publication checked as it is taken into use: one this program cannot read (stored by
    another version of it) is said, with what to do."""
    checked = checked_questions(settings, engine, folders)
    if checked.catalog is None:
        raise QuestionsRejected(
            [
                Problem(
                    problem.path,
                    problem.line,
                    f"{problem.message} (i det som er publisert: rett utkastet og publiser "
                    "igjen med «minstemme publish»)",
                )
                for problem in checked.problems
            ]
        )
    return checked
