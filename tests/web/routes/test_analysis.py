"""Analysts and owners: signing in, CSRF, roles, the dashboard and report, downloads, and
small groups hidden on every page."""

import csv
import io
import re
from datetime import timedelta
from html import escape

import openpyxl
import pyreadstat
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, delete, update

from app import clock, urls
from app.accounts import FREE_ATTEMPTS, signed_in
from app.accounts import sign_in as session_for
from app.cli.main import main
from app.config import Settings, get_settings
from app.demo import DemoPlan, fill_demo
from app.followup.following import report_and_actions
from app.questionnaires.catalog import Catalog
from app.results.dashboard import WordingChange, dashboard, wording_changes
from app.results.differences import LEVEL
from app.results.report import Distribution, distributions
from app.results.scoring import half_up
from app.results.sums import Filters
from app.rounds.invited import participation, set_invited
from app.rounds.rounds import all_rounds, norwegian_date, units_of
from app.storage.tables import Round, asked_table, responses_table, utcnow
from app.templating import BEST_TONE, WORST_TONE
from tests.support.answering import closed_round, open_round, respond
from tests.support.signing_in import PASSWORD, add_user, form_token, sign_in

RESULT_PAGES = [
    "/analyse",
    "/analyse?periode=2025&kommune=9901",
    "/analyse/rapport/1",
    "/analyse/eksport",
    "/analyse/eksport/1?format=sav",
    "/analyse/eksport/temaskarer.csv",
    "/analyse/runder",
    "/analyse/runder/1/plakat",
]


@pytest.fixture
def demo_data(app: FastAPI, catalog: Catalog) -> None:
    with app.state.services.connect() as connection:
        fill_demo(connection, catalog, DemoPlan(municipalities=3, periods=3, residents=12))


@pytest.mark.parametrize("path", RESULT_PAGES)
def test_every_results_page_and_export_needs_a_login(client: TestClient, path: str) -> None:
    answer = client.get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/logg-inn?neste=")
    login_page = client.get(answer.headers["location"])
    assert login_page.status_code == 200 and "Logg inn" in login_page.text


def test_forms_without_a_login_or_without_a_csrf_token_are_refused(
    app: FastAPI, client: TestClient
) -> None:
    add_user(app, "eier", "owner")
    made = {"kommune": "Testby", "kommunenummer": "9931", "periode": "2030"}
    made |= {"apner": "2030-03-01", "stenger": "2030-04-30", "koder": "0"}
    anonymous = client.post("/analyse/runder", data=made, follow_redirects=False)
    assert anonymous.status_code == 303 and "/logg-inn" in anonymous.headers["location"]

    login = client.get("/logg-inn")
    no_token = client.post("/logg-inn", data={"username": "eier", "password": PASSWORD})
    assert no_token.status_code == 403 and "for gammel" in no_token.text
    assert "minstemme_innlogging=" not in no_token.headers.get("set-cookie", "")
    assert form_token(login.text)

    assert sign_in(client, "eier") == 303
    refused = client.post("/analyse/runder", data=made)
    assert refused.status_code == 403 and "Skjemaet kunne ikke brukes" in refused.text
    forged = client.post("/analyse/runder", data=made | {"csrf": "gjettet"})
    assert forged.status_code == 403
    with app.state.services.connect() as connection:
        assert [r.municipality_name for r in all_rounds(connection)] == ["Eksempelvik"]
    token = form_token(client.get("/analyse/runder").text)
    created = client.post("/analyse/runder", data=made | {"csrf": token}, follow_redirects=False)
    assert created.status_code == 303
    assert "Runden er laget." in client.get(created.headers["location"]).text
    assert client.post("/logg-ut", data={}).status_code == 403  # no token: still signed in
    assert client.get("/analyse", follow_redirects=False).status_code == 200


