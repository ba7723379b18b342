"""A response as it is stored and read back, on SQLite and PostgreSQL."""

from app.config import Settings
from app.questionnaires.catalog import Catalog
from app.storage.database import make_engine
from app.survey.responses import find_by_resume_code, load_response, resume_code_of
from tests.support.answering import open_round, respond


def test_a_response_reads_back_as_it_was_given(
    any_database_settings: Settings, catalog: Catalog
) -> None:
    """The answers come back in one value (app/storage/sql.py): a declined answer stays None,
    boxes ticked stay together, and a response with no answers has none."""
    given: dict[str, str | None] = {
        "hjem_trives": "ja",
        "hjem_leilighet": None,  # "Vil ikke svare"
        "hjem_personalbase": "nei",
    }
    engine = make_engine(any_database_settings)
    with engine.connect() as connection:
        survey_round = open_round(connection, catalog, "9931", "Lillevik")
        answered = respond(connection, catalog, survey_round, given)
        relative = respond(
            connection,
            catalog,
            survey_round,
            {"relasjon": "forelder verge"},
            questionnaire="parorende",
        )
        empty = respond(connection, catalog, survey_round, {})

        loaded = load_response(connection, answered.device_secret)
        assert loaded is not None and loaded.answers == given
        code = resume_code_of(connection, any_database_settings.key, answered)
        by_code = find_by_resume_code(connection, any_database_settings.key, code)
        assert by_code is not None and by_code.answers == given
        loaded_relative = load_response(connection, relative.device_secret)
        assert loaded_relative is not None
        assert loaded_relative.answers == {"relasjon": "forelder verge"}
        loaded_empty = load_response(connection, empty.device_secret)
        assert loaded_empty is not None and loaded_empty.answers == {}
        assert load_response(connection, "no such device") is None
    engine.dispose()
