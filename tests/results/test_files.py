"""Microdata exports: exact CSV text, SPSS read back with its labels, Excel and Parquet
opened, the codebook; comments only in microdata; `minstemme export` on the command line."""

import csv
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas
import pyarrow.parquet as pq
import pyreadstat
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from app import urls
from app.cli.main import main
from app.config import Settings, get_settings
from app.demo import DemoPlan, fill_demo
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import Questionnaire
from app.results.dashboard import figures_for
from app.results.files import (
    codebook_rows,
    spss_codes,
    stata_names,
    write_csv,
    write_dta,
    write_parquet,
    write_round,
    write_sav,
    write_xlsx,
)
from app.results.microdata import Shape, export_id, microdata_rows, variables
from app.results.scoring import half_up
from app.results.sums import Filters
from app.results.units import named_homes
from app.rounds.rounds import all_rounds
from app.storage.tables import Round, responses_table
from app.survey.responses import ResponseState
from tests.support.answering import Answers, closed_round, respond
from tests.support.signing_in import add_user, sign_in

COMMENT = "Maten er god, men vi får for lite tid ute."


@pytest.fixture
def small_round(app: FastAPI, catalog: Catalog) -> tuple[Round, ResponseState, ResponseState]:
    """One resident (helped by family, one answer declined) and one relative with a comment."""
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
        given: Answers = {"hjem_trives": "ja", "hjem_leilighet": None}
        state = respond(connection, catalog, survey_round, given, helper="familie", unit="Lia")
        other = respond(
            connection, catalog, survey_round, {"hjem_trives": "5"}, questionnaire="parorende",
            comment=COMMENT,
        )  # fmt: skip
    return survey_round, state, other


def rows_of(
    app: FastAPI, survey_round: Round, questionnaire: Questionnaire, shape: Shape
) -> list[list[str]]:
    services = app.state.services
    with services.connect() as connection:
        homes = named_homes(services.results(connection), survey_round, questionnaire.audience)
        rows = microdata_rows(
            connection, services.catalog, survey_round, questionnaire, homes, shape=shape
        )
        return list(rows)


def started_of(app: FastAPI, response_id: str) -> str:
    with app.state.services.engine.connect() as connection:
        started: datetime = connection.execute(
            select(responses_table.c.started_at).where(responses_table.c.id == response_id)
        ).scalar_one()
    return started.date().isoformat()  # the day only: a time would point to a person


def test_exact_csv_text_for_a_small_round(
    app: FastAPI, catalog: Catalog, small_round: tuple[Round, ResponseState, ResponseState],
    tmp_path: Path,
) -> None:  # fmt: skip
    survey_round, state, _ = small_round
    resident = catalog.questionnaires["beboer"]
    header = [v.name for v in variables(catalog, resident, "wide")]
    target = tmp_path / "bred.csv"
    write_csv(target, [header, *rows_of(app, survey_round, resident, "wide")], ";")
    started = started_of(app, state.id)
    blanks = ";" * (len(resident.questions) - 2)
    themes = list(catalog.themes)
    scores = [f"{part}{theme}" for theme in themes for part in ("tema_", "selv_", "medhjelp_")]
    # "Ja" to hjem_trives counts 100 in Trivsel, given with help; the declined answer nothing.
    given = {"tema_trivsel": "100.0", "medhjelp_trivsel": "100.0"}
    assert target.read_bytes().decode("utf-8-sig") == (
        "svar_id;kommunenummer;periode;skjema;skjemaversjon;enhet;hjelper;svarrekkefolge;"
        f"kvalitetsflagg;startet;fullfort;{';'.join(q.id for q in resident.questions)};"
        f"{';'.join(scores)}\r\n"
        f"{export_id(state.id)};9931;2025;beboer;{resident.version};;familie;{state.option_order};;"
        f"{started};;ja;vil_ikke_svare{blanks};{';'.join(given.get(s, '') for s in scores)}\r\n"
    )
    assert target.read_bytes().startswith("\ufeff".encode())  # Excel reads it as UTF-8
    long = rows_of(app, survey_round, resident, "long")
    head = [export_id(state.id), "9931", "2025", "beboer", str(resident.version), "", "familie"]
    assert long == [
        [*head, state.option_order, "", started, "", "hjem_trives", "ja", "familie"],
        [*head, state.option_order, "", started, "", "hjem_leilighet", "vil_ikke_svare", "familie"],
    ]  # fmt: skip


