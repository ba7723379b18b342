"""Skip rules (`show_if`) as owners and readers meet them: checked, put in words, and tried.

One evaluator decides whether a page is shown: `Condition.holds` (model.py), used by the
survey, the demo and here. This module checks what a rule names (earlier questions, their
answers, helpers, languages), says a rule in words for the preview and the codebook, and tries
it on every situation that can come up, so `check` can name a rule that never or always holds.
"""

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from app.questionnaires.model import (
    LANGUAGE_NAMES,
    MULTIPLE_SEPARATOR,
    Circumstances,
    Condition,
    Questionnaire,
    QuestionPage,
    Scale,
)
from app.questionnaires.source import what_to_write
from app.survey.helping import BY_VALUE as HELPERS

Loc = list[int | str]

# Past this many situations a rule is not tried: it looks at too much for that to be quick.
MOST_TRIED = 20_000
ANOTHER_HOME = "\x00another home"  # a home no rule names


def in_words(rule: Condition) -> str:
    """The rule as the codebook and the preview say it: «dag_har er ja og hjelper er selv»."""
    if rule.question is not None:
        said = "er" if rule.is_ is not None else "er ikke"
        return f"{rule.question} {said} {' eller '.join(rule.values)}"
    if rule.all_ is not None:
        return " og ".join(_grouped(part) for part in rule.all_)
    if rule.any_ is not None:
        return " eller ".join(_grouped(part) for part in rule.any_)
    if rule.not_ is not None:
        return f"ikke {_grouped(rule.not_)}"
    named = {"helper": "hjelper", "home": "bolig", "language": "språk"}[rule.kind]
    return f"{named} er {' eller '.join(rule.helper or rule.home or rule.language or [])}"


def _grouped(part: Condition) -> str:
    words = in_words(part)
    return f"({words})" if part.kind in ("all", "any") else words


def leaves(rule: Condition, at: Loc) -> Iterator[tuple[Condition, Loc]]:
    """Each single condition in the rule, with where it is written."""
    if rule.kind in ("all", "any"):
        for index, part in enumerate(rule.parts):
            yield from leaves(part, [*at, rule.kind, index])
    elif rule.not_ is not None:
        yield from leaves(rule.not_, [*at, "not"])
    else:
        yield rule, at


@dataclass(frozen=True)
class RuleChecker:
    """What a page's rule may name: the questions before it, their scales, the questionnaire's
    languages and whether it asks who is helping."""

    questionnaire: Questionnaire
    earlier: Mapping[str, QuestionPage]
    scales: Mapping[str, Scale]

    def problems(self, rule: Condition, at: Loc) -> list[tuple[Loc, str]]:
        found = [said for leaf, where in leaves(rule, at) for said in self._leaf(leaf, where)]
        if found or any(self.earlier[q].scale not in self.scales for q in rule.questions):
            return found  # an unknown scale is named at its question
        held = verdict(rule, self._answers(rule), self._circumstances(rule))
        if held is False:
            return [(at, "regelen kan aldri stemme, så siden vises aldri. Rett regelen.")]
        if held is True:
            return [
                (at, "regelen stemmer alltid, så den gjør ingenting. Rett den, eller fjern den.")
            ]
        return []

    def _leaf(self, leaf: Condition, at: Loc) -> list[tuple[Loc, str]]:
        if leaf.question is not None:
            return self._question(leaf, at)
        if leaf.helper is not None:
            if not self.questionnaire.ask_helper:
                return [
                    (
                        [*at, "helper"],
                        "skjemaet spør ikke hvem som hjelper. Skriv «ask_helper: true» øverst, "
                        "eller fjern helper her.",
                    )
                ]
            helpers = {value: helper.label() for value, helper in HELPERS.items()}
            return [
                (
                    [*at, "helper"],
                    f"«{value}» er ikke en hjelper. "
                    + what_to_write(value, "det som står på knappen", helpers, "verdien"),
                )
                for value in leaf.helper
                if value not in helpers
            ]
        if leaf.language is not None:
            offered = {code: LANGUAGE_NAMES[code] for code in self.questionnaire.offered}
            return [
                (
                    [*at, "language"],
                    f"skjemaet har ikke språket «{value}». "
                    + what_to_write(value, "et språk skjemaet har", offered, "koden"),
                )
                for value in leaf.language
                if value not in offered
            ]
        return []  # a home: each round names its own

    def _question(self, leaf: Condition, at: Loc) -> list[tuple[Loc, str]]:
        target = self.earlier.get(leaf.question or "")
        if target is None:
            return [
                (
                    [*at, "question"],
                    f"show_if viser til «{leaf.question}», som ikke er et spørsmål før denne "
                    "siden. Skriv id-en til et spørsmål som kommer tidligere.",
                )
            ]
        scale = self.scales.get(target.scale)
        if scale is None:
            return []
        allowed = {option.value: option.label for option in scale.options}
        return [
            (
                [*at, "is" if leaf.is_ is not None else "is_not"],
                f"«{value}» er ikke et svar på «{target.id}». "
                + what_to_write(value, "det som står på knappen", allowed, "verdien"),
            )
            for value in leaf.values
            if value not in allowed
        ]

    def _answers(self, rule: Condition) -> dict[str, list[str | None]]:
        """Every answer each question the rule looks at can hold (None: not answered)."""
        found: dict[str, list[str | None]] = {}
        for question_id in sorted(rule.questions):
            question = self.earlier[question_id]
            values = [option.value for option in self.scales[question.scale].options]
            found[question_id] = [None, *_answers_of(values, question.multiple)]
        return found

    def _circumstances(self, rule: Condition) -> list[Circumstances]:
        named_homes = [home for leaf, _ in leaves(rule, []) for home in leaf.home or []]
        helpers = [None, *HELPERS] if self.questionnaire.ask_helper else [None]
        homes = [None, ANOTHER_HOME, *dict.fromkeys(named_homes)]
        languages = self.questionnaire.offered
        return [Circumstances(*each) for each in itertools.product(helpers, homes, languages)]


def _answers_of(values: Sequence[str], multiple: bool) -> list[str]:
    """One value, or for boxes to tick every set of them (or, for many boxes, each one and
    all of them: enough to tell what a rule looks at)."""
    if not multiple:
        return list(values)
    if len(values) > 8:
        return [*values, MULTIPLE_SEPARATOR.join(values)]
    sets = itertools.chain.from_iterable(
        itertools.combinations(values, size) for size in range(1, len(values) + 1)
    )
    return [MULTIPLE_SEPARATOR.join(chosen) for chosen in sets]


def verdict(
    rule: Condition,
    answers: Mapping[str, Sequence[str | None]],
    situations: Sequence[Circumstances],
) -> bool | None:
    """True if the rule holds in every situation, False if in none, None if it depends (or
    there are too many situations to try)."""
    size = len(situations)
    for choices in answers.values():
        size *= len(choices)
    if size > MOST_TRIED:
        return None
    seen: set[bool] = set()
    for chosen in itertools.product(*answers.values()):
        given = dict(zip(answers, chosen, strict=True))
        for about in situations:
            seen.add(rule.holds(given, about))
            if len(seen) == 2:
                return None
    return seen.pop() if seen else None
