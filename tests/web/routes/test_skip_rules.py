"""A skip rule over an answer and who is helping, through HTTP: the survey asks «Liker du det
du gjør på dagtid?» only of a resident who works and answers alone, and the owners' preview
says so in words."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import PROJECT_ROOT, urls
from app.config import Settings
from app.web.app import create_app
from tests.support.entering import enter_round
from tests.support.signing_in import add_user, sign_in

RULE = "show_if: {all: [{question: dag_har, is_not: nei}, {helper: selv}]}"


@pytest.fixture
def app(settings: Settings, tmp_path: Path) -> FastAPI:
    questions = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", questions)
    path = questions / "beboer.yaml"
    text = path.read_text(encoding="utf-8")
    old = "show_if: {question: dag_har, is_not: nei}"
    before = f"    {old}\n    illustration: {{file: openmoji/1F6E0"  # «Liker du det du gjør …»
    assert before in text
    path.write_text(text.replace(before, before.replace(old, RULE)))
    return create_app(settings.model_copy(update={"questions_dir": questions}))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def after_dag_har(client: TestClient, helper: str) -> str:
    """The page a resident with this helper sees after answering that they work."""
    enter_round(client)
    for text_page in ("velkommen", "eir", "frivillig", "hjemme"):
        client.post(f"/s/beboer/side/{text_page}", data={"next": "1"})
    current = client.post("/s/beboer/hvem", data={"hvem": helper, "neste": "hjem_trives"}).url.path
    while current != "/s/beboer/side/dag_har":
        question = current.rsplit("/", 1)[-1]
        is_question = f'name="svar-{question}"' in client.get(current).text
        current = client.post(
            current, data={f"svar-{question}": "-"} if is_question else {"next": "1"}
        ).url.path
    return str(client.post(current, data={"svar-dag_har": "ja"}).url.path)


def test_asked_only_of_a_resident_who_works_and_answers_alone(client: TestClient) -> None:
    assert after_dag_har(client, "selv") == "/s/beboer/side/dag_liker"


def test_not_asked_when_staff_help(client: TestClient) -> None:
    assert after_dag_har(client, "personale") == "/s/beboer/side/dag_valgte"


def test_the_preview_says_the_rule_in_words(app: FastAPI, client: TestClient) -> None:
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    said = "Vises bare hvis dag_har er ikke nei og hjelper er selv."
    assert said in client.get(urls.questionnaire_pages("beboer")).text
    assert said in client.get(urls.preview("beboer", "dag_liker")).text