def test_session_cookie_and_signing_out(app: FastAPI, client: TestClient) -> None:
    add_user(app, "Kari.Analytiker", "analyst")
    page = client.get("/logg-inn")
    answer = client.post(
        "/logg-inn",
        data={"username": "kari.analytiker", "password": PASSWORD, "csrf": form_token(page.text)},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"]
    assert "minstemme_innlogging=" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/analyse").status_code == 200
    dashboard = client.get("/analyse").text
    signed_out = client.post(
        "/logg-ut", data={"csrf": form_token(dashboard)}, follow_redirects=False
    )
    assert signed_out.status_code == 303
    assert client.get("/analyse", follow_redirects=False).status_code == 303


def test_wrong_passwords_and_a_throttle(app: FastAPI, client: TestClient) -> None:
    add_user(app, "ola", "analyst")
    assert sign_in(client, "ola", "feil-passord-her") == 401
    assert sign_in(client, "ingen-slik", PASSWORD) == 401
    for _ in range(FREE_ATTEMPTS):  # with the one above: one past the free ones
        assert sign_in(client, "OLA", "feil-passord-her") == 401
    paused = client.post("/logg-inn", data={"username": "ola", "password": PASSWORD})
    assert paused.status_code in (403, 429)  # no form token here; with one, the page says wait
    page = client.get("/logg-inn")
    waiting = client.post(
        "/logg-inn",
        data={"username": "ola", "password": PASSWORD, "csrf": form_token(page.text)},
    )
    assert waiting.status_code == 429
    assert "For mange forsøk med feil passord. Vent 1 sekund og prøv igjen." in waiting.text


def test_sessions_end(app: FastAPI) -> None:
    add_user(app, "per", "analyst")
    with app.state.services.connect() as connection:
        token = session_for(connection, "per", PASSWORD)
        assert token is not None
        assert signed_in(connection, token) is not None
        later = utcnow() + timedelta(hours=13)
        assert signed_in(connection, token, now=later) is None
        assert session_for(connection, "per", "feil") is None


def test_an_analyst_sees_results_but_cannot_manage_rounds(app: FastAPI, client: TestClient) -> None:
    add_user(app, "analytiker", "analyst")
    assert sign_in(client, "analytiker") == 303
    assert "Runder</a>" not in client.get("/analyse").text
    refused = client.get("/analyse/runder")
    assert refused.status_code == 403 and "Bare for eiere" in refused.text


def test_dashboard_with_demo_data(app: FastAPI, client: TestClient, demo_data: None) -> None:
    add_user(app, "analytiker", "analyst")
    assert sign_in(client, "analytiker") == 303
    this_year = str(clock.today().year)
    page = client.get("/analyse?kommune=9901&kommune=9902")
    assert page.status_code == 200
    html = page.text
    assert f"Resultater {this_year}" in html
    assert "Bjørkedal, Fjordvik og alle kommuner" in html
    for theme in ("Trivsel", "Trygghet", "Informasjon"):
        assert f'<title id="sammenligning-{theme.lower()}-t">{theme}' in html
    # comparisons, and a trend per municipality; each drawn wide and narrow (for a phone)
    assert html.count('role="img"') == 2 * (7 + 7 * 2)
    assert "Ny ordlyd" in html  # the first period asked hjem_trives in other words
    assert "Har du det bra der du bor?" in html
    # Filters: answered alone and without flagged responses.
    filtered = client.get("/analyse?kommune=9901&hjelp=selv&flagg=uten")
    assert filtered.status_code == 200
    assert "svarte selv blant beboerne, uten svar med kvalitetsflagg" in filtered.text
    bad = client.get("/analyse?hjelp=alle-sammen")
    assert bad.status_code == 400 and "Traceback" not in bad.text


def test_the_dashboard_takes_as_many_municipalities_as_it_offers(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    with app.state.services.connect() as connection:
        fill_demo(connection, catalog, DemoPlan(municipalities=6, periods=1, residents=6))
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    six = [f"990{n}" for n in range(1, 7)]
    page = client.get("/analyse", params={"kommune": six})
    assert page.status_code == 200  # five or six gave 400
    assert all(f'value="{number}" checked' in page.text for number in six), page.text[:300]
    many = client.get("/analyse", params={"kommune": [f"{n:04d}" for n in range(400)]})
    assert many.status_code == 400 and "Traceback" not in many.text


def test_small_groups_are_hidden_on_the_dashboard_and_in_the_report(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
        for value in ("ja", "ja", "nei", "ja", "ja", "nei"):  # six residents
            respond(connection, catalog, survey_round, {"hjem_trives": value})
        for value, comment in (("6", ""), ("2", "Hemmelig hilsen")):  # two relatives
            respond(
                connection, catalog, survey_round, {"hjem_trives": value},
                questionnaire="parorende", comment=comment,
            )  # fmt: skip
    add_user(app, "analytiker", "analyst")
    assert sign_in(client, "analytiker") == 303
    dashboard = client.get("/analyse").text
    # Residents: 4 × 100 + 2 × 0 over 6 = 66.7. Relatives: 2 people, hidden.
    assert "Beboere 66,7 (" in dashboard and "n = 6" in dashboard
    assert "Pårørende: færre enn 5 svar" in dashboard
    assert "n = 2" not in dashboard
    report = client.get(f"/analyse/rapport/{survey_round.id}").text
    assert "Trives du der du bor?" in report
    assert "Ja 67&nbsp;% · Nei 33&nbsp;%" in report  # six answers: shown
    assert "færre enn 5 svar" in report  # the relatives' two are not
    assert "Hemmelig hilsen" not in report + dashboard
    assert client.get("/analyse/rapport/999").status_code == 404


def asked_otherwise(connection: Connection, survey_round: Round, question: str, text: str) -> None:
    """The round asked `question` in these words (an earlier version of the questionnaire)."""
    connection.execute(
        update(asked_table)
        .where(
            asked_table.c.round_id == survey_round.id,
            asked_table.c.question_id == question,
        )
        .values(text=text)
    )
    connection.commit()


def test_a_report_stars_its_changes_together_not_one_by_one(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    """Twelve residents each round; «Trives du der du bor?» went from 4 to 9 of 12 saying ja
    (33.3 → 75.0). Welch's test alone gives p = 0.04 and the report starred it; but the page
    shows some thirty changes, and where nothing changed a page tested one by one showed a ✱
    more often than not. Decided together (Holm), it is not starred; a change from none to
    all still is."""
    form = catalog.questionnaires["beboer"]
    steady = {
        q.id: catalog.scale_of(q).options[len(catalog.scale_of(q).options) // 2].value
        for q in form.questions
        if q.theme and not q.show_if and not q.repeat_of
    }
    with app.state.services.connect() as connection:
        before = closed_round(connection, catalog, "9942", "2024")
        now = closed_round(connection, catalog, "9942", "2025")
        for survey_round, saying_yes, content in ((before, 4, "nei"), (now, 9, "ja")):
            for i in range(12):
                given = {**steady, "hjem_trives": "ja" if i < saying_yes else "nei"}
                respond(connection, catalog, survey_round, {**given, "hjem_valgte": content})
        page = report_and_actions(app.state.services.results(connection), now)
    changes = page.report.changes["resident"]
    moderate, clear = changes["hjem_trives"], changes["hjem_valgte"]
    assert moderate is not None and moderate.value == 41.7
    assert LEVEL / 20 < moderate.p < LEVEL and not moderate.beyond_chance
    assert clear is not None and clear.value == 100.0 and clear.beyond_chance
    assert sum(d is not None for d in changes.values()) >= 20
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    html = client.get(urls.report(now.id)).text
    rows = {
        q: html[html.index(text) :].split("</tr>")[0]
        for q, text in (
            ("hjem_trives", "Trives du der du bor?"),
            ("hjem_valgte", "Var du med og bestemte hvor du skulle bo?"),
        )
    }
    assert "✱" not in rows["hjem_trives"] and "+41,7" in rows["hjem_trives"]
    assert "✱" in rows["hjem_valgte"]
    assert "Holms metode" in html


def test_the_report_prints_each_question_as_the_round_asked_it(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    """The file may say it otherwise since (a new version): the answers were given to the
    words the round stored, and the report shows those."""
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
        asked_otherwise(connection, survey_round, "hjem_trives", "Har du det bra der du bor?")
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    report = client.get(f"/analyse/rapport/{survey_round.id}").text
    assert "Har du det bra der du bor?" in report
    assert "Trives du der du bor?" not in report


def test_a_change_across_a_reworded_question_says_so_and_is_never_starred(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    """The report's change per question since the round before starred a change whose question
    had been asked in other words: the words may be what changed the answers."""
    with app.state.services.connect() as connection:
        before = closed_round(connection, catalog, "9941", "2024")
        now = closed_round(connection, catalog, "9941", "2025")
        for survey_round, given in ((before, "nei"), (now, "ja")):
            for i in range(8):
                answer = given if i else "delvis"  # some spread
                respond(
                    connection,
                    catalog,
                    survey_round,
                    {"hjem_trives": answer, "hjem_leilighet": answer},
                )
        asked_otherwise(connection, before, "hjem_trives", "Har du det bra der du bor?")
        page = report_and_actions(app.state.services.results(connection), now)
        followed = {f.theme: f for f in page.followed}
    changes = page.report.changes["resident"]
    reworded, same = changes["hjem_trives"], changes["hjem_leilighet"]
    assert same is not None and same.beyond_chance and not same.reworded
    assert reworded is not None and reworded.reworded and not reworded.beyond_chance
    assert reworded.value == same.value  # the change itself is still shown
    # The theme the reworded question counts in says so wherever its change is shown.
    trivsel = followed["trivsel"].residents_change
    assert trivsel is not None and trivsel.reworded and not trivsel.beyond_chance
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    page = client.get(f"/analyse/rapport/{now.id}").text
    row = page[page.index("Trives du der du bor?") :].split("</tr>")[0]
    assert "ny ordlyd" in row and "✱" not in row
    leader = client.get("/analyse?periode=2025&kommune=9941").text  # the key figures
    key_row = leader[leader.index('href="#tema-trivsel">Trivsel</a>') :].split("</tr>")[0]
    assert "ny ordlyd</span>" in key_row and "✱" not in key_row


def test_downloads_for_a_signed_in_analyst(
    app: FastAPI, client: TestClient, demo_data: None
) -> None:
    add_user(app, "analytiker", "analyst")
    assert sign_in(client, "analytiker") == 303
    exports = client.get("/analyse/eksport")
    assert exports.status_code == 200 and "Kodebok" in exports.text
    with app.state.services.connect() as connection:
        first = next(r for r in all_rounds(connection) if not r.demo)
    spss = client.get(f"/analyse/eksport/{first.id}?gruppe=beboere&format=sav")
    assert spss.status_code == 200
    assert "attachment" in spss.headers["content-disposition"]
    path = app.state.services.settings.sqlite_path.parent / "download.sav"
    path.write_bytes(spss.content)
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 12
    assert meta.column_names_to_labels["hjem_trives"] == "Trives du der du bor?"
    stata = client.get(f"/analyse/eksport/{first.id}?gruppe=beboere&format=dta")
    assert stata.status_code == 200 and stata.headers["content-type"] == "application/x-stata-dta"
    path.with_suffix(".dta").write_bytes(stata.content)
    frame, meta = pyreadstat.read_dta(str(path.with_suffix(".dta")))
    assert len(frame) == 12 and meta.original_variable_types["startet"] == "%td"
    workbook = client.get(f"/analyse/eksport/{first.id}?gruppe=parorende&format=xlsx")
    opened = openpyxl.load_workbook(io.BytesIO(workbook.content), read_only=True)
    assert opened.sheetnames == ["Svar", "Kodebok"]
    semicolon = client.get(f"/analyse/eksport/{first.id}?format=csv-semikolon&form=lang")
    assert semicolon.text.lstrip("\ufeff").startswith("svar_id;kommunenummer;")
    book = client.get(f"/analyse/eksport/{first.id}?gruppe=parorende&format=kodebok")
    assert book.headers["content-disposition"].endswith('-parorende-kodebok.csv"')
    assert "hjem_trives,I hvilken grad trives din pårørende i boligen sin?" in book.text
    parquet = client.get(f"/analyse/eksport/{first.id}?format=parquet")
    assert parquet.content.startswith(b"PAR1") and parquet.content.endswith(b"PAR1")
    themes = client.get("/analyse/eksport/temaskarer.csv")
    assert themes.text.lstrip("\ufeff").startswith("periode,kommunenummer,kommune,gruppe,tema")
    assert client.get("/analyse/eksport/1?format=exe").status_code == 400


def test_user_and_demo_commands(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        add = ["user", "add", "Kari", "--role", "owner", "--password-stdin"]
        assert main([*add, "--municipality", "9946", "--municipality", "9947"]) == 0
        monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
        assert (
            main(["user", "add", "ola", "--role", "analyst", "--national", "--password-stdin"]) == 1
        )
        assert "minst 12 tegn" in capsys.readouterr().err
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        assert main(["user", "add", "per", "--role", "analyst", "--password-stdin"]) == 1
        assert "Si hvilke kommuner brukeren skal se" in capsys.readouterr().err
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        assert (
            main(["user", "add", "kari", "--role", "analyst", "--national", "--password-stdin"])
            == 1
        )
        assert "finnes allerede" in capsys.readouterr().err
        assert main(["user", "list"]) == 0
        assert "kari (eier; ser 9946, 9947)" in capsys.readouterr().out
        monkeypatch.setattr("sys.stdin", io.StringIO("et-helt-nytt-passord\n"))
        assert main(["user", "password", "kari", "--password-stdin"]) == 0
        assert main(["user", "remove", "kari"]) == 0
        assert main(["user", "remove", "kari"]) == 1

        command = ["demo", "--municipalities", "2", "--periods", "2", "--residents", "6"]
        assert main(command) == 0
        assert "Laget 4 runder for 2 oppdiktede kommuner" in capsys.readouterr().out
        assert main(command) == 1  # the rounds exist: nothing is made twice
        assert "bare lages én gang" in capsys.readouterr().err
        # The server starts on the made-up answers as the README says (the oldest period's
        # other wording is an earlier version, not version 1 in other words).
        assert main(["check"]) == 0, capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_wording_changes_between_a_municipalitys_rounds(app: FastAPI, catalog: Catalog) -> None:
    asked = asked_table
    with app.state.services.connect() as connection:
        earlier = closed_round(connection, catalog, period="2024")
        later = closed_round(connection, catalog, period="2025")
        assert wording_changes(connection, earlier, later) == {}
        connection.execute(
            update(asked)
            .where(asked.c.round_id == earlier.id, asked.c.question_id == "pers_sure")
            .values(text="Er de ansatte sure på deg?")
        )
        connection.commit()
        changes = wording_changes(connection, earlier, later)
        assert changes == {
            "respektfull_behandling": [
                WordingChange(
                    "beboer",
                    "pers_sure",
                    "Er de ansatte sure på deg?",
                    "Er personalet sure mot deg?",
                )
            ]
        }
        # A round from before rounds kept their wording: unknown, so no change is claimed.
        connection.execute(delete(asked).where(asked.c.round_id == earlier.id))
        connection.commit()
        assert wording_changes(connection, earlier, later) == {}


def test_an_open_round_shows_participation_and_says_when_scores_come(
    app: FastAPI, client: TestClient, catalog: Catalog
) -> None:
    with app.state.services.connect() as connection:
        survey_round = open_round(connection, catalog, "9947", "Åpenvik")
        for _ in range(6):
            respond(connection, catalog, survey_round, {"hjem_trives": "ja"})
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    page = client.get(
        "/analyse", params={"periode": str(clock.today().year), "kommune": "9947"}
    ).text
    assert "runden er åpen" in page
    assert "Åpenvik: runden er åpen til" in page and "6 har begynt, 0 har fullført" in page
    assert "Skårene kommer når runden er avsluttet" in page
    assert "100,0" not in page  # six "Ja": no score while open


def test_relatives_comments_have_a_page_of_their_own_for_those_who_see_the_round_in_full(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)  # Lillevik, 9931
        for comment in ("Personalet er flinke.", "Maten kunne vært bedre."):
            respond(
                connection, catalog, survey_round, {"hjem_trives": "5"},
                questionnaire="parorende", comment=comment,
            )  # fmt: skip
    add_user(app, "nabo", "analyst", "9946")
    sign_in(client, "nabo")
    assert client.get(urls.comments(survey_round.id)).status_code == 403
    add_user(app, "lokal", "analyst", "9931")
    sign_in(client, "lokal")
    assert f'href="{urls.comments(survey_round.id)}"' in client.get(urls.EXPORTS).text
    page = client.get(urls.comments(survey_round.id)).text
    assert "kan nevne navn" in page
    # In the order of their text, not the order they came in.
    assert page.index("Maten kunne vært bedre.") < page.index("Personalet er flinke.")
    assert "Maten kunne" not in client.get(urls.report(survey_round.id)).text


def test_the_first_thing_on_the_dashboard_is_the_comparison_and_the_change(
    app: FastAPI, client: TestClient, demo_data: None
) -> None:
    """Before the filters and the method: per theme, the chosen municipality's residents, the
    change since its previous round, all municipalities, and its relatives, with each
    difference larger than chance marked in words and a sign, not by colour alone."""
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    this_year = clock.today().year
    html = client.get("/analyse?kommune=9902").text
    table = html.split('<table class="headline"')[1].split("</table>")[0]
    assert html.index('<table class="headline"') < html.index('<form method="get"')
    assert f"Bjørkedal {this_year}: hovedtall" in table
    assert f"Endring siden {this_year - 1}" in table and "Alle kommuner" in table
    assert table.count('<th scope="row">') == 7
    with app.state.services.connect() as connection:
        context = app.state.services.results(connection)
        expected = dashboard(context, period=None, chosen=["9902"]).headline
    assert expected is not None
    marked = [
        d
        for row in expected.rows
        for d in (row.residents_change, row.versus_everyone, row.relatives_change)
        if d is not None and d.beyond_chance
    ]
    assert table.count("større enn tilfeldig") == len(marked)
    for row in expected.rows:
        change = row.residents_change
        assert change is not None  # Bjørkedal had a round the year before
        sign = "+" if change.value > 0 else ("−" if change.value < 0 else "±")
        assert f"{sign}{abs(change.value):.1f}".replace(".", ",") in table
    assert "Welchs t-test" in html.split("</table>", 1)[1].split("<form")[0]  # the footnote


def test_the_key_figures_say_which_municipalities_all_municipalities_holds(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    """Three municipalities, one with too few residents: «Alle kommuner» is the two shown, and
    the key figures said so nowhere (the table further down did: «2 av 3 kommuner")."""
    with app.state.services.connect() as connection:
        for number, residents in (("9951", 9), ("9952", 6), ("9953", 2)):
            survey_round = closed_round(connection, catalog, number, "2025")
            for _ in range(residents):
                respond(connection, catalog, survey_round, {"hjem_trives": "ja"})
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    html = client.get("/analyse", params={"periode": "2025", "kommune": "9951"}).text
    table = html.split('<table class="headline"')[1].split("</table>")[0]
    trivsel = table[table.index("Trivsel") :].split("</tr>")[0]
    assert "2 av 3 kommuner" in trivsel


def test_a_filter_is_compared_on_one_set_of_municipalities_and_says_what_it_hides(
    app: FastAPI, catalog: Catalog, client: TestClient
) -> None:
    """«Uten kvalitetsflagg» hid a municipality with 1–4 flagged residents (its figure would
    give them away) and «Alle kommuner» under it was then another set than without it, so the
    two mixed the filter with the set. The page says how many figures the filter hides and why,
    and «De samme uten filter» sums the municipalities shown under it with every answer."""
    responses = responses_table
    with app.state.services.connect() as connection:
        # Per municipality: its residents' answers, and which of them are flagged.
        for number, (answers, flagged) in {
            "9981": (["ja"] * 6 + ["nei"] * 2, set()),  # nobody flagged: shown alike
            "9982": (["ja"] * 8, {0, 1}),  # two flagged: hidden under the filter
            "9983": (["ja"] * 2 + ["nei"] * 10, set(range(2, 8))),  # six: shown, six apart
        }.items():
            survey_round = closed_round(connection, catalog, number, "2025")
            for index, answer in enumerate(answers):
                state = respond(connection, catalog, survey_round, {"hjem_trives": answer})
                if index in flagged:
                    connection.execute(
                        update(responses)
                        .where(responses.c.id == state.id)
                        .values(quality_flags="samme_svar_overalt")
                    )
        connection.commit()
        context = app.state.services.results(connection, Filters("all", True))
        view = dashboard(context, period="2025", chosen=["9981"])
    trivsel = next(t for t in view.themes if t.theme == "trivsel")
    rows = {row.group.name: row.residents for row in trivsel.comparison}
    # Under the filter: 9981's 8 and 9983's 6 unflagged (2 ja, 4 nei), 9982 hidden.
    assert rows["Alle kommuner"].score is not None and rows["Alle kommuner"].score.n == 14
    assert rows["Alle kommuner"].note == "2 av 3 kommuner"
    # The same two with every answer: 9981's 8 and 9983's 12.
    same = rows["De samme uten filter"]
    assert same.score is not None and same.score.n == 20
    assert same.score.mean == round(100 * (6 + 2) / 20, 1)
    assert view.filter_hides is not None and view.filter_hides[0] >= 1
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    html = client.get(
        "/analyse", params={"periode": "2025", "kommune": "9981", "flagg": "uten"}
    ).text
    hides, of = view.filter_hides
    assert f"Med dette filteret er {hides} av {of} kommunetall skjult" in html
    assert '<th scope="row">De samme uten filter</th>' in html
    plain = client.get("/analyse", params={"periode": "2025", "kommune": "9981"}).text
    assert "De samme uten filter" not in plain and "kommunetall skjult" not in plain


def test_a_trend_shows_its_intervals_on_an_axis_that_shows_change(
    app: FastAPI, client: TestClient, demo_data: None
) -> None:
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    html = client.get("/analyse?kommune=9902").text
    chart = html.split('id="utvikling-9902-trivsel-t"')[1].split("</svg>")[0]
    ticks = [int(t) for t in re.findall(r'class="tick"[^>]*>(\d+)</text>', chart)]
    low, high = ticks[0], ticks[-1]
    assert (low, high) != (0, 100) and high - low >= 20, ticks
    assert f"Aksen går fra {low} til {high}." in chart
    shown = re.findall(r"(\d+,\d) \((\d+,\d)–(\d+,\d)\), n = \d+", chart.split("</desc>")[0])
    assert shown
    for mean, lower, upper in shown:
        for value in (mean, lower, upper):
            assert low <= float(value.replace(",", ".")) <= high
    # Each of the municipality's figures (those the description names) has its interval drawn.
    assert chart.count('class="interval"') == len(shown)


def test_a_period_in_one_file_holds_the_rounds_the_reader_sees_in_full(
    app: FastAPI, client: TestClient, demo_data: None
) -> None:
    year = str(clock.today().year)
    add_user(app, "fjordvik", "analyst", "9901", "9902")
    sign_in(client, "fjordvik")
    page = client.get(urls.EXPORTS).text
    assert f'href="{escape(urls.period_file(year, "beboere", "csv"))}"' in page
    reply = client.get(urls.period_file(year, "beboere", "csv"))
    assert reply.status_code == 200
    rows = list(csv.DictReader(io.StringIO(reply.text.lstrip("\ufeff"))))
    assert sorted({row["kommunenummer"] for row in rows}) == ["9901", "9902"]  # not 9903
    assert {row["periode"] for row in rows} == {year} and len(rows) == 2 * 12
    stata = client.get(urls.period_file(year, "parorende", "dta"))
    assert stata.status_code == 200 and stata.headers["content-type"] == "application/x-stata-dta"
    assert client.get(urls.period_file("1999", "beboere", "csv")).status_code == 404


def test_the_printed_report_reads_on_paper(
    app: FastAPI, client: TestClient, demo_data: None
) -> None:
    """Each answer's colour says how good it is (a reversed question's good answer in the good
    colour), a legend says so, a percentage never wraps away from its number, and the report
    says when it was printed."""
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    with app.state.services.connect() as connection:
        fjordvik = next(r for r in all_rounds(connection) if r.municipality_number == "9901")
    html = client.get(urls.report(fjordvik.id)).text
    assert f"Skrevet ut {norwegian_date(clock.today())}" in html
    assert re.search(r"\d %", html) is None  # always "80&nbsp;%"
    assert "&nbsp;%" in html
    assert html.count('class="spread-legend"') == 2  # residents and relatives

    def tones(question: str) -> dict[str, str]:
        row = html.split(question)[1].split("</tr>")[0]
        bars = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"[^>]*><title>([^<:]+):', row)
        return {label: fill for fill, label in bars}

    hyggelige, sure = (
        tones("Er personalet hyggelige mot deg?"),
        tones("Er personalet sure mot deg?"),
    )
    assert hyggelige["Ja"] == BEST_TONE and hyggelige["Nei"] == WORST_TONE
    assert sure["Nei"] == BEST_TONE and sure["Ja"] == WORST_TONE  # asked the other way round


def rounds_of(connection: Connection, number: str) -> list[Round]:
    """A municipality's rounds, oldest first."""
    own = (r for r in all_rounds(connection) if r.municipality_number == number)
    return sorted(own, key=lambda r: r.period)


def test_participation_shows_once_the_owner_says_how_many_were_invited(
    app: FastAPI, client: TestClient, demo_data: None
) -> None:
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    with app.state.services.connect() as connection:
        fjordvik = rounds_of(connection, "9901")[-1]
        assert "Svarprosent" not in client.get(urls.report(fjordvik.id)).text
        homes = units_of(fjordvik)
        set_invited(connection, fjordvik, "resident", {homes[0]: 10, homes[1]: 10})
        answered = participation(connection, fjordvik, 5)["resident"][0].answered
    first_screen = client.get(urls.results(kommune="9901")).text.split('<form method="get"')[0]
    assert f"Svarprosent i Fjordvik {fjordvik.period}: beboere {answered} av 20" in first_screen
    html = client.get(urls.report(fjordvik.id)).text
    table = html.split('<table class="participation">')[1].split("</table>")[0]
    assert f"<td>20</td>\n    <td>{answered}</td>" in table
    share = (200 * (answered or 0) + 20) // 40
    assert f"{share}&nbsp;%" in table


def test_the_report_gives_each_questions_change_since_the_round_before(
    app: FastAPI, client: TestClient, demo_data: None
) -> None:
    """Per question: the mean of what its answers count (0–100) now minus in the municipality's
    round before, both shown figures, tested as the key figures are (Welch, 5 %)."""
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    with app.state.services.connect() as connection:
        before, latest = rounds_of(connection, "9901")[-2:]
        context = app.state.services.results(connection)
        now = {d.question.id: d for d in distributions(context, latest, "beboer")}
        then = {d.question.id: d for d in distributions(context, before, "beboer")}
    html = client.get(urls.report(latest.id)).text
    residents = html.split("<h2>Svarene fra beboerne</h2>")[1].split("</table>")[0]
    assert f"Endring siden {before.period}" in residents
    row = residents.split("Føler du deg trygg der du bor?")[1].split("</tr>")[0]

    def mean(found: Distribution) -> float:
        pairs = [
            (n, s) for (_, n), s in zip(found.counts, found.scores, strict=True) if s is not None
        ]
        return sum(n * s for n, s in pairs) / sum(n for n, _ in pairs)

    change = half_up(half_up(mean(now["hjem_trygg"])) - half_up(mean(then["hjem_trygg"])))
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    assert f"{sign}{abs(change):.1f}".replace(".", ",") in row
    # A background question has no score, so no change.
    row = residents.split("Har du en jobb eller et dagtilbud?")[1].split("</tr>")[0]
    assert "ingen sammenligning" in row


def test_a_reference_group_is_compared_beside_all_municipalities(
    app: FastAPI, client: TestClient, demo_data: None
) -> None:
    """An analyst compares Bjørkedal with a group they choose (say, the same KOSTRA group):
    its figure is the sum of the members shown, as "Alle kommuner" is of all."""
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    page = client.get("/analyse?kommune=9902&gruppe=9901&gruppe=9903").text
    assert "Valgt gruppe: Fjordvik, Solberg." in page
    assert 'name="gruppe" value="9901" aria-describedby="gruppe-hint" checked' in page
    rows = re.findall(r'<th scope="row">([^<]+)</th><td data-label="Beboere">([^<]+)</td>', page)
    by_group = dict(rows[:3])  # the first theme's table
    assert list(by_group) == ["Bjørkedal", "Valgt gruppe", "Alle kommuner"][: len(by_group)]
    group_n = int(by_group["Valgt gruppe"].rsplit("n = ", 1)[1].split(";")[0])
    with app.state.services.connect() as connection:
        context = app.state.services.results(connection, Filters())
        view = dashboard(context, period=None, chosen=["9901", "9903"])
    first = view.themes[0].comparison
    assert group_n == sum(r.residents.score.n for r in first[:2] if r.residents.score)
    assert "Valgt gruppe" not in client.get("/analyse?kommune=9902").text


def test_the_dashboard_opens_on_the_analysts_own_municipality(
    app: FastAPI, client: TestClient, demo_data: None
) -> None:
    """An analyst for Fjordvik (9901) landed on Bjørkedal's (9902: first by name) figures, and
    the key figures followed the first municipality in the list, not their own."""
    this_year = clock.today().year
    add_user(app, "fjordvik", "analyst", "9901")
    sign_in(client, "fjordvik")
    opened = client.get(urls.RESULTS).text
    assert f"Fjordvik {this_year}: hovedtall" in opened
    assert 'name="kommune" value="9901" checked' in opened
    assert 'name="kommune" value="9902" checked' not in opened
    both = client.get(urls.results(kommune=["9902", "9901"])).text
    assert f"Fjordvik {this_year}: hovedtall" in both
    add_user(app, "nasjonal", "analyst")  # sees every municipality: the first, as before
    sign_in(client, "nasjonal")
    assert f"Bjørkedal {this_year}: hovedtall" in client.get(urls.RESULTS).text
