"""Recording the voice in the browser, through HTTP: every clip listed with its words and
whether it is recorded, outdated or synthesized; a recording sent as WAV is kept as a compact
MP3 with its words and played at once; one made for words changed since is listed outdated."""

import io
import math
import struct
import time
import wave
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import urls
from app.config import Settings
from tests.support.owning import app_with_own_questions, edit
from tests.support.signing_in import as_owner, form_token

ASKED = "Trives du der du bor?"


@pytest.fixture
def app(settings: Settings, tmp_path: Path) -> FastAPI:
    return app_with_own_questions(settings, tmp_path)


@pytest.fixture
def owner(app: FastAPI, client: TestClient) -> TestClient:
    return as_owner(app, client)


def spoken(seconds: float = 1.5, rate: int = 44100, channels: int = 1) -> bytes:
    """A WAV as the browser sends it: a tone standing in for a voice."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(channels)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        frames = (
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * n / rate))) * channels
            for n in range(int(seconds * rate))
        )
        sound.writeframes(b"".join(frames))
    return out.getvalue()


def send(owner: TestClient, name: str, sound: bytes) -> str:
    page = owner.get(urls.studio_recordings("beboer", "nb")).text
    reply = owner.post(
        urls.studio_recording("beboer", "nb", name),
        data={"csrf": form_token(page)},
        files={"opptak": ("opptak.wav", sound, "audio/wav")},
    )
    return f"{reply.status_code}: {reply.text}"


def test_a_clip_recorded_in_the_browser_is_played_at_once(app: FastAPI, owner: TestClient) -> None:
    page = owner.get(urls.studio_recordings("beboer", "nb"))
    assert page.headers["Permissions-Policy"].count("microphone=(self)") == 1
    assert 'id="opptak-hjem_trives"' in page.text and ASKED in page.text
    assert "Talesyntese" in page.text and 'id="opptak-hjem_trives-reversed"' in page.text

    assert send(owner, "hjem_trives", spoken(channels=2)).startswith("200: ")
    folder = app.state.services.settings.recordings_dir / "beboer" / "nb"
    mp3 = folder / "hjem_trives.mp3"
    assert mp3.read_bytes()[:3] == b"ID3" or mp3.read_bytes()[0] == 0xFF  # an MP3 frame
    assert mp3.stat().st_size < 1.5 * 7000  # compact: MP3 at 48 kbit/s, about 6 KB a second
    assert ASKED in (folder / "hjem_trives.txt").read_text("utf-8")
    deadline = time.monotonic() + 20  # the server looks every second
    while app.state.services.read_aloud.for_page("beboer", "hjem_trives").page.recorded != mp3:
        assert time.monotonic() < deadline, "the recording was not taken into use"
        time.sleep(0.1)
    assert "Innspilt" in owner.get(urls.studio_recordings("beboer", "nb")).text

    # The words change: the recording is listed outdated, with the new words.
    edit(app, f'"{ASKED}"', '"Liker du deg der du bor?"')
    app.state.publishing.look_at_drafts()
    later = owner.get(urls.studio_recordings("beboer", "nb")).text
    assert "Utdatert: teksten er endret" in later and "Liker du deg der du bor?" in later


@pytest.mark.parametrize(
    ("name", "sound", "message"),
    [
        ("hjem_trives", b"not a sound", "Opptaket kunne ikke leses"),
        ("hjem_trives", spoken(seconds=0.1), "Opptaket er for kort"),
        ("ingen_slik_side", spoken(), "Skjemaet har ikke noe slikt opptak"),
    ],
)
def test_a_recording_that_cannot_be_kept_is_said_plainly(
    app: FastAPI, owner: TestClient, name: str, sound: bytes, message: str
) -> None:
    said = send(owner, name, sound)
    assert said.startswith("400: ") and message in said
    assert not (app.state.services.settings.recordings_dir / "beboer").exists()
