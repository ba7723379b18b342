"""Turning text into compact speech clips, offline by default.

Three sources, in order of preference: a human recording dropped into audio/recorded/, the
online gTTS voice (when an owner has internet while building), and espeak-ng through pyttsx3,
which works on a fresh machine with no network. Clips are MP3, mono, 48 kbit/s (~6 KB per
second of speech), cached under a key made from everything that changes the sound.
"""

import ctypes
import hashlib
import io
import json
import os
import re
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, Protocol, get_args

import lameenc

from app.config import Settings

EngineName = Literal["espeak", "gtts"]
MP3_KBITS = 48


class SpeechFailed(Exception):
    """An engine could not make a clip."""


class Outcome(StrEnum):
    BUILT = "built"
    CACHED = "cached"
    RECORDED = "recorded"
    FALLBACK = "fallback"
    FAILED = "failed"


@dataclass(frozen=True)
class Clip:
    """One thing to be heard: its text as spoken, and how to say it."""

    text: str
    engine: EngineName
    voice: str
    rate: int
    recorded: Path | None = None

    @cached_property
    def key(self) -> str:
        if self.recorded is not None:
            source = b"recorded\0" + self.recorded.read_bytes()
        else:
            source = "\0".join([self.engine, self.voice, str(self.rate), self.text]).encode()
        return hashlib.sha256(source).hexdigest()[:24]


def describe(folder: Path, clip: Clip) -> None:
    """Write what a synthesized clip says and how (`<key>.json` beside the clips), so another
    process of the server can make or serve it when asked by its key."""
    if clip.recorded is not None:
        return
    target = folder / f"{clip.key}.json"
    if target.is_file():
        return
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    said = {"text": clip.text, "engine": clip.engine, "voice": clip.voice, "rate": clip.rate}
    partial.write_text(json.dumps(said, ensure_ascii=False), "utf-8")
    partial.replace(target)


