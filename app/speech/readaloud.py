"""What is read aloud on each page, and where a human recording replaces the synthesizer.

A question page has a clip for the whole page (the question, then every answer option,
then "Vil ikke svare"), one for the question alone (heard first when a page opens with switch
scanning, before each option is heard as it lights up), and one clip per option. Where a
questionnaire balances the option order, the page has a second clip reading the options in the
reversed order, so everyone hears them in the order they see them. A text page has one clip
(title and text).

Recordings win over synthesis. Drop an MP3 into audio/recorded/ named:

    <questionnaire>/<language>/<page id>.mp3             the whole page
    <questionnaire>/<language>/<page id>.reversed.mp3    the whole page, options reversed
    <questionnaire>/<language>/<page id>.question.mp3    the question alone
    <questionnaire>/<language>/<page id>.<option>.mp3    one option on that page
    <questionnaire>/<language>/options/<option>.mp3      an option on every page

where <option> is the option's value (ja, nei, ...) or vil_ikke_svare. The screen asking who
is with the resident has the page id `hvem` and the options selv, personale, familie, annen.

Beside each recording a .txt holds the words it says (`minstemme audio build` writes it the
first time it sees the recording). A recording whose words are no longer the page's is not
played: synthesis says the new words, and `audio check` and `audio build` list it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.questionnaires import declining
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import CommentPage, Page, Questionnaire, QuestionPage
from app.speech.synthesis import Clip, apply_pronunciations, describe, recalled
from app.survey import helping
from app.words import DEFAULT_LANGUAGE, words_in


@dataclass(frozen=True)
class PageAudio:
    page: Clip
    options: dict[str, Clip]  # option value (or declining.CODE) → clip
    page_reversed: Clip | None = None  # the options read in the reversed order
    question: Clip | None = None  # the question alone (switch scanning says it first)

    def heard(self, reversed_options: bool) -> Clip:
        """The page's clip in the order this respondent sees its options."""
        if reversed_options and self.page_reversed is not None:
            return self.page_reversed
        return self.page

    @property
    def clips(self) -> tuple[Clip, ...]:
        both = (self.page, self.page_reversed) if self.page_reversed else (self.page,)
        alone = (self.question,) if self.question else ()
        return (*both, *alone, *self.options.values())


RecordingState = Literal["current", "stale", "unknown"]


@dataclass(frozen=True)
class Recording:
    """A human recording and whether it says the words its place has now."""

    path: Path
    text: str  # the words it should say (the page's text now)
    state: RecordingState  # stale: made for other words; unknown: no .txt beside it yet

    @property
    def words_file(self) -> Path:
        return self.path.with_suffix(".txt")


