"""Owners edit questions/ while the survey runs: a saved file is a draft. Respondents get it
only when it is published («Publiser», `minstemme publish`); the preview shows the draft at
once; a broken draft cannot be published, respondents go on with what was published, and
owners see why, with file and line."""

import csv
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from app import urls
from app.cli.export import microdata_command
from app.cli.main import main
from app.config import Settings, get_settings
from app.results.files import codebook_rows
from app.results.microdata import variables
from app.speech.readaloud import PageAudio
from app.web.app import create_app
from tests.support.answering import open_round, respond
from tests.support.entering import to_first_question
from tests.support.owning import app_with_own_questions, edit
from tests.support.signing_in import add_user, form_token, sign_in

FIRST = "/s/beboer/side/hjem_trives"
ASKED = "Trives du der du bor?"
REWORDED = "Liker du deg der du bor?"


@pytest.fixture
def owners_app(settings: Settings, tmp_path: Path) -> FastAPI:
    return app_with_own_questions(settings, tmp_path)


@pytest.fixture
def served(owners_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(owners_app) as client:
        to_first_question(client)
        yield client


def test_a_saved_file_is_a_draft_until_published_and_a_broken_one_cannot_be(
    owners_app: FastAPI, served: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    publishing = owners_app.state.publishing
    add_user(owners_app, "eier", "owner")
    assert ASKED in served.get(FIRST).text

    edit(owners_app, ASKED, REWORDED)
    publishing.look()
    assert ASKED in served.get(FIRST).text  # saving published nothing (it went live at once)
    with TestClient(owners_app) as owner:
        sign_in(owner, "eier")
        listed = owner.get(urls.QUESTIONNAIRES).text
        assert "questions/beboer.yaml (endret)" in listed and ">Publiser</button>" in listed
        shown = owner.get(urls.preview_frame("beboer", "hjem_trives", False, None)).text
        assert REWORDED in shown  # the preview shows the draft
        csrf = form_token(listed)
        with caplog.at_level(logging.INFO):
            published = owner.post(urls.PUBLISH, data={"csrf": csrf})
        assert published.status_code == 200
        assert "Publisert: beboer versjon 3, parorende versjon 2." in published.text
        assert "Endret: questions/beboer.yaml (endret)." in published.text
        assert "Utkastet er det samme som det som er publisert." in published.text
        assert "av eier" in published.text
    assert REWORDED in served.get(FIRST).text
    # The log says what was published (it said nothing in Norwegian, and nothing of which).
    assert "Publisert: beboer versjon 3, parorende versjon 2." in caplog.text

    edit(owners_app, "version: 3", "version: en")  # saved half-way through an edit
    with caplog.at_level(logging.WARNING):
        publishing.look()
        outcome = publishing.publish(by_whom="eier")
    assert outcome.published is None
    assert "beboer.yaml:4: version må være et helt tall" in caplog.text
    shown = served.get(FIRST)
    assert shown.status_code == 200 and REWORDED in shown.text
    sign_in(served, "eier")
    results = served.get(urls.RESULTS).text
    assert "Utkastet til spørreskjemaene har feil og kan ikke publiseres" in results
    assert "beboer.yaml:4: version må være et helt tall" in results

    edit(owners_app, "version: en", "version: 3")
    with caplog.at_level(logging.INFO):
        publishing.look()
    assert "har feil" not in served.get(urls.RESULTS).text
    assert caplog.records[-1].getMessage() == "Utkastet er i orden og kan publiseres."


def test_the_command_line_publishes_one_questionnaire_and_the_server_takes_it_in_use(
    owners_app: FastAPI, served: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    """`minstemme publish beboer` publishes the residents' questionnaire and the pictures it
    shows; a change to the relatives' stays a draft. The running server sees the publication
    at its next look, without a restart."""
    relatives = owners_app.state.services.settings.questions_dir / "parorende.yaml"
    relatives.write_text(relatives.read_text("utf-8").replace("version: 2", "version: x"))
    edit(owners_app, ASKED, REWORDED)
    settings = owners_app.state.services.settings
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
        env.setenv("MINSTEMME_QUESTIONS_DIR", str(settings.questions_dir))
        env.setenv("MINSTEMME_ILLUSTRATIONS_DIR", str(settings.illustrations_dir))
        get_settings.cache_clear()
        try:
            assert main(["publish", "parorende"]) == 1
            assert "parorende.yaml:6: version må være et helt tall" in capsys.readouterr().err
            assert main(["publish", "beboer"]) == 0
            said = capsys.readouterr().out
            assert main(["publish", "beboer"]) == 0
            again = capsys.readouterr().out
        finally:
            get_settings.cache_clear()
    assert "Publisert: beboer versjon 3, parorende versjon 2." in said
    assert "questions/beboer.yaml (endret)" in said and "parorende" not in said.split("Endret")[1]
    assert "Ingenting å publisere" in again
    # The server's watcher may have looked already: either way it takes the publication in use.
    deadline = time.monotonic() + 20
    while REWORDED not in served.get(FIRST).text:
        assert time.monotonic() < deadline, "the publication was not taken into use"
        time.sleep(0.1)


def test_a_new_recording_is_played_without_a_change_to_the_questions(
    owners_app: FastAPI, served: TestClient
) -> None:
    """An owner drops a recording into audio/recorded/: it was not played until something in
    questions/ changed. The server notices it as it notices a saved questionnaire."""

    def recorded() -> object:
        audio = owners_app.state.services.read_aloud.for_page("beboer", "hjem_trives")
        return audio.page.recorded

    assert recorded() is None
    recordings = owners_app.state.services.settings.recordings_dir / "beboer" / "nb"
    recordings.mkdir(parents=True)
    (recordings / "hjem_trives.mp3").write_bytes(b"ID3 a recording")
    deadline = time.monotonic() + 20
    while recorded() is None:
        assert time.monotonic() < deadline, "the recording was not taken into use"
        time.sleep(0.1)
    assert recorded() == recordings / "hjem_trives.mp3"


NEXT = "/s/beboer/side/hjem_leilighet"
NEXT_ASKED = "Liker du leiligheten eller rommet ditt?"
NEXT_REWORDED = "Liker du rommet ditt?"
MIXED, MIXED_NOW = "Både ja og nei", "Litt"  # a label of its scale, and in version 4


def heard(audio: PageAudio | None, page: str) -> bool:
    """Whether the page reads this question aloud (in either option order)."""
    assert audio is not None
    return audio.page.key in page or (
        audio.page_reversed is not None and audio.page_reversed.key in page
    )


def test_a_response_ends_in_the_version_it_began_in_and_new_ones_get_the_newest(
    owners_app: FastAPI, served: TestClient, tmp_path: Path
) -> None:
    """Version 4 is published while a resident is half-way: they finish with the words (and
    the read-aloud) of version 3, also after a restart; the round's link goes on working and
    the next resident gets version 4 (it answered 409 "Skjemaet er endret" before)."""
    assert served.post(FIRST, data={"svar-hjem_trives": "ja"}).url.path == NEXT
    edit(owners_app, NEXT_ASKED, NEXT_REWORDED)
    edit(owners_app, "version: 3", "version: 4")
    scales = owners_app.state.services.settings.questions_dir / "scales.yaml"
    scales.write_text(scales.read_text("utf-8").replace(MIXED, MIXED_NOW), "utf-8")
    assert owners_app.state.publishing.publish(by_whom="eier").published
    read_aloud = owners_app.state.services.read_aloud

    began_before = served.get(NEXT).text
    assert NEXT_ASKED in began_before and NEXT_REWORDED not in began_before
    assert MIXED in began_before and MIXED_NOW not in began_before
    assert heard(read_aloud.for_page("beboer", "hjem_leilighet", 3), began_before)

    with TestClient(owners_app) as newcomer:
        to_first_question(newcomer)
        newcomer.post(FIRST, data={"svar-hjem_trives": "ja"})
        began_after = newcomer.get(NEXT).text
    assert NEXT_REWORDED in began_after and MIXED_NOW in began_after
    assert heard(read_aloud.for_page("beboer", "hjem_leilighet", 4), began_after)

    restarted = create_app(owners_app.state.services.settings)
    with TestClient(restarted, cookies=served.cookies) as same_tablet:
        assert MIXED in same_tablet.get(NEXT).text
        moved_on = same_tablet.post(NEXT, data={"svar-hjem_leilighet": "delvis"})
        assert moved_on.status_code == 200 and moved_on.url.path != NEXT
    with owners_app.state.services.engine.connect() as connection:
        versions = connection.execute(
            text("SELECT questionnaire_version FROM response ORDER BY started_at")
        ).scalars()
        kept = connection.execute(
            text("SELECT DISTINCT version FROM askedquestion WHERE questionnaire_id = 'beboer'")
        ).scalars()
        assert list(versions) == [3, 4]
        assert sorted(kept) == [3, 4]  # the round keeps the words of both
    # The codebook gives a reworded question's words in each version, so a file with answers
    # to both says what each row was asked.
    catalog = owners_app.state.services.catalog
    resident = catalog.questionnaires["beboer"]
    book = {row[0]: row for row in codebook_rows(variables(catalog, resident, "wide"), resident, 5)}
    header = next(iter(codebook_rows([], resident, 5)))
    earlier = book["hjem_leilighet"][header.index("ordlyd_i_tidligere_versjoner")]
    assert earlier == f"versjon 3: {NEXT_ASKED}" and book["hjem_leilighet"][1] == NEXT_REWORDED
    assert book["hjem_trives"][header.index("ordlyd_i_tidligere_versjoner")] == ""  # unchanged
    # The command line's codebook says the same (it read only the files on disk: the column
    # was empty).
    with owners_app.state.services.engine.connect() as connection:
        round_id = connection.execute(text("SELECT DISTINCT round_id FROM response")).scalar_one()
    written = tmp_path / "kodebok.csv"
    settings = owners_app.state.services.settings
    assert (
        microdata_command(
            settings,
            round_id,
            audience="resident",
            shape="wide",
            file_format="codebook",
            delimiter=",",
            out=written,
        )
        == 0
    )
    rows = list(csv.reader(written.read_text("utf-8-sig").splitlines()))
    from_file = {row[0]: row for row in rows[1:]}
    assert from_file["hjem_leilighet"][rows[0].index("ordlyd_i_tidligere_versjoner")] == (
        f"versjon 3: {NEXT_ASKED}"
    )


def test_the_owner_never_counts_versions(owners_app: FastAPI, served: TestClient) -> None:
    """Version 3 has an answer in a real round. The owner rewords a question and adds one,
    never touching `version:`: publishing makes it version 4 (a row's `skjemaversjon` says
    what it was asked), the file still says 3 and nothing is left to publish; a change to a
    picture's alt text only is published under the same version."""
    services = owners_app.state.services
    with services.engine.connect() as connection:
        fjordby = open_round(connection, services.catalog, "9946", "Fjordby")
        respond(connection, services.catalog, fjordby, {"hjem_trives": "ja"})
    publishing = owners_app.state.publishing
    edit(owners_app, ASKED, REWORDED)
    outcome = publishing.publish(by_whom="eier")
    assert outcome.published is not None, outcome.problems
    assert outcome.said.startswith(
        "Publisert: beboer versjon 4 (ny versjon: den spør annerledes enn versjon 3, som er "
        "besvart), parorende versjon 2."
    )
    assert owners_app.state.services.catalog.questionnaires["beboer"].version == 4
    path = services.settings.questions_dir / "beboer.yaml"
    assert "\nversion: 3" in path.read_text("utf-8")
    publishing.look_at_drafts()
    assert publishing.unpublished == [] and publishing.refused == ()
    assert "Ingenting å publisere" in publishing.publish(by_whom="eier").said

    edit(owners_app, "En megafon. Din stemme skal bli hørt.", "En megafon.")
    assert "beboer versjon 4," in publishing.publish(by_whom="eier").said
    with TestClient(owners_app) as newcomer:
        to_first_question(newcomer)
        assert REWORDED in newcomer.get(FIRST).text


def test_a_response_begun_in_a_version_never_stored_goes_on_marked_as_the_newest(
    owners_app: FastAPI, served: TestClient
) -> None:
    """A database from before versions were kept: a response half-way in version 1, which no
    one stored, is answered in the newest. It was marked version 1 while it got answers to
    questions only the newest asks; now it is marked as the version its answers are to."""
    assert served.post(FIRST, data={"svar-hjem_trives": "ja"}).url.path == NEXT
    engine = owners_app.state.services.engine
    with engine.begin() as connection:
        newest = connection.execute(text("SELECT questionnaire_version FROM response")).scalar()
        connection.execute(text("UPDATE response SET questionnaire_version = 1"))
    assert newest != 1
    assert served.post(NEXT, data={"svar-hjem_leilighet": "delvis"}).status_code == 200
    with engine.connect() as connection:
        marked = connection.execute(text("SELECT questionnaire_version FROM response")).scalar()
    assert marked == newest
