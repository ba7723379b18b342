"""National scale: 60,000 residents (and 36,000 relatives) a period, five periods.

Made with the same generator as `minstemme demo`, into a fresh SQLite file. Measured:
- writing the responses (and the process's peak memory, which must stay flat);
- counting theme scores for one period under every filter (one pass), against a bare scan of
  the same answers in the same run (the baseline: reading the rows the count must read);
- the dashboard with nothing counted yet (what the server's start-up count does), in a new
  process once the closed rounds' sums are kept, and again in the same process;
- deciding what to show with all 357 municipalities of Norway;
- exporting the largest round's microdata as CSV and as Parquet (peak memory again).

`python -m benchmarks.national [--residents-per-period 60000] [--periods 5]
[--database sqlite|postgresql]`: PostgreSQL is a throwaway local server (fsync off, as in the
tests), so its writing figure is not a durable one; its reading figures are.
"""

import argparse
import resource
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, func, select, text

from app.config import Settings
from app.demo import DemoPlan, fill_demo
from app.questionnaires.catalog import load_catalog
from app.results.context import ResultsContext
from app.results.dashboard import dashboard
from app.results.files import write_csv, write_parquet
from app.results.kept import ThemeSumsCache
from app.results.lattice import shown_cells
from app.results.microdata import microdata_rows, variables
from app.results.sums import FILTERS, Filters, theme_sums
from app.results.units import named_homes
from app.rounds.rounds import analysed_rounds
from app.storage.database import connection_to
from app.storage.tables import answers_table, responses_table
from benchmarks.report import machine, now, write_section
from tests.support.postgres import postgres_server

MUNICIPALITIES = 15


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def deciding_all_municipalities(count: int = 357, k: int = 5) -> str:
    """The decision of one period, audience and theme with every municipality in Norway: each
    municipality under every filter (one in two differing by one flagged person), then "all
    municipalities" as the sum of those shown."""
    numbers = [f"{index:04d}" for index in range(count)]
    n = {(m, f): 100 if f.help == "all" else 50 for m in numbers for f in FILTERS}
    for m in numbers[::2]:
        n[(m, Filters("all", True))] = 99
    started = time.perf_counter()
    shown = shown_cells(numbers, n, k)
    for f in FILTERS:
        sum(n[(m, f)] for m in numbers if (m, f) in shown)
    seconds = time.perf_counter() - started
    return (
        f"Deciding what to show for one period, audience and theme over {count} municipalities "
        f"and {len(FILTERS)} filters: {seconds * 1000:.1f} ms; made once a process, after "
        "counting, before anyone looks."
    )


