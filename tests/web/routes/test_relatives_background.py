"""The relatives' background questions as the national relatives' survey asks them: more than
one relation (a parent can also be the guardian), which services, which of the round's homes,
and for how long."""

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.rounds.rounds import DEMO_UNITS, unit_key
from app.storage.tables import answers_table, responses_table, rounds_table
from tests.support.entering import enter_round, to_first_form

BASE = "/s/parorende/side"
SAVE = "/s/parorende/lagre/om_deg"


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A relative on the first screen of the form, in the demo round (which lists homes)."""
    with TestClient(app) as client:
        enter_round(client, "relative")
        to_first_form(client)
        yield client


def stored(app: FastAPI) -> dict[str, str | None]:
    with app.state.services.engine.connect() as connection:
        return {a.question_id: a.value for a in connection.execute(select(answers_table)).all()}


def home_of_response(app: FastAPI) -> str | None:
    with app.state.services.engine.connect() as connection:
        unit: str | None = connection.execute(select(responses_table.c.unit)).scalar_one()
    return unit


def ticked(page: str, question: str) -> list[str]:
    return re.findall(rf'type="checkbox" name="svar-{question}" value="([^"]+)" checked', page)


def test_a_relation_and_services_are_boxes_to_tick_kept_in_the_scales_order(
    client: TestClient, app: FastAPI
) -> None:
    page = client.get(f"{BASE}/om_deg").text
    assert 'type="checkbox" name="svar-relasjon" value="forelder"' in page
    assert 'type="checkbox" name="svar-tjeneste" value="avlastning"' in page
    assert 'type="radio" name="svar-kontakt" value="ukentlig"' in page
    assert page.count("Du kan velge flere.") == 2
    # ticked in another order than shown: stored in the scale's order, each once
    sent = client.post(SAVE, data={"svar-relasjon": ["verge", "forelder"], "flere-relasjon": ""})
    assert sent.status_code == 204
    assert stored(app) == {"relasjon": "forelder verge"}
    assert ticked(client.get(f"{BASE}/om_deg").text, "relasjon") == ["forelder", "verge"]


def test_unticking_every_box_takes_the_answer_back(client: TestClient, app: FastAPI) -> None:
    client.post(SAVE, data={"svar-relasjon": "sosken", "flere-relasjon": ""})
    # another question saved with the boxes on the page and none ticked
    client.post(SAVE, data={"svar-kontakt": "ukentlig", "flere-relasjon": "", "flere-tjeneste": ""})
    assert stored(app) == {"relasjon": None, "kontakt": "ukentlig"}
    assert ticked(client.get(f"{BASE}/om_deg").text, "relasjon") == []


@pytest.mark.parametrize(
    "data",
    [
        {"svar-relasjon": ["forelder", "forelder"]},  # the same box twice
        {"svar-relasjon": ["forelder", "nabo"]},  # one not on the page
        {"svar-kontakt": ["ukentlig", "manedlig"]},  # two answers to a one-answer question
        {"svar-kontakt": "ukentlig manedlig"},
        {"svar-relasjon": ""},  # a box with no value
    ],
)
def test_tampered_boxes_are_refused(
    client: TestClient, app: FastAPI, data: dict[str, str | list[str]]
) -> None:
    reply = client.post(f"{BASE}/om_deg", data=data)
    assert reply.status_code == 422
    assert "Bare svarene som står på siden, kan velges." in reply.text
    assert stored(app) == {}


def to_second_part(client: TestClient, first: str = "bolig") -> str:
    reply = client.post(f"{BASE}/om_deg", data={"svar-relasjon": "forelder"})
    assert reply.url.path == f"{BASE}/{first}"
    return str(reply.text)


def test_the_home_is_one_of_the_rounds_homes_and_becomes_the_responses_unit(
    client: TestClient, app: FastAPI
) -> None:
    page = to_second_part(client)
    assert "Om deg og din pårørende (del 2 av 2)" in page
    assert "I hvilken bolig eller avdeling får din pårørende tjenester?" in page
    labels = re.findall(r'name="svar-bolig" value="[^"]+"[^>]*>\s*<span>([^<]+)</span>', page)
    assert labels == [*DEMO_UNITS, "Et annet sted", "Vet ikke"]
    chosen = unit_key(DEMO_UNITS[1])
    assert client.post("/s/parorende/lagre/bolig", data={"svar-bolig": chosen}).status_code == 204
    assert home_of_response(app) == DEMO_UNITS[1]
    # the answer says a home was chosen; which one is the response's unit (exports leave it
    # out where the home holds few answers, as for residents)
    assert stored(app)["bolig"] == "enhet"
    assert f'value="{chosen}" checked' in client.get(f"{BASE}/bolig").text
    client.post("/s/parorende/lagre/bolig", data={"svar-bolig": "vet_ikke"})
    assert home_of_response(app) is None
    assert stored(app)["bolig"] == "vet_ikke"
    refused = client.post(f"{BASE}/bolig", data={"svar-bolig": unit_key("Et sted ingen har")})
    assert refused.status_code == 422


def test_a_round_without_homes_does_not_ask_for_one(client: TestClient, app: FastAPI) -> None:
    with app.state.services.engine.begin() as connection:
        connection.execute(update(rounds_table).values(units=""))
    page = to_second_part(client, first="varighet")  # the screen is named by what it shows
    assert "Hvor lenge har din pårørende fått tjenester fra kommunen?" in page
    assert "svar-bolig" not in page
    assert client.post(f"{BASE}/varighet", data={"svar-varighet": "over_10_ar"}).status_code == 200
    assert "bolig" not in stored(app)
