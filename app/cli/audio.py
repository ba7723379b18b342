"""`minstemme audio build` and `minstemme audio check`."""

import argparse
import sys
from collections import Counter

from app.cli.progress import progress
from app.config import Settings, get_settings
from app.questionnaires.catalog import load_catalog
from app.speech.readaloud import ReadAloud
from app.speech.synthesis import Outcome, make_clip_store


def register(command: argparse.ArgumentParser) -> None:
    """The options of `minstemme audio` (its parser made by app/cli/main.py)."""
    command.add_argument(
        "action", choices=["build", "check"], help="build: lag lyd, check: vis hva som mangler"
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.action == "build":
        return build_command(get_settings())
    return check_command(get_settings())


def _read_aloud(settings: Settings) -> ReadAloud:
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    return ReadAloud(catalog, settings.recordings_dir)


def _report_recordings(read_aloud: ReadAloud) -> None:
    """Recordings whose words are not their page's any more: synthesis speaks instead."""
    for recording in read_aloud.recordings:
        if recording.state == "stale":
            print(
                f"innspillingen er for en eldre tekst og brukes ikke: {recording.path}\n"
                f"  teksten nå: «{recording.text.strip()}»\n"
                f"  spill inn på nytt, og skriv teksten i {recording.words_file.name}",
                file=sys.stderr,
            )
        elif recording.state == "unknown":
            print(
                f"ukjent tekst for innspillingen {recording.path}: "
                "«minstemme audio build» noterer teksten den har nå",
                file=sys.stderr,
            )


def build_command(settings: Settings) -> int:
    read_aloud = _read_aloud(settings)
    noted = read_aloud.note_recorded_texts()
    if noted:
        print(
            f"Noterte teksten til {noted} nye innspillinger (.txt ved siden av).", file=sys.stderr
        )
        read_aloud = _read_aloud(settings)
    _report_recordings(read_aloud)
    store = make_clip_store(settings)
    clips = list(read_aloud.clips())
    counts: Counter[Outcome] = Counter()
    problems: list[str] = []
    for done, clip in enumerate(clips, start=1):
        result = store.ensure(clip)
        counts[result.outcome] += 1
        if result.message:
            problems.append(f"«{clip.text[:40]}»: {result.message}")
        progress(done, len(clips))
    for problem in problems:
        print(problem, file=sys.stderr)
    names = {
        Outcome.BUILT: "laget",
        Outcome.CACHED: "fantes fra før",
        Outcome.RECORDED: "innspilt",
        Outcome.FALLBACK: "laget med espeak-ng i stedet",
        Outcome.FAILED: "feilet",
    }
    print(", ".join(f"{counts[outcome]} {name}" for outcome, name in names.items()))
    return 1 if counts[Outcome.FAILED] else 0


def check_command(settings: Settings) -> int:
    read_aloud = _read_aloud(settings)
    _report_recordings(read_aloud)
    store = make_clip_store(settings)
    missing = [place for place, clip in read_aloud.places() if store.existing(clip) is None]
    for place in missing:
        print(f"mangler lyd: {place}")
    total = sum(1 for _ in read_aloud.places())
    print(f"{total - len(missing)} av {total} lydklipp er klare.", file=sys.stderr)
    if missing:
        print("Kjør «minstemme audio build» for å lage dem.", file=sys.stderr)
    return 1 if missing else 0
