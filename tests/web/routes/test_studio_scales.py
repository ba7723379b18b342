"""The studio's scales and themes: an owner makes an answer scale of their own words, chooses
the pictogram on each button and its score, makes a theme, and asks with both; the shared
files keep their comments, and an answer's stored code is never changed."""

import difflib
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import urls
from app.config import Settings
from app.studio.drafts import publish, published_files, with_new_entries
from app.studio.editing import RESERVED_IDS
from app.web.routes import ROUTERS
from tests.support.owning import app_with_own_folders
from tests.support.signing_in import as_owner, form_token
from tests.web.routes.test_editor import act, make


@pytest.fixture
def app(settings: Settings, tmp_path: Path) -> FastAPI:
    return app_with_own_folders(settings, tmp_path)


@pytest.fixture
def owner(app: FastAPI, client: TestClient) -> TestClient:
    return as_owner(app, client)


def folder(app: FastAPI) -> Path:
    questions: Path = app.state.services.settings.questions_dir
    return questions


def post(owner: TestClient, **typed: str) -> tuple[int, str]:
    shown = owner.get(urls.STUDIO_SCALES).text
    reply = owner.post(urls.STUDIO_SCALES, data={"csrf": form_token(shown), **typed})
    return reply.status_code, reply.text


ALWAYS_NEVER = {
    "hva": "ny_skala",
    "ny_skala": "alltid_aldri",
    "svar_1_nb": "Alltid",
    "svar_1_nn": "Alltid",
    "merke_1": "yes",
    "poeng_1": "100",
    "svar_2_nb": "Noen ganger",
    "svar_2_nn": "Nokre gonger",
    "merke_2": "mixed",
    "poeng_2": "50",
    "svar_3_nb": "Aldri",
    "svar_3_nn": "Aldri",
    "merke_3": "no",
    "poeng_3": "0",
    "svar_4_nb": "Vet ikke",
    "svar_4_nn": "Veit ikkje",
    "merke_4": "unknown",
}


def test_an_owner_makes_a_scale_and_a_theme_and_asks_with_them(
    app: FastAPI, owner: TestClient
) -> None:
    make(owner)  # «jobb», in bokmål and nynorsk
    status, _ = post(owner, **ALWAYS_NEVER)
    assert status == 200
    scales = (folder(app) / "scales.yaml").read_text("utf-8")
    assert scales.startswith("# Answer scales, defined once")  # the comments kept
    made = scales.split("alltid_aldri:")[1]
    assert "value: alltid" in made and "value: noen_ganger" in made and "value: vet_ikke" in made
    assert "label: Alltid" in made  # the same words in every language: one text
    assert "nn: Nokre gonger" in made and "pictogram: mixed" in made
    assert "score" not in made.split("vet_ikke")[1]  # «Vet ikke» counts in no score

    status, _ = post(owner, hva="nytt_tema", nytt_tema="arbeid", navn_nb="Arbeid", navn_nn="Arbeid")
    assert status == 200
    assert "arbeid:\n    name: Arbeid" in (folder(app) / "themes.yaml").read_text("utf-8")

    act(owner, "del_1", "nytt_sporsmal")
    act(
        owner,
        "sporsmal_1",
        "lagre",
        text_nb="Får du hjelp når du trenger det?",
        text_nn="Får du hjelp når du treng det?",
        skala="alltid_aldri",
        tema="arbeid",
    )
    page = owner.get(urls.STUDIO_SCALES).text
    assert "Brukes i jobb." in page
    listed = owner.get(urls.QUESTIONNAIRES).text
    assert "questions/scales.yaml (endret)" in listed
    published = owner.post(urls.PUBLISH, data={"csrf": form_token(listed)}).text
    assert "jobb versjon 1" in published, published
    shown = owner.get(urls.preview_frame("jobb", "sporsmal_1", language="nn")).text
    assert "Nokre gonger" in shown
    # Each button has the drawing chosen for it: the cross on «Aldri».
    aldri = re.search(
        r'<svg class="pictogram".*?</svg>\s*<span class="answer-label">Aldri', shown, re.S
    )
    assert aldri and "M15 15l18 18" in aldri.group(0)


