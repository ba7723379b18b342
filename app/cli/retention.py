"""`minstemme round delete-answers ID [--yes]`: a closed round's answers deleted once they need
not be kept, its counted figures kept (app/survey/retention.py); asks first, logged."""

import sys

from app import clock
from app.cli.commands import confirmed
from app.config import Settings
from app.logbook import command_line, note_round
from app.results.kept import ThemeSumsCache
from app.rounds.rounds import RoundProblem, require_round, response_counts
from app.storage.database import connection_to
from app.studio.drafts import answered_catalog
from app.survey.retention import RETENTION, check_deletable, delete_answers


def delete_answers_command(settings: Settings, round_id: int, *, asked: bool = True) -> int:
    today = clock.today()
    try:
        with connection_to(settings) as connection:
            survey_round = require_round(connection, round_id)
            check_deletable(survey_round, today)
            started, finished = response_counts(connection).get(round_id, (0, 0))
            print(
                f"Runde {round_id} ({survey_round.municipality_name} {survey_round.period}): "
                f"{started} svar, {finished} fullført."
            )
            print(RETENTION)
            if asked and not confirmed("Skriv ja for å slette svarene: "):
                return 1
            catalog = answered_catalog(settings, connection)
            cache = ThemeSumsCache(catalog, settings.min_group)
            delete_answers(connection, cache, round_id, today)
            note_round(connection, command_line(), survey_round, "Slettet svarene i")
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Svarene i runde {round_id} er slettet. Tallene som ble talt, står.")
    return 0
