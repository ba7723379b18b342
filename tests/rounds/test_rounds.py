"""Rounds: made and closed on the command line, opened by their links, with one-time codes,
units, and who is with the resident."""

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from app import clock
from app.cli.main import main
from app.config import Settings, get_settings
from app.questionnaires.catalog import Catalog
from app.rounds.changing import change_round, reopen_round
from app.rounds.links import use_access_code
from app.rounds.municipalities import MUNICIPALITIES
from app.rounds.rounds import (
    LetterFrom,
    RoundProblem,
    all_rounds,
    checked_municipality,
    close_round,
    create_round,
)
from app.storage.database import connection_to, make_engine
from app.storage.tables import Round, answers_table, codes_table, responses_table, rounds_table
from app.web.app import create_app
from tests.support.entering import enter_round, to_first_question

TODAY = clock.today()
CLOSES = TODAY + timedelta(days=30)
HALF = f"{CLOSES.year}-H{1 if CLOSES.month <= 6 else 2}"  # the half the rounds below close in


@pytest.fixture
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """`minstemme` run in this process, on the test's own database file."""
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MINSTEMME_PUBLIC_URL", "https://minstemme.example.no")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def test_printed_links_need_the_address_people_use(
    cli_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """Without MINSTEMME_PUBLIC_URL, `round poster` printed QR codes and letters for
    http://127.0.0.1:8000, which no phone can open, and `round list` showed such links, with
    no word. The poster is refused (paper can't be mended), the lists warn."""
    assert main(create_args()) == 0
    monkeypatch.delenv("MINSTEMME_PUBLIC_URL")
    get_settings.cache_clear()
    poster = tmp_path / "plakat.html"
    assert main(["round", "poster", "1", "--out", str(poster)]) == 1
    said = capsys.readouterr().err
    assert "MINSTEMME_PUBLIC_URL er ikke satt" in said and "ikke skrevet" in said
    assert not poster.exists()
    assert main(["round", "list"]) == 0
    listed = capsys.readouterr()
    assert "MINSTEMME_PUBLIC_URL er ikke satt" in listed.err
    assert "http://127.0.0.1:8000/r/" in listed.out  # still shown, for trying on this machine


def rounds_in(app: FastAPI) -> list[Round]:
    with app.state.services.engine.connect() as connection:
        return list(connection.execute(select(rounds_table).order_by(rounds_table.c.id)).all())


CONTACT = ["--contact-name", "Kari Nordmann", "--contact", "kari@fjordby.kommune.no"]


def create_args(*extra: str) -> list[str]:
    return [
        "round",
        "create",
        "--municipality",
        "Fjordby",
        "--number",
        "9946",
        "--period",
        HALF,
        "--opens",
        (TODAY - timedelta(days=1)).isoformat(),
        "--closes",
        CLOSES.isoformat(),
        *extra,
    ]


