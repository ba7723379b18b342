"""Any questionnaire, any round: a day centre's questionnaire of six questions on two themes
is a questionnaire like the others. A round asks any set (residents only, relatives only, both,
another), in «Ny runde» as on the command line; its figures are scored, reported and compared
only with rounds that asked the same questionnaire, never added to another's."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import clock, urls
from app.config import Settings
from app.questionnaires.catalog import Catalog
from app.results.dashboard import OTHER_QUESTIONNAIRE, figures_for
from app.results.lattice import ALL
from app.results.report import round_report
from app.rounds.rounds import NOT_ASKED, all_rounds, create_round
from app.storage.tables import Round
from tests.support.answering import respond
from tests.support.owning import app_with_a_day_centre
from tests.support.signing_in import add_user, sign_in


@pytest.fixture
def app(settings: Settings, tmp_path: Path) -> FastAPI:
    return app_with_a_day_centre(settings, tmp_path)


@pytest.fixture
def catalog(app: FastAPI) -> Catalog:
    services_catalog: Catalog = app.state.services.catalog
    return services_catalog


def new_round_form(client: TestClient, **chosen: str) -> dict[str, str]:
    closes = clock.today() + timedelta(days=30)
    return {
        "csrf": client.cookies.get("minstemme_csrf", "") or "",
        "kommune": "Testby",
        "kommunenummer": "9931",
        "periode": str(closes.year),
        "apner": str(clock.today()),
        "stenger": str(closes),
        "koder": "0",
        **chosen,
    }


def test_a_round_in_the_browser_asks_the_day_centre_questionnaire_only(
    app: FastAPI, client: TestClient
) -> None:
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    page = client.get(urls.ROUNDS).text
    assert '<option value="dagsenter">Dagsenteret (dagsenter)</option>' in page
    assert '<option value="beboer" selected>' in page  # the standard, chosen unless changed
    assert '<option value="ingen">Ingen: spør ikke pårørende</option>' in page
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    form = new_round_form(client, beboerskjema="dagsenter", parorendeskjema="ingen")
    made = client.post(urls.ROUNDS, data=form | {"csrf": csrf})
    assert made.status_code == 200 and "Runden er laget." in made.text, made.text
    assert "Pårørende: spørres ikke" in made.text
    with app.state.services.connect() as connection:
        (survey_round,) = [r for r in all_rounds(connection) if not r.demo]
    assert (survey_round.resident_questionnaire, survey_round.relative_questionnaire) == (
        "dagsenter",
        NOT_ASKED,
    )
    assert client.get(f"/r/{survey_round.resident_token}").status_code == 200
    assert client.get(f"/r/{survey_round.relative_token}").status_code == 404
    poster = client.get(urls.poster(survey_round.id)).text
    assert "Til beboere" in poster or "beboere" in poster.lower()
    assert f"/r/{survey_round.relative_token}" not in poster

    nothing = form | {"csrf": csrf, "beboerskjema": "ingen", "parorendeskjema": "ingen"}
    refused = client.post(urls.ROUNDS, data=nothing | {"kommunenummer": "9932"})
    assert refused.status_code == 400 and "Velg minst ett skjema" in refused.text


def closed(connection: object, catalog: Catalog, number: str, resident: str) -> Round:
    return create_round(
        connection,  # type: ignore[arg-type]
        catalog,
        municipality_name=f"Kommune {number}",
        municipality_number=number,
        period="2025",
        opens_on=date(2025, 3, 1),
        closes_on=date(2025, 4, 30),
        resident_questionnaire=resident,
        relative_questionnaire=NOT_ASKED if resident == "dagsenter" else "parorende",
    )


def test_figures_of_another_questionnaire_are_never_added_to_the_standards(
    app: FastAPI, catalog: Catalog
) -> None:
    """Five residents liked the day centre (trivsel 100); five in another municipality did
    not like their home (trivsel 0). Added up they would say 50 about neither."""
    services = app.state.services
    with services.connect() as connection:
        centre = closed(connection, catalog, "9931", "dagsenter")
        homes = closed(connection, catalog, "9932", "beboer")
        for _ in range(5):
            respond(connection, catalog, centre, {"liker": "ja"}, questionnaire="dagsenter")
            respond(connection, catalog, homes, {"hjem_trives": "nei"})
        context = services.results(connection)
        rounds = context.rounds()
        dashboard = figures_for(context, "2025", rounds)  # compares by the standard
        assert dashboard.figure("9931", "resident", "trivsel").hidden_because == (
            OTHER_QUESTIONNAIRE
        )
        everyone = dashboard.figure(ALL, "resident", "trivsel").score
        assert everyone is not None and (everyone.mean, everyone.n) == (0.0, 5)

        report = round_report(context, next(r for r in rounds if r.id == centre.id))
        assert [t.theme for t in report.themes] == ["trivsel", "trygghet"]
        trivsel = report.themes[0]
        assert trivsel.residents.score is not None and trivsel.residents.score.mean == 100.0
        compared = trivsel.all_residents.score
        assert compared is not None and (compared.mean, compared.n) == (100.0, 5)
        assert trivsel.relatives.hidden_because == "ikke spurt i runden"
        assert list(report.questions) == ["resident"]
        assert [d.question.id for d in report.questions["resident"]][:2] == ["liker", "venner"]


def test_every_owner_page_and_file_of_a_round_without_relatives(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    with app.state.services.connect() as connection:
        centre = closed(connection, catalog, "9931", "dagsenter")
        for _ in range(5):
            respond(connection, catalog, centre, {"liker": "ja"}, questionnaire="dagsenter")
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    round_id = centre.id
    for path in (
        urls.RESULTS,
        urls.report(round_id),
        urls.EXPORTS,
        urls.ROUNDS,
        urls.poster(round_id),
        urls.round_file(round_id, "beboere", "csv"),
        urls.round_file(round_id, "beboere", "kodebok"),
        urls.period_file("2025", "beboere", "csv"),
        urls.theme_scores_file("csv"),
        urls.comments(round_id),
    ):
        shown = client.get(path)
        assert shown.status_code == 200, (path, shown.text[:300])
    for path, said in (
        (urls.round_file(round_id, "parorende", "csv"), "Runden spurte ikke pårørende."),
        (urls.period_file("2025", "parorende", "csv"), "Ingen runde i 2025 spurte pårørende."),
    ):
        refused = client.get(path)
        assert refused.status_code == 404 and said in refused.text, path
    exports = client.get(urls.EXPORTS).text
    assert "Spurte ikke pårørende" in exports
