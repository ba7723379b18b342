"""`minstemme round homes ID [--home BOLIG=TJENESTE,BOFORM ...]`: the service and form of
housing of a round's homes (app/rounds/homes.py), shown, or given; the report then shows the
results by each."""

import sys

from app import clock
from app.config import Settings
from app.rounds.homes import HOUSING_FORMS, Tags, home_tags, services, tag_homes, tags_fixed
from app.rounds.rounds import RoundProblem, require_round, units_of
from app.storage.database import connection_to
from app.studio.drafts import served_catalog


def homes_command(settings: Settings, round_id: int, given: list[str]) -> int:
    today = clock.today()
    try:
        with connection_to(settings) as connection:
            catalog = served_catalog(settings, connection)
            survey_round = require_round(connection, round_id)
            if given:
                tag_homes(connection, catalog, survey_round, _parsed(given), today)
            tags = home_tags(connection, round_id)
            fixed = tags_fixed(connection, survey_round, today)
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    homes = units_of(survey_round)
    if not homes:
        print("Runden har ingen boliger. Gi den boliger med round change --unit.")
        return 0
    offered = services(catalog)
    for home in homes:
        tag = tags.get(home, Tags())
        service = offered.get(tag.service, "tjeneste ikke oppgitt")
        housing = HOUSING_FORMS.get(tag.housing, "boform ikke oppgitt")
        print(f"{home}: {service}, {housing.lower()}")
    if fixed:
        print("Runden er avsluttet: tjeneste og boform kan ikke endres nå.")
    else:
        print(f"Tjenester: {', '.join(offered)}. Boformer: {', '.join(HOUSING_FORMS)}.")
    return 0


def _parsed(given: list[str]) -> dict[str, Tags]:
    """BOLIG=TJENESTE,BOFORM (either may be empty) for each home given."""
    tags = {}
    for each in given:
        home, said, values = each.partition("=")
        service, _, housing = values.partition(",")
        if not said or not home.strip():
            raise RoundProblem(
                f"«{each}» må skrives BOLIG=TJENESTE,BOFORM, for eksempel "
                "«Lia=bolig_med_personale,bofellesskap»."
            )
        tags[home.strip()] = Tags(service.strip(), housing.strip())
    return tags
