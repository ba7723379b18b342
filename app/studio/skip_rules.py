"""«Når vises siden?» in the studio: a page's skip rule (`show_if`) as a form can show it.

The form shows a rule of up to MOST_CONDITIONS single conditions, all of which must hold or at
least one of which must: an earlier question's answer is (or is not) a value, the resident
answers alone or with a certain helper (or not), the questionnaire is answered in a language
(or not). A rule built otherwise (nested, or naming several values at once) is shown in words
(app/questionnaires/rules.py) and kept as written; it is changed in the file. A rule saved as
it was is left as it is written.
"""

from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.questionnaires.model import LANGUAGE_NAMES, Condition, Scale
from app.studio.editing import EditRefused, languages_of, page_index
from app.survey.helping import ALONE, HELPERS

MOST_CONDITIONS = 4  # the form's rows
Joined = Literal["all", "any"]


class Single(NamedTuple):
    """One condition: `kind` question, helper or language; `question` for a question only;
    `test` "is" or "is_not"; one value."""

    kind: str
    question: str
    test: str
    value: str

    @property
    def code(self) -> str:
        """How the form sends it: «question|dag_har|is|ja», «helper||is_not|selv»."""
        return "|".join(self)


class FormRule(NamedTuple):
    joined: Joined
    parts: tuple[Single, ...]


def single_from(code: str) -> Single:
    parts = code.split("|")
    if len(parts) != 4:
        raise EditRefused("Velg når siden vises fra listen.")
    return Single(*parts)


def form_rule(rule: object) -> FormRule | None:
    """The rule as the form shows it (None: always shown); EditRefused for one it cannot."""
    if rule is None:
        return None
    try:
        condition = Condition.model_validate(rule)
    except ValidationError:
        condition = None
    if condition is not None:
        alone = _single(condition)
        if alone is not None:
            return FormRule("all", (alone,))
        singles = [_single(part) for part in condition.parts]
        if condition.kind in ("all", "any") and len(singles) <= MOST_CONDITIONS and all(singles):
            joined: Joined = "all" if condition.kind == "all" else "any"
            return FormRule(joined, tuple(s for s in singles if s is not None))
    raise EditRefused("Denne regelen er for sammensatt for skjemaet her: endre den i filen.")


def _single(condition: Condition) -> Single | None:
    test = "is"
    if condition.not_ is not None and condition.not_.kind in ("helper", "language"):
        condition, test = condition.not_, "is_not"
    if condition.question is not None and len(condition.values) == 1:
        asked = "is" if condition.is_ is not None else "is_not"
        return Single("question", condition.question, asked, condition.values[0])
    for kind in ("helper", "language"):
        values = getattr(condition, kind)
        if values is not None and len(values) == 1:
            return Single(kind, "", test, values[0])
    return None


def offered(
    document: CommentedMap, page_id: str, scales: Mapping[str, Scale]
) -> list[tuple[Single, str]]:
    """Every single condition the page's rule may use, with its words in the form."""
    index = page_index(document, page_id)
    choices: list[tuple[Single, str]] = []
    for page in list(document["pages"])[:index]:
        scale = scales.get(str(page.get("scale", "")))
        if page.get("type") != "question" or scale is None:
            continue
        question = str(page.get("id"))
        for test, said in (("is", "er"), ("is_not", "er ikke")):
            choices += [
                (
                    Single("question", question, test, option.value),
                    f"{question} {said} «{option.label}»",
                )
                for option in scale.options
            ]
    if document.get("ask_helper"):
        choices.append((Single("helper", "", "is", ALONE), "beboeren svarer selv"))
        choices.append((Single("helper", "", "is_not", ALONE), "beboeren svarer ikke selv"))
        for helper in HELPERS:
            if helper.value != ALONE:
                said = helper.label().lower()
                choices.append((Single("helper", "", "is", helper.value), f"hjelper: {said}"))
    languages = languages_of(document)
    if len(languages) > 1:
        for language in languages:
            name = LANGUAGE_NAMES[language]
            choices.append((Single("language", "", "is", language), f"svarer på {name}"))
            choices.append((Single("language", "", "is_not", language), f"svarer ikke på {name}"))
    return choices


def set_rule(
    document: CommentedMap,
    page_id: str,
    rule: FormRule | None,
    scales: Mapping[str, Scale],
) -> None:
    """The page's rule as the form gives it (None: always shown). Each condition must be one
    the form offers; a rule as it was is left as it is written."""
    allowed = {single for single, _ in offered(document, page_id, scales)}
    if rule is not None and (not rule.parts or any(part not in allowed for part in rule.parts)):
        raise EditRefused("Velg når siden vises fra listen.")
    page = document["pages"][page_index(document, page_id)]
    try:
        before = form_rule(page.get("show_if"))
    except EditRefused:
        before = None
    if before is not None and rule is not None and _same(before, rule):
        return
    if rule is None:
        page.pop("show_if", None)
    elif len(rule.parts) == 1:
        page["show_if"] = _written(rule.parts[0])
    else:
        joined = CommentedMap()
        joined[rule.joined] = CommentedSeq(_written(part) for part in rule.parts)
        page["show_if"] = joined


def _same(one: FormRule, other: FormRule) -> bool:
    if len(one.parts) == len(other.parts) == 1:
        return one.parts == other.parts
    return one == other


def _written(single: Single) -> CommentedMap:
    written = CommentedMap()
    if single.kind == "question":
        written["question"] = single.question
        written[single.test] = single.value
        return written
    written[single.kind] = single.value
    if single.test == "is_not":
        negated = CommentedMap()
        negated["not"] = written
        return negated
    return written


def rule_from_form(joined: str, codes: Sequence[str]) -> FormRule | None:
    """The form's «Vises» ("alltid", "alle" or "minst_en") and its chosen conditions."""
    if joined == "alltid":
        return None
    if joined not in ("alle", "minst_en"):
        raise EditRefused("Velg når siden vises fra listen.")
    parts = tuple(dict.fromkeys(single_from(code) for code in codes if code))
    if not parts:
        raise EditRefused("Velg minst én betingelse, eller «Alltid».")
    return FormRule("all" if joined == "alle" else "any", parts)
