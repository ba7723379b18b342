"""The questions/ folder as a whole: shared themes and scales, and every questionnaire.

`check_catalog` finds every problem at once, each with its file and line, so an owner can
fix a whole file in one go; `load_catalog` refuses to go on while any problem is left.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from app.pictures.illustrations import (
    CREDITS_FILE,
    Credit,
    CreditsFile,
    check_picture,
    credit_for,
)
from app.pictures.images import ImageRejected
from app.questionnaires.model import (
    CommentPage,
    EndPage,
    HardWordsFile,
    IntroPage,
    PronunciationFile,
    Questionnaire,
    QuestionPage,
    Scale,
    ScalesFile,
    Theme,
    ThemesFile,
)
from app.questionnaires.plain_language import (
    HardWords,
    PlainLanguageRules,
    Readability,
    explanation_advice,
    question_advice,
    readability,
    shown_texts,
)
from app.questionnaires.rules import RuleChecker
from app.questionnaires.source import (
    Problem,
    YamlDocument,
    YamlUnreadable,
    read_yaml,
    what_to_write,
)

THEMES_FILE = "themes.yaml"
SCALES_FILE = "scales.yaml"
PRONUNCIATION_FILE = "pronunciation.yaml"
HARD_WORDS_FILE = "hard_words.yaml"
SHARED_FILES = {THEMES_FILE, SCALES_FILE, PRONUNCIATION_FILE, HARD_WORDS_FILE}

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Catalog:
    themes: dict[str, Theme]
    scales: dict[str, Scale]
    questionnaires: dict[str, Questionnaire]
    pronunciation: PronunciationFile = field(default_factory=PronunciationFile)
    credits: list[Credit] = field(default_factory=list)
    # Versions published before the newest, still answered by responses started in them
    # (app/rounds/versions.py), and the scales of theirs that have changed since.
    earlier: dict[tuple[str, int], Questionnaire] = field(default_factory=dict)
    earlier_scales: dict[str, Scale] = field(default_factory=dict)
    # Each questionnaire (each version) in the other languages it offers, by (id, version,
    # language); and the shared scales and themes in every language one of them offers.
    translations: dict[tuple[str, int, str], Questionnaire] = field(default_factory=dict)
    translated_scales: dict[str, dict[str, Scale]] = field(default_factory=dict)
    translated_themes: dict[str, dict[str, Theme]] = field(default_factory=dict)
    # Questionnaires with a round's own name for the service, made when first asked for.
    _named: dict[tuple[str, int, str, str], Questionnaire] = field(
        default_factory=dict, repr=False, compare=False
    )

    def named(self, questionnaire: Questionnaire, service: str) -> Questionnaire:
        """The questionnaire with a round's name for the service wherever its texts write the
        name it has (`service_name`: "Bo og habilitering"); as it is when the round names
        none, or the same one."""
        own = questionnaire.service_name
        if not own or not service or service == own:
            return questionnaire
        key = (questionnaire.id, questionnaire.version, questionnaire.language, service)
        if key not in self._named:
            data = _renamed(questionnaire.model_dump(by_alias=True), own, service)
            self._named[key] = Questionnaire.model_validate(data)
        return self._named[key]

    def in_language(self, questionnaire: Questionnaire, language: str | None) -> Questionnaire:
        """The questionnaire with its texts in `language`; in its own language when it is not
        offered in that one."""
        if language is None or language == questionnaire.language:
            return questionnaire
        key = (questionnaire.id, questionnaire.version, language)
        return self.translations.get(key, questionnaire)

    def scale_of(self, question: QuestionPage, language: str | None = None) -> Scale:
        """The question's scale, its labels in `language` (the catalog's first without)."""
        return self.scale_named(question.scale, language)

    def scale_named(self, name: str, language: str | None = None) -> Scale:
        translated = self.translated_scales.get(language or "", {}).get(name)
        return translated or self.scales.get(name) or self.earlier_scales[name]

    @cached_property
    def every_scale(self) -> dict[str, Scale]:
        """The scales of the newest versions and those earlier versions had (by their name)."""
        return self.scales | self.earlier_scales

    def has_version(self, questionnaire: Questionnaire, version: int) -> bool:
        """Whether `version` of it is known: the newest, or an earlier one that was stored."""
        return version == questionnaire.version or (questionnaire.id, version) in self.earlier

    def in_version(self, questionnaire: Questionnaire, version: int) -> Questionnaire:
        """A questionnaire as `version` of it was published: the one a response started in is
        answered in to its end. The newest stands in for a version that was never stored."""
        if version == questionnaire.version:
            return questionnaire
        return self.earlier.get((questionnaire.id, version), questionnaire)


def _renamed(data: object, own: str, service: str) -> object:
    """Every text in `data` (a questionnaire as plain values) with `service` for `own`."""
    if isinstance(data, str):
        return data.replace(own, service)
    if isinstance(data, dict):
        return {key: _renamed(value, own, service) for key, value in data.items()}
    if isinstance(data, list):
        return [_renamed(value, own, service) for value in data]
    return data


class PlainLanguageReport:
    """What a check says of the questionnaires' language: the advice on each question, the
    warnings `minstemme check` prints, and each text's readability, per questionnaire id and
    language it offers. Made when first asked for (the owners' pages, `minstemme check`): a
    server starts without it (it was a sixth of each worker's start, most of it wordfreq's
    word list)."""

    def __init__(
        self,
        rules: PlainLanguageRules,
        hard_words: HardWords,
        checked: Sequence[tuple["_QuestionnaireChecker", dict[str, Questionnaire]]] = (),
        unused_scales: Sequence[Problem] = (),
    ) -> None:
        self._rules, self._hard_words = rules, hard_words
        self._checked, self._unused_scales = checked, unused_scales

    @cached_property
    def advice(self) -> dict[tuple[str, str], dict[str, list[str]]]:
        """By question: what the owners' preview shows beside it."""
        return {
            (questionnaire.id, language): {
                page.id: found
                for page in in_language.questions
                if (
                    found := question_advice(page.text, self._rules, self._hard_words, language)
                    + explanation_advice(page.explanation, self._rules, self._hard_words, language)
                )
            }
            for questionnaire, language, in_language in self._languages()
        }

    @cached_property
    def warnings(self) -> list[Problem]:
        """The advice at the line of each text (a text the same in every language once), then
        scales no questionnaire uses."""
        found: list[Problem] = []
        for checker, in_languages in self._checked:
            warnings: list[Problem] = []
            for language in in_languages:
                advice = self.advice[checker.questionnaire.id, language]
                warnings += checker.warnings(advice, language)
            found.extend(dict.fromkeys(warnings))
        return found + list(self._unused_scales)

    @cached_property
    def readability(self) -> dict[tuple[str, str], Readability]:
        return {
            (questionnaire.id, language): readability(shown_texts(in_language))
            for questionnaire, language, in_language in self._languages()
        }

    def _languages(self) -> Iterator[tuple[Questionnaire, str, Questionnaire]]:
        for checker, in_languages in self._checked:
            for language, in_language in in_languages.items():
                yield checker.questionnaire, language, in_language


@dataclass
class CheckResult:
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, YamlDocument] = field(default_factory=dict)  # each questionnaire's file
    # Per questionnaire id: how it now asks otherwise than a version people have answered
    # (app/rounds/answered.py). Not a mistake: publishing makes it a new version.
    new_versions: dict[str, list[Problem]] = field(default_factory=dict)
    plain_language: PlainLanguageReport = field(
        default_factory=lambda: PlainLanguageReport(PlainLanguageRules(), HardWords())
    )

    @property
    def warnings(self) -> list[Problem]:
        return self.plain_language.warnings

    @property
    def advice(self) -> dict[tuple[str, str], dict[str, list[str]]]:
        return self.plain_language.advice

    @property
    def readability(self) -> dict[tuple[str, str], Readability]:
        return self.plain_language.readability


class QuestionsRejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def load_catalog(questions_dir: Path, illustrations_dir: Path) -> Catalog:
    result = check_catalog(questions_dir, illustrations_dir)
    if result.problems or result.catalog is None:
        raise QuestionsRejected(result.problems)
    return result.catalog


def check_catalog(
    questions_dir: Path,
    illustrations_dir: Path,
    rules: PlainLanguageRules | None = None,
) -> CheckResult:
    result = CheckResult(catalog=None)
    rules = rules or PlainLanguageRules()
    if not questions_dir.is_dir():
        result.problems.append(
            Problem(questions_dir, 1, "mappen finnes ikke. Lag den, eller rett stien.")
        )
        return result
    pronunciation = PronunciationFile()
    if (questions_dir / PRONUNCIATION_FILE).exists():
        pronunciation = (
            _load_shared(questions_dir / PRONUNCIATION_FILE, PronunciationFile, result)
            or pronunciation
        )

    hard_words = load_hard_words(questions_dir, result)

    credits: list[Credit] = []
    credits_read = True  # a credits file with a mistake is reported once, not at every picture
    if (illustrations_dir / CREDITS_FILE).exists():
        credits_file = _load_shared(illustrations_dir / CREDITS_FILE, CreditsFile, result)
        credits = credits_file.credits if credits_file else []
        credits_read = credits_file is not None

    parsed = _parse_questionnaires(questions_dir, result)
    languages = list(dict.fromkeys(lang for _, q, _ in parsed for lang in q.offered)) or ["nb"]
    themes_in = _shared_in(questions_dir / THEMES_FILE, ThemesFile, languages, result)
    scales_in = _shared_in(questions_dir / SCALES_FILE, ScalesFile, languages, result)
    first = "nb" if "nb" in languages else languages[0]
    themes = themes_in.models[first].themes if themes_in.models else {}
    scales = scales_in.models[first].scales if scales_in.models else {}
    # A shared file with a mistake is reported once, not again at every question using it.
    checked = {
        "themes": bool(themes_in.models),
        "scales": bool(scales_in.models),
        "credits": credits_read,
    }

    questionnaires: dict[str, Questionnaire] = {}
    translations: dict[tuple[str, int, str], Questionnaire] = {}
    first_file: dict[str, Path] = {}
    documents: dict[str, YamlDocument] = {}
    checkers: list[tuple[_QuestionnaireChecker, dict[str, Questionnaire]]] = []
    for document, questionnaire, translated in parsed:
        path = document.path
        if questionnaire.id in questionnaires:
            result.problems.append(
                Problem(
                    path,
                    document.line_of(["id"]),
                    f"id «{questionnaire.id}» er allerede brukt i {first_file[questionnaire.id]}."
                    " Gi hvert spørreskjema sin egen id.",
                )
            )
            continue
        for language, in_language in translated.items():
            translations[(questionnaire.id, questionnaire.version, language)] = in_language
        checker = _QuestionnaireChecker(
            document, questionnaire, themes, scales, illustrations_dir, credits, checked
        )
        result.problems.extend(checker.problems())
        checkers.append((checker, {questionnaire.language: questionnaire, **translated}))
        questionnaires[questionnaire.id] = questionnaire
        first_file[questionnaire.id] = path
        documents[questionnaire.id] = document

    result.documents = documents
    result.problems.extend(_theme_parity(questionnaires, first_file, documents, themes))
    unused_scales = []
    if scales_in.document is not None and scales_in.models:
        unused_scales = _unused_scales(scales_in.document, scales, questionnaires)
    result.plain_language = PlainLanguageReport(rules, hard_words, checkers, unused_scales)
    if not questionnaires and not result.problems:
        result.problems.append(
            Problem(questions_dir, 1, "ingen spørreskjema (.yaml) funnet i mappen.")
        )
    if not result.problems:
        result.catalog = Catalog(
            themes=themes,
            scales=scales,
            questionnaires=questionnaires,
            pronunciation=pronunciation,
            credits=credits,
            translations=translations,
            translated_scales={lang: file.scales for lang, file in scales_in.models.items()},
            translated_themes={lang: file.themes for lang, file in themes_in.models.items()},
        )
    return result


