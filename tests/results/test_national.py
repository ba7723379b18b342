"""A national comparison across installations: two installations in one test, one publishing
what it shows at /tall.json, the other importing it over HTTP into «Landet"; and the files
refused where they contradict the rule."""

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import urls
from app.cli.main import main
from app.config import Settings, get_settings
from app.questionnaires.catalog import Catalog
from app.results.dashboard import aggregate_rows
from app.results.published import FORMAT, FiguresRefused, read_published
from app.results.scoring import Sums, score_of
from app.web.app import create_app
from tests.support.answering import closed_round, respond
from tests.support.browser import live_server
from tests.support.signing_in import add_user, sign_in

THEMES = ("trivsel", "trygghet")


def _answered(app: FastAPI, catalog: Catalog, people: dict[str, list[str]]) -> None:
    """Closed 2025 rounds: per municipality, each resident's «Trives du der du bor?»."""
    with app.state.services.connect() as connection:
        for number, answers in people.items():
            survey_round = closed_round(connection, catalog, number, "2025")
            for answer in answers:
                respond(connection, catalog, survey_round, {"hjem_trives": answer})


def test_two_installations_share_what_they_show_and_nothing_more(
    settings: Settings,
    tmp_path: Path,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The north: two municipalities shown and one with too few residents (hidden).
    north_settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'nord.db'}",
        audio_dir=tmp_path / "nord-audio",
        built_images_dir=tmp_path / "nord-images",
        publish_figures=True,
    )
    north = create_app(north_settings)
    _answered(
        north, catalog, {"9961": ["ja"] * 6, "9962": ["ja"] * 3 + ["nei"] * 5, "9963": ["ja"] * 2}
    )
    # The south, where the analyst looks first: one municipality of its own.
    settings = settings.model_copy(update={"publish_figures": True})
    south = create_app(settings)
    _answered(south, catalog, {"9971": ["nei"] * 4 + ["ja"] * 4})

    with TestClient(north) as client:
        document = client.get(urls.PUBLISHED_JSON).json()
        csv_file = client.get(urls.PUBLISHED_CSV)
    assert document["format"] == FORMAT and document["k"] == 5
    rows = {(r["kommunenummer"], r["gruppe"], r["tema"]): r for r in document["tall"]}
    assert rows[("9961", "beboere", "trivsel")]["skar"] == 100.0
    assert rows[("9961", "beboere", "trivsel")]["n"] == 6, rows[("9962", "beboere", "trivsel")]
    assert rows[("9962", "beboere", "trivsel")]["n"] == 8, rows[("9962", "beboere", "trivsel")]
    hidden = rows[("9963", "beboere", "trivsel")]
    assert (
        hidden["skar"] is None and hidden["n"] is None and hidden["merknad"] == "færre enn 5 svar"
    )
    assert not any(r["kommunenummer"] == "" for r in document["tall"])  # no «Alle kommuner»
    # What is published is what the dashboard shows, row for row.
    with north.state.services.connect() as connection:
        shown = [r for r in aggregate_rows(north.state.services.results(connection)) if r[1]]
    assert csv_file.status_code == 200
    assert csv_file.content.decode("utf-8-sig").splitlines()[1:] == [",".join(r) for r in shown[1:]]

    north_url = _imported(north, into=settings, monkeypatch=monkeypatch)
    said = capsys.readouterr().out
    assert "Tok inn 2 tall for 2 kommuner fra " in said and f"{north_url}: 2 tall, hentet" in said
    html, landet = _nation_seen(south, "9971")
    # 9971's 8 here and 9961's 6 and 9962's 8 from the north: 3 municipalities, 1 hidden there.
    expected = score_of(Sums(22, 4 * 100 + 600 + 3 * 100, 4 * 100**2 + 6 * 100**2 + 3 * 100**2))
    assert expected is not None
    assert f"{expected.mean:.1f}".replace(".", ",") in landet
    assert "n = 22; 3 kommuner" in landet
    assert "Fjordvik" not in html and "alle kommuner og landet, 2025" in html
    assert f"{north_url} (hentet " in html

    # The north's two shown municipalities as a reference group on the south's dashboard.
    with TestClient(south) as client:
        sign_in(client, "analytiker")
        query = {"periode": "2025", "kommune": "9971", "gruppe": ["9961", "9962", "9963"]}
        html = client.get("/analyse", params=query).text
    assert "checked> Kommune 9962, importert (9962)" in html
    trivsel = html[html.index('id="tema-trivsel"') :]
    chosen = trivsel[trivsel.index('<th scope="row">Valgt gruppe</th>') :].split("</tr>")[0]
    both = score_of(Sums(14, 600 + 300, 6 * 100**2 + 3 * 100**2))
    assert both is not None and f"{both.mean:.1f}".replace(".", ",") in chosen
    assert "n = 14</td>" in chosen  # 9963 was hidden there: it never came here
    assert 'value="9963"' not in html

    # And the other way: the north takes the south's in, and sees the same nation.
    _imported(south, into=north_settings, monkeypatch=monkeypatch)
    _, landet = _nation_seen(north, "9961")
    assert f"{expected.mean:.1f}".replace(".", ",") in landet and "n = 22; 3 kommuner" in landet


