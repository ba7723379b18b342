"""Entering a round the way people do: from the demo round's links on the front page."""

import re

from fastapi.testclient import TestClient


def round_links(front_page: str) -> tuple[str, str]:
    """The residents' and the relatives' links of the demo round, from the front page."""
    resident, relative = re.findall(r'href="(/r/[^"]+)"', front_page)[:2]
    return resident, relative


def enter_round(client: TestClient, audience: str = "resident", unit: str = "") -> None:
    """Staff start a tablet in the demo round (optionally choosing a unit's number), or a
    relative opens their link."""
    resident, relative = round_links(client.get("/").text)
    if audience == "resident":
        started = client.post(resident, data={"enhet": unit})
    else:
        started = client.get(relative)
    assert started.status_code == 200, started.text


def to_first_question(client: TestClient) -> None:
    """A resident's way to the first question: a started tablet, the intro pages, and who
    is with them (alone)."""
    enter_round(client)
    for text_page in ("velkommen", "eir", "frivillig", "hjemme"):
        client.post(f"/s/beboer/side/{text_page}", data={"next": "1"})
    chosen = client.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "hjem_trives"})
    assert chosen.url.path == "/s/beboer/side/hjem_trives"


def to_first_form(client: TestClient) -> None:
    """A relative's way from their link to the first section of the form."""
    for text_page in ("velkommen", "frivillig"):
        reply = client.post(f"/s/parorende/side/{text_page}", data={"next": "1"})
    assert reply.url.path == "/s/parorende/side/om_deg"


def resume_code(client: TestClient, questionnaire: str = "beboer") -> str:
    """The code "Ta en pause" shows, read off the page as the person writes it down."""
    pause = client.get(f"/s/{questionnaire}/pause")
    found = re.search(r'class="resume-code">.*?<strong>([^<]+)</strong>', pause.text)
    assert found is not None, pause.text
    return found.group(1)
