"""`minstemme images build` and `minstemme images compose`."""

import argparse
import sys
from pathlib import Path

from app.cli.check import check_command
from app.config import get_settings
from app.pictures.illustrations import Pictures
from app.pictures.images import ImageRejected, compose_svgs
from app.questionnaires.catalog import load_catalog


def register(command: argparse.ArgumentParser) -> None:
    """The options of `minstemme images` (its parser made by app/cli/main.py)."""
    command.add_argument(
        "action",
        choices=["build", "compose"],
        help="build: lag WebP-kopier uten metadata; "
        "compose: sett SVG-tegninger side om side i ett bilde",
    )
    command.add_argument("files", nargs="*", help="compose: ny fil, så tegningene den skal ha")
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.action == "compose":
        return compose_command(args.files)
    return build_command()


def build_command() -> int:
    """Check every picture, and make the resized, metadata-free copies of photos."""
    if check_command() != 0:
        return 1
    settings = get_settings()
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    pictures = Pictures(
        list(catalog.questionnaires.values()),
        catalog.credits,
        settings.illustrations_dir,
        settings.built_images_dir,
    )
    print(f"{len(pictures)} bilder er klare (kopier i {settings.built_images_dir}).")
    return 0


def compose_command(files: list[str]) -> int:
    if len(files) < 3:
        print("Skriv filen som skal lages, og minst to SVG-tegninger.", file=sys.stderr)
        return 2
    target, *parts = (Path(file) for file in files)
    try:
        target.write_text(compose_svgs(parts), encoding="utf-8")
    except (ImageRejected, OSError) as error:
        print(f"Kunne ikke lage {target}: {error}", file=sys.stderr)
        return 1
    print(f"Laget {target}. Husk kilde og lisens i illustrations/credits.yaml.")
    return 0
