"""Every address the product links to or redirects to, built in one place.

Routes declare the same shapes in their decorators; `tests/web/test_urls.py` proves each
address built here reaches the route meant for it. Templates get addresses ready-made: a view's
attribute, or one of the fixed addresses below (a Jinja global, `urls`). Plain Python, so the
posters and the command line use it too.
"""

from urllib.parse import quote, urlencode

from app.survey import helping

# Fixed addresses.
FRONT = "/"
HEALTH = "/healthz"
RESUME = "/fortsett"  # continue with a resume code
PICTURE_CREDITS = "/om-bildene"
STAFF_GUIDE = "/veileder"  # for the staff who start tablets and help
LANGUAGE = "/sprak"  # choose the language pages are shown in
SIGN_IN = "/logg-inn"
SIGN_OUT = "/logg-ut"
RESULTS = "/analyse"
EXPORTS = "/analyse/eksport"
ROUNDS = "/analyse/runder"
QUESTIONNAIRES = "/analyse/skjema"
LOGBOOK = "/analyse/logg"
SIGN_OUT_EVERYONE = "/analyse/logg/logg-ut-alle"  # a national owner's form (POST only)
ERASE = "/analyse/slett-svar"
PUBLISH = "/analyse/skjema/publiser"  # «Publiser» (a form's POST only)
STUDIO_NEW = "/analyse/studio/nytt"  # «Nytt skjema»
PUBLISHED_JSON = (
    "/tall.json"  # the figures shown, for other installations (app/results/national.py)
)
PUBLISHED_CSV = "/tall.csv"
STUDIO_UPLOADS = "/analyse/studio/fil/"  # pictures and recordings uploaded (larger bodies)
STUDIO_ADVICE = "/analyse/studio/rad"  # the plain-language advice as a text is typed
STUDIO_SCALES = "/analyse/studio/skalaer"  # the answer scales (with pictograms) and themes
NEW_ROUND = ROUNDS + "#ny-runde"
STATIC = "/static"
AUDIO = "/audio"
ILLUSTRATIONS = "/illustrations"
IMAGES = "/images"
SURVEY = "/s"  # /s/<questionnaire>/...
ROUND_LINKS = "/r"  # /r/<token>

# The survey, one questionnaire at a time.


def questionnaire(questionnaire_id: str) -> str:
    """Where a respondent starts, or continues where they were."""
    return f"{SURVEY}/{questionnaire_id}"


def questionnaire_in(address: str) -> str | None:
    """The questionnaire a survey address is of ("/s/beboer/side/x" → "beboer")."""
    parts = address.split("?")[0].split("/")
    return parts[2] if len(parts) > 2 and parts[1] == SURVEY.strip("/") and parts[2] else None


def new_response(questionnaire_id: str) -> str:
    return f"{SURVEY}/{questionnaire_id}/ny"


def decline(questionnaire_id: str) -> str:
    """«Nei, ikke nå» to «Vil du være med?»."""
    return f"{SURVEY}/{questionnaire_id}/takk-nei"


LEFT_FROM = "fra"  # the screen just left by "Neste": a form says what was left unanswered there


def page(questionnaire_id: str, page_id: str, left_from: str | None = None) -> str:
    address = f"{SURVEY}/{questionnaire_id}/side/{page_id}"
    return f"{address}?{urlencode({LEFT_FROM: left_from})}" if left_from else address


def autosave(questionnaire_id: str, page_id: str) -> str:
    return f"{SURVEY}/{questionnaire_id}/lagre/{page_id}"


def pause(questionnaire_id: str) -> str:
    return f"{SURVEY}/{questionnaire_id}/pause"


def helper(questionnaire_id: str, then_page_id: str | None = None) -> str:
    """Who is with the resident; then on to `then_page_id`."""
    address = f"{SURVEY}/{questionnaire_id}/{helping.SCREEN_ID}"
    return f"{address}?{urlencode({'neste': then_page_id})}" if then_page_id else address


# A round's links: /r/<token>, printed on posters and letters with the server's public address.
def round_link(token: str, public_url: str = "") -> str:
    return f"{public_url.rstrip('/')}{ROUND_LINKS}/{token}"


def round_link_with_code(token: str, code: str, public_url: str = "") -> str:
    """A letter's QR code: the relatives' link with the one-time code filled in."""
    return f"{round_link(token, public_url)}?{urlencode({'kode': code})}"


# Files.
def static(name: str, version: str) -> str:
    """A file under static/, with a hash of its content so a year-long cache is always right."""
    return f"{STATIC}/{name}?v={version}"


def audio(clip_key: str) -> str:
    return f"{AUDIO}/{clip_key}.mp3"


def illustration(file: str) -> str:
    return f"{ILLUSTRATIONS}/{quote(file)}"


def image(file: str) -> str:
    """A built (resized) picture in the built-images folder."""
    return f"{IMAGES}/{quote(file)}"


# The results pages, for analysts and owners.
def sign_in(then: str | None = None) -> str:
    return f"{SIGN_IN}?{urlencode({'neste': then})}" if then else SIGN_IN


def results(**query: str | list[str]) -> str:
    return f"{RESULTS}?{urlencode(query, doseq=True)}" if query else RESULTS


GROUPS = RESULTS + "/grupper"  # «Lagre gruppen» (a form's POST)


def remove_group(group_id: int) -> str:
    return f"{GROUPS}/{group_id}/slett"


def report(round_id: int, **query: str) -> str:
    address = f"{RESULTS}/rapport/{round_id}"
    return f"{address}?{urlencode(query)}" if query else address


def summary(token: str, language: str | None = None, public_url: str = "") -> str:
    """«Dette sa dere»: a closed round's results for its residents, by its residents' link."""
    return public_url.rstrip("/") + _query(f"/r/{token}/svar", sprak=language)


