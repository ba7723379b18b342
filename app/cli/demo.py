"""`minstemme demo`: made-up rounds and answers, so the results pages show something."""

import argparse
import sys
import time

from app.cli.progress import progress
from app.clock import today
from app.config import Settings, get_settings
from app.demo import DemoPlan, fill_demo
from app.results.context import ResultsContext
from app.results.kept import ThemeSumsCache
from app.rounds.rounds import RoundProblem, analysed_rounds
from app.storage.database import connection_to
from app.studio.drafts import served_catalog


def register(command: argparse.ArgumentParser) -> None:
    """The options of `minstemme demo` (its parser made by app/cli/main.py)."""
    command.add_argument("--municipalities", type=int, default=6, help="antall kommuner (6)")
    command.add_argument("--periods", type=int, default=4, help="antall år, til og med i år (4)")
    command.add_argument("--residents", type=int, default=40, help="beboere per kommune og år (40)")
    command.add_argument("--seed", type=int, default=2026, help="startverdi for tilfeldighetene")
    command.add_argument(
        "--force",
        action="store_true",
        help="lag demodata også når MINSTEMME_ENVIRONMENT er production (ellers nektes det)",
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if settings.environment == "production" and not args.force:
        print(
            "Dette er en produksjonsdatabase (MINSTEMME_ENVIRONMENT=production): oppdiktede "
            "runder og svar ville ligge blant de ekte. Bruk en annen database, eller --force om "
            "du virkelig vil.",
            file=sys.stderr,
        )
        return 1
    plan = DemoPlan(args.municipalities, args.periods, args.residents, seed=args.seed, actions=True)
    return demo_command(settings, plan)


def demo_command(settings: Settings, plan: DemoPlan) -> int:
    started = time.perf_counter()
    try:
        with connection_to(settings) as connection:
            catalog = served_catalog(settings, connection)
            written = fill_demo(connection, catalog, plan, progress)
            # Count the closed rounds once now, under every filter, so the dashboard opens at
            # once.
            context = ResultsContext(
                connection,
                catalog,
                ThemeSumsCache(catalog, settings.min_group),
                settings.min_group,
                today(),
            )
            context.theme_sums(analysed_rounds(connection))
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        print("Demodata kan bare lages én gang i en database.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(
        f"Laget {plan.municipalities * plan.periods} runder for {plan.municipalities} oppdiktede "
        f"kommuner ({plan.last_year - plan.periods + 1}–{plan.last_year}) med {written} svar "
        f"på {seconds:.1f} s. Se resultatene på /analyse."
    )
    return 0
