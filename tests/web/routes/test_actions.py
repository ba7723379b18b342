"""Actions after a round, followed up: an analyst writes what Fjordvik will do after last year's
round, and this year's report shows it with how far it came and the change in the theme."""

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import urls
from app.cli.main import main
from app.config import get_settings
from app.demo import DemoPlan, fill_demo
from app.followup.meeting import meeting_pack
from app.questionnaires.catalog import Catalog
from app.storage.tables import Round
from tests.support.signing_in import add_user, form_token, sign_in
from tests.web.routes.test_analysis import demo_data, rounds_of  # noqa: F401 (a fixture)


@pytest.fixture
def fjordvik(app: FastAPI, demo_data: None) -> tuple[Round, Round]:  # noqa: F811
    with app.state.services.connect() as connection:
        before, latest = rounds_of(connection, "9901")[-2:]
    return before, latest


def post(client: TestClient, address: str, report: str, **typed: str) -> tuple[int, str]:
    page = client.get(report).text
    reply = client.post(address, data={"csrf": form_token(page), **typed})
    return reply.status_code, reply.text


PROMISE = {
    "tema": "trivsel",
    "tiltak": "Flere turer i helgene, valgt av beboerne selv",
    "ansvarlig": "Enhetsleder bolig",
    "frist": "2026-06-30",
}


def test_an_action_is_written_then_followed_up_on_the_next_rounds_report(
    app: FastAPI, client: TestClient, fjordvik: tuple[Round, Round]
) -> None:
    before, latest = fjordvik
    add_user(app, "fjordvik", "analyst", "9901")
    sign_in(client, "fjordvik")
    last_year = urls.report(before.id)
    status, _ = post(client, urls.round_actions(before.id), last_year, **PROMISE)
    assert status == 200
    shown = client.get(last_year).text.split('id="tiltak"')[1]
    assert "Dette skal vi gjøre" in shown and PROMISE["tiltak"] in shown
    assert (
        "Ansvar: Enhetsleder bolig, frist 30. juni 2026. Status: <strong>planlagt</strong>" in shown
    )

    this_year = urls.report(latest.id)
    followed = client.get(this_year).text.split('id="tiltak"')[1]
    assert f"Dette lovet vi etter {before.period} – dette ble gjort" in followed
    assert PROMISE["tiltak"] in followed and "planlagt" in followed
    assert re.search(rf"Endring i temaet siden {before.period}: beboere <span", followed)

    action_id = re.search(r'id="tiltak-(\d+)"', followed)
    assert action_id
    status, _ = post(
        client,
        urls.round_action(latest.id, int(action_id.group(1))),
        this_year,
        status="done",
        merknad="Tolv turer i vår.",
    )
    assert status == 200
    followed = client.get(this_year).text.split('id="tiltak"')[1]
    assert "Status: <strong>gjort</strong>. Tolv turer i vår." in followed
    status, _ = post(
        client,
        urls.round_actions(latest.id),
        this_year,
        tema="trygghet",
        sporsmal="hjem_trygg",
        tiltak="Lås på alle soveromsdører",
        ansvarlig="Driftsleder",
    )
    assert status == 200
    now = client.get(this_year).text.split('id="tiltak"')[1]
    assert "Lås på alle soveromsdører</strong> (spørsmålet <code>hjem_trygg</code>)" in now

    # The residents hear it too: what was promised and how far it came, and what comes next.
    client.cookies.clear()
    told = client.get(urls.summary(latest.resident_token, "nn")).text
    trivsel = told.split('aria-labelledby="tema-trivsel"')[1].split("</section>")[0]
    assert "Dette lova vi sist:" in trivsel
    assert f"{PROMISE['tiltak']}: gjort." in trivsel
    trygghet = told.split('aria-labelledby="tema-trygghet"')[1].split("</section>")[0]
    assert "Dette skal vi gjere:" in trygghet and "Lås på alle soveromsdører" in trygghet


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ({**PROMISE, "tiltak": "  "}, "Tiltaket må fylles ut."),
        ({**PROMISE, "ansvarlig": ""}, "Hvem som har ansvaret må fylles ut."),
        ({**PROMISE, "frist": "30.06.2026"}, "Fristen «30.06.2026» er ikke en dato"),
        ({**PROMISE, "tema": "vaer"}, "Temaet «vaer» finnes ikke"),
        (
            {**PROMISE, "sporsmal": "hjem_trygg"},
            "Spørsmålet «hjem_trygg» er ikke i temaet «trivsel»",
        ),
    ],
)
def test_an_action_that_cannot_be_kept_is_said_and_what_was_typed_stays(
    app: FastAPI,
    client: TestClient,
    fjordvik: tuple[Round, Round],
    typed: dict[str, str],
    said: str,
) -> None:
    _, latest = fjordvik
    add_user(app, "fjordvik", "analyst", "9901")
    sign_in(client, "fjordvik")
    report = urls.report(latest.id)
    status, page = post(client, urls.round_actions(latest.id), report, **typed)
    assert status == 400 and said in page
    assert "Ingen tiltak er skrevet" in page  # nothing kept
    if typed["tiltak"].strip():
        assert typed["tiltak"] in page  # typed again