def load_hard_words(questions_dir: Path, result: CheckResult | None = None) -> HardWords:
    """The hard words and known words of questions/ (none where the file is left out; a
    mistake in it is said in `result`)."""
    if not (questions_dir / HARD_WORDS_FILE).exists():
        return HardWords()
    hard_file = _load_shared(
        questions_dir / HARD_WORDS_FILE, HardWordsFile, result or CheckResult(None)
    )
    if hard_file is None:
        return HardWords()
    return HardWords(
        hard={word.casefold(): instead for word, instead in hard_file.hard_words.items()},
        known=frozenset(word.casefold() for word in hard_file.known_words),
    )


def _parse_questionnaires(
    questions_dir: Path, result: CheckResult
) -> list[tuple[YamlDocument, Questionnaire, dict[str, Questionnaire]]]:
    """Each questionnaire file read in its own language, and in each other language it offers
    (its texts in that language, the same ids)."""
    parsed = []
    for path in sorted(questions_dir.glob("*.yaml")):
        if path.name in SHARED_FILES:
            continue
        loaded = _parse(path, Questionnaire, result, _context_of)
        if loaded is None:
            continue
        document, questionnaire = loaded
        translated: dict[str, Questionnaire] = {}
        for language in questionnaire.offered[1:]:
            context = {"language": language, "offered": questionnaire.offered}
            try:
                in_language = _validated(document, Questionnaire, result, context)
            except ValidationError:
                continue
            translated[language] = in_language.model_copy(update={"language": language})
        parsed.append((document, questionnaire, translated))
    return parsed


