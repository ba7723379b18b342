"""Who may see what: an account sees its own municipalities' rounds in full (reports,
microdata, and, as an owner, managing them), other municipalities only in the dashboard's
aggregates; a national account sees all. Every results route is tried."""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import clock, urls
from app.questionnaires.catalog import Catalog
from app.rounds.rounds import all_rounds, round_by_id
from app.storage.tables import Round
from tests.support.answering import closed_round, open_round, respond
from tests.support.signing_in import add_user, form_token, sign_in

OTHER = "Runden hører til en annen kommune"


@pytest.fixture
def rounds(app: FastAPI, catalog: Catalog) -> dict[str, Round]:
    """A closed round in Fjordby (9946) and one in Bergvik (9947), with answers."""
    made = {}
    with app.state.services.connect() as connection:
        for number in ("9946", "9947"):
            survey_round = closed_round(connection, catalog, number)
            for _ in range(6):
                respond(connection, catalog, survey_round, {"hjem_trives": "ja"})
            made[number] = survey_round
    return made


def signed_in_as(app: FastAPI, client: TestClient, name: str, role: str, *places: str) -> None:
    add_user(app, name, role, *places)
    sign_in(client, name)


def test_an_analyst_sees_their_municipality_in_full_and_others_in_aggregates(
    app: FastAPI, client: TestClient, rounds: dict[str, Round]
) -> None:
    own, other = rounds["9946"].id, rounds["9947"].id
    signed_in_as(app, client, "ana", "analyst", "9946")
    dashboard = client.get(urls.results(periode="2025", kommune=["9946", "9947"])).text
    assert "Kommune 9947" in dashboard  # others' aggregates are there
    assert urls.report(own, hjelp="alle", flagg="med").replace("&", "&amp;") in dashboard
    assert f"/analyse/rapport/{other}" not in dashboard
    assert client.get(urls.report(own)).status_code == 200
    refused = client.get(urls.report(other))
    assert refused.status_code == 403 and OTHER in refused.text
    exports = client.get(urls.EXPORTS).text
    assert urls.round_file(own, "beboere", "csv").replace("&", "&amp;") in exports
    assert f"/analyse/eksport/{other}?" not in exports
    assert client.get(urls.round_file(own, "beboere", "csv")).status_code == 200
    assert client.get(urls.round_file(other, "beboere", "csv")).status_code == 403
    assert client.get(urls.theme_scores_file("csv")).status_code == 200  # aggregates only


def test_an_owner_manages_only_their_municipalities_rounds(
    app: FastAPI, client: TestClient, catalog: Catalog, rounds: dict[str, Round]
) -> None:
    own, other = rounds["9946"].id, rounds["9947"].id
    with app.state.services.connect() as connection:
        open_other = open_round(connection, catalog, "9947", "Bergvik")
    signed_in_as(app, client, "eva", "owner", "9946")
    page = client.get(urls.ROUNDS).text
    token = form_token(page)
    assert urls.poster(own) in page and urls.poster(other) not in page
    assert client.get(urls.poster(other)).status_code == 403
    closing = client.post(urls.close_round(open_other.id), data={"csrf": token, "bekreft": "ja"})
    assert closing.status_code == 403 and OTHER in closing.text
    with app.state.services.connect() as connection:
        still = round_by_id(connection, open_other.id)
    assert still is not None and still.closed_at is None
    made = {"kommune": "Bergvik", "periode": "2100", "apner": "2100-01-01", "stenger": "2100-02-01"}
    refused = client.post(urls.ROUNDS, data=made | {"kommunenummer": "9947", "csrf": token})
    assert refused.status_code == 400
    assert "Du kan bare lage runder for kommunene dine (9946)" in refused.text
    mine = made | {"kommune": "Fjordby", "kommunenummer": "9946", "csrf": token}
    assert client.post(urls.ROUNDS, data=mine, follow_redirects=False).status_code == 303
    with app.state.services.connect() as connection:
        assert [r.period for r in all_rounds(connection) if r.municipality_number == "9947"] == [
            "2025",
            str((clock.today() + timedelta(days=30)).year),  # open_round's: the year it closes
        ]


def test_a_national_account_sees_every_municipality(
    app: FastAPI, client: TestClient, rounds: dict[str, Round]
) -> None:
    other = rounds["9947"].id
    signed_in_as(app, client, "nina", "analyst")  # no municipalities: national
    assert client.get(urls.report(other)).status_code == 200
    assert client.get(urls.round_file(other, "parorende", "xlsx")).status_code == 200
