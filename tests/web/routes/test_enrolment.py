"""A residents' round is answered on tablets staff have started with the round's staff code,
not by anyone holding the link (it is printed on posters, and posters travel): with the bare
link anyone could add "residents" who answered with staff, and work the one real resident's
answer out of "Svarte med hjelp"."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app import clock
from app.questionnaires.catalog import Catalog
from app.results.context import ResultsContext
from app.results.kept import ThemeSumsCache
from app.results.report import round_results
from app.results.sums import Filters
from app.rounds.links import staff_code
from app.rounds.rounds import close_round
from app.storage.tables import Round, responses_table
from tests.support.answering import open_round

K = 5


@pytest.fixture
def oslo(app: FastAPI, catalog: Catalog) -> Round:
    with app.state.services.connect() as connection:
        return open_round(connection, catalog, "0301", "Oslo")


def answer(tablet: TestClient, helper: str, value: str) -> int:
    """One resident on a started tablet: the intro, who is with them, one question, and
    "Ny person" for the next. The status of the question's page."""
    for page in ("velkommen", "eir", "frivillig", "hjemme"):
        tablet.post(f"/s/beboer/side/{page}", data={"next": "1"})
    tablet.post("/s/beboer/hvem", data={"hvem": helper, "neste": "hjem_trives"})
    given = tablet.post("/s/beboer/side/hjem_trives", data={"svar-hjem_trives": value})
    tablet.post("/s/beboer/ny")
    return int(given.status_code)


def responses_in(app: FastAPI, survey_round: Round) -> int:
    with app.state.services.connect() as connection:
        counted = connection.execute(
            select(func.count()).where(responses_table.c.round_id == survey_round.id)
        ).scalar_one()
    return int(counted)


def test_the_bare_link_adds_no_resident_and_the_one_helped_answer_stays_hidden(
    app: FastAPI, catalog: Catalog, oslo: Round
) -> None:
    link = f"/r/{oslo.resident_token}"
    code = staff_code(app.state.services.settings.key, oslo)
    with TestClient(app) as tablet:  # staff start the home's tablet with the round's code
        started = tablet.post(link, data={"enhet": "", "personalkode": code.lower()})
        assert started.url.path.startswith("/s/beboer"), started.text
        for _ in range(10):
            assert answer(tablet, "selv", "ja") == 200
        assert answer(tablet, "personale", "nei") == 200
    assert responses_in(app, oslo) == 11

    # The attacker has the poster's link, and nothing else.
    with TestClient(app) as attacker:
        start_page = attacker.get(link)
        assert start_page.status_code == 200 and 'name="personalkode"' in start_page.text
        refused = attacker.post(link, data={"enhet": ""})
        assert refused.status_code == 422 and "personalets kode" in refused.text
        guessed = attacker.post(link, data={"enhet": "", "personalkode": "AAAA-AAAA"})
        assert guessed.status_code == 422
        # A round cookie made by hand names the round but proves nothing.
        attacker.cookies.set("minstemme_runde_beboer", oslo.resident_token)
        for _ in range(4):
            answer(attacker, "personale", "ja")
        assert "Bruk lenken" in attacker.get("/s/beboer/side/velkommen").text
    assert responses_in(app, oslo) == 11

    with app.state.services.connect() as connection:
        closed = close_round(connection, oslo.id)
        helped = ResultsContext(
            connection, catalog, ThemeSumsCache(catalog, K), K, clock.today(), Filters("helped")
        )
        (trivsel,) = [r for r in round_results(helped, closed) if r.theme == "trivsel"]
    assert trivsel.residents.score is None  # one person: hidden, as it must be


def test_the_demo_round_needs_no_code(app: FastAPI) -> None:
    """The front page's "Prøv som beboer" is for trying the survey: it starts at once."""
    with TestClient(app) as client:
        front = client.get("/").text
        demo_link = front.split('href="/r/', 1)[1].split('"', 1)[0]
        assert 'name="personalkode"' not in client.get(f"/r/{demo_link}").text
        assert client.post(f"/r/{demo_link}", data={"enhet": ""}).url.path.startswith("/s/")