def test_round_life_cycle_on_the_command_line(
    cli_settings: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    without_contact = create_args("--codes", "3")
    assert main(without_contact) == 1
    assert "Brevene til pårørende sier hvem de kan spørre" in capsys.readouterr().err
    args = create_args("--unit", "Lia bolig", "--unit", "Sjøgata", "--codes", "3", *CONTACT)
    assert main(args) == 0
    made = capsys.readouterr().out
    assert f"Runde 1 laget: Fjordby (9946) {HALF}" in made
    assert (
        "beboer for beboere og parorende for pårørende, 2 boliger, engangskoder for pårørende"
        in made
    )
    links = re.findall(r"https://minstemme\.example\.no/r/([\w-]+)", made)
    assert len(links) == 2 and len(set(links)) == 2
    assert all(len(token) >= 22 for token in links)  # 128 random bits each

    assert main(args) == 1  # one round per municipality and period
    assert f"Fjordby (9946) har allerede en runde for {HALF}." in capsys.readouterr().err
    assert main([("99461" if arg == "9946" else arg) for arg in create_args()]) == 1
    assert "Kommunenummeret skal være fire sifre" in capsys.readouterr().err
    bad_date = create_args()
    bad_date[bad_date.index("--closes") + 1] = "31.12.2026"
    assert main(bad_date) == 1
    assert "Sluttdatoen «31.12.2026» er ikke en dato. Skriv den slik: 2026-03-01." in (
        capsys.readouterr().err
    )

    assert main(["round", "list"]) == 0
    listed = capsys.readouterr().out
    assert "1: Fjordby (9946)" in listed and "[åpen] – 0 svar startet, 0 fullført" in listed

    poster = tmp_path / "plakat.html"
    assert main(["round", "poster", "1", "--out", str(poster)]) == 0
    assert "plakat med QR-koder og 3 brev med engangskoder" in capsys.readouterr().out
    html = poster.read_text()
    assert html.count('<svg role="img"') == 2 + 3  # both links, and one per letter
    assert f"https://minstemme.example.no/r/{links[0]}" in html
    with make_engine(cli_settings).connect() as connection:
        codes = [c.code for c in connection.execute(select(codes_table)).all()]
    assert len(codes) == 3 and all(code in html for code in codes)
    assert html.count("Spør Kari Nordmann: kari@fjordby.kommune.no.") == 3
    nynorsk = tmp_path / "plakat-nn.html"
    assert main(["round", "poster", "1", "--language", "nn", "--out", str(nynorsk)]) == 0
    capsys.readouterr()
    assert '<html lang="nn">' in (written := nynorsk.read_text())
    assert written.count("Kva blir lagra?") == 3 and "Frå Fjordby kommune" in written

    later = (TODAY + timedelta(days=40)).isoformat()
    assert main(["round", "change", "1", "--closes", later, "--codes", "2", "--unit", "Berg"]) == 0
    assert f"Runde 1 er endret: Fjordby (9946) {HALF}" in capsys.readouterr().out
    with make_engine(cli_settings).connect() as connection:
        assert len(connection.execute(select(codes_table)).all()) == 5

    assert main(["round", "close", "1"]) == 0
    assert "Runde 1 er avsluttet" in capsys.readouterr().out
    assert main(["round", "list"]) == 0
    assert "[avsluttet]" in capsys.readouterr().out
    assert main(["round", "change", "1", "--closes", later]) == 1
    assert "kan ikke endres. Åpne den igjen først" in capsys.readouterr().err

    # Closed by mistake: opened again, until a day not yet past.
    assert main(["round", "reopen", "1", "--closes", later]) == 0
    reopened = capsys.readouterr().out
    assert f"Runde 1 er åpnet igjen: Fjordby (9946) {HALF}" in reopened and f"–{later}" in reopened
    assert "Svar som var begynt før, fortsetter ikke" in reopened
    assert main(["round", "list"]) == 0
    assert "[åpen]" in capsys.readouterr().out
    assert main(["round", "reopen", "1", "--closes", later]) == 1
    assert "Runden er ikke avsluttet" in capsys.readouterr().err
    assert main(["round", "close", "1"]) == 0
    capsys.readouterr()
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert main(["round", "reopen", "1", "--closes", yesterday]) == 1
    assert "Den nye sluttdatoen må være i dag eller senere" in capsys.readouterr().err
    assert main(["round", "close", "99"]) == 1
    assert "Det finnes ingen runde med nummer 99." in capsys.readouterr().err


@pytest.fixture
def fjordby(app: FastAPI, catalog: Catalog) -> Round:
    with app.state.services.connect() as connection:
        return create_round(
            connection,
            catalog,
            municipality_name="Fjordby",
            municipality_number="9946",
            period=str((TODAY + timedelta(days=30)).year),  # the year it closes in
            opens_on=TODAY,
            closes_on=TODAY + timedelta(days=30),
            units=["Lia bolig"],
            relative_codes=2,
            letter_from=LetterFrom("Kari Nordmann", "900 00 000"),
        )


def codes_of(app: FastAPI, survey_round: Round) -> list[str]:
    with app.state.services.engine.connect() as connection:
        found = connection.execute(
            select(codes_table).where(codes_table.c.round_id == survey_round.id)
        )
        return sorted(code.code for code in found)


def test_a_one_time_code_starts_one_response_and_is_refused_the_second_time(
    app: FastAPI, client: TestClient, fjordby: Round
) -> None:
    link = f"/r/{fjordby.relative_token}"
    form = client.get(link)
    assert form.status_code == 200
    assert "Skriv koden som står i brevet" in form.text
    assert client.get("/s/parorende").status_code == 400  # the link alone does not open it

    first, second = codes_of(app, fjordby)
    wrong = client.post(link, data={"kode": "AAAAA-AAAAA"})
    assert wrong.status_code == 400 and "Vi fant ikke denne koden" in wrong.text
    started = client.post(link, data={"kode": first.lower().replace("-", " ")})
    assert started.url.path == "/s/parorende/side/velkommen"
    with TestClient(app) as another_phone:
        again = another_phone.post(link, data={"kode": first})
        assert again.status_code == 400
        assert "Denne koden er allerede brukt" in again.text
        prefilled = another_phone.get(f"{link}?kode={second}")  # the letter's QR code
        assert f'value="{second}"' in prefilled.text
    with app.state.services.engine.connect() as connection:
        responses = connection.execute(select(responses_table)).all()
    assert [(r.round_id, r.questionnaire_id) for r in responses] == [(fjordby.id, "parorende")]


def test_a_spent_code_cannot_be_linked_to_the_response_it_started(
    app: FastAPI, client: TestClient, fjordby: Round
) -> None:
    """The letter's code is known to whoever sent it; nothing stored with the code may point
    to the response (no time of use to match against the response's start)."""
    client.post(f"/r/{fjordby.relative_token}", data={"kode": codes_of(app, fjordby)[0]})
    with app.state.services.connect() as connection:
        rows = connection.execute(text("SELECT * FROM accesscode")).mappings().all()
    assert rows and all(set(row) == {"code", "round_id", "used"} for row in rows)
    assert sorted(bool(row["used"]) for row in rows) == [False, True]


def test_two_people_spending_one_code_at_once_get_one_response(
    app: FastAPI, fjordby: Round
) -> None:
    code = codes_of(app, fjordby)[0]
    with app.state.services.connect() as one, app.state.services.connect() as other:
        results = [use_access_code(one, fjordby.id, code)]
        results.append(use_access_code(other, fjordby.id, code))
    assert results == ["ok", "used"]


def test_closed_unknown_and_not_yet_open_rounds_get_a_clear_page(
    app: FastAPI, client: TestClient, fjordby: Round
) -> None:
    to_first_question(client)  # a resident part-way in the demo round
    client.post("/s/beboer/side/hjem_trives", data={"svar-hjem_trives": "ja"})

    unknown = client.get("/r/finnesikke1234567890ab")
    assert unknown.status_code == 404 and "Fant ikke undersøkelsen" in unknown.text
    engine = app.state.services.engine
    with engine.begin() as connection:
        connection.execute(
            update(rounds_table)
            .where(rounds_table.c.id == fjordby.id)
            .values(opens_on=TODAY + timedelta(1))
        )
    later = client.get(f"/r/{fjordby.resident_token}")
    assert later.status_code == 403
    assert "Undersøkelsen i Fjordby åpner" in later.text

    with app.state.services.connect() as connection:  # what `minstemme round close` does
        for survey_round in rounds_in(app):
            close_round(connection, survey_round.id)
    closed = client.get(f"/r/{fjordby.resident_token}")
    assert closed.status_code == 410
    assert "Undersøkelsen er avsluttet" in closed.text
    # The resident part-way in a round that closed: told so; the answers given are kept.
    midway = client.get("/s/beboer/side/hjem_leilighet")
    assert midway.status_code == 410 and "Svarene som ble gitt, er tatt vare på" in midway.text
    refused = client.post("/s/beboer/side/hjem_leilighet", data={"svar-hjem_leilighet": "ja"})
    assert refused.status_code == 410
    with engine.connect() as connection:
        assert [(a.question_id, a.value) for a in connection.execute(select(answers_table))] == [
            ("hjem_trives", "ja")
        ]


def test_a_round_opened_again_takes_new_people_but_not_those_begun_before(
    app: FastAPI, client: TestClient
) -> None:
    """The figures of a round closed by mistake may have been seen: those who began before
    the closing stay as they were (their answers are in those figures), new people may answer."""
    to_first_question(client)
    client.post("/s/beboer/side/hjem_trives", data={"svar-hjem_trives": "ja"})
    (demo,) = rounds_in(app)
    with app.state.services.connect() as connection:
        close_round(connection, demo.id)
        reopen_round(connection, demo.id, TODAY, TODAY + timedelta(days=7))
    midway = client.get("/s/beboer/side/hjem_leilighet")
    assert midway.status_code == 410 and "Svarene som ble gitt, er tatt vare på" in midway.text
    refused = client.post("/s/beboer/side/hjem_leilighet", data={"svar-hjem_leilighet": "ja"})
    assert refused.status_code == 410
    with TestClient(app) as another_tablet:
        to_first_question(another_tablet)
        saved = another_tablet.post("/s/beboer/side/hjem_trives", data={"svar-hjem_trives": "nei"})
        assert saved.status_code == 200 and saved.url.path == "/s/beboer/side/hjem_leilighet"
    with app.state.services.engine.connect() as connection:
        given = sorted((a.question_id, a.value) for a in connection.execute(select(answers_table)))
    assert given == [("hjem_trives", "ja"), ("hjem_trives", "nei")]


def test_without_a_link_the_survey_says_how_to_open_it(client: TestClient) -> None:
    for path in ("/s/beboer", "/s/beboer/side/velkommen", "/s/parorende"):
        reply = client.get(path)
        assert reply.status_code == 400, path
        assert "Bruk lenken du har fått" in reply.text


def test_staff_choose_a_unit_and_every_response_on_the_tablet_gets_it(
    app: FastAPI, client: TestClient
) -> None:
    link = re.findall(r'href="(/r/[^"]+)"', client.get("/").text)[0]
    for tampered in ("9", "²", "-1", "123456789"):  # "²".isdigit() is True in Python
        refused = client.post(link, data={"enhet": tampered})
        assert refused.status_code == 422 and "Velg en av boligene" in refused.text, tampered
    enter_round(client, unit="1")
    client.post("/s/beboer/side/velkommen", data={"next": "1"})
    client.post("/s/beboer/ny")  # "Ny person": the next resident on the same tablet
    client.post("/s/beboer/side/velkommen", data={"next": "1"})
    with app.state.services.engine.connect() as connection:
        units = [r.unit for r in connection.execute(select(responses_table)).all()]
    assert units == ["Fjellveien bofellesskap", "Fjellveien bofellesskap"]


def test_staff_choose_switch_access_and_its_pace_for_the_tablet(client: TestClient) -> None:
    link = re.findall(r'href="(/r/[^"]+)"', client.get("/").text)[0]
    start = client.get(link).text
    assert 'name="skanning" value="" checked' in start
    assert 'value="3000"> Sakte – 3 sekunder' in start
    for tampered in ("1", "0", "-1500", "15000", "abc"):
        refused = client.post(link, data={"skanning": tampered})
        assert refused.status_code == 422 and "Velg en av fartene" in refused.text, tampered
    client.post(link, data={"skanning": "3000"}, follow_redirects=False)
    assert client.cookies.get("minstemme_skanning") == "3000"
    page = client.get("/s/beboer").text
    assert page.count("data-say=") == 2  # "Neste" and "Les opp" are read as they light up
    client.post(link, data={"skanning": ""}, follow_redirects=False)  # started again, without
    assert client.cookies.get("minstemme_skanning") is None


def test_who_helps_is_asked_first_and_kept_with_each_answer(
    app: FastAPI, client: TestClient
) -> None:
    enter_round(client)
    for text_page in ("velkommen", "eir", "frivillig", "hjemme"):
        reply = client.post(f"/s/beboer/side/{text_page}", data={"next": "1"})
    assert reply.url.path == "/s/beboer/hvem"
    assert "Hvem er med deg nå?" in reply.text
    # The first question cannot be reached around it.
    skipped = client.get("/s/beboer/side/hjem_trives")
    assert skipped.url.path == "/s/beboer/hvem" and skipped.url.query == b"neste=hjem_trives"
    assert client.post("/s/beboer/hvem", data={"hvem": "sjefen"}).status_code == 422

    client.post("/s/beboer/hvem", data={"hvem": "familie", "neste": "hjem_trives"})
    page = client.get("/s/beboer/side/hjem_trives").text
    assert "Med deg nå: <strong>Familie hjelper</strong>" in page
    assert "Bare du skal svare på dette spørsmålet." in page  # resident_only: true
    client.post("/s/beboer/side/hjem_trives", data={"svar-hjem_trives": "ja"})
    changed = client.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "hjem_leilighet"})
    assert changed.url.path == "/s/beboer/side/hjem_leilighet"
    assert "Med deg nå: <strong>Jeg svarer selv</strong>" in changed.text
    client.post("/s/beboer/side/hjem_leilighet", data={"svar-hjem_leilighet": "nei"})
    # Asking for a page beyond where the resident is leads back to where they are.
    ahead = client.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "fornoyd"})
    assert ahead.url.path == "/s/beboer/side/hjem_valgte"

    with app.state.services.engine.connect() as connection:
        answers = {a.question_id: a.helper for a in connection.execute(select(answers_table)).all()}
        response = connection.execute(select(responses_table)).one()
    assert answers == {"hjem_trives": "familie", "hjem_leilighet": "selv"}
    assert response.helper == "selv"


