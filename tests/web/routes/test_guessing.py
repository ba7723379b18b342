"""Codes people type (resume codes, and the one-time codes of relatives' letters) cannot be
guessed at speed: wrong codes are counted per client address, in memory only, and for everyone
together; a resume code ends with its round."""

from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, select

from app.storage.tables import Round
from app.survey.guessing import GuessLimit
from tests.support.entering import resume_code, to_first_question

TOO_MANY = "For mange feil koder"


def test_a_client_guessing_resume_codes_is_stopped_and_others_are_not(
    app: FastAPI, client: TestClient
) -> None:
    to_first_question(client)
    code = resume_code(client)
    with TestClient(app, client=("203.0.113.7", 40000)) as guesser:
        answers = [guesser.post("/fortsett", data={"kode": f"AAAA-AAA{c}"}) for c in "23456789AB"]
        assert [a.status_code for a in answers] == [400] * GuessLimit.PER_CLIENT
        stopped = guesser.post("/fortsett", data={"kode": "AAAA-AAAC"})
        assert stopped.status_code == 429 and TOO_MANY in stopped.text
        right = guesser.post("/fortsett", data={"kode": code})  # even the right one, for now
        assert right.status_code == 429
    with TestClient(app, client=("198.51.100.4", 40000)) as resident:
        assert resident.post("/fortsett", data={"kode": code}).url.path.startswith("/s/beboer")


def test_guessing_from_many_addresses_is_stopped_for_all(app: FastAPI) -> None:
    app.state.services.code_guesses.overall = 3
    for number in range(3):
        with TestClient(app, client=(f"192.0.2.{number}", 40000)) as guesser:
            assert guesser.post("/fortsett", data={"kode": "AAAA-AAAA"}).status_code == 400
    with TestClient(app, client=("192.0.2.99", 40000)) as next_one:
        assert next_one.post("/fortsett", data={"kode": "AAAA-AAAA"}).status_code == 429


def test_letter_codes_count_as_guesses_too(app: FastAPI, client: TestClient) -> None:
    with Session(app.state.services.engine) as session:
        survey_round = session.exec(select(Round)).first()
    assert survey_round is not None
    with app.state.services.engine.begin() as connection:
        connection.execute(update(Round).values(relative_codes=True))
    link = f"/r/{survey_round.relative_token}"
    for _ in range(GuessLimit.PER_CLIENT):
        assert client.post(link, data={"kode": "AAAAA-AAAAA"}).status_code == 400
    assert client.post(link, data={"kode": "AAAAA-AAAAA"}).status_code == 429


def test_a_resume_code_ends_with_its_round(app: FastAPI, client: TestClient) -> None:
    to_first_question(client)
    code = resume_code(client)
    with app.state.services.engine.begin() as connection:
        connection.execute(
            update(Round).values(opens_on=date(2020, 1, 1), closes_on=date(2020, 1, 31))
        )
    with TestClient(app) as other_device:
        ended = other_device.post("/fortsett", data={"kode": code})
    assert ended.status_code == 410
    assert "Undersøkelsen er avsluttet" in ended.text
