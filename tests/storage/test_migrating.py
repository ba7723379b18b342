"""Schema migrations: an empty database gets exactly the tables' schema, a database made
before migrations is upgraded with its answers kept, and serving refuses one that is behind."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, func, inspect, select, text

from app.cli.main import main
from app.config import DEVELOPMENT_KEY, Settings, get_settings
from app.rounds.invited import participation, set_invited
from app.rounds.rounds import require_round
from app.storage.database import make_engine, open_engine
from app.storage.migrating import (
    FIRST_REVISION,
    MIGRATIONS,
    DatabaseOutdated,
    alembic_config,
    head_revision,
    known_revisions,
    migration_transaction,
    schema_state,
    upgrade,
)
from app.storage.tables import answers_table, metadata, responses_table
from app.studio.drafts import FIRST_START
from app.survey.responses import find_by_resume_code, load_response, resume_code_of
from app.web.app import create_app
from tests.support.browser import free_port
from tests.support.commands import MINSTEMME, imported_when_started, run

# Made by `minstemme demo --municipalities 1 --periods 2 --residents 6` and `user add` with the
# code of main before migrations (commit 84d89d6): 2 rounds, 20 responses, 770 answers.
BEFORE_MIGRATIONS = Path(__file__).parent / "files" / "before-migrations.db"


def at_revision(engine: Engine, revision: str) -> None:
    """The tables as the given revision made them, as a database of that version has them."""
    with engine.connect() as connection, migration_transaction(connection):
        command.upgrade(alembic_config(connection, DEVELOPMENT_KEY.encode()), revision)


def at_revision_down(engine: Engine, revision: str) -> None:
    with engine.connect() as connection, migration_transaction(connection):
        command.downgrade(alembic_config(connection), revision)


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), metadata))


def test_an_empty_database_is_made_with_exactly_the_tables_schema(
    any_empty_database_settings: Settings,
) -> None:
    engine = make_engine(any_empty_database_settings)
    try:
        assert schema_state(engine).current == head_revision()
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_a_database_made_before_migrations_is_upgraded_with_its_answers(
    any_empty_database_settings: Settings,
) -> None:
    """main before migrations made its tables with create_all: on PostgreSQL its tables are
    made here as the first revision has them; on SQLite the file made by that code is used."""
    engine = open_engine(any_empty_database_settings)
    try:
        if engine.dialect.name == "sqlite":
            engine.dispose()
            assert any_empty_database_settings.sqlite_path is not None
            shutil.copy(BEFORE_MIGRATIONS, any_empty_database_settings.sqlite_path)
        else:
            at_revision(engine, FIRST_REVISION)
            with engine.begin() as connection:
                connection.execute(text("DROP TABLE alembic_version"))
                connection.execute(text("INSERT INTO account VALUES ('eier', 'x', 'owner', now())"))
        with pytest.raises(DatabaseOutdated, match="Kjør: minstemme db upgrade"):
            make_engine(any_empty_database_settings)
        before = upgrade(engine, any_empty_database_settings.key)
        assert before.current is None and not before.empty
        assert schema_state(engine).current == head_revision()
        assert _differences(engine) == []
        with engine.connect() as connection:
            accounts = connection.execute(text("SELECT username FROM account")).scalars().all()
            national = connection.execute(text("SELECT national FROM account")).scalar()
            responses = connection.execute(
                select(func.count()).select_from(responses_table)
            ).scalar()
            answers = connection.execute(select(func.count()).select_from(answers_table)).scalar()
        assert accounts == ["eier"]
        assert national  # an account made before keeps seeing every municipality
        if engine.dialect.name == "sqlite":
            assert (responses, answers) == (20, 770)
        make_engine(any_empty_database_settings).dispose()  # now it is served
    finally:
        engine.dispose()


def test_a_database_from_a_newer_version_is_refused(settings: Settings) -> None:
    make_engine(settings).dispose()
    engine = create_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(DatabaseOutdated, match="laget av en nyere versjon"):
        make_engine(settings)


@pytest.mark.parametrize(
    "command",
    [["round", "list"], ["round", "results", "1"], ["user", "list"], ["export", "1"]],
    ids=lambda c: " ".join(c),
)
def test_every_command_says_in_one_line_that_the_database_needs_upgrading(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    """`serve` said it in one line; every other command printed a traceback."""
    database = tmp_path / "minstemme.db"
    shutil.copy(BEFORE_MIGRATIONS, database)
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", f"sqlite:///{database}")
    get_settings.cache_clear()
    try:
        assert main(command) == 1
    finally:
        get_settings.cache_clear()
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "må oppgraderes" in said[0], said
    assert "Kjør: minstemme db upgrade" in said[0]


def _minstemme(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    return run([*MINSTEMME, *args], MINSTEMME_DATABASE_URL=f"sqlite:///{database}")


def test_serve_refuses_a_database_that_is_behind_and_db_upgrade_brings_it_on(
    tmp_path: Path,
) -> None:
    database = tmp_path / "minstemme.db"
    shutil.copy(BEFORE_MIGRATIONS, database)
    refused = _minstemme("serve", "--port", str(free_port()), database=database)
    assert refused.returncode == 1
    assert "må oppgraderes" in refused.stderr and "Kjør: minstemme db upgrade" in refused.stderr
    assert "Traceback" not in refused.stderr

    current = _minstemme("db", "current", database=database)
    assert current.returncode == 1
    assert f"fra før migreringer (nyeste er {head_revision()})" in current.stdout

    upgraded = _minstemme("db", "upgrade", database=database)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"oppgradert fra fra før migreringer til {head_revision()}" in upgraded.stdout
    again = _minstemme("db", "upgrade", database=database)
    assert "var allerede oppdatert" in again.stdout
    current = _minstemme("db", "current", database=database)
    assert current.returncode == 0
    assert f"revisjon {head_revision()} (nyeste er {head_revision()})" in current.stdout


def test_a_database_older_than_the_first_revision_is_refused_plainly(tmp_path: Path) -> None:
    import sqlite3

    old = tmp_path / "gammel.db"
    with sqlite3.connect(old) as database:
        database.execute("CREATE TABLE response (id VARCHAR(32) PRIMARY KEY)")
    refused = _minstemme("serve", "--port", str(free_port()), database=old)
    assert refused.returncode == 1 and "Kjør: minstemme db upgrade" in refused.stderr
    upgraded = _minstemme("db", "upgrade", database=old)
    assert upgraded.returncode == 1
    assert "eldre versjon enn den første som kan oppgraderes" in upgraded.stderr
    assert "response.round_id" in upgraded.stderr
    assert "Traceback" not in upgraded.stderr


def upgraded_from(engine: Engine, revision: str, closes_on: date) -> None:
    """Round 1 made at revision 0006 (without codes), the database taken to `revision`, then
    upgraded to the newest: the schema is then exactly the tables'."""
    at_revision(engine, "0006")
    with engine.begin() as connection:
        _old_round(connection, closes_on=closes_on, relative_codes=False)
    at_revision(engine, revision)
    upgrade(engine, DEVELOPMENT_KEY.encode())
    assert _differences(engine) == []


