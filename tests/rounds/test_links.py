"""A round's links, decided in the domain: whether a link can be answered today, the unit a tablet
is started for, and how many codes an owner asked for."""

from datetime import date, timedelta
from typing import Any

import pytest

from app.questionnaires.catalog import Catalog
from app.rounds.links import Entry, chosen_unit, entry_state, round_links, unit_name
from app.rounds.rounds import RoundProblem, parse_code_count
from app.storage.tables import Round, utcnow

TODAY = date(2026, 11, 23)


def a_round(catalog: Catalog, **changed: Any) -> Round:
    values: dict[str, Any] = {
        "id": 1,
        "municipality_name": "Fjordby",
        "municipality_number": "9946",
        "period": "2026-H2",
        "opens_on": TODAY - timedelta(days=1),
        "closes_on": TODAY + timedelta(days=30),
        "resident_questionnaire": "beboer",
        "relative_questionnaire": "parorende",
        "resident_token": "beboer-lenke",
        "relative_token": "parorende-lenke",
        "units": "Solsiden bolig\nFjellveien bofellesskap\n",
    }
    return Round(**(values | changed))


def test_a_link_is_open_from_the_first_day_to_the_last(catalog: Catalog) -> None:
    survey_round = a_round(catalog)
    entry = Entry(survey_round, "resident")
    assert entry_state(entry, TODAY) == "open"
    assert entry_state(entry, survey_round.closes_on) == "open"
    assert entry_state(entry, survey_round.closes_on + timedelta(days=1)) == "closed"
    assert entry_state(entry, survey_round.opens_on - timedelta(days=1)) == ("not_open_yet")


def test_a_link_of_a_round_closed_early_is_closed(catalog: Catalog) -> None:
    entry = Entry(a_round(catalog, closed_at=utcnow()), "relative")
    assert entry_state(entry, TODAY) == "closed"


@pytest.mark.parametrize("typed", ["2", "-1", "x", "1.0", "99999999999999999999", "²", "١"])
def test_only_a_unit_on_the_list_can_be_chosen(catalog: Catalog, typed: str) -> None:
    with pytest.raises(RoundProblem, match="Velg en av boligene"):
        chosen_unit(a_round(catalog), typed)


def test_the_chosen_unit_is_stored_by_name(catalog: Catalog) -> None:
    survey_round = a_round(catalog)
    assert chosen_unit(survey_round, "") is None
    assert chosen_unit(survey_round, "1") == 1
    assert unit_name(survey_round, 1) == "Fjellveien bofellesskap"
    assert unit_name(survey_round, None) is None
    assert unit_name(survey_round, 5) is None  # the list was shortened since the tablet started


@pytest.mark.parametrize(("typed", "count"), [("0", 0), (" 40 ", 40), ("20000", 20000)])
def test_the_code_count_is_a_whole_number(typed: str, count: int) -> None:
    assert parse_code_count(typed) == count


@pytest.mark.parametrize("typed", ["", "ti", "-3", "4.5", "²", "٣"])
def test_a_code_count_that_is_no_number_is_refused(typed: str) -> None:
    with pytest.raises(RoundProblem, match="Antall koder skal være et tall"):
        parse_code_count(typed)


def test_links_carry_the_public_address(catalog: Catalog) -> None:
    survey_round = a_round(catalog)
    assert round_links(survey_round, "https://minstemme.no/") == (
        "https://minstemme.no/r/beboer-lenke",
        "https://minstemme.no/r/parorende-lenke",
    )
    assert round_links(survey_round) == ("/r/beboer-lenke", "/r/parorende-lenke")