def test_relatives_are_not_asked_who_helps(client: TestClient) -> None:
    enter_round(client, "relative")
    client.post("/s/parorende/side/velkommen", data={"next": "1"})
    assert client.get("/s/parorende/hvem").status_code == 404


# Parts of a year that don't exist (they were taken as the whole year).
BAD_PERIODS: list[tuple[dict[str, object], str]] = [
    ({"period": f"2026-{part}"}, "Perioden skal være et år") for part in ("H3", "Q5", "T4", "X1")
]


def test_a_round_is_counted_in_the_period_its_last_day_falls_in(
    app: FastAPI, catalog: Catalog
) -> None:
    """«Endre» let the last day pass the period's end (a 2026-H1 round could close in
    August); creating one did too, if it opened in time. It may open before its period."""
    with app.state.services.connect() as connection:
        arguments: dict[str, object] = {
            "municipality_name": "Fjordby",
            "municipality_number": "9946",
            "period": "2026-H1",
            "opens_on": date(2025, 12, 1),
            "closes_on": date(2026, 6, 30),
        }
        made = create_round(connection, catalog, **arguments)  # type: ignore[arg-type]
        with pytest.raises(RoundProblem, match="den siste dagen må være i perioden"):
            change_round(connection, made.id, date(2026, 6, 1), closes_on=date(2026, 8, 31))
        with pytest.raises(RoundProblem, match="Perioden 2026-H1 er januar–juni 2026"):
            create_round(
                connection,
                catalog,
                **{
                    **arguments,
                    "municipality_number": "9947",
                    "municipality_name": "Bergvik",
                    "opens_on": date(2026, 6, 1),
                    "closes_on": date(2026, 8, 31),
                },  # type: ignore[arg-type]
            )


