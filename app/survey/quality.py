"""Answer quality: patterns that may mean a person said yes without meaning it.

Flags are computed when a response is finished, stored with it and exported; they never
remove answers. Research on self-report by people with intellectual disabilities (Sigelman et
al. 1981; Finlay & Lyons 2002) recommends exactly these checks.
"""

from collections.abc import Mapping

from app.questionnaires.model import Questionnaire, Scale
from app.survey.flow import Answers

REPEAT_DIFFERS = "gjentatt_ulikt"  # a question and its repeat answered differently
REVERSE_BOTH_YES = "ja_til_motsatte"  # "Ja" to a question and to its opposite
SAME_ANSWER = "samme_svar_overalt"  # the same answer to every question
SAME_ANSWER_MINIMUM = 10  # fewer answers than this say too little to flag
# What each flag means, for the codebook.
FLAG_MEANINGS = {
    REPEAT_DIFFERS: "et spørsmål og det samme spurt igjen med andre ord er svart ulikt",
    REVERSE_BOTH_YES: "«Ja» både til et spørsmål og til det motsatte",
    SAME_ANSWER: f"det samme svaret på alle spørsmålene (minst {SAME_ANSWER_MINIMUM})",
}


def quality_flags(
    questionnaire: Questionnaire, scales: Mapping[str, Scale], answers: Answers
) -> list[str]:
    flags = []
    questions = {question.id: question for question in questionnaire.questions}

    def kind(question_id: str) -> str | None:
        """The answer's meaning across scales: "yes", "mixed", "no" (None if not given)."""
        value = answers.get(question_id)
        question = questions.get(question_id)
        if value is None or question is None:
            return None
        option = scales[question.scale].option(value)
        return option.says if option else None

    def differs(question_id: str, first_id: str) -> bool:
        first, again = answers.get(first_id), answers.get(question_id)
        return first is not None and again is not None and first != again

    checks = questionnaire.questions
    if any(q.repeat_of and differs(q.id, q.repeat_of) for q in checks):
        flags.append(REPEAT_DIFFERS)
    if questionnaire.audience != "resident":
        # Yes-saying is the residents' (the research is about them): a relative rating every
        # question 5 or 6 on a scale of 1–6 is not flagged for it.
        return flags
    if any(q.reverse_of and kind(q.id) == kind(q.reverse_of) == "yes" for q in checks):
        flags.append(REVERSE_BOTH_YES)

    given = [kind(question_id) for question_id in questions if answers.get(question_id)]
    given = [meaning for meaning in given if meaning is not None]
    if len(given) >= SAME_ANSWER_MINIMUM and len(set(given)) == 1:
        flags.append(SAME_ANSWER)
    return flags