def test_comments_are_in_microdata(
    app: FastAPI, catalog: Catalog, small_round: tuple[Round, ResponseState, ResponseState]
) -> None:
    survey_round, _, _ = small_round
    relative = catalog.questionnaires["parorende"]
    header = [v.name for v in variables(catalog, relative, "wide")]
    (row,) = rows_of(app, survey_round, relative, "wide")
    assert row[header.index("kommentar")] == COMMENT
    assert row[header.index("hjem_trives")] == "5"
    long = rows_of(app, survey_round, relative, "long")
    assert [r[-3:] for r in long] == [["hjem_trives", "5", ""], ["kommentar", COMMENT, ""]]


def test_spss_file_read_back_with_its_labels(
    app: FastAPI, catalog: Catalog, small_round: tuple[Round, ResponseState, ResponseState],
    tmp_path: Path,
) -> None:  # fmt: skip
    survey_round, state, _ = small_round
    resident = catalog.questionnaires["beboer"]
    columns = variables(catalog, resident, "wide")
    target = tmp_path / "beboer.sav"
    assert write_sav(target, columns, rows_of(app, survey_round, resident, "wide")) == 1
    frame, meta = pyreadstat.read_sav(str(target), user_missing=True)
    assert list(frame.columns) == [v.name for v in columns]
    assert frame.loc[0, "svar_id"] == export_id(state.id)
    assert frame.loc[0, "hjem_trives"] == 1.0
    assert frame.loc[0, "hjem_leilighet"] == 99.0  # "Vil ikke svare", user-missing
    assert meta.column_names_to_labels["hjem_trives"] == "Trives du der du bor?"
    assert meta.variable_value_labels["hjem_trives"] == {
        1.0: "Ja", 2.0: "Både ja og nei", 3.0: "Nei", 99.0: "Vil ikke svare"
    }  # fmt: skip
    assert meta.missing_ranges["hjem_trives"] == [{"lo": 99.0, "hi": 99.0}]
    relative_columns = variables(catalog, catalog.questionnaires["parorende"], "wide")
    target = tmp_path / "parorende.sav"
    relative_rows = rows_of(app, survey_round, catalog.questionnaires["parorende"], "wide")
    write_sav(target, relative_columns, relative_rows)
    frame, meta = pyreadstat.read_sav(str(target), user_missing=True)
    assert frame.loc[0, "hjem_trives"] == 5.0  # 1–6 keep their numbers
    assert meta.variable_value_labels["hjem_trives"][97.0] == "Vet ikke"
    # "Vet ikke" is no point on the scale: user-missing like "Vil ikke svare", so a mean over
    # the column counts 1–6 only (not 97 as a very high grade).
    assert meta.missing_ranges["hjem_trives"] == [
        {"lo": 97.0, "hi": 97.0}, {"lo": 99.0, "hi": 99.0}
    ]  # fmt: skip
    assert "relasjon" not in meta.missing_ranges or meta.missing_ranges["relasjon"] == [
        {"lo": 99.0, "hi": 99.0}
    ]  # background questions: every option is an answer
    assert frame.loc[0, "kommentar"] == COMMENT


