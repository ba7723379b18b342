"""Named comparison groups: an analyst saves a reference group under a name, and every account
chooses it on the dashboard in one tap."""

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import urls
from tests.support.signing_in import add_user, form_token, sign_in
from tests.web.routes.test_analysis import demo_data  # noqa: F401 (a fixture)


def test_a_group_is_saved_shared_and_chosen_in_one_tap(
    app: FastAPI,
    client: TestClient,
    demo_data: None,  # noqa: F811
) -> None:
    add_user(app, "fjordvik", "analyst", "9901")
    sign_in(client, "fjordvik")
    shown = client.get(urls.results(kommune="9901", gruppe=["9902", "9903"])).text
    assert "Lagre gruppen" in shown
    saved = client.post(
        urls.GROUPS,
        data={"csrf": form_token(shown), "navn": "  KOSTRA-gruppe   10 ", "kommune": "9901",
              "gruppe": ["9902", "9903"]},
    )  # fmt: skip
    assert saved.status_code == 200 and "Lagret som «KOSTRA-gruppe 10»." in saved.text

    add_user(app, "bjorkedal", "analyst", "9902")  # another account sees it
    sign_in(client, "bjorkedal")
    opened = client.get(urls.RESULTS).text
    link = re.search(r'Lagrede grupper: <a href="([^"]+)">KOSTRA-gruppe 10</a>', opened)
    assert link
    chosen = client.get(link.group(1).replace("&amp;", "&")).text
    members = re.search(r"<p>Valgt gruppe: ([^.]+)\.", chosen)
    assert members and len(members.group(1).split(", ")) == 2 and "Bjørkedal" in members.group(1)
    assert 'aria-current="true">KOSTRA-gruppe 10' in chosen
    again = client.post(
        urls.GROUPS,
        data={"csrf": form_token(chosen), "navn": "KOSTRA-gruppe 10", "gruppe": ["9901", "9903"]},
    )
    assert again.status_code == 400 and "Det finnes allerede en gruppe som heter" in again.text
    one = client.post(
        urls.GROUPS, data={"csrf": form_token(chosen), "navn": "Alene", "gruppe": ["9901"]}
    )
    assert one.status_code == 400 and "minst to kommuner" in one.text

    removed = re.search(r'action="(/analyse/grupper/\d+/slett)"', chosen)
    assert removed
    client.post(removed.group(1), data={"csrf": form_token(chosen)})
    assert "KOSTRA-gruppe 10" not in client.get(urls.RESULTS).text