def test_only_those_who_see_the_round_in_full_write_its_actions(
    app: FastAPI, client: TestClient, fjordvik: tuple[Round, Round]
) -> None:
    _, latest = fjordvik
    add_user(app, "bjorkedal", "analyst", "9902")
    sign_in(client, "bjorkedal")
    page = client.get(urls.RESULTS).text
    refused = client.post(urls.round_actions(latest.id), data={"csrf": form_token(page), **PROMISE})
    assert refused.status_code == 403
    assert (
        client.post(
            urls.round_action(latest.id, 999),
            data={"csrf": form_token(page), "status": "done"},
        ).status_code
        == 404
    )


def test_the_command_line_writes_lists_and_follows_up_actions(
    app: FastAPI,
    fjordvik: tuple[Round, Round],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, latest = fjordvik
    settings = app.state.services.settings
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MINSTEMME_QUESTIONS_DIR", str(settings.questions_dir))
    get_settings.cache_clear()
    try:
        add = ["action", "add", str(latest.id), "--theme", "trivsel", "--responsible", "Leder"]
        assert main([*add, "--text", "Flere turer", "--due", "2026-06-30"]) == 0
        made = capsys.readouterr().out
        assert made.startswith("Tiltak ") and "frist 30. juni 2026): planlagt" in made
        action_id = made.split()[1]
        assert main([*add, "--text", "Noe", "--question", "hjem_trygg"]) == 1
        assert "er ikke i temaet «trivsel»" in capsys.readouterr().err
        assert main(["action", "change", action_id, "--status", "i gang", "--note", "Tre"]) == 0
        assert (
            "Flere turer (ansvar: Leder, frist 30. juni 2026): i gang. Tre"
            in capsys.readouterr().out
        )
        assert main(["action", "change", action_id, "--status", "ferdig"]) == 1
        assert "Status kan være «planlagt» (planned)" in capsys.readouterr().err
        assert main(["action", "list", str(latest.id)]) == 0
        assert f"{action_id}\trunde {latest.id}\ttrivsel: Flere turer" in capsys.readouterr().out
        assert main(["action", "list", "99999"]) == 1
        assert "Det finnes ingen runde med nummer 99999." in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_the_dialogue_meeting_has_both_views_what_differs_questions_and_the_actions(
    app: FastAPI, client: TestClient, fjordvik: tuple[Round, Round]
) -> None:
    before, latest = fjordvik
    add_user(app, "fjordvik", "analyst", "9901")
    sign_in(client, "fjordvik")
    this_year = urls.report(latest.id)
    post(client, urls.round_actions(latest.id), this_year, **PROMISE)
    assert f'href="{urls.meeting(latest.id)}">Til dialogmøtet' in client.get(this_year).text
    page = client.get(urls.meeting(latest.id)).text
    with app.state.services.connect() as connection:
        pack = meeting_pack(app.state.services.results(connection), latest)
    assert "<h2>Side om side</h2>" in page and page.count('<th scope="row">') == 7
    assert f"Det som har endret seg mest siden {before.period}" in page
    chosen = [t.apart for t in pack.most_apart if t.apart is not None]
    others = [t.apart for t in pack.themes if t not in pack.most_apart and t.apart is not None]
    assert len(chosen) == 3 and all(not d.beyond_chance for d in chosen + others)
    assert min(abs(d.value) for d in chosen) >= max(abs(d.value) for d in others)
    apart = page.split("ser mest ulikt</h2>")[1].split("<h2>")[0]
    assert [t.name for t in pack.most_apart] == re.findall(r"<li>([^:<]+): ", apart)
    assert "Hva er viktigst å gjøre noe med først, og hvem gjør det?" in page
    assert f"{PROMISE['tiltak']} (Enhetsleder bolig, frist 30. juni 2026): planlagt" in page
    add_user(app, "bjorkedal", "analyst", "9902")
    sign_in(client, "bjorkedal")
    assert client.get(urls.meeting(latest.id)).status_code == 403


def test_the_demo_shows_the_loop_closed(app: FastAPI, catalog: Catalog, client: TestClient) -> None:
    """`minstemme demo` writes what each municipality promised last year and how far it came,
    so a new installation shows the whole loop: the report, the summary, the meeting."""
    with app.state.services.connect() as connection:
        fill_demo(connection, catalog, DemoPlan(municipalities=1, periods=2, residents=8,
                                                actions=True))  # fmt: skip
        before, latest = rounds_of(connection, "9901")
    add_user(app, "fjordvik", "analyst", "9901")
    sign_in(client, "fjordvik")
    followed = client.get(urls.report(latest.id)).text.split('id="tiltak"')[1]
    assert f"Dette lovet vi etter {before.period}" in followed
    assert "Faste personer på nattevakt" in followed and "<strong>i gang</strong>" in followed
    assert "Ukeplan med bilder på hver bolig" in followed
    told = client.get(urls.summary(latest.resident_token)).text
    assert "Flere turer i helgene, valgt av beboerne selv: gjort." in told
