"""`minstemme demo`: made-up rounds and answers, so the results pages show something."""

import sys
import time
from datetime import date

from app.aggregates import Filters
from app.analysis import ThemeSumsCache, analysed_rounds
from app.catalog import load_catalog
from app.config import Settings
from app.db import connection_to
from app.demo import DemoPlan, fill_demo
from app.progress import progress
from app.rounds import RoundProblem


def demo_command(settings: Settings, plan: DemoPlan) -> int:
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    started = time.perf_counter()
    try:
        with connection_to(settings) as connection:
            written = fill_demo(connection, catalog, plan, progress)
            # Count the closed rounds once now, so the dashboard opens at once.
            ThemeSumsCache(catalog).sums(
                connection, analysed_rounds(connection), Filters(), date.today()
            )
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
