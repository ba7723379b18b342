"""Codes people type (resume codes, and the one-time codes of relatives' letters) cannot be
guessed at speed: after ten wrong codes from one client each try waits, and the page says how
long; nobody is locked out by someone else; a resume code ends with its round."""

from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.storage.tables import rounds_table
from app.survey.guessing import GuessLimit
from tests.support.entering import resume_code, to_first_question

WAIT = "Vent 15 sekunder, og prøv igjen"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def clock_of(app: FastAPI) -> Clock:
    clock = Clock()
    app.state.services.code_guesses.clock = clock
    return clock


def test_a_client_guessing_resume_codes_waits_and_others_do_not(
    app: FastAPI, client: TestClient
) -> None:
    clock = clock_of(app)
    to_first_question(client)
    code = resume_code(client)
    with TestClient(app, client=("203.0.113.7", 40000)) as guesser:
        answers = [guesser.post("/fortsett", data={"kode": f"AAAA-AAA{c}"}) for c in "23456789AB"]
        assert [a.status_code for a in answers] == [400] * GuessLimit.FREE
        stopped = guesser.post("/fortsett", data={"kode": "AAAA-AAAC"})
        assert stopped.status_code == 429 and WAIT in stopped.text
        assert stopped.headers["Retry-After"] == "15"
        right = guesser.post("/fortsett", data={"kode": code})  # even the right one, for now
        assert right.status_code == 429
        clock.now += 15
        assert guesser.post("/fortsett", data={"kode": code}).url.path.startswith("/s/beboer")
    with TestClient(app, client=("198.51.100.4", 40000)) as resident:
        assert resident.post("/fortsett", data={"kode": code}).url.path.startswith("/s/beboer")


def test_guessing_from_many_addresses_locks_nobody_out(app: FastAPI, client: TestClient) -> None:
    """Before, 300 wrong codes a minute from anywhere stopped every resume for everyone."""
    clock_of(app)
    to_first_question(client)
    code = resume_code(client)
    for number in range(GuessLimit.BUSY):
        app.state.services.code_guesses.failed(f"10.1.{number // 250}.{number % 250}")
    with TestClient(app, client=("10.1.0.1", 40000)) as guesser:
        assert guesser.post("/fortsett", data={"kode": "AAAA-AAAA"}).status_code == 429
    with TestClient(app, client=("192.0.2.99", 40000)) as resident:
        assert resident.post("/fortsett", data={"kode": code}).url.path.startswith("/s/beboer")


def test_letter_codes_count_as_guesses_too(app: FastAPI, client: TestClient) -> None:
    clock_of(app)
    with app.state.services.engine.connect() as connection:
        survey_round = connection.execute(select(rounds_table)).first()
    assert survey_round is not None
    with app.state.services.engine.begin() as connection:
        connection.execute(update(rounds_table).values(relative_codes=True))
    link = f"/r/{survey_round.relative_token}"
    for _ in range(GuessLimit.FREE):
        assert client.post(link, data={"kode": "AAAAA-AAAAA"}).status_code == 400
    waiting = client.post(link, data={"kode": "AAAAA-AAAAA"})
    assert waiting.status_code == 429 and WAIT in waiting.text


def test_a_resume_code_ends_with_its_round(app: FastAPI, client: TestClient) -> None:
    to_first_question(client)
    code = resume_code(client)
    with app.state.services.engine.begin() as connection:
        connection.execute(
            update(rounds_table).values(opens_on=date(2020, 1, 1), closes_on=date(2020, 1, 31))
        )
    with TestClient(app) as other_device:
        ended = other_device.post("/fortsett", data={"kode": code})
    assert ended.status_code == 410
    assert "Undersøkelsen er avsluttet" in ended.text