def test_excel_and_parquet_opened_and_checked(
    app: FastAPI, catalog: Catalog, small_round: tuple[Round, ResponseState, ResponseState],
    tmp_path: Path,
) -> None:  # fmt: skip
    survey_round, _, other = small_round
    relative = catalog.questionnaires["parorende"]
    columns = variables(catalog, relative, "wide")
    header = [v.name for v in columns]
    rows = rows_of(app, survey_round, relative, "wide")
    workbook_path = tmp_path / "svar.xlsx"
    book = codebook_rows(columns, relative, 5)
    write_xlsx(workbook_path, [header, *rows], codebook=book, numeric=frozenset({"hjem_trives"}))
    workbook = openpyxl.load_workbook(workbook_path, read_only=True)
    assert workbook.sheetnames == ["Svar", "Kodebok"]
    data = [[cell.value for cell in row] for row in workbook["Svar"].iter_rows()]
    assert data[0] == header
    assert data[1][header.index("svar_id")] == export_id(other.id)
    assert data[1][header.index("kommunenummer")] == "9931"  # text, so 0301 keeps its leading 0
    assert data[1][header.index("hjem_trives")] == 5  # a number Excel can sum
    sheet = [[cell.value for cell in row] for row in workbook["Kodebok"].iter_rows()]
    trives = next(row for row in sheet if row[0] == "hjem_trives")
    assert trives[1] == "I hvilken grad trives din pårørende i boligen sin?"
    assert trives[3] == "trivsel"

    parquet_path = tmp_path / "svar.parquet"
    write_parquet(parquet_path, columns, rows)
    table = pq.read_table(parquet_path)
    assert table.column_names == header
    assert table.column("kommentar").to_pylist() == [COMMENT]
    assert table.column("enhet").to_pylist() == [None]
    field = table.schema.field("hjem_trives")
    assert field.metadata[b"label"] == "I hvilken grad trives din pårørende i boligen sin?".encode()
    labels = json.loads(field.metadata[b"value_labels"])
    assert labels["6"] == "6 – I svært stor grad" and labels["vil_ikke_svare"] == "Vil ikke svare"
    # Typed: the version a number, the day a date, theme scores numbers.
    assert str(table.schema.field("skjemaversjon").type) == "int32"
    assert table.column("startet").to_pylist() == [date.fromisoformat(started_of(app, other.id))]
    assert table.column("tema_trivsel").to_pylist() == [80.0]  # 5 on 1–6 counts 80


def test_codebook_lists_every_variable_with_values_and_codes(catalog: Catalog) -> None:
    resident = catalog.questionnaires["beboer"]
    rows = list(codebook_rows(variables(catalog, resident, "wide"), resident, 5))
    assert rows[0] == [
        "variabel", "etikett", "type", "tema", "skala", "verdier", "spss_koder", "poeng",
        "omvendt_av", "gjentar", "vises_bare_hvis", "stata_navn", "skjema", "skjemaversjon",
        "ordlyd_i_tidligere_versjoner",
    ]  # fmt: skip
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) >= {q.id for q in resident.questions} | {"svar_id", "kvalitetsflagg"}
    assert by_name["pers_sure"][2:6] == [
        "svar",
        "respektfull_behandling",
        "ja_avogtil_nei",
        "ja = Ja; av_og_til = Av og til; nei = Nei; vil_ikke_svare = Vil ikke svare",
    ]
    # Asked the other way round: "Nei" to "Er personalet sure mot deg?" counts 100.
    assert by_name["pers_sure"][7:] == [
        "ja = 0; av_og_til = 50; nei = 100", "pers_hyggelige", "", "", "", "beboer",
        str(resident.version), "",
    ]  # fmt: skip
    # Stata takes 32 characters: a longer name is cut, and the codebook says to what.
    assert by_name["fritid_bo_liker"][11] == ""  # short enough for Stata
    # No score's name can be read as another's: the part comes first, then the theme
    # (`tema_nok_og_riktig_hjelp_hjelp` was the theme from the answers given with help).
    assert by_name["medhjelp_nok_og_riktig_hjelp"][2:4] == ["skår (0–100)", "nok_og_riktig_hjelp"]
    assert "tema_nok_og_riktig_hjelp_hjelp" not in by_name
    assert by_name["fritid_bo_liker"][7:10] == ["", "", "hjem_trives"]  # a repeat counts nothing
    assert by_name["dag_onsker"][2] == "bakgrunn" and by_name["dag_onsker"][7] == ""
    assert by_name["dag_liker"][10] == "dag_har er ikke nei"
    # The code lists of the text columns: who helped, and the quality flags.
    assert "familie = " in by_name["hjelper"][5] and "selv = " in by_name["hjelper"][5]
    assert "samme_svar_overalt = det samme svaret" in by_name["kvalitetsflagg"][5]
    assert by_name["selv_trivsel"][2:4] == ["skår (0–100)", "trivsel"]


