"""The plain-language report: what makes a question hard to understand or to answer, and how
readable a questionnaire is as a whole.

Everything here is advice for the owner (warnings that never stop a questionnaire): residents
have intellectual disabilities, so a question should be short, ask one thing, without a
negation, in everyday words. Each language a questionnaire offers is judged in its own words.
Rare words are judged by how often they occur in written Norwegian Bokmål or English (the
wordfreq package: Zipf 1 is once in 100 million words, 6 once in a thousand); it has no
nynorsk list, so nynorsk words are not called rare. Words that are hard although they are
common ("bistand") come from questions/hard_words.yaml, which owners extend.
"""

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.questionnaires.model import Questionnaire, QuestionPage, TextPage


@dataclass(frozen=True)
class _LanguageWords:
    negations: tuple[str, ...]
    joiners: tuple[str, ...]  # "Liker du maten og personalet?" asks two things
    idioms: frozenset[tuple[str, str]]  # "Er du med og bestemmer …?" is one thing
    word_list: str | None  # wordfreq's list of the language; None: rare words are not judged
    written: str = "skrevet norsk"  # where a rare word is rare


_NORWEGIAN_IDIOMS = frozenset({("med", "og")})
_WORDS_OF = {
    "nb": _LanguageWords(
        ("ikke", "ingen", "ingenting", "aldri", "verken"), ("og", "eller"), _NORWEGIAN_IDIOMS, "nb"
    ),
    "nn": _LanguageWords(
        ("ikkje", "ingen", "inga", "ingenting", "aldri", "verken"),
        ("og", "eller"),
        _NORWEGIAN_IDIOMS,
        None,
    ),
    "en": _LanguageWords(
        ("not", "no", "never", "nothing", "none", "neither", "nobody"),
        ("and", "or"),
        frozenset(),
        "en",
        "skrevet engelsk",
    ),
}
_QUESTION = re.compile(r"[^.!?:]*\?")
LIX_LONG_WORD = 6  # LIX counts words of more than six letters
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:]+")


@dataclass(frozen=True)
class PlainLanguageRules:
    """Thresholds, from the settings (MINSTEMME_PLAIN_*)."""

    max_words: int = 15  # in one question
    long_word: int = 13  # letters; longer words are named
    rare_zipf: float = 1.5  # words rarer than this in written Norwegian are named


@dataclass(frozen=True)
class HardWords:
    """Owners' list: hard words and what to write instead, and words that are fine here
    although long or rare (a service's name, a place)."""

    hard: Mapping[str, str] = field(default_factory=dict)
    known: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    longest_sentence: int  # words
    long_words: int  # of more than six letters, as LIX counts them

    @property
    def lix(self) -> float:
        return lix(self.words, self.sentences, self.long_words)

    @property
    def lix_said(self) -> str:
        for limit, said in ((25, "svært lett"), (30, "lett"), (40, "middels"), (50, "vanskelig")):
            if self.lix < limit:
                return said
        return "svært vanskelig"


def lix(words: int, sentences: int, long_words: int) -> float:
    """Björnsson's readability index: words per sentence plus the share of long words, in %."""
    if words == 0:
        return 0.0
    return words / max(sentences, 1) + 100 * long_words / words


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if words_of(s)]


def readability(texts: Iterable[str]) -> Readability:
    """Each text (a title, a question) counts as at least one sentence."""
    sentences = [sentence for text in texts for sentence in sentences_of(text)]
    counts = [len(words_of(sentence)) for sentence in sentences]
    words = [word for sentence in sentences for word in words_of(sentence)]
    return Readability(
        words=len(words),
        sentences=len(sentences),
        longest_sentence=max(counts, default=0),
        long_words=sum(len(word) > LIX_LONG_WORD for word in words),
    )


def shown_texts(questionnaire: Questionnaire) -> list[str]:
    """What a respondent reads and hears, page by page (answer buttons are the scales')."""
    texts = []
    for page in questionnaire.pages:
        if isinstance(page, TextPage):
            texts += [page.title, page.text]
        elif isinstance(page, QuestionPage):
            texts += [page.text, page.explanation]
    return [text for text in texts if text.strip()]


def question_advice(
    text: str, rules: PlainLanguageRules, hard_words: HardWords, language: str = "nb"
) -> list[str]:
    """What makes this question, written in `language`, hard: each said with what to do
    instead."""
    said_in = _WORDS_OF.get(language, _WORDS_OF["nb"])
    words = words_of(text)
    lower = [word.casefold() for word in words]
    advice = []
    if len(words) > rules.max_words:
        advice.append(
            f"spørsmålet har {len(words)} ord. Skriv høyst {rules.max_words} ord og én ting "
            "per spørsmål."
        )
    if text.count("?") > 1:
        advice.append(f"{text.count('?')} spørsmålstegn: spør om én ting om gangen.")
    for joiner in _joiners(text, said_in):
        advice.append(
            f"«{joiner}» kan gjøre dette til to spørsmål i ett: svaret kan gjelde det ene "
            "og ikke det andre. Del det i to spørsmål, eller skriv det om."
        )
    for negation in said_in.negations:
        if negation in lower:
            advice.append(
                f"«{negation}» gjør spørsmålet vanskelig å svare ja eller nei på (et «nei» kan "
                "bety to ting). Spør uten nektelse."
            )
    advice += _word_advice(words, rules, hard_words, said_in)
    return advice


def explanation_advice(
    text: str, rules: PlainLanguageRules, hard_words: HardWords, language: str = "nb"
) -> list[str]:
    """What makes a question's explanation of a word hard: its own hard, long or rare words."""
    said_in = _WORDS_OF.get(language, _WORDS_OF["nb"])
    found = _word_advice(words_of(text), rules, hard_words, said_in)
    return [f"forklaringen: {advice}" for advice in found]


def _joiners(text: str, said_in: _LanguageWords) -> list[str]:
    """ "og" and "eller" in the question itself (not in a sentence before it), except idioms."""
    found = []
    for question in _QUESTION.findall(text):
        words = [word.casefold() for word in words_of(question)]
        for before, word in itertools.pairwise(words):
            if (
                word in said_in.joiners
                and (before, word) not in said_in.idioms
                and word not in found
            ):
                found.append(word)
    return found


def _word_advice(
    words: Sequence[str], rules: PlainLanguageRules, hard: HardWords, said_in: _LanguageWords
) -> list[str]:
    word_list = said_in.word_list
    advice = []
    for word in dict.fromkeys(words):  # each word once, in order
        lower = word.casefold()
        if lower in hard.known:
            continue
        if lower in hard.hard:
            advice.append(f"«{word}» er et vanskelig ord. Skriv heller «{hard.hard[lower]}».")
        elif len(word) > rules.long_word:
            advice.append(
                f"«{word}» er et langt ord ({len(word)} bokstaver). Finn et kortere, eller si "
                "det med flere, enkle ord."
            )
        elif word_list and rules.rare_zipf > 0 and _zipf(lower, word_list) < rules.rare_zipf:
            advice.append(
                f"«{word}» er et sjeldent ord i {said_in.written}. Bruk et ord folk sier hver dag, "
                "eller før det opp under known_words i hard_words.yaml hvis det er kjent her."
            )
    return advice


def _zipf(word: str, word_list: str) -> float:
    from wordfreq import zipf_frequency  # its word lists take a moment to load: only if asked

    return float(zipf_frequency(word, word_list))