def recalled(folder: Path, key: str) -> Clip | None:
    """The clip described under `key` (`describe`), if it is there and is that clip."""
    if not re.fullmatch(r"[0-9a-f]{24}", key):
        return None
    try:
        said = json.loads((folder / f"{key}.json").read_text("utf-8"))
        clip = Clip(str(said["text"]), said["engine"], str(said["voice"]), int(said["rate"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return clip if clip.key == key and clip.engine in get_args(EngineName) else None


def apply_pronunciations(text: str, pronunciations: Mapping[str, str]) -> str:
    """Replace whole words the synthesizer says wrong with spellings it says right."""
    for word, spoken in pronunciations.items():
        text = re.sub(rf"\b{re.escape(word)}\b", spoken, text)
    return text


class Engine(Protocol):
    def synthesize(self, text: str, voice: str, rate: int) -> bytes:
        """MP3 bytes for `text`, or SpeechFailed."""
        ...


class EspeakEngine:
    """espeak-ng through pyttsx3's binding to libespeak-ng.

    pyttsx3's own engine loop queues property changes and now and then synthesizes with the
    previous clip's rate, or writes no sound at all (seen in about 3% of clips made back to
    back). So this calls the same binding directly, synchronously, on one thread of its own:
    the library is not thread-safe, and is initialized once per process.
    """

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="espeak")
        self._sample_rate = 0
        self._chunks: list[bytes] = []

    def synthesize(self, text: str, voice: str, rate: int) -> bytes:
        return self._thread.submit(self._synthesize, text, voice, rate).result()

    def _synthesize(self, text: str, voice: str, rate: int) -> bytes:
        try:
            espeak = self._library()
            if espeak.SetVoiceByName(voice.encode()) != 0:
                raise SpeechFailed(f"espeak-ng has no voice «{voice}»")
            espeak.SetParameter(espeak.RATE, rate, 0)
            self._chunks.clear()
            espeak.Synth(text.encode(), flags=espeak.ENDPAUSE | espeak.CHARS_UTF8)
            espeak.Synchronize()
        except (OSError, RuntimeError, ImportError) as error:
            raise SpeechFailed(f"espeak-ng: {error}") from error
        sound = b"".join(self._chunks)
        if not sound:
            raise SpeechFailed("espeak-ng made no sound")
        return pcm_to_mp3(sound, sample_rate=self._sample_rate, channels=1)

    def _library(self) -> Any:
        from pyttsx3.drivers import _espeak  # loads libespeak-ng (Debian: espeak-ng)

        if not self._sample_rate:
            self._sample_rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 0)
            if self._sample_rate <= 0:
                raise SpeechFailed("espeak-ng could not start")
            _espeak.SetSynthCallback(self._collect)
        return _espeak

    def _collect(self, samples: Any, count: int, events: Any) -> int:
        if count > 0:
            self._chunks.append(ctypes.string_at(samples, count * 2))  # 16-bit mono
        return 0


class GttsEngine:
    """Google's online voice. `tld` picks the Google domain (tests use an unreachable one)."""

    def __init__(self, tld: str = "com") -> None:
        self.tld = tld

    def synthesize(self, text: str, voice: str, rate: int) -> bytes:
        from gtts import gTTS
        from gtts.tts import gTTSError

        buffer = io.BytesIO()
        try:
            # gTTS has no voices or rates; "no" is its code for Norwegian (bokmål), and the
            # English voice (gmw/en...) says English.
            language = "en" if voice.startswith("gmw/en") else "no"
            gTTS(text, lang=language, tld=self.tld).write_to_fp(buffer)
        except (gTTSError, ValueError, OSError) as error:
            raise SpeechFailed(f"gTTS: {error}") from error
        return buffer.getvalue()


def pcm_to_mp3(samples: bytes, *, sample_rate: int, channels: int) -> bytes:
    """16-bit PCM to MP3 at MP3_KBITS, with lameenc (no system tool needed)."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_KBITS)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(channels)
    encoder.set_quality(5)
    return bytes(encoder.encode(samples) + encoder.flush())


# MPEG audio frame header tables, enough to measure a clip without a decoder.
_BITRATES = {
    1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],  # MPEG-1 layer III
    2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],  # MPEG-2/2.5 layer III
}
_SAMPLE_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}


def mp3_duration(data: bytes) -> float:
    """Seconds of sound in an MP3 (layer III), by walking its frame headers."""
    position = 0
    if data[:3] == b"ID3":
        size = data[6:10]
        position = 10 + ((size[0] << 21) | (size[1] << 14) | (size[2] << 7) | size[3])
    seconds = 0.0
    while position + 4 <= len(data):
        header = int.from_bytes(data[position : position + 4], "big")
        version = (header >> 19) & 3
        if (header >> 21) != 0x7FF or version == 1 or ((header >> 17) & 3) != 1:
            position += 1  # not a layer III frame header: resynchronize
            continue
        bitrate_index, rate_index = (header >> 12) & 15, (header >> 10) & 3
        if bitrate_index in (0, 15) or rate_index == 3:
            position += 1
            continue
        bitrate = _BITRATES[1 if version == 3 else 2][bitrate_index] * 1000
        sample_rate = _SAMPLE_RATES[version][rate_index]
        samples = 1152 if version == 3 else 576
        padding = (header >> 9) & 1
        length = samples // 8 * bitrate // sample_rate + padding
        seconds += samples / sample_rate
        position += max(length, 1)
    return seconds


@dataclass(frozen=True)
class ClipResult:
    path: Path
    outcome: Outcome
    message: str = ""


class ClipStore:
    """Clips on disk, made once. A clip that cannot be made is reported, never a crash."""

    def __init__(self, cache_dir: Path, engines: Mapping[str, Engine]) -> None:
        self.cache_dir = cache_dir
        self.engines = engines
        self._lock = threading.Lock()

    def path(self, clip: Clip) -> Path:
        if clip.recorded is not None:
            return clip.recorded
        return self.cache_dir / f"{clip.key}.mp3"

    def existing(self, clip: Clip) -> Path | None:
        """The clip's file if made, or the espeak-ng stand-in made when its engine failed."""
        for candidate in (clip, replace(clip, engine="espeak")):
            path = self.path(candidate)
            if path.is_file():
                return path
        return None

    def ensure(self, clip: Clip) -> ClipResult:
        """Make the clip unless it exists. A failed online voice falls back to espeak-ng,
        stored under espeak's own key, so the online voice is tried again next time."""
        if clip.recorded is not None:
            return ClipResult(clip.recorded, Outcome.RECORDED)
        target = self.path(clip)
        if target.is_file():
            return ClipResult(target, Outcome.CACHED)
        with self._lock:  # one synthesis at a time; a second request waits, then reuses it
            if target.is_file():
                return ClipResult(target, Outcome.CACHED)
            try:
                sound = self.engines[clip.engine].synthesize(clip.text, clip.voice, clip.rate)
            except SpeechFailed as error:
                if clip.engine == "espeak":
                    return ClipResult(target, Outcome.FAILED, str(error))
                failure = str(error)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_suffix(".part")
                partial.write_bytes(sound)
                partial.replace(target)  # never serve a half-written file
                return ClipResult(target, Outcome.BUILT)
        offline = self.ensure(replace(clip, engine="espeak"))
        if offline.outcome is Outcome.FAILED:
            return ClipResult(offline.path, Outcome.FAILED, f"{failure}; {offline.message}")
        return ClipResult(offline.path, Outcome.FALLBACK, f"{failure}; brukte espeak-ng i stedet")


def make_clip_store(settings: Settings) -> ClipStore:
    engines: dict[str, Engine] = {
        "espeak": EspeakEngine(),
        "gtts": GttsEngine(tld=settings.gtts_tld),
    }
    return ClipStore(settings.audio_cache_dir, engines)