def meeting(round_id: int) -> str:
    """The dialogue meeting's pack for a round, to print."""
    return f"{RESULTS}/rapport/{round_id}/dialogmote"


def round_actions(round_id: int) -> str:
    """Where «Nytt tiltak» on a round's report is sent."""
    return f"{RESULTS}/rapport/{round_id}/tiltak"


def round_action(round_id: int, action_id: int) -> str:
    """Where an action's new status is sent, from a round's report."""
    return f"{RESULTS}/rapport/{round_id}/tiltak/{action_id}"


def theme_scores_file(extension: str) -> str:
    return f"{EXPORTS}/temaskarer.{extension}"


def round_file(round_id: int, group: str, file_format: str, *, long: bool = False) -> str:
    query = {"gruppe": group, "format": file_format} | ({"form": "lang"} if long else {})
    return f"{EXPORTS}/{round_id}?{urlencode(query)}"


def period_file(period: str, group: str, file_format: str) -> str:
    """Every round of a period the reader sees in full, in one file."""
    return (
        f"{EXPORTS}/periode/{quote(period)}?{urlencode({'gruppe': group, 'format': file_format})}"
    )


def rounds(notice: str | None = None) -> str:
    """The owners' rounds page; `notice` ("laget", "avsluttet") says what just happened."""
    return f"{ROUNDS}?{urlencode({notice: '1'})}" if notice else ROUNDS


def poster(round_id: int, language: str | None = None) -> str:
    """A round's printable poster and letters, in bokmål or in `language`."""
    return _query(f"{ROUNDS}/{round_id}/plakat", sprak=language)


def close_round(round_id: int) -> str:
    return f"{ROUNDS}/{round_id}/avslutt"


def comments(round_id: int) -> str:
    """The relatives' free-text comments of a round, for those who see it in full."""
    return f"{EXPORTS}/{round_id}/kommentarer"


def questionnaire_pages(questionnaire_id: str, language: str | None = None) -> str:
    """An owner's list of every page of a questionnaire, with the advice for each (in one of
    the languages it offers; its own without)."""
    return _query(f"{QUESTIONNAIRES}/{questionnaire_id}", sprak=language)


def preview(questionnaire_id: str, page_id: str, language: str | None = None) -> str:
    """An owner's look at one page as respondents see it."""
    return _query(f"{QUESTIONNAIRES}/{questionnaire_id}/side/{page_id}", sprak=language)


def trial(questionnaire_id: str, token: str, order: str = "", public_url: str = "") -> str:
    """A questionnaire's trial link: a tablet that opens it tries the drafts (`order`:
    "normal" or "reversed" shows the answer options in that order)."""
    base = public_url.rstrip("/")
    return base + _query(f"/prov/{questionnaire_id}/{token}", rekkefolge=order or None)


def studio(questionnaire_id: str) -> str:
    """Where an owner edits a questionnaire in the browser."""
    return f"/analyse/studio/{questionnaire_id}"


def studio_picture(questionnaire_id: str, page_id: str) -> str:
    """Where a page's picture is uploaded in the studio (a multipart form's POST)."""
    return f"{STUDIO_UPLOADS}bilde/{questionnaire_id}/{page_id}"


def studio_recordings(questionnaire_id: str, language: str | None = None) -> str:
    """The clips of a questionnaire in a language: recorded, outdated or synthesized."""
    return _query(f"/analyse/studio/{questionnaire_id}/opptak", sprak=language)


def studio_recording(questionnaire_id: str, language: str, name: str) -> str:
    """Where a clip's recording is sent (a multipart form's POST)."""
    return f"{STUDIO_UPLOADS}opptak/{questionnaire_id}/{language}/{name}"


def studio_scales(shown: str = "") -> str:
    """The scales and themes, with one's form open (`shown`: "skala-<id>" or "tema-<id>")."""
    return _query(STUDIO_SCALES, apen=shown or None) + (f"#{shown}" if shown else "")


def studio_page(questionnaire_id: str, page_id: str) -> str:
    """Where one page's form in the studio is sent."""
    return f"/analyse/studio/{questionnaire_id}/side/{page_id}"


def verdict(questionnaire_id: str, page_id: str, language: str | None = None) -> str:
    """Where an owner notes what the user panel said of a page (a form's POST)."""
    return _query(f"{QUESTIONNAIRES}/{questionnaire_id}/side/{page_id}/vurdering", sprak=language)


def preview_frame(
    questionnaire_id: str,
    page_id: str,
    reversed_options: bool = False,
    language: str | None = None,
) -> str:
    """The respondents' page itself, shown in the preview's frame."""
    frame = f"{QUESTIONNAIRES}/{questionnaire_id}/side/{page_id}/vis"
    return _query(frame, snudd="1" if reversed_options else None, sprak=language)


def _query(address: str, **values: str | None) -> str:
    given = {name: value for name, value in values.items() if value}
    return f"{address}?{urlencode(given)}" if given else address


def change_round(round_id: int) -> str:
    return f"{ROUNDS}/{round_id}/endre"


def invited(round_id: int) -> str:
    """Where an owner says how many were invited to a round."""
    return f"{ROUNDS}/{round_id}/inviterte"


def home_tags(round_id: int) -> str:
    """Where an owner gives a round's homes their service and form of housing."""
    return f"{ROUNDS}/{round_id}/boliger"


def reopen_round(round_id: int) -> str:
    """Opening a round closed by mistake again (asked to confirm first)."""
    return f"{ROUNDS}/{round_id}/apne-igjen"


def delete_answers(round_id: int) -> str:
    """Deleting a closed round's answers, its counted figures kept (asked to confirm first)."""
    return f"{ROUNDS}/{round_id}/slett-svarene"