def _imported(publishing: FastAPI, *, into: Settings, monkeypatch: pytest.MonkeyPatch) -> str:
    """`minstemme figures import` on the installation `into`, over HTTP from `publishing`;
    returns the address, which `figures list` then names."""
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", into.database_url)
    get_settings.cache_clear()
    try:
        with live_server(publishing) as url:
            assert main(["figures", "import", f"{url}/tall.json"]) == 0
        assert main(["figures", "list"]) == 0
    finally:
        get_settings.cache_clear()
    return f"{url}/tall.json"


def _nation_seen(app: FastAPI, municipality: str) -> tuple[str, str]:
    """An analyst's dashboard of 2025 for `municipality`, and its «Landet» row of Trivsel."""
    add_user(app, "analytiker", "analyst")
    with TestClient(app) as client:
        sign_in(client, "analytiker")
        html = client.get("/analyse", params={"periode": "2025", "kommune": municipality}).text
    trivsel = html[html.index('id="tema-trivsel"') :]
    return html, trivsel[trivsel.index('<th scope="row">Landet</th>') :].split("</tr>")[0]


def test_a_file_that_contradicts_the_rule_here_is_refused_whole() -> None:
    def published(*rows: dict[str, object], k: int = 5) -> str:
        return json.dumps({"format": FORMAT, "k": k, "tall": list(rows)})

    good = {
        "periode": "2025", "kommunenummer": "9961", "kommune": "Nord", "gruppe": "beboere",
        "tema": "trivsel", "skar": 80.0, "nedre": 60.0, "ovre": 100.0, "n": 6, "merknad": "",
    }  # fmt: skip
    assert len(read_published(published(good), 5, THEMES)) == 1
    assert read_published(published({**good, "tema": "ukjent"}), 5, THEMES) == []  # left out
    refused = {
        "not JSON": "<html>",
        "another format": json.dumps({"format": "kolada", "k": 5, "tall": []}),
        "no k": json.dumps({"format": FORMAT, "tall": []}),
        "k under 3": published(good, k=2),
        "a shown figure under k": published({**good, "n": 4}),
        "under k here though not there": published({**good, "n": 6}, k=3),
        "a hidden figure that tells its n": published({**good, "skar": None, "n": 3}),
        "a score above 100": published({**good, "skar": 120.0, "ovre": 130.0}),
        "an interval out of order": published({**good, "nedre": 90.0}),
        "a number that is none": published({**good, "skar": "NaN"}),
        "no municipality number": published({**good, "kommunenummer": "Nord"}),
        "another audience": published({**good, "gruppe": "ansatte"}),
    }
    for why, text in refused.items():
        here = 7 if why == "under k here though not there" else 5
        with pytest.raises(FiguresRefused):
            read_published(text, here, THEMES)
            pytest.fail(why)


def test_an_installation_that_does_not_publish_says_so(client: TestClient) -> None:
    for address in (urls.PUBLISHED_JSON, urls.PUBLISHED_CSV):
        answer = client.get(address)
        assert answer.status_code == 404
        assert "MINSTEMME_PUBLISH_FIGURES" in answer.text