class ReadAloud:
    """Every clip of every questionnaire, by page and by key (the key is in the clip's URL)."""

    def __init__(
        self, catalog: Catalog, recordings_dir: Path, shared_dir: Path | None = None
    ) -> None:
        self.catalog = catalog
        self.recordings_dir = recordings_dir
        # Where clips made while a page is shown are described for the server's other
        # processes (`--workers N`): the page's clip may be asked of another one.
        self.shared_dir = shared_dir
        # By questionnaire, language and page; and for the versions published before the
        # newest (the responses answered in them), by questionnaire, version, language, page.
        self._pages: dict[tuple[str, str, str], PageAudio] = {}
        self._earlier: dict[tuple[str, int, str, str], PageAudio] = {}
        # Pages of a questionnaire naming the service as a round does, by questionnaire,
        # version, language, the name and page (see `for_page`).
        self._named: dict[tuple[str, int, str, str, str], PageAudio] = {}
        self._by_key: dict[str, Clip] = {}
        self._words: dict[str, str] = {}  # a clip's key → the words it says, as written
        self._recordings: dict[Path, Recording] = {}
        self._listed: dict[Path, set[str]] = {}
        self._interface_voice = next(
            (q for q in catalog.questionnaires.values() if q.audience == "resident"), None
        )
        for newest in catalog.questionnaires.values():
            for questionnaire in _in_each_language(catalog, newest):
                for page_id, audio in self._every_page(questionnaire):
                    self._pages[newest.id, questionnaire.language, page_id] = audio
        for (questionnaire_id, version), earlier in catalog.earlier.items():
            for questionnaire in _in_each_language(catalog, earlier):
                for page_id, audio in self._every_page(questionnaire):
                    key = (questionnaire_id, version, questionnaire.language, page_id)
                    self._earlier[key] = audio

    def _every_page(self, questionnaire: Questionnaire) -> Iterator[tuple[str, PageAudio]]:
        audios = [(page.id, self._page_audio(questionnaire, page)) for page in questionnaire.pages]
        if questionnaire.ask_helper:
            language = questionnaire.language
            labels = {helper.value: helper.label(language) for helper in helping.HELPERS}
            question = words_in(language).who_is_with_you
            audio = self._choice_audio(
                questionnaire, helping.SCREEN_ID, question, labels, shared=False
            )
            audios.append((helping.SCREEN_ID, audio))
        for page_id, audio in audios:
            for clip in audio.clips:
                self._by_key.setdefault(clip.key, clip)
            yield page_id, audio

    def spoken(self, text: str, language: str = DEFAULT_LANGUAGE) -> Clip | None:
        """A clip for a text of the interface itself (the pause page, a message, one character
        of a code) in `language`, in the residents' questionnaire's voice; None without such a
        questionnaire."""
        if self._interface_voice is None:
            return None
        speaker = self._interface_voice.model_copy(update={"language": language})
        return self._shared(self._clip(speaker, text))

    def for_page(
        self,
        questionnaire_id: str,
        page_id: str,
        version: int | None = None,
        language: str | None = None,
        shown: Questionnaire | None = None,
    ) -> PageAudio | None:
        """A page's clips in the newest version, or in `version` if that is an earlier one; in
        `language` (the questionnaire's own when None). `shown`: the questionnaire as the page
        shows it, which may name the service as its round does (Catalog.named): its clips then
        say that name (made when first asked for; synthesized when first played)."""
        newest = self.catalog.questionnaires.get(questionnaire_id)
        language = language or (newest.language if newest else DEFAULT_LANGUAGE)
        earlier = self._earlier.get((questionnaire_id, version or 0, language, page_id))
        found = earlier or self._pages.get((questionnaire_id, language, page_id))
        built_from = self.catalog.earlier.get((questionnaire_id, version or 0)) or newest
        if found is None or shown is None or built_from is None:
            return found
        if shown.service_name == built_from.service_name:
            return found
        page = shown.page(page_id)
        if page is None:
            return found
        key = (questionnaire_id, shown.version, language, shown.service_name, page_id)
        if key not in self._named:
            audio = self._page_audio(shown, page)
            for clip in audio.clips:
                self._shared(clip)
            self._named[key] = audio
        return self._named[key]

    def by_key(self, key: str) -> Clip | None:
        """The clip with this key: known here, or made by another process of the server."""
        known = self._by_key.get(key)
        if known is None and self.shared_dir is not None:
            known = recalled(self.shared_dir, key)
            if known is not None:
                self._by_key[key] = known
        return known

    def _shared(self, clip: Clip) -> Clip:
        """A clip made now, known here and described for the server's other processes."""
        if clip.key not in self._by_key and self.shared_dir is not None:
            describe(self.shared_dir, clip)
        return self._by_key.setdefault(clip.key, clip)

    def clips(self) -> Iterator[Clip]:
        yield from self._by_key.values()

    @property
    def recordings(self) -> list[Recording]:
        """Every recording found, and whether it says its place's words."""
        return sorted(self._recordings.values(), key=lambda r: r.path)

    def note_recorded_texts(self) -> int:
        """Write the words beside each recording that has none yet (it is taken to say its
        place's words now); returns how many."""
        unknown = [r for r in self._recordings.values() if r.state == "unknown"]
        for recording in unknown:
            recording.words_file.write_text(recording.text.strip() + "\n", encoding="utf-8")
        return len(unknown)

    def named_clips(
        self, questionnaire_id: str, language: str
    ) -> Iterator[tuple[str, str, str | None]]:
        """Each clip of a questionnaire's newest version in a language, in page order: its
        recording's name, the words it says, and the recording shared by every page that
        may stand in for it (an answer option's, in options/)."""
        for (questionnaire, in_language, page_id), audio in self._pages.items():
            if (questionnaire, in_language) != (questionnaire_id, language):
                continue
            shown: list[tuple[str, Clip, str | None]] = [(page_id, audio.page, None)]
            if audio.page_reversed is not None:
                shown.append((f"{page_id}.reversed", audio.page_reversed, None))
            if audio.question is not None:
                shown.append((f"{page_id}.question", audio.question, None))
            shared = page_id != helping.SCREEN_ID
            shown += [
                (f"{page_id}.{value}", clip, f"options/{value}" if shared else None)
                for value, clip in audio.options.items()
            ]
            for name, clip, stand_in in shown:
                yield name, self._words.get(clip.key, clip.text), stand_in

    def places(self) -> Iterator[tuple[str, Clip]]:
        """Each clip with where it is heard ("beboer/hjem_trives", "beboer/hjem_trives.ja")."""
        for (questionnaire_id, language, page_id), audio in self._pages.items():
            where = f"{questionnaire_id}/{language}/{page_id}"
            yield where, audio.page
            if audio.page_reversed is not None:
                yield f"{where}.reversed", audio.page_reversed
            if audio.question is not None:
                yield f"{where}.question", audio.question
            for value, clip in audio.options.items():
                yield f"{where}.{value}", clip

    def _page_audio(self, questionnaire: Questionnaire, page: Page) -> PageAudio:
        if isinstance(page, CommentPage):
            spoken = f"{page.text}\n{page.warning}"
            return PageAudio(page=self._clip(questionnaire, spoken, page.id), options={})
        if not isinstance(page, QuestionPage):
            return PageAudio(
                page=self._clip(questionnaire, f"{page.title}.\n{page.text}", page.id), options={}
            )
        options = self.catalog.scale_of(page, questionnaire.language).options
        decline = words_in(questionnaire.language).decline
        labels = {o.value: o.label for o in options} | {declining.CODE: decline}
        audio = self._choice_audio(questionnaire, page.id, page.read_first, labels, shared=True)
        if not questionnaire.balance_option_order:
            return audio
        shown = [f"{o.label}." for o in reversed(options)] + [f"{decline}."]
        spoken = " ".join([page.read_first, *shown])
        return PageAudio(
            page=audio.page,
            options=audio.options,
            page_reversed=self._clip(questionnaire, spoken, f"{page.id}.reversed"),
            question=audio.question,
        )

    def _choice_audio(
        self,
        questionnaire: Questionnaire,
        page_id: str,
        question: str,
        labels: dict[str, str],
        shared: bool,
    ) -> PageAudio:
        """A question and its choices: one clip for all, one per choice. `shared`: a
        recording in options/ serves this choice on every page."""
        spoken = " ".join([question, *(f"{label}." for label in labels.values())])
        return PageAudio(
            page=self._clip(questionnaire, spoken, page_id),
            question=self._clip(questionnaire, question, f"{page_id}.question"),
            options={
                value: self._clip(
                    questionnaire,
                    label,
                    f"{page_id}.{value}",
                    *([f"options/{value}"] if shared else []),
                )
                for value, label in labels.items()
            },
        )

    def _clip(self, questionnaire: Questionnaire, text: str, *names: str) -> Clip:
        speech = questionnaire.speech
        words = getattr(self.catalog.pronunciation, questionnaire.language)
        clip = Clip(
            text=apply_pronunciations(text, words),
            engine=speech.engine,
            voice=speech.voice_for(questionnaire.language),
            rate=speech.rate,
            recorded=self._recording(questionnaire, names, text),
        )
        self._words.setdefault(clip.key, text)
        return clip

    def _recording(
        self, questionnaire: Questionnaire, names: tuple[str, ...], text: str
    ) -> Path | None:
        """The first of `names` recorded for these words (or not known to be otherwise)."""
        folder = self.recordings_dir / questionnaire.id / questionnaire.language
        recorded = self._recorded(folder)
        for name in names:
            if f"{name}.mp3" not in recorded:
                continue
            candidate = folder / f"{name}.mp3"
            recording = _checked(candidate, text)
            self._recordings.setdefault(candidate, recording)  # listed once, as first used
            if recording.state != "stale":
                return candidate
        return None

    def _recorded(self, folder: Path) -> set[str]:
        """The recordings in a folder, as names under it ("options/ja.mp3"): listed once,
        not looked for clip by clip (1,400 clips when the server starts)."""
        found = self._listed.get(folder)
        if found is None:
            found = {
                path.relative_to(folder).as_posix()
                for path in folder.rglob("*.mp3")
                if path.is_file()
            }
            self._listed[folder] = found
        return found


def _in_each_language(catalog: Catalog, questionnaire: Questionnaire) -> list[Questionnaire]:
    return [catalog.in_language(questionnaire, language) for language in questionnaire.offered]


def _checked(path: Path, text: str) -> Recording:
    """Whether the recording at `path` says `text`, by the words beside it."""
    beside = path.with_suffix(".txt")
    if not beside.is_file():
        return Recording(path, text, "unknown")
    said = beside.read_text(encoding="utf-8").strip()
    return Recording(path, text, "current" if said == text.strip() else "stale")