def test_round_rules_are_checked(app: FastAPI, catalog: Catalog) -> None:
    with app.state.services.connect() as connection:
        cases: list[tuple[dict[str, object], str]] = [
            ({"period": "høst"}, "Perioden skal være et år"),
            *BAD_PERIODS,
            ({"closes_on": TODAY - timedelta(days=3)}, "Sluttdatoen kommer før startdatoen"),
            ({"resident_questionnaire": "parorende"}, "Fant ikke noe skjema for beboere"),
            ({"units": ["Lia", "Lia"]}, "Hver bolig eller avdeling"),
            ({"period": "2031"}, "Perioden 2031 er januar–desember 2031, men runden er åpen"),
            (
                {"period": f"{TODAY.year}-H1", "opens_on": date(TODAY.year, 9, 1)},
                f"Perioden {TODAY.year}-H1 er januar–juni {TODAY.year}",
            ),
            # SSB's list: a number no municipality has, a name and a number that disagree.
            ({"municipality_number": "4699"}, "Ingen kommune har nummeret 4699"),
            ({"municipality_number": "4601"}, "4601 er Bergen, ikke «Fjordby»"),
            ({"municipality_number": "3301"}, "3301 er Drammen, ikke «Fjordby»"),
        ]
        for wrong, message in cases:
            arguments: dict[str, object] = {
                "municipality_name": "Fjordby",
                "municipality_number": "9946",
                "period": str(TODAY.year),
                "opens_on": TODAY,
                "closes_on": TODAY,
            }
            with pytest.raises(RoundProblem, match=message):
                create_round(connection, catalog, **{**arguments, **wrong})  # type: ignore[arg-type]


