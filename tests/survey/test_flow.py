"""The path through the resident questionnaire: skip rules, next/previous, progress, resume."""

from app.questionnaires.catalog import Catalog
from app.questionnaires.model import Questionnaire
from app.survey import flow


def resident(catalog: Catalog) -> Questionnaire:
    return catalog.questionnaires["beboer"]


def ids(pages: list) -> list[str]:  # type: ignore[type-arg]
    return [page.id for page in pages]


def test_without_answers_every_page_but_is_rules_is_visible(catalog: Catalog) -> None:
    questionnaire = resident(catalog)
    shown = ids(flow.journey(questionnaire, {}).pages)
    assert "dag_onsker" not in shown  # shown only to people with no work or day activity
    assert "dag_liker" in shown
    assert len(shown) == len(questionnaire.pages) - 1


def test_no_work_skips_the_work_questions_and_asks_about_wishes(catalog: Catalog) -> None:
    questionnaire = resident(catalog)
    answers = {"dag_har": "nei"}
    assert flow.journey(questionnaire, answers).next_screen("dag_har").id == "dag_onsker"  # type: ignore[union-attr]
    assert flow.journey(questionnaire, answers).next_screen("dag_onsker").id == "fritid"  # type: ignore[union-attr]
    shown = ids(flow.journey(questionnaire, answers).pages)
    for work_question in ("dag_liker", "dag_valgte", "dag_nok_gjore", "dag_trygg"):
        assert work_question not in shown


def test_declining_the_filter_question_still_shows_the_work_questions(catalog: Catalog) -> None:
    questionnaire = resident(catalog)
    assert flow.journey(questionnaire, {"dag_har": None}).next_screen("dag_har").id == "dag_liker"  # type: ignore[union-attr]


def test_progress_counts_the_same_total_from_start_to_end(catalog: Catalog) -> None:
    """'side X av N' with one N throughout (it was 'av 60' at the start and 'side 59 av 59' at
    the end when a skip rule hid pages): a skipped screen counts as passed."""
    questionnaire = resident(catalog)
    total = len(questionnaire.pages)
    for answers in ({}, {"dag_har": "ja"}, {"dag_har": "nei"}):
        journey = flow.journey(questionnaire, answers)
        shown = [journey.progress(page.id) for page in journey.pages]
        assert {p.total for p in shown if p} == {total}
        numbers = [p.number for p in shown if p]
        assert numbers == sorted(set(numbers)) and numbers[0] == 1 and numbers[-1] == total
    with_work = flow.journey(questionnaire, {"dag_har": "ja"}).progress("fritid")
    without_work = flow.journey(questionnaire, {"dag_har": "nei"}).progress("fritid")
    assert with_work == without_work  # the same place in the questionnaire, the same number


def test_previous_page_follows_the_same_path_back(catalog: Catalog) -> None:
    questionnaire = resident(catalog)
    previous = flow.journey(questionnaire, {"dag_har": "nei"}).previous_screen("fritid")
    assert previous is not None and previous.id == "dag_onsker"
    assert flow.journey(questionnaire, {}).previous_screen("velkommen") is None


def test_resume_at_first_unanswered_question_or_the_text_pages_before_it(
    catalog: Catalog,
) -> None:
    questionnaire = resident(catalog)
    assert flow.journey(questionnaire, {}).resume_screen.id == "velkommen"
    assert flow.journey(questionnaire, {"hjem_trives": "ja"}).resume_screen.id == "hjem_leilighet"
    home = {q.id: "ja" for q in questionnaire.questions if q.section == "hjemme"}
    assert (
        flow.journey(questionnaire, home).resume_screen.id == "dagtid"
    )  # the section's intro page
    everything = {q.id: None for q in questionnaire.questions}
    assert flow.journey(questionnaire, everything).resume_screen.id == "takk"


def test_pages_past_the_first_unanswered_question_cannot_be_opened(catalog: Catalog) -> None:
    questionnaire = resident(catalog)
    assert flow.journey(questionnaire, {}).can_open("eir")
    assert flow.journey(questionnaire, {}).can_open("hjem_trives")
    assert not flow.journey(questionnaire, {}).can_open("hjem_leilighet")
    assert not flow.journey(questionnaire, {}).can_open("takk")
    assert not flow.journey(questionnaire, {"dag_har": "ja"}).can_open("dag_onsker")  # hidden


def test_changing_an_answer_reports_answers_that_are_now_hidden(catalog: Catalog) -> None:
    questionnaire = resident(catalog)
    answers = {"dag_har": "nei", "dag_onsker": "ja"}
    assert flow.journey(questionnaire, answers).hidden_answers() == []
    assert flow.journey(questionnaire, {**answers, "dag_har": "ja"}).hidden_answers() == [
        "dag_onsker"
    ]


def test_one_rule_decides_which_screen_may_be_opened_and_where_a_request_leads(
    catalog: Catalog,
) -> None:
    resident = catalog.questionnaires["beboer"]
    path = flow.journey(resident, {"hjem_trives": "ja"})
    assert path.may_open("hjem_leilighet") is not None  # the next unanswered question
    assert path.may_open("hjem_natt") is None  # past where the respondent is
    assert path.destination("hjem_natt").id == "hjem_leilighet"  # so: where to continue
    skipped = flow.journey(resident, {"dag_har": "nei"})
    assert skipped.may_open("dag_liker") is None  # hidden by the skip rule
    assert skipped.screen("dag_liker") is None
    relatives = catalog.questionnaires["parorende"]
    form = flow.journey(relatives, {})
    first_question = relatives.questions[0].id
    section = form.screen(first_question)
    assert section is not None and section.id != first_question
    assert form.may_open(first_question) is None  # inside a section: not a screen's start
    assert form.destination(first_question) == section  # so: its section


def test_a_long_section_is_split_into_screens_of_about_equal_size(catalog: Catalog) -> None:
    """ "Personalet" had 12 questions and a comment box on one screen, ten phone screens tall.
    With four a screen it is three screens of four, headed by the section; the comment box
    ends the last; progress counts every screen from the start."""
    relatives = catalog.questionnaires["parorende"]
    assert relatives.questions_per_screen == 4
    path = flow.journey(relatives, {})
    parts = [s for s in path.screens if path.part_of(s)[0] == "personalet"]
    assert [len(s.questions) for s in parts] == [4, 4, 4]
    assert parts[0].id == "personalet" and parts[-1].comments
    assert [path.part_of(s)[1:] for s in parts] == [(1, 3), (2, 3), (3, 3)]
    totals = {path.progress(s.id).total for s in path.screens}  # type: ignore[union-attr]
    assert totals == {len(path.screens)}
    for questions, limit, sizes in ((12, 5, [4, 4, 4]), (11, 4, [4, 4, 3]), (4, 4, [4])):
        cut = relatives.model_copy(update={"questions_per_screen": limit})
        pages = [relatives.page("personalet"), *relatives.questions[:questions]]
        screens = flow._screens([p for p in pages if p], True, cut.questions_per_screen)
        assert [len(s) for s in screens] == [sizes[0] + 1, *sizes[1:]], (questions, limit)
