"""The staff who start tablets and help: a checklist before a tablet starts, and a guide on how
to help without steering, naming the buttons as the residents' screens name them."""

import re
from html import unescape

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import urls
from app.questionnaires.catalog import Catalog
from app.words import words_in
from tests.support.answering import open_round


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html.split('<main id="main"')[1]))


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_guide_names_the_buttons_the_resident_sees(client: TestClient, language: str) -> None:
    client.post(urls.LANGUAGE, data={"sprak": language, "tilbake": urls.STAFF_GUIDE})
    page = client.get(urls.STAFF_GUIDE)
    words = words_in(language)
    assert page.status_code == 200 and f'<html lang="{language}">' in page.text
    shown = text_of(page.text)
    for part in ("staff_guide", "start_checklist_title", "staff_guide_who_title"):
        assert getattr(words, part).strip("«»“”") in shown
    for button in (words.decline, words.take_a_break, words.back, words.read_aloud):
        assert re.search(rf"[«“]{re.escape(button)}[»”]", shown), button
    assert words.helper_selv in shown and "{" not in shown  # every name filled in


def test_the_start_page_gives_the_checklist_before_a_tablet_starts(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    with app.state.services.connect() as connection:
        running = open_round(connection, catalog, "9941", "Sjekkby")
    start = client.get(urls.round_link(running.resident_token)).text
    shown = text_of(start)
    assert "Før du starter" in shown and "Les opp, men ikke forklar hva svaret bør være." in shown
    assert "Stopp når beboeren vil. Trykk «Ta en pause»." in shown
    assert f'href="{urls.STAFF_GUIDE}">Veileder for personalet' in start
    assert f'href="{urls.STAFF_GUIDE}"' in client.get(urls.FRONT).text