def test_boxes_ticked_are_a_column_each_and_the_home_asked_is_left_to_enhet(
    app: FastAPI, catalog: Catalog, tmp_path: Path
) -> None:
    """A relative's relation ("forelder verge") is a 0/1 column per option, as statistics
    programs count several answers, in CSV and SPSS alike; the home they answered is the
    response's unit, under the same small-cell rule as the residents' (the answer column only
    says a home was chosen)."""
    relative = catalog.questionnaires["parorende"]
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog, units=["Lia"])
        given: Answers = {"relasjon": "forelder verge", "tjeneste": None, "bolig": "enhet"}
        respond(connection, catalog, survey_round, given, questionnaire="parorende", unit="Lia")
    columns = variables(catalog, relative, "wide")
    names = [v.name for v in columns]
    assert "relasjon" not in names
    ticks = [f"relasjon_{o.value}" for o in catalog.scale_named("relasjon").options]
    assert names[names.index(ticks[0]) : names.index(ticks[0]) + len(ticks)] == ticks
    (row,) = rows_of(app, survey_round, relative, "wide")
    cell = dict(zip(names, row, strict=True))
    assert [cell[name] for name in ticks] == ["1", "0", "0", "1", "0"]
    assert cell["tjeneste_avlastning"] == "vil_ikke_svare" and cell["varighet"] == ""
    assert cell["bolig"] == "enhet" and cell["enhet"] == ""  # one relative in Lia: left out
    book = {r[0]: r for r in codebook_rows(columns, relative, 5)}
    assert book["relasjon_verge"][1].endswith(": Verge")
    assert book["relasjon_verge"][5] == "1 = Valgt; 0 = Ikke valgt; vil_ikke_svare = Vil ikke svare"
    assert "enhet = En av rundens boliger" in book["bolig"][5]
    target = tmp_path / "parorende.sav"
    write_sav(target, columns, rows_of(app, survey_round, relative, "wide"))
    frame, meta = pyreadstat.read_sav(str(target), user_missing=True)
    assert [frame[name][0] for name in ticks] == [1, 0, 0, 1, 0]
    assert meta.variable_value_labels["relasjon_forelder"] == {
        0.0: "Ikke valgt",
        1.0: "Valgt",
        99.0: "Vil ikke svare",
    }


def test_export_command_writes_every_format(
    app: FastAPI,
    small_round: tuple[Round, ResponseState, ResponseState],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    survey_round, state, _ = small_round
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        for file_format in ("csv", "xlsx", "sav", "dta", "parquet", "codebook"):
            out = tmp_path / f"runde.{file_format}"
            command = ["export", str(survey_round.id), "--format", file_format, "--out", str(out)]
            assert main(command) == 0
            assert out.stat().st_size > 0
        assert export_id(state.id) in (tmp_path / "runde.csv").read_text(encoding="utf-8-sig")
        assert main(["export", "--aggregate", "--out", str(tmp_path / "tema.csv")]) == 0
        assert main(["export", "999", "--out", str(tmp_path / "x.csv")]) == 1
        assert "Det finnes ingen runde med nummer 999" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
    aggregate = (tmp_path / "tema.csv").read_text(encoding="utf-8-sig").splitlines()
    assert aggregate[0] == "periode,kommunenummer,kommune,gruppe,tema,skar,nedre,ovre,n,merknad"
    # One resident and one relative: every figure is hidden, with the reason.
    start = "2025,9931,Lillevik,beboere,trivsel"
    trivsel = next(line for line in aggregate if line.startswith(start))
    assert trivsel == "2025,9931,Lillevik,beboere,trivsel,,,,,færre enn 5 svar"


def test_csv_cells_that_a_spreadsheet_would_run_stay_text(tmp_path: Path) -> None:
    """A relative's comment starting with "=" (or +, -, @, a tab) must not become a live
    formula when a CSV is opened in Excel or LibreOffice; numbers stay numbers."""
    target = tmp_path / "svar.csv"
    comments = ['=HYPERLINK("http://x","Klikk")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"]
    write_csv(target, [["kommentar", "skar"], *[[c, "-3.5"] for c in comments], ["Bra!", "70"]])
    with target.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))
    assert [row[0] for row in rows[1:-1]] == ["'" + c for c in comments]
    assert rows[-1] == ["Bra!", "70"] and rows[1][1] == "-3.5"


