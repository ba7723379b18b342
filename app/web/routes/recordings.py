"""Recording the voice in the browser: every clip of a questionnaire in a language with the
words to say and whether it is recorded, outdated or said by the synthesizer; «Ta opp»,
«Stopp», listen, «Lagre opptaket» (or a WAV file sent without JavaScript). A saved recording
is played at once by every server process (app/speech/recording.py)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile  # what a parsed form holds

from app import urls
from app.accounts import SignedIn
from app.pictures.images import MAX_UPLOAD_BYTES
from app.questionnaires.model import LANGUAGE_NAMES
from app.speech.recording import (
    STATE_WORDS,
    RecordingRefused,
    clips_of,
    keep_recording,
    mp3_from_wav,
)
from app.web.deps import Services, ServicesDep
from app.web.errors import NotFound
from app.web.rendering import render
from app.web.routes.auth import Owner, check_csrf
from app.web.routes.preview import drafts_shown
from app.web.security import HEADERS

router = APIRouter()

# The recordings page may use the microphone (this site's own pages only); no other page may.
WITH_MICROPHONE = HEADERS["Permissions-Policy"].replace("microphone=()", "microphone=(self)")


@router.get("/analyse/studio/{questionnaire_id}/opptak")
def recordings_page(
    request: Request,
    services: ServicesDep,
    who: Owner,
    questionnaire_id: str,
    sprak: Annotated[str, Query(max_length=2)] = "",
) -> Response:
    return _page(request, services, who, questionnaire_id, sprak)


def _page(
    request: Request,
    services: Services,
    who: SignedIn,
    questionnaire_id: str,
    language: str,
    error: str = "",
) -> Response:
    shown = drafts_shown(request, services)
    questionnaire = shown.catalog.questionnaires.get(questionnaire_id)
    if questionnaire is None:
        raise NotFound()
    language = language if language in questionnaire.offered else questionnaire.language
    clips = clips_of(shown.read_aloud, questionnaire.id, language)
    page = render(
        request,
        "analysis/recordings.html",
        {
            "title": f"Opptak: {questionnaire.title}",
            "who": who,
            "section": "questionnaires",
            "questionnaire": questionnaire,
            "language": language,
            "languages": [
                (
                    LANGUAGE_NAMES[lang],
                    urls.studio_recordings(questionnaire.id, lang),
                    lang == language,
                )
                for lang in questionnaire.offered
            ],
            "clips": [
                (
                    clip,
                    STATE_WORDS[clip.state],
                    urls.studio_recording(questionnaire.id, language, clip.name),
                )
                for clip in clips
            ],
            "counts": {
                words: sum(1 for clip in clips if clip.state == state)
                for state, words in STATE_WORDS.items()
            },
            "editor": urls.studio(questionnaire.id),
            "error": error,
        },
        status_code=400 if error else 200,
    )
    page.headers["Permissions-Policy"] = WITH_MICROPHONE
    return page


@router.post(urls.STUDIO_UPLOADS + "opptak/{questionnaire_id}/{language}/{name}")
async def save_recording(
    request: Request,
    services: ServicesDep,
    who: Owner,
    questionnaire_id: str,
    language: str,
    name: str,
) -> Response:
    """A clip's recording (WAV from the browser), kept as MP3 with the words it says."""
    form = await request.form(max_fields=5, max_files=1, max_part_size=MAX_UPLOAD_BYTES)
    check_csrf(who, str(form.get("csrf", "")))
    sent = form.get("opptak")
    shown = drafts_shown(request, services)
    try:
        if not isinstance(sent, UploadFile) or not sent.filename:
            raise RecordingRefused("Velg et opptak (en WAV-fil), eller ta det opp her.")
        mp3 = mp3_from_wav(await sent.read())
        keep_recording(shown.read_aloud, questionnaire_id, language, name, mp3)
    except RecordingRefused as refused:
        return _page(request, services, who, questionnaire_id, language, str(refused))
    address = urls.studio_recordings(questionnaire_id, language)
    return RedirectResponse(f"{address}#opptak-{name.replace('.', '-')}", status_code=303)
