"""Read-aloud clips made with real speech synthesis (espeak-ng), cached and served."""

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.questionnaires.catalog import Catalog
from app.speech.readaloud import ReadAloud
from app.speech.synthesis import (
    Clip,
    ClipStore,
    EspeakEngine,
    GttsEngine,
    Outcome,
    apply_pronunciations,
    describe,
    mp3_duration,
    recalled,
)

QUESTION = Clip(text="Trives du der du bor? Ja. Nei.", engine="espeak", voice="gmq/nb", rate=150)


class CountingEspeak(EspeakEngine):
    """The real engine, counting how often it is asked to speak."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def synthesize(self, text: str, voice: str, rate: int) -> bytes:
        self.calls += 1
        return super().synthesize(text, voice, rate)


@pytest.fixture
def espeak() -> CountingEspeak:
    return CountingEspeak()


@pytest.fixture
def store(tmp_path: Path, espeak: CountingEspeak) -> ClipStore:
    # "invalid" is a reserved top-level domain: gTTS fails at once, as it does offline.
    return ClipStore(tmp_path / "cache", {"espeak": espeak, "gtts": GttsEngine(tld="invalid")})


def test_a_clip_is_compact_mp3_speech(store: ClipStore) -> None:
    result = store.ensure(QUESTION)
    assert result.outcome is Outcome.BUILT
    sound = result.path.read_bytes()
    seconds = mp3_duration(sound)
    assert 1.0 < seconds < 6.0
    assert len(sound) / seconds <= 8 * 1024  # at most about 8 KB per second of speech
    assert result.path.name == f"{QUESTION.key}.mp3"


def test_slower_speech_is_longer(store: ClipStore) -> None:
    slow = store.ensure(QUESTION).path.read_bytes()
    fast = store.ensure(Clip(QUESTION.text, "espeak", "gmq/nb", 250)).path.read_bytes()
    assert mp3_duration(slow) > 1.3 * mp3_duration(fast)


def test_a_cached_clip_is_not_made_again_and_edited_text_is(
    store: ClipStore, espeak: CountingEspeak
) -> None:
    first = store.ensure(QUESTION)
    again = store.ensure(QUESTION)
    assert (again.outcome, espeak.calls) == (Outcome.CACHED, 1)
    assert again.path == first.path
    edited = Clip("Trives du hjemme? Ja. Nei.", "espeak", "gmq/nb", 150)
    assert edited.key != QUESTION.key
    assert store.ensure(edited).outcome is Outcome.BUILT
    assert espeak.calls == 2


def test_two_requests_at_once_make_the_clip_once(store: ClipStore, espeak: CountingEspeak) -> None:
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(store.ensure(QUESTION))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert espeak.calls == 1
    assert sorted(r.outcome for r in results) == [Outcome.BUILT] + [Outcome.CACHED] * 3


def test_failing_online_voice_falls_back_to_espeak_and_says_so(store: ClipStore) -> None:
    online = Clip(QUESTION.text, "gtts", "gmq/nb", 150)
    result = store.ensure(online)
    assert result.outcome is Outcome.FALLBACK
    assert "gTTS" in result.message and "espeak-ng" in result.message
    assert mp3_duration(result.path.read_bytes()) > 1.0
    assert store.existing(online) == result.path
    assert not store.path(online).exists()  # the online voice is tried again next time


def test_a_recording_wins_over_synthesis(
    tmp_path: Path, catalog: Catalog, store: ClipStore, espeak: CountingEspeak
) -> None:
    recordings = tmp_path / "recorded"
    synthesized = ReadAloud(catalog, recordings).for_page("beboer", "hjem_trives")
    assert synthesized is not None and synthesized.page.recorded is None
    recording = recordings / "beboer" / "nb" / "hjem_trives.mp3"
    recording.parent.mkdir(parents=True)
    recording.write_bytes(store.ensure(QUESTION).path.read_bytes())
    (recordings / "beboer" / "nb" / "options").mkdir()
    (recordings / "beboer" / "nb" / "options" / "ja.mp3").write_bytes(recording.read_bytes())
    calls = espeak.calls

    recorded = ReadAloud(catalog, recordings).for_page("beboer", "hjem_trives")
    assert recorded is not None
    assert recorded.page.recorded == recording
    assert recorded.page.key != synthesized.page.key
    assert recorded.options["ja"].recorded == recordings / "beboer/nb/options/ja.mp3"
    assert recorded.options["nei"].recorded is None
    assert store.ensure(recorded.page).outcome is Outcome.RECORDED
    assert espeak.calls == calls


def test_what_is_read_on_each_page(tmp_path: Path, catalog: Catalog) -> None:
    read_aloud = ReadAloud(catalog, tmp_path)
    question = read_aloud.for_page("beboer", "hjem_trives")
    assert question is not None
    assert question.page.text == "Trives du der du bor? Ja. Både ja og nei. Nei. Vil ikke svare."
    assert {value: clip.text for value, clip in question.options.items()} == {
        "ja": "Ja",
        "delvis": "Både ja og nei",
        "nei": "Nei",
        "vil_ikke_svare": "Vil ikke svare",
    }
    guide = read_aloud.for_page("beboer", "eir")
    assert guide is not None
    assert guide.page.text.startswith("Dette er Æir.")  # from questions/pronunciation.yaml
    assert question.page.rate == 150 and question.page.voice == "gmq/nb"


def test_pronunciations_replace_whole_words_only() -> None:
    assert apply_pronunciations("Eir og Eirik", {"Eir": "Æir"}) == "Æir og Eirik"


def test_clips_are_served_with_range_support_and_made_on_first_request(
    client: TestClient, catalog: Catalog, tmp_path: Path
) -> None:
    audio = ReadAloud(catalog, tmp_path / "none").for_page("beboer", "hjem_trives")
    assert audio is not None
    url = f"/audio/{audio.options['nei'].key}.mp3"
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "audio/mpeg"
    assert "immutable" in whole.headers["cache-control"]
    assert "content-encoding" not in whole.headers
    assert mp3_duration(whole.content) > 0.2

    part = client.get(url, headers={"Range": "bytes=100-599"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-599/{len(whole.content)}"
    assert part.content == whole.content[100:600]

    assert client.get("/audio/ffffffffffffffffffffffff.mp3").status_code == 404


def test_the_page_is_read_in_the_order_it_is_shown(tmp_path: Path, catalog: Catalog) -> None:
    """With balance_option_order half the residents see "Nei" on top: they hear it first too
    (the voice must not undo the protection against answering the last option heard)."""
    recordings = tmp_path / "recorded"
    audio = ReadAloud(catalog, recordings).for_page("beboer", "hjem_trives")
    assert audio is not None
    assert audio.heard(reversed_options=False).text == (
        "Trives du der du bor? Ja. Både ja og nei. Nei. Vil ikke svare."
    )
    assert audio.heard(reversed_options=True).text == (
        "Trives du der du bor? Nei. Både ja og nei. Ja. Vil ikke svare."
    )
    # A recording of the page reads it in one order: it never serves the other.
    folder = recordings / "beboer" / "nb"
    folder.mkdir(parents=True)
    (folder / "hjem_trives.mp3").write_bytes(b"\xff\xf3normal order")
    recorded = ReadAloud(catalog, recordings).for_page("beboer", "hjem_trives")
    assert recorded is not None
    assert recorded.heard(reversed_options=False).recorded == folder / "hjem_trives.mp3"
    assert recorded.heard(reversed_options=True).recorded is None
    (folder / "hjem_trives.reversed.mp3").write_bytes(b"\xff\xf3reversed order")
    both = ReadAloud(catalog, recordings).for_page("beboer", "hjem_trives")
    assert both is not None
    assert both.heard(reversed_options=True).recorded == folder / "hjem_trives.reversed.mp3"


def test_a_recording_of_an_older_wording_is_not_played(tmp_path: Path, catalog: Catalog) -> None:
    """Beside each recording, a .txt holds the words it says (`audio build` writes it the first
    time it sees the recording). When the text changes, synthesis speaks the new words and
    the recording is listed as out of date."""
    folder = tmp_path / "recorded" / "beboer" / "nb"
    folder.mkdir(parents=True)
    recording = folder / "hjem_trives.nei.mp3"
    recording.write_bytes(b"\xff\xf3nei")
    untold = ReadAloud(catalog, tmp_path / "recorded")
    assert [(r.path, r.state) for r in untold.recordings] == [(recording, "unknown")]
    assert untold.note_recorded_texts() == 1
    assert recording.with_suffix(".txt").read_text(encoding="utf-8") == "Nei\n"
    current = ReadAloud(catalog, tmp_path / "recorded")
    assert [r.state for r in current.recordings] == ["current"]
    audio = current.for_page("beboer", "hjem_trives")
    assert audio is not None and audio.options["nei"].recorded == recording

    recording.with_suffix(".txt").write_text("Nei, ikke i det hele tatt\n", encoding="utf-8")
    older = ReadAloud(catalog, tmp_path / "recorded")
    assert [(r.path, r.state, r.text) for r in older.recordings] == [(recording, "stale", "Nei")]
    audio = older.for_page("beboer", "hjem_trives")
    assert audio is not None and audio.options["nei"].recorded is None
    assert audio.options["nei"].text == "Nei"


def test_a_described_clip_is_recalled_only_as_itself(tmp_path: Path) -> None:
    """Another process finds a clip by its key from its description; a file that does not
    make that key, or a key that is no key, finds nothing."""
    clip = Clip("Ta en pause", "espeak", "nb", 150)
    describe(tmp_path, clip)
    assert recalled(tmp_path, clip.key) == clip
    (tmp_path / f"{clip.key}.json").write_text(
        '{"text": "Noe annet", "engine": "espeak", "voice": "nb", "rate": 150}'
    )
    assert recalled(tmp_path, clip.key) is None
    assert recalled(tmp_path, "../../etc/passwd") is None
    assert recalled(tmp_path, "0" * 24) is None
