"""Read-aloud benchmark: time to make every clip with an empty cache and with a full one, and
how compact the clips are (KB per second of speech)."""

import sys
import tempfile
import time
from pathlib import Path

from app.config import Settings
from app.questionnaires.catalog import load_catalog
from app.speech.readaloud import ReadAloud
from app.speech.synthesis import ClipStore, EspeakEngine, Outcome, mp3_duration
from benchmarks.report import machine, now, write_section


def main() -> int:
    settings = Settings()
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    clips = list(ReadAloud(catalog, settings.recordings_dir).clips())
    store = ClipStore(Path(tempfile.mkdtemp(prefix="minstemme-audio-")), {"espeak": EspeakEngine()})

    started = time.perf_counter()
    cold = [store.ensure(clip) for clip in clips]
    cold_seconds = time.perf_counter() - started
    started = time.perf_counter()
    warm = [store.ensure(clip) for clip in clips]
    warm_seconds = time.perf_counter() - started

    assert all(result.outcome is Outcome.BUILT for result in cold), "cache was not empty"
    assert all(result.outcome is Outcome.CACHED for result in warm)
    sizes = [result.path.stat().st_size for result in cold]
    speech = sum(mp3_duration(result.path.read_bytes()) for result in cold)
    report = "\n".join(
        [
            f"{len(clips)} clips (every page and answer option of every questionnaire), "
            f"espeak-ng voice gmq/nb at 150 words per minute, MP3 48 kbit/s mono; "
            f"run {now()} on {machine()}.",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| make all clips, empty cache | {cold_seconds:.2f} s "
            f"({1000 * cold_seconds / len(clips):.0f} ms a clip) |",
            f"| the same with every clip cached | {warm_seconds * 1000:.1f} ms |",
            f"| speech in all clips | {speech:.0f} s |",
            f"| size of all clips | {sum(sizes) / 1024:.0f} KB |",
            f"| KB per second of speech | {sum(sizes) / 1024 / speech:.1f} (aim ≤ 8) |",
            f"| largest clip | {max(sizes) / 1024:.0f} KB |",
        ]
    )
    print(report)
    write_section("audio", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