@dataclass
class _SharedFile(Generic[Model]):
    document: YamlDocument | None
    models: dict[str, Model]  # in each language; empty when the file has a mistake


def _shared_in(
    path: Path, model: type[Model], languages: list[str], result: CheckResult
) -> _SharedFile[Model]:
    """A file every questionnaire shares (themes, scales), read in every language one of them
    offers: a text written as a map of languages must have each."""
    if not path.exists():
        result.problems.append(
            Problem(path, 1, f"filen mangler. Spørreskjemaene trenger {path.name} i samme mappe.")
        )
        return _SharedFile(None, {})
    loaded = _parse(path, model, result, lambda _: {"language": languages[0], "offered": languages})
    if loaded is None:
        return _SharedFile(None, {})
    document, first = loaded
    models = {languages[0]: first}
    for language in languages[1:]:
        try:
            models[language] = _validated(
                document, model, result, {"language": language, "offered": languages}
            )
        except ValidationError:
            return _SharedFile(document, {})
    return _SharedFile(document, models)


def _context_of(data: dict[str, Any]) -> dict[str, Any]:
    """The language a questionnaire file is read in first, and those it offers, as written
    (the model checks them; this only chooses which texts of a map are read)."""
    language = data.get("language", "nb")
    offered = data.get("languages") or [language]
    if not isinstance(language, str) or not isinstance(offered, list) or not offered:
        return {}
    offered = [str(item) for item in offered]
    # A language not offered is said once, at `languages:`; its texts are read in the first.
    return {"language": language if language in offered else offered[0], "offered": offered}


def _theme_parity(
    questionnaires: dict[str, Questionnaire],
    files: dict[str, Path],
    documents: dict[str, YamlDocument],
    themes: Mapping[str, Theme],
) -> list[Problem]:
    """Parallel questionnaires (`parallel_to`, said by either) are compared theme by theme:
    each must ask about every theme the other asks about (of those that exist: an unknown one
    is named at its question already). Any other questionnaire asks about the themes it will."""
    used = {
        qid: {q.theme for q in questionnaire.questions if q.theme is not None and q.theme in themes}
        for qid, questionnaire in questionnaires.items()
    }
    found = []
    pairs: set[tuple[str, str]] = set()
    for qid, questionnaire in questionnaires.items():
        other = questionnaire.parallel_to
        if other is None:
            continue
        if other not in questionnaires or other == qid:
            ids = {id_: q.title for id_, q in questionnaires.items() if id_ != qid}
            found.append(
                Problem(
                    files[qid],
                    documents[qid].line_of(["parallel_to"]),
                    f"parallel_to viser til «{other}», som ikke er et annet spørreskjema her. "
                    + (what_to_write(other, "et skjemas tittel", ids) if ids else "Fjern linjen."),
                )
            )
            continue
        pairs |= {(qid, other), (other, qid)}
    for qid, other in sorted(pairs):
        for theme in sorted(used[other] - used[qid]):
            found.append(
                Problem(
                    files[qid],
                    documents[qid].line_of(["id"]),
                    f"temaet «{theme}» er med i {files[other].name}, som skjemaet er parallelt "
                    "med, men ikke her. Legg til minst ett spørsmål om det, så svarene kan "
                    "sammenlignes.",
                )
            )
    return found


