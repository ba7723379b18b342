"""Who is with the resident while they answer.

Asked once at the start of a resident questionnaire (`ask_helper: true`) and changeable from
every page. It is stored with the response and with each answer, so results can be read for
those who answered alone and those who had help. Questions marked `resident_only` tell the
helper that only the resident may answer them (no proxies for questions about experience).
"""

from dataclasses import dataclass

from app.words import DEFAULT_LANGUAGE, words_in

SCREEN_ID = "hvem"  # in the address (/s/<questionnaire>/hvem) and the recording's file name
ALONE = "selv"


@dataclass(frozen=True)
class Helper:
    value: str
    picture: str  # a file under illustrations/ (shown beside its words: alt="")

    def label(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Its words (app/words.yaml, helper_<value>): bokmål in results and exports."""
        return words_in(language)(f"helper_{self.value}")


HELPERS = (
    Helper(ALONE, "openmoji/1F64B.svg"),
    Helper("personale", "openmoji/1F469-200D-2695-FE0F.svg"),
    Helper("familie", "openmoji/1F46A.svg"),
    Helper("annen", "openmoji/1F9D1-200D-1F91D-200D-1F9D1.svg"),
)
BY_VALUE = {helper.value: helper for helper in HELPERS}


def label_of(value: str | None, language: str = DEFAULT_LANGUAGE) -> str:
    helper = BY_VALUE.get(value or "")
    return helper.label(language) if helper else ""


def answered_with_help(value: str | None) -> bool:
    return value is not None and value != ALONE
