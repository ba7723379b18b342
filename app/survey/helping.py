"""Who is with the resident while they answer.

Asked once at the start of a resident questionnaire (`ask_helper: true`) and changeable from
every page. It is stored with the response and with each answer, so results can be read for
those who answered alone and those who had help. Questions marked `resident_only` tell the
helper that only the resident may answer them (no proxies for questions about experience).
"""

from dataclasses import dataclass

from app.words import DEFAULT_LANGUAGE, Words, words_in

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


# The staff guide (/veileder): each part's title and text in app/words.yaml. The texts name the
# buttons by the words the residents' screens show, so the guide says what staff will see.
GUIDE_PARTS = (
    ("staff_guide_help_title", "staff_guide_help"),
    ("staff_guide_who_title", "staff_guide_who"),
    ("staff_guide_own_title", "staff_guide_own"),
    ("staff_guide_stop_title", "staff_guide_stop"),
    ("staff_guide_practice_title", "staff_guide_practice"),
)


def _buttons(words: Words) -> dict[str, str]:
    return {
        "read_aloud": words.read_aloud,
        "decline": words.decline,
        "back": words.back,
        "take_a_break": words.take_a_break,
        "alone": words(f"helper_{ALONE}"),
        "pause_and_helper": words.pause_and_helper,
    }


def staff_checklist(words: Words) -> list[str]:
    """«Før du starter», a line each: on the start page before a tablet starts."""
    return words("start_checklist", **_buttons(words)).splitlines()


def staff_guide(words: Words) -> list[tuple[str, list[str]]]:
    """The guide for the staff who help, part by part: its title and its lines."""
    buttons = _buttons(words)
    return [(words(title), words(text, **buttons).splitlines()) for title, text in GUIDE_PARTS]
