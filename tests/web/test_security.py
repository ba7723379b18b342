"""Headers on every response: nothing kept in a shared cache that shows answers, codes or
results; HTTPS only in production; and the same headers on the page of an unexpected error."""

from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import DEVELOPMENT_KEY, Settings
from app.web.app import create_app
from tests.support.entering import resume_code, round_links, to_first_question
from tests.support.signing_in import add_user, sign_in


def test_pages_with_answers_codes_or_results_are_never_stored(
    app: FastAPI, client: TestClient
) -> None:
    to_first_question(client)
    pages = ["/s/beboer/side/hjem_trives", "/s/beboer/pause", "/fortsett", "/", "/finnes-ikke"]
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    pages += ["/analyse", "/analyse/eksport", "/analyse/eksport/temaskarer.csv"]
    for page in pages:
        answer = client.get(page)
        assert answer.headers["Cache-Control"] == "no-store", page
    static = client.get("/static/app.css")
    assert "max-age" in static.headers["Cache-Control"]  # files without answers are kept


def test_https_only_in_production(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert "Strict-Transport-Security" not in client.get("/").headers
    production = settings.model_copy(update={"environment": "production", "secure_cookies": True})
    with TestClient(create_app(production)) as client:
        assert client.get("/").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_production_refuses_a_missing_or_public_secret_key() -> None:
    """The key that keeps resume codes out of the database must be the operator's own: the
    development placeholder is in this repository, and a short key can be guessed."""
    safe = {"environment": "production", "secure_cookies": True}
    for key in ({}, {"secret_key": DEVELOPMENT_KEY}, {"secret_key": "too-short"}):
        with pytest.raises(ValidationError, match="MINSTEMME_SECRET_KEY"):
            Settings.model_validate(safe | key)
    assert Settings.model_validate(safe | {"secret_key": "k" * 32}).key == b"k" * 32


def test_the_page_of_an_unexpected_error_has_the_same_headers(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(settings)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("app.web.routes.front.find_by_resume_code", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.post("/fortsett", data={"kode": "ABCD-EFGH"})
    assert answer.status_code == 500
    assert "Noe gikk galt hos oss" in answer.text
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Cache-Control"] == "no-store"


CROSS_SITE = [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://angriper.example"},
    {"Origin": "https://angriper.example"},  # a browser that sends no Sec-Fetch-Site
]


def test_another_site_cannot_hand_a_tablet_someone_elses_response(app: FastAPI) -> None:
    """An attacker's page auto-posts their own resume code to /fortsett, or starts a tablet in
    their round through /r/<token>: the tablet would then answer into the attacker's response.
    A form sent from another site is refused; the same form from this site, and a printed
    link (opened, not posted), work as before."""
    with TestClient(app) as attacker:
        to_first_question(attacker)
        code = resume_code(attacker)
        resident_link = round_links(attacker.get("/").text)[0]
    for headers in CROSS_SITE:
        with TestClient(app) as tablet:
            resumed = tablet.post("/fortsett", data={"kode": code}, headers=headers)
            assert resumed.status_code == 403 and "en annen nettside" in resumed.text
            started = tablet.post(resident_link, data={"enhet": ""}, headers=headers)
            assert started.status_code == 403
            assert not tablet.cookies, "the tablet was handed a response or a round"
    with TestClient(app) as tablet:
        assert tablet.get(resident_link).status_code == 200  # a printed link
        same_site = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
        resumed = tablet.post("/fortsett", data={"kode": code}, headers=same_site)
        assert resumed.url.path.startswith("/s/beboer")
    # An old Safari behind a proxy that asks under another name: its Origin is the public one.
    public = urlsplit(app.state.services.settings.public_url)
    with TestClient(app, base_url="http://minstemme:8000") as tablet:
        proxied = {"Origin": f"{public.scheme}://{public.netloc}"}
        resumed = tablet.post("/fortsett", data={"kode": code}, headers=proxied)
        assert resumed.url.path.startswith("/s/beboer")


def test_a_head_request_is_answered_as_a_get_without_its_body(client: TestClient) -> None:
    """A link checker or a mail scanner asks HEAD of a round's link: it got 405."""
    resident, relative = round_links(client.get("/").text)
    for address in ["/", resident, relative, "/veileder", "/static/app.css"]:
        asked = client.head(address)
        assert asked.status_code == 200, address
        assert asked.content == b"", address
        assert asked.headers["Content-Type"] == client.get(address).headers["Content-Type"]
    assert client.head("/finnes-ikke").status_code == 404