def test_real_municipalities_go_by_ssbs_list_and_made_up_ones_by_99xx() -> None:
    """A real municipality's name is written as SSB writes it, or as one of its names in one
    language ("Tana" for "Deatnu - Tana"), in any case, with or without "kommune"; it is kept
    as SSB writes it. 9900–9999 are no municipality's: for trying and testing."""
    assert len(MUNICIPALITIES) == 357  # SSB's list as of 1 January 2026
    for number, written, kept in [
        ("0301", "Oslo", "Oslo"),
        ("4601", "bergen kommune", "Bergen"),
        ("5628", "tana", "Tana"),
        ("5628", "Deatnu – Tana", "Deatnu - Tana"),
        ("1818", "Herøy", "Herøy"),
        ("1818", "Herøy (Nordland)", "Herøy (Nordland)"),
        ("9946", " Fjordby ", "Fjordby"),
    ]:
        assert checked_municipality(number, written) == kept
    with pytest.raises(RoundProblem, match="1515 er Herøy \\(Møre og Romsdal\\), ikke «Oslo»"):
        checked_municipality("1515", "Oslo")


def test_no_demo_round_in_production(settings: Settings) -> None:
    production = settings.model_copy(update={"environment": "production", "secure_cookies": True})
    app = create_app(production)
    assert rounds_in(app) == []
    with TestClient(app) as client:
        assert "Prøv som beboer" not in client.get("/").text