def _old_round(connection: Connection, closes_on: date, relative_codes: bool) -> None:
    """Round 1, written as the first revisions' table has it (with SQL, not the models)."""
    connection.execute(
        text(
            "INSERT INTO round (id, municipality_number, municipality_name, period, "
            "opens_on, closes_on, resident_questionnaire, resident_version, "
            "relative_questionnaire, relative_version, resident_token, relative_token, "
            "relative_codes, units, demo, created_at) VALUES (1, '4601', 'Fjordby', "
            "'2026', '2026-01-01', :closes_on, 'beboer', 1, 'parorende', 1, 'a', 'b', "
            ":codes, '', :no, '2026-01-01 00:00:00')"
        ),
        {"closes_on": closes_on, "codes": relative_codes, "no": False},
    )


def test_codes_keep_whether_they_were_used_but_not_when(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0002 from 0001: a used code stays used, an unused one unused; the times go."""
    engine = open_engine(any_empty_database_settings)
    try:
        at_revision(engine, "0001")
        with engine.begin() as connection:
            _old_round(connection, closes_on=date(2026, 12, 31), relative_codes=True)
            connection.execute(
                text(
                    "INSERT INTO accesscode (code, round_id, used_at) VALUES "
                    "('AAAAA-AAAAA', 1, '2026-03-01 10:00:00.001'), ('BBBBB-BBBBB', 1, NULL)"
                )
            )
        upgrade(engine, any_empty_database_settings.key)
        assert _differences(engine) == []
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT * FROM accesscode ORDER BY code")).mappings()
            assert [dict(row) for row in rows] == [
                {"code": "AAAAA-AAAAA", "round_id": 1, "used": True},
                {"code": "BBBBB-BBBBB", "round_id": 1, "used": False},
            ]
    finally:
        engine.dispose()


def test_a_tablet_from_before_device_secrets_goes_on_where_it_was(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0005 from 0004: a cookie given before holds the response's id; after the
    upgrade it still opens that response, though the database keeps only its digest."""
    engine = open_engine(any_empty_database_settings)
    try:
        at_revision(engine, "0004")
        with engine.begin() as connection:
            _old_round(connection, closes_on=date(2099, 12, 31), relative_codes=False)
            connection.execute(
                text(
                    "INSERT INTO response (id, round_id, questionnaire_id, questionnaire_version, "
                    "resume_code, started_at, option_order, quality_flags) VALUES ('gammel-"
                    "cookie', 1, 'beboer', 1, 'AAAA-AAAA', '2026-03-01 10:00:00', 'normal', '')"
                )
            )
        upgrade(engine, any_empty_database_settings.key)
        assert _differences(engine) == []
        with engine.connect() as connection:
            state = load_response(connection, "gammel-cookie")
            stored = connection.execute(text("SELECT token_hash FROM devicetoken")).scalars()
            assert "gammel-cookie" not in list(stored)
            by_code = find_by_resume_code(connection, any_empty_database_settings.key, "AAAA-AAAA")
        assert state is not None and by_code is not None and by_code.id == state.id
    finally:
        engine.dispose()


def test_a_round_from_before_letter_contacts_keeps_working_and_names_nobody(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0006 from 0005: a round made before has no sender or contact ("")."""
    engine = open_engine(any_empty_database_settings)
    try:
        at_revision(engine, "0005")
        with engine.begin() as connection:
            _old_round(connection, closes_on=date(2099, 12, 31), relative_codes=True)
        upgrade(engine, any_empty_database_settings.key)
        assert _differences(engine) == []
        with engine.connect() as connection:
            asked = "SELECT municipality_name, letter_sender, contact_name, contact_reach"
            row = connection.execute(text(f"{asked} FROM round")).one()
        assert tuple(row) == ("Fjordby", "", "", "")
    finally:
        engine.dispose()


def test_a_rounds_asked_words_keep_the_version_it_asked(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0007 from 0006: the words a round kept are those of the version it named (the
    relatives' questionnaire in another version than the residents'), and back again."""
    engine = open_engine(any_empty_database_settings)
    try:
        at_revision(engine, "0006")
        with engine.begin() as connection:
            _old_round(connection, closes_on=date(2099, 12, 31), relative_codes=False)
            connection.execute(text("UPDATE round SET relative_version = 3"))
            connection.execute(
                text(
                    "INSERT INTO askedquestion (round_id, questionnaire_id, question_id, theme, "
                    "text) VALUES (1, 'beboer', 'hjem_trives', 'trivsel', 'Trives du?'), "
                    "(1, 'parorende', 'hjem_trives', 'trivsel', 'Trives hen?')"
                )
            )
        upgrade(engine, any_empty_database_settings.key)
        assert _differences(engine) == []
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT questionnaire_id, version, text FROM askedquestion ORDER BY 1")
            ).all()
        assert [tuple(row) for row in rows] == [
            ("beboer", 1, "Trives du?"),
            ("parorende", 3, "Trives hen?"),
        ]
        at_revision_down(engine, "0006")
        with engine.connect() as connection:
            back = connection.execute(text("SELECT text FROM askedquestion ORDER BY 1")).all()
        assert [row[0] for row in back] == ["Trives du?", "Trives hen?"]
    finally:
        engine.dispose()


def test_a_round_from_before_reopening_holds_every_response_and_can_go_back(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0008 from 0007: a round made before was never opened again, so its figures hold
    every response (both new columns empty); and back down again."""
    engine = open_engine(any_empty_database_settings)
    try:
        upgraded_from(engine, "0007", closes_on=date(2020, 12, 31))
        with engine.connect() as connection:
            row = connection.execute(text("SELECT reopened_at, counts_before FROM round")).one()
        assert tuple(row) == (None, None)
        at_revision_down(engine, "0007")
        with engine.connect() as connection:
            names = connection.execute(text("SELECT * FROM round")).keys()
        assert "counts_before" not in names and "municipality_name" in names
    finally:
        engine.dispose()


def test_a_response_from_before_languages_goes_on_in_its_questionnaires_own(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0009 from 0008: a response begun before keeps no language (it was shown in its
    questionnaire's own) and loads as before; and back down again."""
    engine = open_engine(any_empty_database_settings)
    try:
        at_revision(engine, "0006")
        with engine.begin() as connection:
            _old_round(connection, closes_on=date(2099, 12, 31), relative_codes=False)
        at_revision(engine, "0008")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO response (id, round_id, questionnaire_id, questionnaire_version, "
                    "resume_code, started_at, option_order, quality_flags) VALUES ('r1', 1, "
                    "'beboer', 1, 'ABCD-EFGH', '2026-03-01 10:00:00', 'normal', '')"
                )
            )
        upgrade(engine, any_empty_database_settings.key)
        assert _differences(engine) == []
        with engine.connect() as connection:
            assert connection.execute(text("SELECT language FROM response")).scalar() is None
            found = find_by_resume_code(connection, any_empty_database_settings.key, "ABCD-EFGH")
        assert found is not None and found.language is None and found.questionnaire_id == "beboer"
        at_revision_down(engine, "0008")
        with engine.connect() as connection:
            names = connection.execute(text("SELECT * FROM response")).keys()
        assert "language" not in names and "resume_code" in names
    finally:
        engine.dispose()


def test_a_round_from_before_invitations_says_nothing_of_participation(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0010 from 0009: a round made before has no invited counts (its report shows no
    participation), takes them after, and loses only them going back down."""
    engine = open_engine(any_empty_database_settings)
    try:
        upgraded_from(engine, "0009", closes_on=date(2099, 12, 31))
        with engine.connect() as connection:
            survey_round = require_round(connection, 1)
            assert participation(connection, survey_round, 5) == {}
            set_invited(connection, survey_round, "relative", {"": 30})
            assert participation(connection, survey_round, 5)["relative"][0].invited == 30
        at_revision_down(engine, "0009")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM round")).scalar() == 1
            tables = set(inspect(connection).get_table_names())
        assert "invited" not in tables
    finally:
        engine.dispose()


def test_an_answer_with_several_values_is_kept_whole_and_its_first_going_back(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0011 from 0010: boxes ticked on a form ("bolig_med_personale dagtilbud
    avlastning annen_tjeneste", 55 characters) are stored whole (PostgreSQL refused more than
    40); going back down, such an answer keeps its first value."""
    engine = open_engine(any_empty_database_settings)
    ticked = "bolig_med_personale dagtilbud avlastning annen_tjeneste"
    try:
        upgraded_from(engine, "0010", closes_on=date(2099, 12, 31))
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO response (id, round_id, questionnaire_id, questionnaire_version,"
                    " started_at, option_order, quality_flags)"
                    " VALUES ('r1', 1, 'parorende', 2, '2026-12-03', 'normal', '')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO answer (response_id, question_id, value, answered_at)"
                    " VALUES ('r1', 'tjeneste', :value, '2026-12-03')"
                ),
                {"value": ticked},
            )
        with engine.connect() as connection:
            kept = connection.execute(select(answers_table.c.value)).scalar_one()
        assert kept == ticked
        at_revision_down(engine, "0010")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT value FROM answer")).scalar_one() == (
                "bolig_med_personale"
            )
    finally:
        engine.dispose()


