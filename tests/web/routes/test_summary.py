"""«Dette sa dere»: a closed round's results for its residents, by their link, in easy words;
never a figure the results pages hide, and nothing before the round has closed."""

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import urls
from app.cli.main import main
from app.config import get_settings
from app.questionnaires.catalog import Catalog
from app.questionnaires.plain_language import readability, sentences_of
from app.results.report import round_results
from tests.support.answering import closed_round, open_round, respond
from tests.support.signing_in import add_user, sign_in


def text_of(html: str) -> str:
    shown = html.split('<main id="main"')[1].split("</main>")[0]
    return unescape(re.sub(r"<[^>]+>", "\n", shown))


def test_the_residents_read_what_they_said_and_what_will_be_done(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
        for value in ("ja", "ja", "nei", "ja", "ja", "ja"):  # six: 83.3 at home
            respond(connection, catalog, survey_round, {"hjem_trives": value, "hjem_trygg": "nei"})
    add_user(app, "lillevik", "analyst", "9931")
    sign_in(client, "lillevik")
    report = urls.report(survey_round.id)
    page = client.get(report).text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token
    client.post(
        urls.round_actions(survey_round.id),
        data={
            "csrf": token.group(1),
            "tema": "trygghet",
            "tiltak": "Nye låser på dørene",
            "ansvarlig": "Driftsleder",
        },
    )
    client.cookies.clear()  # the residents have no account

    shown = client.get(urls.summary(survey_round.resident_token)).text
    told = text_of(shown)
    assert "Dette sa dere" in told and "Lillevik spurte dere om hvordan dere har det." in told
    trivsel = told.split("Trivsel")[1].split("Trygghet")[0]
    assert "De fleste svarte ja." in trivsel and "8 av 10" in trivsel
    trygghet = told.split("Trygghet")[1]
    assert "Mange svarte nei." in trygghet and "0 av 10" in trygghet
    assert "Dette skal vi gjøre:" in trygghet and "Nye låser på dørene" in trygghet
    assert "Pårørende" not in told  # none answered: hidden, and not said
    assert 'role="img" aria-label="8 av 10"' in shown  # the picture of ten, in words

    # «Les opp», as in the survey: the page, then a theme at a time, in the residents' voice.
    first = re.search(r'<audio class="player" controls preload="none" src="([^"]+)"', shown)
    then = re.search(r'data-then="([^"]+)"', shown)
    assert first and then and len(then.group(1).split()) == 7  # seven themes
    heard = client.get(first.group(1))
    assert heard.status_code == 200 and heard.headers["content-type"] == "audio/mpeg"
    assert len(heard.content) > 5_000  # speech, not silence
    clips = app.state.services.read_aloud
    said = [
        clips.by_key(url.rsplit("/", 1)[-1].removesuffix(".mp3")) for url in then.group(1).split()
    ]
    assert any(clip and "8 av 10." in clip.text for clip in said)

    # Easy to read: short sentences, LIX under 25.
    sentences = [s for line in told.splitlines() for s in sentences_of(line) if s.strip()]
    figures = readability(sentences)
    assert figures.lix < 25, figures
    assert figures.longest_sentence <= 12, max(sentences, key=len)

    nynorsk = text_of(client.get(urls.summary(survey_round.resident_token, "nn")).text)
    assert "Dette sa de" in nynorsk and "Dei fleste svarte ja." in nynorsk


def test_the_summary_never_shows_a_figure_the_results_pages_hide(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    """An attacker reads the summary of a round where four residents answered, all «nei»
    on one question: it says too few answered, and no «av 10» and no «Mange svarte nei»;
    each figure it does show is the report's, in tenths."""
    with app.state.services.connect() as connection:
        few = closed_round(connection, catalog, number="9932")
        for _ in range(4):
            respond(connection, catalog, few, {"hjem_trives": "nei"})
        enough = closed_round(connection, catalog, number="9933")
        for value in ("ja", "nei", "ja", "ja", "nei", "ja", "ja"):
            respond(connection, catalog, enough, {"hjem_trives": value, "mat_bestemme": value})
        context = app.state.services.results(connection)
        figures = {t.theme: t.residents.score for t in round_results(context, enough)}
    told = text_of(client.get(urls.summary(few.resident_token)).text)
    assert "av 10" not in told and "Mange svarte nei" not in told
    assert told.count("For få svarte. Vi kan ikke si noe om dette.") >= 1

    shown = client.get(urls.summary(enough.resident_token)).text
    assert any(score is not None for score in figures.values())
    for theme, score in figures.items():
        part = shown.split(f'aria-labelledby="tema-{theme}">')[1].split("</section>")[0]
        if score is None:
            assert "av 10" not in part and "For få svarte" in part, theme
        else:
            assert f">{round(score.mean / 10)} av 10<" in part, theme


def test_nothing_is_told_before_the_round_has_closed_nor_by_another_link(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    with app.state.services.connect() as connection:
        running = open_round(connection, catalog, "9934", "Åpenby")
        for _ in range(6):
            respond(connection, catalog, running, {"hjem_trives": "ja"})
        closed = closed_round(connection, catalog, number="9935")
    not_yet = client.get(urls.summary(running.resident_token))
    assert not_yet.status_code == 404 and "Runden er ikke ferdig ennå." in not_yet.text
    assert "av 10" not in not_yet.text
    assert client.get(urls.summary(closed.relative_token)).status_code == 404
    assert client.get(urls.summary("ingen-slik-lenke")).status_code == 404


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_summary_is_in_the_languages_the_round_asked_in(
    app: FastAPI, catalog: Catalog, client: TestClient, language: str
) -> None:
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
    page = client.get(urls.summary(survey_round.resident_token, language)).text
    assert f'<html lang="{language}">' in page
    assert "hreflang" not in page and "Bokmål" in page and "Nynorsk" in page


def test_the_owner_gives_the_residents_its_link_and_prints_it(
    app: FastAPI,
    catalog: Catalog,
    client: TestClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
        for value in ("ja", "ja", "nei", "ja", "ja", "ja"):
            respond(connection, catalog, survey_round, {"hjem_trives": value})
        running = open_round(connection, catalog, "9936", "Åpenby")
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    settings = app.state.services.settings
    rounds = client.get(urls.ROUNDS).text
    given = urls.summary(survey_round.resident_token, public_url=settings.public_url)
    assert f'href="{given}">Dette sa dere' in rounds  # the address residents can open
    assert urls.summary(running.resident_token) not in rounds  # not before it has closed

    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        out = tmp_path / "dette-sa-dere.html"
        command = ["round", "summary", str(survey_round.id), "--language", "nn"]
        assert main([*command, "--out", str(out)]) == 0
        assert "Skrev" in capsys.readouterr().out
        assert main(["round", "summary", str(running.id)]) == 1
        assert "Runden er ikke ferdig ennå." in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
    printed = out.read_text("utf-8")
    assert '<html lang="nn">' in printed and "Dei fleste svarte ja." in printed
    assert "8 av 10" in printed and "<link" not in printed and "<script" not in printed
