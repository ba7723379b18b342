"""`minstemme round summary ID [--language nb|nn|en] [--out FILE]`: «Dette sa dere», a closed
round's results for its residents (app/followup/summary.py), as a file to print (A4, large
type) or show on a screen at a meeting."""

import sys
from pathlib import Path

from app.clock import today
from app.config import Settings
from app.followup.summary import SummaryNotReady, summary
from app.results.context import ResultsContext
from app.results.kept import ThemeSumsCache
from app.results.sums import Filters
from app.rounds.rounds import RoundProblem, require_round
from app.storage.database import connection_to
from app.studio.drafts import answered_catalog
from app.templating import make_templates
from app.words import DEFAULT_LANGUAGE, words_in


def summary_command(
    settings: Settings, round_id: int, out: Path | None, language: str = DEFAULT_LANGUAGE
) -> int:
    words = words_in(language)
    try:
        with connection_to(settings) as connection:
            catalog = answered_catalog(settings, connection)
            survey_round = require_round(connection, round_id)
            k = settings.min_group
            context = ResultsContext(
                connection, catalog, ThemeSumsCache(catalog, k), k, today(), Filters()
            )
            told = summary(context, survey_round, words, language)
    except (RoundProblem, SummaryNotReady) as problem:
        print(problem, file=sys.stderr)
        return 1
    in_language = "" if language == DEFAULT_LANGUAGE else f"-{language}"
    number = survey_round.municipality_number
    target = out or Path(f"dette-sa-dere-{round_id}-{number}{in_language}.html")
    page = make_templates(settings).get_template("round/summary_print.html")
    target.write_text(page.render(told=told, words=words, lang=language), encoding="utf-8")
    print(f"Skrev {target}: «{told.title}» for {told.municipality} {told.period}. Skriv den ut.")
    return 0