def _load_shared(path: Path, model: type[Model], result: CheckResult) -> Model | None:
    """A shared file that may be left out (pronunciation, hard words, credits)."""
    loaded = _parse(path, model, result)
    return loaded[1] if loaded else None


def _unused_scales(
    document: YamlDocument, scales: Mapping[str, Scale], questionnaires: Mapping[str, Questionnaire]
) -> list[Problem]:
    used = {q.scale for questionnaire in questionnaires.values() for q in questionnaire.questions}
    return [
        Problem(
            document.path,
            document.line_of(["scales", scale_id]),
            f"advarsel: svarskalaen «{scale_id}» brukes ikke av noe spørsmål. Fjern den, eller "
            "bruk den.",
        )
        for scale_id in scales
        if scale_id not in used
    ]


def _parse(
    path: Path,
    model: type[Model],
    result: CheckResult,
    context_of: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> tuple[YamlDocument, Model] | None:
    """The file as `model`, or None with its problems in `result`; `context_of` gives the
    language its texts are read in, from what the file says."""
    try:
        document = read_yaml(path)
    except YamlUnreadable as error:
        result.problems.append(error.problem)
        return None
    if not isinstance(document.data, dict):
        result.problems.append(
            Problem(path, 1, "filen er tom eller er ikke en samling felt (navn: verdi).")
        )
        return None
    try:
        context = context_of(document.data) if context_of else None
        return document, _validated(document, model, result, context)
    except ValidationError:
        return None


def _validated(
    document: YamlDocument, model: type[Model], result: CheckResult, context: dict[str, Any] | None
) -> Model:
    """`document` as `model`, its texts in the language `context` names; each mistake is
    added to `result` at its line (once, however many languages it is read in)."""
    try:
        return model.model_validate(document.data, context=context)
    except ValidationError as error:
        for detail in error.errors():
            line = document.line_of(list(detail["loc"]))
            problem = Problem(document.path, line, _explain(detail))
            if problem not in result.problems:
                result.problems.append(problem)
        raise


def _explain(detail: Any) -> str:
    """A pydantic error in words an owner can act on."""
    loc = [part for part in detail["loc"] if isinstance(part, str)]
    name = loc[-1] if loc else "feltet"
    kind = detail["type"]
    given = detail.get("input")
    ctx = detail.get("ctx", {})
    if kind == "missing":
        return f"mangler «{name}». Legg til linjen «{name}: ...»."
    if kind == "extra_forbidden":
        return f"«{name}» er ikke et kjent felt. Fjern det, eller rett stavemåten."
    if kind == "union_tag_not_found":
        return "siden mangler «type». Skriv type: intro, information, section, question eller end."
    if kind == "union_tag_invalid":
        return (
            f"ukjent sidetype «{ctx.get('tag')}». "
            "Skriv type: intro, information, section, question eller end."
        )
    if kind == "string_pattern_mismatch":
        return (
            f"«{given}» kan ikke brukes som {name}. Bruk små bokstaver a–z, tall og _, "
            "og begynn med en bokstav (for eksempel hjem_trives)."
        )
    if kind == "literal_error" and isinstance(given, bool):
        return (
            f"YAML leser yes, no, true og false uten anførselstegn som sant eller usant. Skriv "
            f'verdien i anførselstegn, for eksempel {name}: "yes".'
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " eller ")  # pydantic's English
        return f"«{given}» er ikke tillatt som {name}. Skriv en av: {expected}."
    if kind in {"int_type", "int_parsing", "greater_than_equal"}:
        return f"{name} må være et helt tall fra 1 og oppover, for eksempel «{name}: 1»."
    if kind == "string_type":
        return f"{name} må være tekst. Sett teksten i anførselstegn hvis den har spesialtegn."
    if kind == "too_short":
        return f"{name} må ha minst {ctx.get('min_length')} element."
    if kind in {"list_type", "dict_type", "model_type"}:
        wanted = (
            "en liste (linjer som starter med -)" if kind == "list_type" else "felt med verdier"
        )
        return f"{name} skal være {wanted}."
    if kind == "value_error":  # our own validators write their message in Norwegian
        return f"{name}: {ctx.get('error')}."
    if kind in {"less_than_equal", "less_than", "greater_than"}:
        limit = ctx.get("le", ctx.get("lt", ctx.get("gt")))
        return f"«{given}» er utenfor det som er tillatt for {name} (grensen er {limit})."
    if kind == "string_too_long":
        return f"{name} kan ha høyst {ctx.get('max_length')} tegn."
    if kind in {"bool_type", "bool_parsing"}:
        return f"{name} skal være true eller false."
    # Anything else, in Norwegian too (pydantic's own words are English): its kind for support.
    return f"«{given}» kan ikke brukes som {name} ({kind})."


class _QuestionnaireChecker:
    """The checks that need more than one page, or the shared themes and scales."""

    def __init__(
        self,
        document: YamlDocument,
        questionnaire: Questionnaire,
        themes: dict[str, Theme],
        scales: dict[str, Scale],
        illustrations_dir: Path,
        credits: list[Credit],
        checked: Mapping[str, bool],
    ) -> None:
        self.checked = checked
        self.credits = credits
        self.document = document
        self.questionnaire = questionnaire
        self.themes = themes
        self.scales = scales
        self.illustrations_dir = illustrations_dir

    def _at(self, loc: Sequence[int | str], message: str) -> Problem:
        return Problem(self.document.path, self.document.line_of(loc), message)

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        pages = self.questionnaire.pages
        if not isinstance(pages[0], IntroPage):
            found.append(self._at(["pages", 0], "første side må ha type: intro."))
        if not isinstance(pages[-1], EndPage):
            found.append(self._at(["pages", len(pages) - 1], "siste side må ha type: end."))
        seen: dict[str, int] = {}
        earlier_questions: dict[str, QuestionPage] = {}
        for index, page in enumerate(pages):
            at: list[int | str] = ["pages", index]
            if isinstance(page, EndPage) and index != len(pages) - 1:
                found.append(self._at([*at, "type"], "bare den siste siden kan ha type: end."))
            if isinstance(page, IntroPage) and index != 0:
                found.append(self._at([*at, "type"], "bare den første siden kan ha type: intro."))
            if page.id in seen:
                found.append(
                    self._at(
                        [*at, "id"],
                        f"id «{page.id}» er brukt før (side {seen[page.id] + 1}). "
                        "Gi hver side sin egen id.",
                    )
                )
            seen.setdefault(page.id, index)
            if page.show_if is not None:
                found.extend(self._check_show_if(index, page, earlier_questions))
            if page.illustration is not None:
                picture_at: list[int | str] = [*at, "illustration", "file"]
                found.extend(self._check_illustration(picture_at, page.illustration.file))
            if isinstance(page, CommentPage) and self.questionnaire.layout != "section":
                found.append(
                    self._at(
                        [*at, "type"],
                        "type: comment står i et skjema med en seksjon per side. Skriv "
                        "«layout: section» øverst i filen, eller fjern kommentarfeltet.",
                    )
                )
            if isinstance(page, QuestionPage):
                found.extend(self._check_question(index, page))
                for field in ("repeat_of", "reverse_of"):
                    target = getattr(page, field)
                    if target is not None and target not in earlier_questions:
                        found.append(
                            self._at(
                                [*at, field],
                                f"{field} viser til «{target}», som ikke er et spørsmål før "
                                "dette. Skriv id-en til et spørsmål som kommer tidligere.",
                            )
                        )
                earlier_questions[page.id] = page
        if self.questionnaire.guide is not None:
            found.extend(self._check_illustration(["guide", "file"], self.questionnaire.guide.file))
        return found

    def _check_theme(self, index: int, question: QuestionPage) -> list[Problem]:
        if question.theme is None and not question.background:
            return [
                self._at(
                    ["pages", index],
                    "spørsmålet mangler «theme». Skriv ett av: "
                    f"{', '.join(self.themes)} (eller «background: true» for spørsmål om den "
                    "som svarer).",
                )
            ]
        if question.theme is not None and question.theme not in self.themes:
            names = {id_: theme.name for id_, theme in self.themes.items()}
            return [
                self._at(
                    ["pages", index, "theme"],
                    f"ukjent tema «{question.theme}». "
                    + what_to_write(question.theme, "navnet på et tema", names),
                )
            ]
        return []

    def _check_question(self, index: int, question: QuestionPage) -> list[Problem]:
        found = self._check_theme(index, question) if self.checked["themes"] else []
        if question.resident_only and not self.questionnaire.ask_helper:
            found.append(
                self._at(
                    ["pages", index, "resident_only"],
                    "resident_only gjelder bare når skjemaet spør hvem som hjelper. Skriv "
                    "«ask_helper: true» øverst i filen, eller fjern resident_only.",
                )
            )
        if self.checked["scales"] and question.scale not in self.scales:
            found.append(
                self._at(
                    ["pages", index, "scale"],
                    f"ukjent svarskala «{question.scale}». Skriv en av: "
                    f"{', '.join(self.scales)} (de står i scales.yaml).",
                )
            )
        if question.section is None:
            found.append(
                self._at(
                    ["pages", index],
                    "spørsmålet står før første seksjon. Legg en side med type: section foran.",
                )
            )
        return found + self._check_special(index, question)

    def _check_special(self, index: int, question: QuestionPage) -> list[Problem]:
        """`multiple` and `round_units`: background questions of a form, one or the other."""
        found = []
        for name in ("multiple", "round_units"):
            if not getattr(question, name):
                continue
            if self.questionnaire.layout != "section" or not question.background:
                found.append(
                    self._at(
                        ["pages", index, name],
                        f"{name} gjelder bare bakgrunnsspørsmål i et skjema med en seksjon per "
                        "side. Skriv «layout: section» øverst og «background: true» på "
                        f"spørsmålet, eller fjern {name}.",
                    )
                )
        if question.multiple and question.round_units:
            found.append(
                self._at(
                    ["pages", index],
                    "et spørsmål kan ikke ha både multiple og round_units: svaret med boligen "
                    "er én bolig. Fjern den ene.",
                )
            )
        return found

    def _check_show_if(
        self, index: int, page: Any, earlier: dict[str, QuestionPage]
    ) -> list[Problem]:
        at: list[int | str] = ["pages", index, "show_if"]
        if isinstance(page, IntroPage | EndPage):
            return [self._at(at, "første og siste side vises alltid. Fjern show_if her.")]
        rules = RuleChecker(self.questionnaire, dict(earlier), self.scales)
        return [self._at(where, said) for where, said in rules.problems(page.show_if, at)]

    def _check_illustration(self, at: list[int | str], file: str) -> list[Problem]:
        base = self.illustrations_dir.resolve()
        path = (base / file).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            return [
                self._at(
                    at,
                    f"finner ikke bildet «{file}» i {self.illustrations_dir.name}/. "
                    "Legg filen der, eller rett filnavnet.",
                )
            ]
        try:
            check_picture(path)
        except ImageRejected as rejected:
            return [self._at(at, f"bildet «{file}» kan ikke brukes: {rejected}")]
        if self.checked["credits"] and credit_for(self.credits, file) is None:
            return [
                self._at(
                    at,
                    f"bildet «{file}» har ingen kilde og lisens. Før det opp i "
                    f"{self.illustrations_dir.name}/{CREDITS_FILE} (files, title, author, "
                    "source, licence).",
                )
            ]
        return []

    def warnings(self, advice: Mapping[str, list[str]], language: str) -> list[Problem]:
        """The plain-language advice for each question, at the line of its text in `language`
        (of the text, when it is the same in every language)."""
        return [
            self._at(["pages", index, "text", language], f"advarsel: {said}")
            for index, page in enumerate(self.questionnaire.pages)
            for said in advice.get(page.id, [])
        ]