@contextmanager
def database(kind: str, folder: str) -> Iterator[str]:
    """The URL of an empty database of this kind, removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder}/national.db"
        return
    with postgres_server() as server:
        yield f"{server}/postgres"


def size(connection: Connection, folder: str) -> str:
    if connection.dialect.name == "postgresql":
        bytes_ = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
        return f"{(bytes_ or 0) / 2**30:.1f} GiB of PostgreSQL"
    return f"{Path(f'{folder}/national.db').stat().st_size / 2**30:.1f} GiB of SQLite"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents-per-period", type=int, default=60_000)
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    per_municipality = args.residents_per_period // MUNICIPALITIES
    plan = DemoPlan(MUNICIPALITIES, args.periods, per_municipality, seed=1)
    lines = [f"Measured {now()} on {machine()}.", ""]
    with tempfile.TemporaryDirectory() as folder, database(args.database, folder) as url:
        settings = Settings(database_url=url)
        catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
        today = date.today()

        with connection_to(settings) as connection:
            started = time.perf_counter()
            written = fill_demo(connection, catalog, plan)
            seconds = time.perf_counter() - started
            answers = connection.execute(
                select(func.count()).select_from(answers_table)
            ).scalar_one()
            stored = size(connection, folder)
            connection.rollback()
        lines += [
            f"- Data: {plan.municipalities} municipalities × {plan.periods} periods, "
            f"{plan.residents * plan.municipalities:,} residents and "
            f"{round(plan.residents * 0.6) * plan.municipalities:,} relatives a period: "
            f"{written:,} responses, {answers:,} answers, {stored}.",
            f"- Writing them (`minstemme demo`'s generator): {seconds:.0f} s, "
            f"{written / seconds:,.0f} responses/s; peak memory {peak_mib():,.0f} MiB.",
        ]

        with connection_to(settings) as connection:
            rounds = analysed_rounds(connection)
            period = rounds[-1].period
            in_period = [r.id for r in rounds if r.period == period]
            responses, answer_table = responses_table, answers_table
            scan = (
                select(func.count(), func.sum(func.length(answer_table.c.value)))
                .select_from(responses.join(answer_table))
                .where(responses.c.round_id.in_(in_period))
            )
            started = time.perf_counter()
            connection.execute(scan).one()
            baseline = time.perf_counter() - started
            connection.rollback()
            started = time.perf_counter()
            theme_sums(connection, catalog, [r for r in rounds if r.period == period])
            counting = time.perf_counter() - started
        lines += [
            f"- Counting one period ({len(in_period)} rounds), all {len(FILTERS)} filters in one "
            f"pass: {counting:.1f} s. Baseline in the same run, a bare scan of the same "
            f"answers: {baseline:.1f} s, so counting costs {counting / baseline:.1f}× reading "
            "the rows.",
        ]

        def show(cache: ThemeSumsCache, chosen: int = 2) -> float:
            with connection_to(settings) as connection:
                started = time.perf_counter()
                context = ResultsContext(connection, catalog, cache, settings.min_group, today)
                numbers = [f"{9901 + index}" for index in range(chosen)]
                dashboard(context, period=None, chosen=numbers)
                return time.perf_counter() - started

        # First what the server's start-up count does, then a new process: sums come from the
        # database.
        first = show(ThemeSumsCache(catalog, settings.min_group))
        kept = ThemeSumsCache(catalog, settings.min_group)
        from_database = show(kept)
        in_memory = show(kept)
        six = show(ThemeSumsCache(catalog, settings.min_group), chosen=6)
        lines.append(
            f"- Dashboard, two municipalities, all {plan.periods} periods: with nothing counted "
            f"yet (every round counted, as the server does in the background when it starts) "
            f"{first:.1f} s; later, in a new process (closed rounds' sums read from the "
            f"database) {from_database * 1000:.0f} ms; again in the same process "
            f"{in_memory * 1000:.0f} ms. The most the dashboard offers, six municipalities, "
            f"in a new process: {six * 1000:.0f} ms."
        )
        lines.append(f"- {deciding_all_municipalities()}")

        with connection_to(settings) as connection:
            largest = rounds[-1]
            resident = catalog.questionnaires[largest.resident_questionnaire]
            columns = variables(catalog, resident, "wide")
            context = ResultsContext(connection, catalog, kept, settings.min_group, today)
            homes = named_homes(context, largest, "resident")
            before = peak_mib()
            started = time.perf_counter()
            rows = microdata_rows(connection, catalog, largest, resident, homes)
            count = write_csv(Path(folder) / "export.csv", rows)
            csv_seconds = time.perf_counter() - started
            started = time.perf_counter()
            rows = microdata_rows(connection, catalog, largest, resident, homes)
            write_parquet(Path(folder) / "export.parquet", columns, rows)
            parquet_seconds = time.perf_counter() - started
        lines.append(
            f"- Exporting one round's residents ({count:,} responses): CSV {csv_seconds:.1f} s, "
            f"Parquet {parquet_seconds:.1f} s; peak memory {before:,.0f} → {peak_mib():,.0f} MiB."
        )
    report = "\n".join(lines)
    print(report)
    write_section("national" if args.database == "sqlite" else "national-postgresql", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
