"""The `minstemme` command: serve the survey and check questionnaires."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app.catalog import check_catalog, load_catalog
from app.config import get_settings
from app.illustrations import Pictures
from app.images import ImageRejected, compose_svgs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="minstemme", description="Min stemme teller: spørreundersøkelse med bilder og tale."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="kommando")

    serve = commands.add_parser("serve", help="start nettstedet")
    serve.add_argument("--host", default="127.0.0.1", help="adresse å lytte på (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")
    serve.add_argument("--workers", type=int, default=1, help="antall prosesser (1)")

    commands.add_parser("check", help="sjekk spørreskjemaene i questions/")

    audio = commands.add_parser("audio", help="lag eller sjekk opplesingen")
    audio.add_argument(
        "action", choices=["build", "check"], help="build: lag lyd, check: vis hva som mangler"
    )

    images = commands.add_parser("images", help="lag trygge, mindre kopier av bildene")
    images.add_argument(
        "action",
        choices=["build", "compose"],
        help="build: lag WebP-kopier uten metadata; "
        "compose: sett SVG-tegninger side om side i ett bilde",
    )
    images.add_argument("files", nargs="*", help="compose: ny fil, så tegningene den skal ha")

    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve_command(args.host, args.port, args.workers)
    if args.command == "audio":
        from app import cli_audio

        settings = get_settings()
        if args.action == "build":
            return cli_audio.build_command(settings)
        return cli_audio.check_command(settings)
    if args.command == "images" and args.action == "compose":
        return compose_command(args.files)
    if args.command == "images":
        return images_command()
    return check_command()


def images_command() -> int:
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


def check_command() -> int:
    settings = get_settings()
    result = check_catalog(settings.questions_dir, settings.illustrations_dir)
    for warning in result.warnings:
        print(warning)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        count = len(result.problems)
        print(f"{count} feil funnet. Rett dem og kjør «minstemme check» igjen.", file=sys.stderr)
        return 1
    assert result.catalog is not None
    for questionnaire in result.catalog.questionnaires.values():
        print(
            f"OK: {questionnaire.id} (versjon {questionnaire.version}): "
            f"{len(questionnaire.pages)} sider, {len(questionnaire.questions)} spørsmål"
        )
    return 0


def serve_command(host: str, port: int, workers: int) -> int:
    if check_command() != 0:
        return 1
    import uvicorn

    from app.db import DatabaseOutdated, make_engine

    try:
        make_engine(get_settings()).dispose()
    except DatabaseOutdated as outdated:
        print(outdated, file=sys.stderr)
        return 1

    # No access log: it would write respondents' IP addresses to disk.
    uvicorn.run(
        "app.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        server_header=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
