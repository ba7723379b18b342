"""The service's name is a setting of the round: municipalities call it differently, and every
text that names it (shown or read aloud) uses the round's name."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from app import urls
from app.questionnaires.catalog import Catalog
from app.rounds.links import staff_code
from app.storage.tables import Round, rounds_table
from tests.support.answering import open_round
from tests.support.signing_in import add_user, form_token, sign_in

NAME = "Habiliteringstjenesten i Fjordby"
DEFAULT = "Bo og habilitering"


def named_round(app: FastAPI, catalog: Catalog, service: str = NAME) -> Round:
    with app.state.services.connect() as connection:
        return open_round(connection, catalog, "0301", "Oslo", service_name=service)


def heard(client: TestClient, app: FastAPI, page: str) -> str:
    """The words of the page's read-aloud clip (the "Les opp" button's address)."""
    key = page.split(f'class="listen-page" data-src="{urls.AUDIO}/', 1)[1].split(".mp3", 1)[0]
    clip = app.state.services.read_aloud.by_key(key)
    assert clip is not None and client.get(f"{urls.AUDIO}/{key}.mp3").status_code == 200
    return str(clip.text)


def test_a_relative_reads_and_hears_the_rounds_name_for_the_service(
    app: FastAPI, catalog: Catalog
) -> None:
    survey_round = named_round(app, catalog)
    with TestClient(app) as client:
        intro = client.get(f"/r/{survey_round.relative_token}").text
        assert f"som får tjenester fra {NAME}." in intro
        assert DEFAULT not in intro
        assert NAME in heard(client, app, intro)


def test_a_resident_is_asked_about_the_help_from_the_rounds_service(
    app: FastAPI, catalog: Catalog
) -> None:
    survey_round = named_round(app, catalog)
    with TestClient(app) as client:
        code = staff_code(app.state.services.settings.key, survey_round)
        client.post(f"/r/{survey_round.resident_token}", data={"enhet": "", "personalkode": code})
        at = "velkommen"
        for _ in range(80):  # every page up to the last question, "Ja" to each question
            if at == "fornoyd":
                break
            page = client.get(f"/s/beboer/side/{at}").text
            data = {f"svar-{at}": "ja"} if f'name="svar-{at}"' in page else {"next": "1"}
            reply = client.post(f"/s/beboer/side/{at}", data=data)
            if reply.url.path == "/s/beboer/hvem":
                reply = client.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "hjem_trives"})
            at = reply.url.path.rsplit("/", 1)[1]
        page = client.get("/s/beboer/side/fornoyd").text
        assert f"Tenk på all hjelpen du får fra {NAME}. Er du fornøyd?" in page
        assert NAME in heard(client, app, page) and DEFAULT not in heard(client, app, page)


def test_a_round_without_a_name_keeps_the_questionnaires_own(
    app: FastAPI, catalog: Catalog
) -> None:
    survey_round = named_round(app, catalog, service="")
    with TestClient(app) as client:
        intro = client.get(f"/r/{survey_round.relative_token}").text
        assert f"som får tjenester fra {DEFAULT}." in intro
        assert DEFAULT in heard(client, app, intro)


def test_an_owner_names_the_service_when_making_a_round(app: FastAPI) -> None:
    add_user(app, "eier", "owner", "0301")
    with TestClient(app) as client:
        sign_in(client, "eier")
        page = client.get("/analyse/runder").text
        assert 'name="tjeneste"' in page
        made = client.post(
            "/analyse/runder",
            data={
                "csrf": form_token(page),
                "kommune": "Oslo",
                "kommunenummer": "0301",
                "periode": "2027",
                "apner": "2027-03-01",
                "stenger": "2027-04-30",
                "tjeneste": "  Tjenester for   funksjonshemmede ",
            },
        )
        assert made.status_code == 200, made.text
    with app.state.services.connect() as connection:
        names = connection.execute(select(rounds_table.c.service_name)).scalars().all()
    assert "Tjenester for funksjonshemmede" in names
    assert "Tjenesten: Tjenester for funksjonshemmede" in made.text  # the rounds page says it
