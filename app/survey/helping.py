"""Who is with the resident while they answer.

Asked once at the start of a resident questionnaire (`ask_helper: true`) and changeable from
every page. It is stored with the response and with each answer, so results can be read for
those who answered alone and those who had help. Questions marked `resident_only` tell the
helper that only the resident may answer them (no proxies for questions about experience).
"""

from dataclasses import dataclass

SCREEN_ID = "hvem"  # in the address (/s/<questionnaire>/hvem) and the recording's file name
QUESTION = "Hvem er med deg nå?"
ALONE = "selv"


@dataclass(frozen=True)
class Helper:
    value: str
    label: str
    picture: str  # a file under illustrations/
    alt: str


HELPERS = (
    Helper(ALONE, "Jeg svarer selv", "openmoji/1F64B.svg", "En person som rekker opp hånden."),
    Helper(
        "personale",
        "Personale hjelper",
        "openmoji/1F469-200D-2695-FE0F.svg",
        "En ansatt.",
    ),
    Helper("familie", "Familie hjelper", "openmoji/1F46A.svg", "En familie."),
    Helper(
        "annen",
        "Annen hjelper",
        "openmoji/1F9D1-200D-1F91D-200D-1F9D1.svg",
        "To personer som holder hender.",
    ),
)
BY_VALUE = {helper.value: helper for helper in HELPERS}


def label_of(value: str | None) -> str:
    helper = BY_VALUE.get(value or "")
    return helper.label if helper else ""


def answered_with_help(value: str | None) -> bool:
    return value is not None and value != ALONE
