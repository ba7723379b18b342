"""Speech clips: served from the cache, or made on first request and then cached."""

import logging

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool

from app import urls
from app.speech.synthesis import Outcome
from app.web.deps import RespondentServicesDep
from app.web.errors import AudioNotFound, AudioUnavailable

log = logging.getLogger(__name__)
router = APIRouter(prefix=urls.AUDIO, tags=["audio"])

# The key in the URL changes whenever the sound would, so a browser may keep a clip for a year.
FOREVER = "public, max-age=31536000, immutable"
# A stand-in clip (the online voice failed) may be replaced by the real one later.
A_DAY = "public, max-age=86400"


@router.get("/{key}.mp3")
async def clip(key: str, services: RespondentServicesDep) -> Response:
    wanted = services.read_aloud.by_key(key)
    if wanted is None:
        raise AudioNotFound()
    store = services.clips
    path = store.existing(wanted)
    fresh = path == store.path(wanted)
    if path is None:
        result = await run_in_threadpool(store.ensure, wanted)  # synthesis takes ~10-50 ms
        if result.outcome is Outcome.FAILED:
            log.warning("could not make clip %s: %s", key, result.message)
            raise AudioUnavailable()
        path, fresh = result.path, result.outcome is not Outcome.FALLBACK
    return FileResponse(
        path, media_type="audio/mpeg", headers={"Cache-Control": FOREVER if fresh else A_DAY}
    )