def test_xlsx_cells_that_a_spreadsheet_would_run_stay_text_on_every_sheet(
    tmp_path: Path,
) -> None:
    """An owner's question text starting with "=" reaches the codebook sheet; a relative's
    comment the answers' sheet: neither may be a live formula in the workbook."""
    target = tmp_path / "svar.xlsx"
    hostile = '=HYPERLINK("http://x","Klikk")'
    write_xlsx(
        target,
        [["kommentar", "skar"], [hostile, "-3.5"]],
        codebook=[["variabel", "sporsmal"], ["hjem_trives", hostile], ["x", "@SUM(A1)"]],
        numeric=frozenset({"skar"}),
    )
    workbook = openpyxl.load_workbook(target)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert workbook["Kodebok"]["B2"].value == "'" + hostile
    assert workbook["Svar"]["B2"].value == -3.5


def test_microdata_names_only_the_homes_the_report_shows_on_their_own(
    app: FastAPI,
    catalog: Catalog,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Staff know who lives in a small home and who answered with staff: a home where a
    home × helper cell holds fewer than k responses (Stor: one with staff) is named in no row,
    and neither is a home too small to show (Lille); Midt, shown on its own in the report, is.
    No row carries a time of day, only the date."""
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
        for unit, helper, count in (
            ("Stor", "selv", 6),
            ("Stor", "personale", 1),
            ("Lille", "selv", 2),
            ("Midt", "selv", 5),
        ):
            for _ in range(count):
                respond(
                    connection,
                    catalog,
                    survey_round,
                    {"hjem_trives": "ja"},
                    helper=helper,
                    unit=unit,
                )
    resident = catalog.questionnaires["beboer"]
    header = [v.name for v in variables(catalog, resident, "wide")]
    rows = [
        dict(zip(header, row, strict=True)) for row in rows_of(app, survey_round, resident, "wide")
    ]
    cells = sorted((row["enhet"], row["hjelper"]) for row in rows)
    assert cells == [("", "personale")] + [("", "selv")] * 8 + [("Midt", "selv")] * 5
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["startet"]) for row in rows)
    long = rows_of(app, survey_round, resident, "long")
    assert sorted({(row[5], row[6]) for row in long}) == [
        ("", "personale"),
        ("", "selv"),
        ("Midt", "selv"),
    ]
    # The analyst is told: the rule on the export page, the count by the command. (The page
    # counted it for every round: deciding each round's homes took 2.9 s for 60 rounds.)
    told = "Bolig eller avdeling er tatt ut for 9 svar: der rapporten ikke viser boligen for seg"
    add_user(app, "analytiker", "analyst")
    with TestClient(app) as browser:
        sign_in(browser, "analytiker")
        page = browser.get(urls.EXPORTS).text
        assert "Bolig eller avdeling står bare der rapporten viser boligen for seg" in page
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        out = tmp_path / "runde.csv"
        assert main(["export", str(survey_round.id), "--out", str(out)]) == 0
    finally:
        get_settings.cache_clear()
    assert told in capsys.readouterr().err


def test_the_id_in_an_export_opens_nothing(
    app: FastAPI, catalog: Catalog, small_round: tuple[Round, ResponseState, ResponseState]
) -> None:
    """The response's own id is what its device's cookie holds: anyone with a microdata file
    could open and change an unfinished response with it. Exports carry another id."""
    survey_round, state, _ = small_round
    resident = catalog.questionnaires["beboer"]
    (row,) = rows_of(app, survey_round, resident, "wide")
    assert row[0] != state.id and state.id not in "".join(row)
    assert rows_of(app, survey_round, resident, "long")[0][0] == row[0]  # joins across forms
    with TestClient(app) as someone:
        someone.cookies.set("minstemme_beboer", row[0])
        assert someone.get("/s/beboer").status_code == 400  # "Vi finner ikke svarene dine"


def test_theme_scores_rebuilt_from_the_export_and_the_codebook_alone(
    app: FastAPI, catalog: Catalog, tmp_path: Path
) -> None:
    """A statistician with only the wide file and the codebook gets the dashboard's figures:
    every theme from the answers and the codebook's points, and "Svarte selv" and "Svarte med
    hjelp" from the theme score columns (the helper column is only the last helper chosen)."""
    services = app.state.services
    resident = catalog.questionnaires["beboer"]
    with services.connect() as connection:
        fill_demo(connection, catalog, DemoPlan(municipalities=2, periods=1, residents=40, seed=7))
        survey_round = next(r for r in all_rounds(connection) if r.municipality_number == "9901")
        homes = named_homes(services.results(connection), survey_round, "resident")
        rows = microdata_rows(connection, catalog, survey_round, resident, homes)
        write_round(tmp_path / "bred.csv", "csv", catalog, resident, rows, k=5)
        write_round(tmp_path / "kodebok.csv", "codebook", catalog, resident, iter([]), k=5)
        shown = {
            help_filter: figures_for(
                services.results(connection, Filters(help=help_filter)),
                survey_round.period,
                all_rounds(connection),
            )
            for help_filter in ("all", "alone", "helped")
        }

    with (tmp_path / "kodebok.csv").open(encoding="utf-8-sig") as book:
        codebook = list(csv.DictReader(book))
    points = {
        row["variabel"]: (row["tema"], dict(p.split(" = ") for p in row["poeng"].split("; ")))
        for row in codebook
        if row["poeng"]
    }
    with (tmp_path / "bred.csv").open(encoding="utf-8-sig") as data:
        people = list(csv.DictReader(data))

    compared = 0
    for theme in catalog.themes:
        own: list[float] = []
        for person in people:
            counted = [
                float(scores[person[name]])
                for name, (in_theme, scores) in points.items()
                if in_theme == theme and person[name] in scores
            ]
            if counted:
                own.append(sum(counted) / len(counted))
        figure = shown["all"].figure("9901", "resident", theme)
        assert figure.score is not None and figure.score.n == len(own), theme
        assert figure.score.mean == half_up(sum(own) / len(own)), theme
        for help_filter, column in (
            ("alone", f"selv_{theme}"),
            ("helped", f"medhjelp_{theme}"),
        ):
            values = [float(person[column]) for person in people if person[column]]
            figure = shown[help_filter].figure("9901", "resident", theme)
            if figure.score is None:  # hidden: too few, or it would give a small group away
                continue
            assert figure.score.n == len(values), (theme, help_filter)
            assert figure.score.mean == half_up(sum(values) / len(values)), (theme, help_filter)
            compared += 1
    assert compared >= 7, "most alone and helped figures are shown and match"


def test_stata_file_read_back_with_labels_codes_and_dates(
    app: FastAPI, catalog: Catalog, small_round: tuple[Round, ResponseState, ResponseState],
    tmp_path: Path,
) -> None:  # fmt: skip
    survey_round, state, _ = small_round
    resident = catalog.questionnaires["beboer"]
    columns = variables(catalog, resident, "wide")
    path = tmp_path / "svar.dta"
    assert write_dta(path, columns, rows_of(app, survey_round, resident, "wide")) == 1
    frame, meta = pyreadstat.read_dta(str(path))
    assert list(frame.columns) == [v.name[:32] for v in columns]
    assert frame["hjem_trives"][0] == 1  # "Ja"
    assert frame["hjem_leilighet"].isna()[0]  # "Vil ikke svare": missing (.a)
    assert meta.variable_value_labels["hjem_trives"][1] == "Ja"
    declined: dict[Any, str] = meta.variable_value_labels["hjem_leilighet"]
    assert declined["a"] == "Vil ikke svare"
    assert meta.column_labels[
        columns.index(next(v for v in columns if v.name == "hjem_trives"))
    ] == ("Trives du der du bor?")
    assert meta.original_variable_types["startet"] == "%td"  # a date, not text
    assert str(frame["startet"][0]) == started_of(app, state.id)
    assert frame["tema_trivsel"][0] == 100.0


def test_stata_reads_dont_know_and_declined_as_missing_without_being_told(
    app: FastAPI, catalog: Catalog, tmp_path: Path
) -> None:
    """Stata kept 97 ("Vet ikke") and 99 ("Vil ikke svare") as numbers: a mean of the
    relatives' `hjem_trives` came out 16.96 instead of 4.85 unless one ran `mvdecode`. They are
    Stata's extended missing values now, labelled: `.a` "Vil ikke svare", `.b` "Vet ikke"."""
    relatives = catalog.questionnaires["parorende"]
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
        for given in ("5", "vet_ikke", None, "3"):
            respond(
                connection, catalog, survey_round, {"hjem_trives": given}, questionnaire="parorende"
            )
    columns = variables(catalog, relatives, "wide")
    path = tmp_path / "parorende.dta"
    assert write_dta(path, columns, rows_of(app, survey_round, relatives, "wide")) == 4
    frame, _ = pyreadstat.read_dta(str(path))
    assert frame["hjem_trives"].mean() == 4.0  # 5 and 3; the other two are missing
    kept, meta = pyreadstat.read_dta(str(path), user_missing=True)
    assert sorted(map(str, kept["hjem_trives"])) == ["3.0", "5.0", "a", "b"]
    labels: dict[Any, str] = meta.variable_value_labels["hjem_trives"]
    assert (labels["a"], labels["b"], labels[5]) == ("Vil ikke svare", "Vet ikke", "5")


def test_one_file_holds_every_municipalitys_round_of_a_period(
    app: FastAPI,
    catalog: Catalog,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with app.state.services.connect() as connection:
        fill_demo(connection, catalog, DemoPlan(municipalities=3, periods=2, residents=8, seed=3))
        year = max(r.period for r in all_rounds(connection))
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        out = tmp_path / "periode.csv"
        assert main(["export", "--period", year, "--out", str(out)]) == 0
        with out.open(encoding="utf-8-sig") as written:
            rows = list(csv.DictReader(written))
        assert {row["periode"] for row in rows} == {year}
        assert sorted({row["kommunenummer"] for row in rows}) == ["9901", "9902", "9903"]
        assert len(rows) == 3 * 8
        assert main(["export", "--period", "1999", "--out", str(out)]) == 1
        assert "ingen runder i perioden 1999" in capsys.readouterr().err
        assert main(["export", "1", "--period", year]) == 2  # one or the other
    finally:
        get_settings.cache_clear()


def test_a_semicolon_file_reads_as_numbers_where_a_comma_is_the_decimal_mark(
    app: FastAPI,
    client: TestClient,
    small_round: tuple[Round, ResponseState, ResponseState],
    tmp_path: Path,
) -> None:
    """«CSV med semikolon» is for Excel set up for Norway, where the decimal mark is a comma: the
    scores were written with a point, and Excel read them as text. Read back as such a program
    does, every score is a number, and text keeps its own commas and points."""
    survey_round, _, _ = small_round
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    for group in ("beboere", "parorende"):
        sent = client.get(urls.round_file(survey_round.id, group, "csv-semikolon"))
        path = tmp_path / f"{group}.csv"
        path.write_bytes(sent.content)
        table = pandas.read_csv(
            path, sep=";", decimal=",", encoding="utf-8-sig", dtype_backend="numpy_nullable"
        )
        scores = [name for name in table.columns if name.startswith("tema_")]
        assert scores and all(pandas.api.types.is_numeric_dtype(table[s]) for s in scores), [
            (s, table[s].dtype) for s in scores if not pandas.api.types.is_numeric_dtype(table[s])
        ]
        assert pandas.api.types.is_numeric_dtype(table["skjemaversjon"])
    comments = pandas.read_csv(
        tmp_path / "parorende.csv", sep=";", decimal=",", encoding="utf-8-sig"
    )
    assert COMMENT in set(comments["kommentar"])
    resident = pandas.read_csv(tmp_path / "beboere.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert resident["tema_trivsel"].tolist() == [100.0]
    plain = client.get(urls.round_file(survey_round.id, "beboere", "csv")).text
    assert ",100.0," in plain  # the plain CSV keeps the point


def test_dont_know_is_missing_in_a_background_question_too(
    app: FastAPI, catalog: Catalog, tmp_path: Path
) -> None:
    """The relatives' «I hvilken bolig …» coded «Vet ikke» as 2, an answer like any other: an
    option that says it does not know (its mark) is missing wherever it is, as on the graded
    scales."""
    relatives = catalog.questionnaires["parorende"]
    columns = variables(catalog, relatives, "wide")
    home = next(v for v in columns if v.name == "bolig")
    assert "vet_ikke" in home.missing
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
        for given in ("annet_sted", "vet_ikke"):
            respond(connection, catalog, survey_round, {"bolig": given}, questionnaire="parorende")
    path = tmp_path / "parorende.sav"
    write_sav(path, columns, rows_of(app, survey_round, relatives, "wide"))
    _, meta = pyreadstat.read_sav(str(path), user_missing=True)
    code = spss_codes(home)["vet_ikke"]
    assert {"lo": float(code), "hi": float(code)} in meta.missing_ranges["bolig"]
    stata = tmp_path / "parorende.dta"
    write_dta(stata, columns, rows_of(app, survey_round, relatives, "wide"))
    frame, _ = pyreadstat.read_dta(str(stata))
    assert frame["bolig"].notna().sum() == 1  # «Et annet sted»; «Vet ikke» is missing


def test_the_version_is_a_number_in_every_format(
    app: FastAPI, catalog: Catalog, small_round: tuple[Round, ResponseState, ResponseState],
    tmp_path: Path,
) -> None:  # fmt: skip
    """`skjemaversjon` was text in SPSS and Stata and a number in Excel and Parquet: one
    variable, one type everywhere."""
    survey_round, _, _ = small_round
    resident = catalog.questionnaires["beboer"]
    columns = variables(catalog, resident, "wide")
    write_sav(tmp_path / "b.sav", columns, rows_of(app, survey_round, resident, "wide"))
    write_dta(tmp_path / "b.dta", columns, rows_of(app, survey_round, resident, "wide"))
    for frame, _ in (
        pyreadstat.read_sav(str(tmp_path / "b.sav")),
        pyreadstat.read_dta(str(tmp_path / "b.dta")),
    ):
        assert pandas.api.types.is_numeric_dtype(frame["skjemaversjon"])
        assert frame["skjemaversjon"][0] == resident.version


def test_the_codebook_states_every_rule_needed_to_count_the_figures_again(
    catalog: Catalog,
) -> None:
    """After the variables, one row per rule (type «regel»): that unfinished responses count,
    from how many answers a person counts in a theme, that alone or helped is per answer, the
    interval and its clipping, the rounding, the hiding rule with its k and the order of the
    filters, the stars, and earlier wordings. The codebook said none of them."""
    relative = catalog.questionnaires["parorende"]
    rows = list(codebook_rows(variables(catalog, relative, "wide"), relative, 7))
    rules = {row[0]: row[1] for row in rows if row[2] == "regel"}
    assert list(rules) == [
        "regel_uferdige", "regel_temaskår", "regel_alene", "regel_gruppe", "regel_avrunding",
        "regel_skjuling", "regel_stjerne", "regel_ordlyd",
    ]  # fmt: skip
    assert [row[2] for row in rows[-len(rules) :]] == ["regel"] * len(rules)  # after the rest
    assert all(len(row) == len(rows[0]) for row in rows)  # one table still
    assert "fra ett slikt svar" in rules["regel_temaskår"]
    assert "fullfort er tom" in rules["regel_uferdige"]
    assert "medhjelp_<tema>" in rules["regel_alene"] and "for hvert svar" in rules["regel_alene"]
    assert "avgrenset til 0–100" in rules["regel_gruppe"]
    assert "66,25 blir 66,3" in rules["regel_avrunding"]
    assert "færre enn 7 personer" in rules["regel_skjuling"]
    assert "alle, svarte selv, svarte med hjelp" in rules["regel_skjuling"]
    assert "Holms metode på 5 %-nivå" in rules["regel_stjerne"]
    assert "ordlyd_i_tidligere_versjoner" in rules["regel_ordlyd"]
    named = {row[0] for row in rows[1:]}
    assert {"fullfort", "hjelper", "skjemaversjon", "ordlyd_i_tidligere_versjoner"} <= named | set(
        rows[0]
    )  # every column a rule names is in the file or the codebook


def test_a_name_longer_than_stata_takes_is_cut_and_kept_apart() -> None:
    long = "medhjelp_respektfull_behandling_av_personalet"  # a theme an owner may add
    found = stata_names([long, f"{long}_x", "kort"])
    assert found == {
        long: long[:32],
        f"{long}_x": f"{long[:31]}2",
        "kort": "kort",
    }