def test_a_round_from_before_service_names_keeps_the_questionnaires_own(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0012 from 0011: a round made before names no service of its own (its pages say
    the questionnaires' "Bo og habilitering"), and going back down loses only that."""
    engine = open_engine(any_empty_database_settings)
    try:
        upgraded_from(engine, "0011", closes_on=date(2099, 12, 31))
        with engine.connect() as connection:
            assert require_round(connection, 1).service_name == ""
        at_revision_down(engine, "0011")
        with engine.connect() as connection:
            names = connection.execute(text("SELECT * FROM round")).keys()
        assert "service_name" not in names and "units" in names
    finally:
        engine.dispose()


def test_a_resume_code_written_down_before_keeps_working_and_leaves_the_database(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0013 from 0012: a code shown before the upgrade (stored plain then) continues
    its response after it, the database keeps only its keyed digest, and the pause page's code
    works as well; going back down, every response gets a code again."""
    engine = open_engine(any_empty_database_settings)
    key = any_empty_database_settings.key
    try:
        upgraded_from(engine, "0012", closes_on=date(2099, 12, 31))
        at_revision_down(engine, "0012")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO response (id, round_id, questionnaire_id, questionnaire_version, "
                    "resume_code, started_at, option_order, quality_flags) VALUES ('r1', 1, "
                    "'beboer', 1, 'K7QM-2XPA', '2026-03-01 10:00:00', 'normal', '')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO answer (response_id, question_id, value, answered_at) "
                    "VALUES ('r1', 'hjem_trives', 'ja', '2026-03-01 10:01:00')"
                )
            )
        upgrade(engine, key)
        assert _differences(engine) == []
        with engine.connect() as connection:
            names = connection.execute(text("SELECT * FROM response")).keys()
            kept = " ".join(connection.execute(text("SELECT * FROM resumecode")).scalars())
            found = find_by_resume_code(connection, key, "k7qm 2xpa")
            assert found is not None and found.answers == {"hjem_trives": "ja"}
            shown = resume_code_of(connection, key, found)
            assert find_by_resume_code(connection, key, shown) is not None
            assert find_by_resume_code(connection, b"another key", "K7QM-2XPA") is None
        assert "resume_code" not in names and "K7QM" not in kept
        at_revision_down(engine, "0012")
        with engine.connect() as connection:
            codes = connection.execute(text("SELECT resume_code FROM response")).scalars().all()
        assert len(codes) == 1 and len(codes[0]) == 9
    finally:
        engine.dispose()


def test_code_guesses_and_declines_come_in_empty_and_go_again(
    any_empty_database_settings: Settings,
) -> None:
    """Revisions 0014 (wrong codes counted in the database) and 0015 (how many said no to
    «Vil du være med?») from 0013: a round made before has said no to nobody, and going back
    down loses only these."""
    engine = open_engine(any_empty_database_settings)
    try:
        upgraded_from(engine, "0013", closes_on=date(2099, 12, 31))
        with engine.connect() as connection:
            assert require_round(connection, 1).declined == 0
            assert connection.execute(text("SELECT count(*) FROM codeguess")).scalar() == 0
        at_revision_down(engine, "0013")
        with engine.connect() as connection:
            names = connection.execute(text("SELECT * FROM round")).keys()
            tables = set(inspect(connection).get_table_names())
        assert "declined" not in names and "service_name" in names
        assert "codeguess" not in tables and "resumecode" in tables
    finally:
        engine.dispose()


def test_a_database_from_before_publications_publishes_its_files_at_the_first_start(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0016 from 0015: no publication yet, so the server's first start publishes the
    files it served before; going back down loses only the publications."""
    engine = open_engine(any_empty_database_settings)
    try:
        upgraded_from(engine, "0015", closes_on=date(2099, 12, 31))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM publication")).scalar() == 0
        app = create_app(any_empty_database_settings)
        assert app.state.publishing.served.by_whom == FIRST_START
        app.state.services.engine.dispose()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM publication")).scalar() == 1
        at_revision_down(engine, "0015")
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        assert "publication" not in tables and "round" in tables
    finally:
        engine.dispose()


def test_a_round_from_before_deleting_answers_keeps_them(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0023 from 0022: every round before it keeps its answers; going back down loses
    only when they were deleted."""
    engine = open_engine(any_empty_database_settings)
    try:
        upgraded_from(engine, "0022", closes_on=date(2099, 12, 31))
        with engine.connect() as connection:
            assert require_round(connection, 1).answers_deleted_at is None
        at_revision_down(engine, "0022")
        with engine.connect() as connection:
            names = connection.execute(text("SELECT * FROM round")).keys()
        assert "answers_deleted_at" not in names and "counts_before" in names
    finally:
        engine.dispose()


def test_sums_kept_before_exact_totals_come_without_one(
    any_empty_database_settings: Settings,
) -> None:
    """Revision 0024 from 0023: a kept sum from before has no exact total (the server counts
    its round again, tests/results/test_scoring.py); going back down drops only the column."""
    engine = open_engine(any_empty_database_settings)
    try:
        upgraded_from(engine, "0023", closes_on=date(2024, 12, 31))
        at_revision_down(engine, "0023")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO keptthemesums (round_id, basis, audience, theme, part, n, "
                    "total, squares) VALUES (1, 'b', 'resident', 'trivsel', 'chosen', 5, "
                    "412.49999999999994, 40000)"
                )
            )
        upgrade(engine, DEVELOPMENT_KEY.encode())
        with engine.connect() as connection:
            row = connection.execute(text("SELECT total, exact_total FROM keptthemesums")).one()
        assert tuple(row) == (412.49999999999994, None)
        at_revision_down(engine, "0023")
        with engine.connect() as connection:
            names = connection.execute(text("SELECT * FROM keptthemesums")).keys()
            kept = connection.execute(text("SELECT n FROM keptthemesums")).scalar_one()
        assert "exact_total" not in names and "squares" in names and kept == 5
    finally:
        engine.dispose()


# Revisions that add a table of their own: (revision before, its new table, a table before it).
NEW_TABLES = [
    ("0016", "panelverdict", "publication"),  # 0017: what a user panel said of each page
    ("0017", "roundaction", "panelverdict"),  # 0018: actions after a round
    ("0018", "comparisongroup", "roundaction"),  # 0019: saved comparison groups
    ("0019", "hometag", "comparisongroup"),  # 0020: homes tagged with service and housing
    ("0020", "heartbeat", "hometag"),  # 0021: the row /healthz writes
    ("0021", "logbookentry", "heartbeat"),  # 0022: what owners did, by whom and when
    ("0024", "importedfigure", "logbookentry"),  # 0025: other installations' figures
]


@pytest.mark.parametrize(("before", "table", "kept"), NEW_TABLES, ids=[t for _, t, _ in NEW_TABLES])
def test_a_new_table_comes_in_empty_and_goes_again(
    any_empty_database_settings: Settings, before: str, table: str, kept: str
) -> None:
    """From the revision before: the new table is there and empty; going back down loses it
    alone."""
    engine = open_engine(any_empty_database_settings)
    try:
        upgraded_from(engine, before, closes_on=date(2099, 12, 31))
        with engine.connect() as connection:
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
        at_revision_down(engine, before)
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        assert table not in tables and kept in tables
    finally:
        engine.dispose()


def test_the_revisions_read_off_the_files_are_alembics() -> None:
    """Where a database stands is read without Alembic (app/storage/migrating.py): the
    revisions and the head it reads are the ones Alembic finds."""
    script = ScriptDirectory(str(MIGRATIONS))
    assert known_revisions() == (
        frozenset(revision.revision for revision in script.walk_revisions()),
        script.get_current_head(),
    )


def test_a_server_starts_on_a_current_database_without_loading_alembic(
    settings: Settings,
) -> None:
    """Importing and starting Alembic took 0.2 s of every start and every command."""
    make_engine(settings).dispose()  # made, at the newest revision
    imported = imported_when_started(settings)
    assert "alembic" not in imported
