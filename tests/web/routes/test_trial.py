"""An owner tries a draft on a tablet before publishing: the trial link (and its QR code) on
the questionnaires page opens the draft as respondents will see it, in a chosen option order;
its answers are never counted nor exported, and the device goes back to what is published as
soon as it enters a real round."""

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from app import urls
from app.config import Settings
from app.rounds.rounds import analysed_rounds, demo_rounds
from app.studio.trial import TRIAL_COOKIE, is_trial
from tests.support.entering import enter_round
from tests.support.entering import to_first_question as to_the_first_question
from tests.support.owning import app_with_own_questions, edit
from tests.support.signing_in import add_user, sign_in

ASKED = "Trives du der du bor?"
REWORDED = "Liker du deg der du bor?"
FIRST = "/s/beboer/side/hjem_trives"


@pytest.fixture
def app(settings: Settings, tmp_path: Path) -> FastAPI:
    made = app_with_own_questions(settings, tmp_path)
    edit(made, ASKED, REWORDED)
    made.state.publishing.look_at_drafts()
    return made


def trial_links(app: FastAPI) -> list[str]:
    """The residents' questionnaire's trial links, as the owner's page shows them."""
    add_user(app, "eier", "owner")
    with TestClient(app) as owner:
        sign_in(owner, "eier")
        page = owner.get(urls.QUESTIONNAIRES).text
    assert "Prøv utkastet på et nettbrett" in page and 'class="qr"' in page
    found = re.findall(r"http://testserver(/prov/beboer/[^\"<&]+(?:&amp;[^\"<]+|\?[^\"<]+)?)", page)
    return [link.replace("&amp;", "&") for link in dict.fromkeys(found)]


def to_first_question(tablet: TestClient, link: str) -> str:
    started = tablet.get(link)
    assert started.status_code == 200 and started.url.path.startswith("/r/"), started.text
    tablet.post(started.url.path, data={"enhet": ""})
    for text_page in ("velkommen", "eir", "frivillig", "hjemme"):
        tablet.post(f"/s/beboer/side/{text_page}", data={"next": "1"})
    chosen = tablet.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "hjem_trives"})
    assert chosen.url.path == FIRST, chosen.url.path
    return str(chosen.text)


def test_a_tablet_tries_the_draft_and_its_answers_count_nowhere(app: FastAPI) -> None:
    _, _, reversed_order = trial_links(app)
    with TestClient(app) as tablet:
        first = to_first_question(tablet, reversed_order)
        assert REWORDED in first and ASKED not in first
        assert tablet.post(FIRST, data={"svar-hjem_trives": "ja"}).status_code == 200
        # The same tablet enters a real round: what is published, and no more drafts.
        enter_round(tablet)
        assert TRIAL_COOKIE not in tablet.cookies
    with TestClient(app) as respondent:  # the demo round: what is published
        to_the_first_question(respondent)
        shown = respondent.get(FIRST).text
        assert ASKED in shown and REWORDED not in shown
    with app.state.services.connect() as connection:
        rounds = {r.id: r for r in demo_rounds(connection)}
        stored = connection.execute(
            text("SELECT round_id, option_order FROM response WHERE round_id IS NOT NULL")
        ).all()
        assert not any(is_trial(r) for r in analysed_rounds(connection))
    tried = [(rounds[round_id], order) for round_id, order in stored if is_trial(rounds[round_id])]
    assert [order for _, order in tried] == ["reversed"]
    front = TestClient(app).get("/").text
    assert f"/r/{tried[0][0].resident_token}" not in front  # the drafts stay the owners'


def test_a_link_made_by_hand_opens_nothing(app: FastAPI) -> None:
    link = trial_links(app)[0]
    with TestClient(app) as stranger:
        assert stranger.get(link[:-3] + "abc").status_code == 404
        assert stranger.get(link.replace("/beboer/", "/parorende/")).status_code == 404
        forged = {TRIAL_COOKIE: ".0123456789abcdef0123456789abcdef"}
        stranger.cookies.update(forged)
        enter_round(stranger)
        for text_page in ("velkommen", "eir", "frivillig", "hjemme"):
            stranger.post(f"/s/beboer/side/{text_page}", data={"next": "1"})
        shown = stranger.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "hjem_trives"})
        assert ASKED in shown.text and REWORDED not in shown.text
