"""What a device remembers: its unfinished response, the round (and unit) it was started in,
and whether staff chose switch access (scanning) for it.

Two cookies hold only random values: the device's secret for its response (stored only as a
digest, app/codes.py), and the round link's token with the chosen unit's number and a proof
that the device was started from the link (app/rounds/links.py). The third
holds the scanning pace, a setting of the tablet, read by its script; it is never stored on
the server. The fourth holds the language chosen on this device (nb, nn or en), as every
browser says which languages it reads. Nothing in them names or describes a person.
"""

import hmac

from fastapi import Request
from fastapi.responses import Response

from app.config import Settings
from app.rounds.links import round_proof
from app.survey.responses import ResponseState
from app.words import is_language


def response_cookie(questionnaire_id: str) -> str:
    return f"minstemme_{questionnaire_id}"


def round_cookie(questionnaire_id: str) -> str:
    return f"minstemme_runde_{questionnaire_id}"


def _set(
    result: Response, name: str, value: str, settings: Settings, httponly: bool = True
) -> None:
    result.set_cookie(
        name,
        value,
        max_age=settings.resume_cookie_days * 24 * 3600,
        httponly=httponly,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def remember_response(result: Response, response: ResponseState, settings: Settings) -> None:
    """Let this device continue the response later: the response was just started or handed
    to it, so its secret is known."""
    assert response.device_secret, "only a response just given to this device"
    _set(result, response_cookie(response.questionnaire_id), response.device_secret, settings)


def remember_round(
    result: Response, questionnaire_id: str, token: str, unit: int | None, settings: Settings
) -> None:
    """Every response started on this device from now on belongs to this round (and unit)."""
    shown_unit = "" if unit is None else str(unit)
    value = f"{token}.{shown_unit}.{round_proof(settings.key, token, unit)}"
    _set(result, round_cookie(questionnaire_id), value, settings)


def remembered_round(
    request: Request, questionnaire_id: str, settings: Settings
) -> tuple[str, int | None] | None:
    """The round link's token and unit number this device was started with, if any (and if
    the cookie's proof holds: one made by hand from a printed link does not)."""
    value = request.cookies.get(round_cookie(questionnaire_id), "")
    token, _, rest = value.partition(".")
    shown_unit, _, proof = rest.partition(".")
    unit = int(shown_unit) if shown_unit.isdigit() else None
    if not token or not hmac.compare_digest(proof, round_proof(settings.key, token, unit)):
        return None
    return token, unit


def client_of(request: Request) -> str:
    """The client's address (a trusted proxy's client's, MINSTEMME_TRUSTED_PROXIES), only to
    count wrong codes (app/survey/guessing.py, as a keyed digest); never logged."""
    return request.client.host if request.client else ""


SCANNING_COOKIE = "minstemme_skanning"
# Switch access: the answers and buttons are highlighted one after another, this many
# milliseconds each (at least; each is read aloud to its end). Staff choose when starting.
# Each is named in words.yaml as pace_<milliseconds> ("Svært sakte – 5 sekunder").
SCANNING_PACES = ("5000", "3000", "2000", "1500")


def remember_scanning(result: Response, pace: str, settings: Settings) -> None:
    """Scan at this pace on this device from now on ("" for no scanning). Not HttpOnly: the
    page's script reads it; it holds no secret."""
    if not pace:
        result.delete_cookie(SCANNING_COOKIE)
        return
    _set(result, SCANNING_COOKIE, pace, settings, httponly=False)


LANGUAGE_COOKIE = "minstemme_sprak"


def chosen_language(request: Request) -> str | None:
    """The language chosen on this device, if one was."""
    value = request.cookies.get(LANGUAGE_COOKIE)
    return value if is_language(value) else None


def remember_language(result: Response, language: str, settings: Settings) -> None:
    _set(result, LANGUAGE_COOKIE, language, settings)
