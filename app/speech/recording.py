"""Recording the voice in the browser: each clip's words, whether it is recorded, and a new
recording kept as the others are (audio/recorded/, MP3, its words beside it).

The studio records in the browser as plain sound (16-bit PCM in a WAV file, which Chromium
and an iPad's Safari both make with the Web Audio API: their MediaRecorders do not share a
format). Here it is made mono and compact (MP3 at the synthesizer's bit rate), and saved where
every server process plays it from (app/speech/readaloud.py), with the words it says.
"""

import array
import io
import os
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.speech.readaloud import ReadAloud, Recording
from app.speech.synthesis import pcm_to_mp3

MAX_SECONDS = 120  # a page read slowly takes under a minute
ClipState = Literal["recorded", "stale", "unnoted", "shared", "synthesized"]
STATE_WORDS: dict[ClipState, str] = {
    "recorded": "Innspilt",
    "stale": "Utdatert: teksten er endret, spill inn på nytt",
    "unnoted": "Innspilt (ordene den sier, er ikke notert)",
    "shared": "Innspilt for alle sider",
    "synthesized": "Talesyntese",
}


class RecordingRefused(ValueError):
    """A recording that cannot be kept; the message says why, in Norwegian."""


@dataclass(frozen=True)
class ClipPlace:
    """One clip of a page: its file's name, the words to say, and where it stands."""

    name: str  # "hjem_trives", "hjem_trives.reversed", "hjem_trives.ja", ...
    text: str  # the words to say
    state: ClipState


def clips_of(read_aloud: ReadAloud, questionnaire_id: str, language: str) -> list[ClipPlace]:
    """Every clip of a questionnaire in a language, in page order."""
    folder = read_aloud.recordings_dir / questionnaire_id / language
    found = []
    for name, text, shared in read_aloud.named_clips(questionnaire_id, language):
        own = folder / f"{name}.mp3"
        if own.is_file():
            state: ClipState = _state(read_aloud, own, text)
        elif shared is not None and (folder / f"{shared}.mp3").is_file():
            state = "shared"
        else:
            state = "synthesized"
        found.append(ClipPlace(name, text, state))
    return found


def _state(read_aloud: ReadAloud, path: Path, text: str) -> ClipState:
    beside = path.with_suffix(".txt")
    if not beside.is_file():
        return "unnoted"
    said = beside.read_text(encoding="utf-8").strip()
    return "recorded" if said == text.strip() else "stale"


def mp3_from_wav(data: bytes) -> bytes:
    """A browser's recording (WAV, 16-bit PCM) as the recordings are kept: mono MP3."""
    try:
        with wave.open(io.BytesIO(data)) as sound:
            channels, width, rate = sound.getnchannels(), sound.getsampwidth(), sound.getframerate()
            frames = sound.getnframes()
            if width != 2 or channels not in (1, 2) or not 8000 <= rate <= 96000:
                raise RecordingRefused("Opptaket har et lydformat som ikke kan brukes.")
            if frames > rate * MAX_SECONDS:
                raise RecordingRefused(f"Opptaket er over {MAX_SECONDS // 60} minutter langt.")
            if frames < rate // 4:
                raise RecordingRefused("Opptaket er for kort: trykk «Ta opp» og les teksten.")
            samples = sound.readframes(frames)
    except (wave.Error, EOFError):
        raise RecordingRefused("Opptaket kunne ikke leses. Prøv å ta det opp igjen.") from None
    if channels == 2:  # a stereo microphone: both sides, halved
        both = array.array("h", samples)
        samples = array.array(
            "h", ((a + b) // 2 for a, b in zip(both[0::2], both[1::2], strict=True))
        ).tobytes()
    return pcm_to_mp3(samples, sample_rate=rate, channels=1)


def keep_recording(
    read_aloud: ReadAloud, questionnaire_id: str, language: str, name: str, mp3: bytes
) -> Recording:
    """Save a clip's recording and the words it says now, where every process plays it."""
    places = {p.name: p for p in clips_of(read_aloud, questionnaire_id, language)}
    if name not in places:
        raise RecordingRefused("Skjemaet har ikke noe slikt opptak.")
    folder = read_aloud.recordings_dir / questionnaire_id / language
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.mp3"
    text = places[name].text.strip() + "\n"
    _saved(path.with_suffix(".txt"), text.encode("utf-8"))
    _saved(path, mp3)  # last: the words are there when the watcher sees the sound
    return Recording(path, places[name].text, "current")


def _saved(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".opptak-", suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(content)
    os.replace(temporary, path)
