"""Participation: how many were invited, per home and for the whole round, and how many of them
answered; a home's count is never one that tells who answered."""

import pytest
from fastapi import FastAPI

from app.cli.main import main
from app.questionnaires.catalog import Catalog
from app.rounds.invited import Participation, participation, set_invited
from app.rounds.rounds import RoundProblem, require_round
from app.survey.responses import finish_response
from tests.rounds.test_rounds import CREATE_FJORDBY, cli_settings  # noqa: F401  (a fixture)
from tests.support.answering import closed_round, respond


def test_the_share_is_rounded_half_up_and_not_said_without_a_count() -> None:
    assert Participation("", 40, 31).share == 78  # 77.5 → 78
    assert Participation("", 8, 1).share == 13  # 12.5 → 13
    assert Participation("Lia", 5, None).share is None
    assert Participation("", 0, 0).share is None


def test_homes_are_shown_only_when_every_home_has_k_answers(app: FastAPI, catalog: Catalog) -> None:
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog, units=["Lia", "Berg"])

        def answered(unit: str, people: int) -> None:
            for _ in range(people):
                state = respond(connection, catalog, survey_round, {"hjem_trives": "ja"}, unit=unit)
                finish_response(connection, state, [])

        answered("Lia", 6)
        answered("Berg", 2)
        respond(connection, catalog, survey_round, {"hjem_trives": "ja"}, unit="Lia")  # unfinished
        set_invited(connection, survey_round, "resident", {"Lia": 8, "Berg": 4})
        set_invited(connection, survey_round, "relative", {"": 20})
        found = participation(connection, survey_round, 5)
        assert found["resident"] == [
            Participation("", 12, 8),
            Participation("Lia", 8, None),  # Berg has 2: Lia's 6 would give Berg's 2 away
            Participation("Berg", 4, None),
        ]
        assert found["relative"] == [Participation("", 20, 0)]
        answered("Berg", 3)
        shown = participation(connection, survey_round, 5)["resident"]
        assert [p.answered for p in shown] == [11, 6, 5]
        with pytest.raises(RoundProblem, match="«Fjell» er ikke en bolig"):
            set_invited(connection, survey_round, "resident", {"Fjell": 3})
        with pytest.raises(RoundProblem, match="fra 0 og opp"):
            set_invited(connection, survey_round, "resident", {"Lia": -1})
        assert require_round(connection, survey_round.id).units  # the round is untouched


@pytest.mark.usefixtures("cli_settings")
def test_owners_say_how_many_were_invited_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([*CREATE_FJORDBY, "--unit", "Lia bolig", "--unit", "Berg"]) == 0
    capsys.readouterr()
    invited = ["round", "invited", "1", "--residents", "Lia bolig=12", "--residents", "Berg=8"]
    assert main([*invited, "--relatives", "30"]) == 0
    said = capsys.readouterr().out
    assert "Beboere: 0 av 20 har svart (0 %)" in said and "Pårørende: 0 av 30 har svart" in said
    assert main(["round", "invited", "1", "--residents", "Fjell=3"]) == 1
    assert "«Fjell» er ikke en bolig eller avdeling i runden." in capsys.readouterr().err
    assert main(["round", "invited", "1", "--residents", "mange"]) == 1
    assert "«mange» er ikke et antall" in capsys.readouterr().err


@pytest.mark.usefixtures("cli_settings")
def test_owners_give_homes_their_service_and_form_of_housing_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Tags change while the round has not closed; closed, they stay."""
    assert main([*CREATE_FJORDBY, "--unit", "Lia bolig", "--unit", "Berg"]) == 0
    capsys.readouterr()
    assert main(["round", "homes", "1"]) == 0
    listed = capsys.readouterr().out
    assert "Berg: tjeneste ikke oppgitt, boform ikke oppgitt" in listed
    assert "Boformer: bofellesskap, samlokalisert, egen_bolig, annen_boform." in listed
    given = ["round", "homes", "1", "--home", "Lia bolig=bolig_med_personale,bofellesskap"]
    assert main([*given, "--home", "Berg=avlastning,egen_bolig"]) == 0
    assert main(["round", "homes", "1", "--home", "Berg=,egen_bolig"]) == 0  # changed
    said = capsys.readouterr().out
    assert "Lia bolig: Bolig med personale, bofellesskap" in said
    assert "Berg: tjeneste ikke oppgitt, egen bolig" in said
    assert main(["round", "close", "1"]) == 0
    assert main(["round", "homes", "1"]) == 0
    assert "Runden er avsluttet: tjeneste og boform kan ikke endres nå." in capsys.readouterr().out
    assert main(["round", "homes", "1", "--home", "Berg=avlastning,egen_bolig"]) == 1
    assert "De kan ikke endres nå" in capsys.readouterr().err
    assert main(["round", "homes", "1", "--home", "Berg=kino"]) == 1
    assert "«kino» er ingen tjeneste" in capsys.readouterr().err
    assert main(["round", "homes", "1", "--home", "Berg"]) == 1
    assert "må skrives BOLIG=TJENESTE,BOFORM" in capsys.readouterr().err