SERVICE = "Habiliteringstjenesten i Fjordby"
# A round made on the command line for Fjordby's spring of 2026 (add options to it).
CREATE_FJORDBY = [
    *("round", "create", "--municipality", "Fjordby", "--number", "9946"),
    *("--period", "2030", "--opens", "2030-03-01", "--closes", "2030-04-30"),
]


@pytest.mark.usefixtures("cli_settings")
def test_a_new_round_that_is_already_over_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """`round create` made a round whose last day had been: closed at once, no use."""
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    over = [*CREATE_FJORDBY[:-4], "--opens", "2020-03-01", "--closes", yesterday]
    assert main(over) == 1
    assert f"Sluttdatoen {yesterday} har allerede vært." in capsys.readouterr().err


@pytest.mark.usefixtures("cli_settings")
def test_the_command_line_names_the_service_and_refuses_a_long_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = CREATE_FJORDBY
    assert main([*command, "--service", "x" * 101]) == 1
    assert "Navnet på tjenesten kan ha høyst 100 tegn." in capsys.readouterr().err
    assert main([*command, "--service", SERVICE]) == 0
    assert f"tjenesten: «{SERVICE}»" in capsys.readouterr().out
    assert main(["round", "list"]) == 0
    assert f"tjenesten: «{SERVICE}»" in capsys.readouterr().out


def test_a_round_asks_relatives_only_or_residents_only_but_something(
    cli_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(create_args("--resident", "ingen")) == 0
    said = capsys.readouterr().out
    assert "parorende for pårørende" in said and "beboer for" not in said
    assert "pårørende: https://" in said and "beboere:" not in said
    assert "personalets kode" not in said
    nothing = create_args("--resident", "ingen", "--relative", "ingen")
    assert main([*nothing[:5], "9947", *nothing[6:]]) == 1
    assert "Velg minst ett skjema" in capsys.readouterr().err
    codes = create_args("--relative", "ingen", "--codes", "3", *CONTACT)
    assert main([*codes[:5], "9948", *codes[6:]]) == 1
    assert "trenger ingen engangskoder" in capsys.readouterr().err


def test_demo_data_is_refused_in_production_unless_forced(
    cli_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`minstemme demo` wrote made-up rounds into a production database without asking."""
    monkeypatch.setenv("MINSTEMME_ENVIRONMENT", "production")
    monkeypatch.setenv("MINSTEMME_SECURE_COOKIES", "true")
    monkeypatch.setenv("MINSTEMME_SECRET_KEY", "k" * 32)
    get_settings.cache_clear()
    small = ["demo", "--municipalities", "1", "--periods", "1", "--residents", "5"]
    assert main(small) == 1
    assert "Dette er en produksjonsdatabase" in capsys.readouterr().err
    with connection_to(get_settings()) as connection:
        assert all_rounds(connection) == []
    assert main([*small, "--force"]) == 0
    assert "Laget 1 runder" in capsys.readouterr().out
