"""What is read aloud on each page, and where a human recording replaces the synthesizer.

A question page has a clip for the whole page (the question, then every answer option,
then "Vil ikke svare") and one clip per option. A text page has one clip (title and text).

Recordings win over synthesis. Drop an MP3 into audio/recorded/ named:

    <questionnaire>/<language>/<page id>.mp3             the whole page
    <questionnaire>/<language>/<page id>.<option>.mp3    one option on that page
    <questionnaire>/<language>/options/<option>.mp3      an option on every page

where <option> is the option's value (ja, nei, ...) or vil_ikke_svare. The screen asking who
is with the resident has the page id `hvem` and the options selv, personale, familie, annen.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.questionnaires import declining
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import CommentPage, Page, Questionnaire, QuestionPage
from app.speech.synthesis import Clip, apply_pronunciations
from app.survey import helping


@dataclass(frozen=True)
class PageAudio:
    page: Clip
    options: dict[str, Clip]  # option value (or declining.CODE) → clip


class ReadAloud:
    """Every clip of every questionnaire, by page and by key (the key is in the clip's URL)."""

    def __init__(self, catalog: Catalog, recordings_dir: Path) -> None:
        self.catalog = catalog
        self.recordings_dir = recordings_dir
        self._pages: dict[tuple[str, str], PageAudio] = {}
        self._by_key: dict[str, Clip] = {}
        for questionnaire in catalog.questionnaires.values():
            for page in questionnaire.pages:
                audio = self._page_audio(questionnaire, page)
                self._pages[questionnaire.id, page.id] = audio
                for clip in (audio.page, *audio.options.values()):
                    self._by_key[clip.key] = clip
            if questionnaire.ask_helper:
                labels = {helper.value: helper.label for helper in helping.HELPERS}
                audio = self._choice_audio(
                    questionnaire, helping.SCREEN_ID, helping.QUESTION, labels, shared=False
                )
                self._pages[questionnaire.id, helping.SCREEN_ID] = audio
                for clip in (audio.page, *audio.options.values()):
                    self._by_key[clip.key] = clip

    def for_page(self, questionnaire_id: str, page_id: str) -> PageAudio | None:
        return self._pages.get((questionnaire_id, page_id))

    def by_key(self, key: str) -> Clip | None:
        return self._by_key.get(key)

    def clips(self) -> Iterator[Clip]:
        yield from self._by_key.values()

    def places(self) -> Iterator[tuple[str, Clip]]:
        """Each clip with where it is heard ("beboer/hjem_trives", "beboer/hjem_trives.ja")."""
        for (questionnaire_id, page_id), audio in self._pages.items():
            yield f"{questionnaire_id}/{page_id}", audio.page
            for value, clip in audio.options.items():
                yield f"{questionnaire_id}/{page_id}.{value}", clip

    def _page_audio(self, questionnaire: Questionnaire, page: Page) -> PageAudio:
        if isinstance(page, CommentPage):
            spoken = f"{page.text}\n{page.warning}"
            return PageAudio(page=self._clip(questionnaire, spoken, page.id), options={})
        if not isinstance(page, QuestionPage):
            return PageAudio(
                page=self._clip(questionnaire, f"{page.title}.\n{page.text}", page.id), options={}
            )
        labels = {o.value: o.label for o in self.catalog.scale_of(page).options}
        labels[declining.CODE] = declining.LABEL
        return self._choice_audio(questionnaire, page.id, page.text, labels, shared=True)

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
        return Clip(
            text=apply_pronunciations(text, words),
            engine=speech.engine,
            voice=speech.voice,
            rate=speech.rate,
            recorded=self._recording(questionnaire, names),
        )

    def _recording(self, questionnaire: Questionnaire, names: tuple[str, ...]) -> Path | None:
        folder = self.recordings_dir / questionnaire.id / questionnaire.language
        for name in names:
            candidate = folder / f"{name}.mp3"
            if candidate.is_file():
                return candidate
        return None