def test_a_scale_s_words_pictograms_and_scores_change_but_never_its_codes(
    app: FastAPI, owner: TestClient
) -> None:
    """The form as the page fills it, with «Både ja og nei» now «Litt» in bokmål and no
    mark: only those lines of the file change."""
    before = (folder(app) / "scales.yaml").read_text("utf-8")
    page = owner.get(urls.STUDIO_SCALES).text
    form = page.split('id="skala-ja_delvis_nei"')[1].split("</form>")[0]
    typed = dict(re.findall(r'name="((?:kode|svar|poeng)_[^"]+)"[^>]*value="([^"]*)"', form))
    typed |= dict(re.findall(r'name="(merke_\d)" value="(\w*)" checked', form))
    assert typed["kode_2"] == "delvis" and typed["merke_2"] == "mixed"
    status, _ = post(owner, hva="skala", id="ja_delvis_nei", **typed)
    assert status == 200
    assert (folder(app) / "scales.yaml").read_text("utf-8") == before  # nothing changed
    status, _ = post(
        owner, hva="skala", id="ja_delvis_nei", **typed | {"svar_2_nb": "Litt", "merke_2": ""}
    )
    assert status == 200
    after = (folder(app) / "scales.yaml").read_text("utf-8")
    diff = [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[0] in "+-"
    ]
    assert sorted(diff) == sorted(
        [
            "+         label:",
            "+           nb: Litt",
            "+           nn: Både ja og nei",
            "-         label: Både ja og nei",
            "-         pictogram: mixed",
        ]
    ), diff


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            {**ALWAYS_NEVER, "ny_skala": "ja_nei"},
            "Det finnes allerede en svarskala med id «ja_nei»",
        ),
        ({**ALWAYS_NEVER, "ny_skala": "Alltid/aldri"}, "Id-en kan ha små bokstaver"),
        ({"hva": "ny_skala", "ny_skala": "en", "svar_1_nb": "Ja"}, "minst to svar"),
        ({**ALWAYS_NEVER, "poeng_2": "mye"}, "Poengene «mye» er ikke et tall"),
        ({**ALWAYS_NEVER, "poeng_2": "150"}, "fra 0 (dårligst) til 100 (best)"),
        ({**ALWAYS_NEVER, "merke_2": "smile"}, "Velg et merke fra listen"),
        ({"hva": "nytt_tema", "nytt_tema": "arbeid"}, "Skriv ordene for temaet"),
        ({"hva": "tema", "id": "finnes_ikke", "navn_nb": "X"}, "Fant ikke temaet «finnes_ikke»"),
    ],
)
def test_what_cannot_be_made_is_said_and_what_was_typed_stays(
    app: FastAPI, owner: TestClient, typed: dict[str, str], said: str
) -> None:
    before = {p.name: p.read_bytes() for p in folder(app).glob("*.yaml")}
    status, page = post(owner, **typed)
    assert status == 400 and said in page
    if typed["hva"] == "ny_skala" and "svar_2_nn" in typed:
        assert 'value="Nokre gonger"' in page  # typed again, not lost
    assert {p.name: p.read_bytes() for p in folder(app).glob("*.yaml")} == before


def test_no_questionnaire_takes_an_address_of_the_studio(app: FastAPI, owner: TestClient) -> None:
    own = {
        path.split("/")[3]
        for router in ROUTERS
        for path in (getattr(route, "path", "") for route in router.routes)
        if path.startswith("/analyse/studio/") and not path.split("/")[3].startswith("{")
    }
    assert own == RESERVED_IDS
    made = make(owner, id="skalaer")
    assert made.status_code == 400 and "et ord studioet bruker selv" in made.text


def test_one_questionnaire_published_alone_brings_its_new_scale_and_changes_no_other(
    app: FastAPI, owner: TestClient
) -> None:
    """`minstemme publish jobb`: the new scale comes along; a changed word of a scale the
    published residents' questionnaire uses waits until everything is published."""
    make(owner)
    post(owner, **ALWAYS_NEVER)
    scales = folder(app) / "scales.yaml"
    scales.write_text(scales.read_text("utf-8").replace("label: Både ja og nei", "label: Litt"))
    act(owner, "del_1", "nytt_sporsmal")
    act(
        owner,
        "sporsmal_1",
        "lagre",
        text_nb="Får du hjelp?",
        text_nn="Får du hjelp?",
        skala="alltid_aldri",
        tema="trivsel",
    )
    services = app.state.services
    outcome = publish(services.settings, services.engine, by_whom="test", only="jobb")
    assert outcome.published is not None, outcome.problems
    served = published_files(services.engine)["questions/scales.yaml"].decode()
    assert "alltid_aldri:" in served and "Både ja og nei" in served and "Litt" not in served
    assert served.startswith("# Answer scales, defined once")


def test_a_draft_that_cannot_be_read_adds_nothing() -> None:
    published = b"scales:\n  ja_nei:\n    options: []\n"
    assert with_new_entries(published, b"scales: [\n", "scales") == published
    added = with_new_entries(published, b"scales:\n  ny:\n    options: []\n", "scales")
    assert added.decode().splitlines()[-2:] == ["  ny:", "    options: []"]
