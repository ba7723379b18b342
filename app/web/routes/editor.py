"""The studio in the browser: an owner makes a questionnaire and edits its pages (each text in
every language side by side, answer scale, theme), with the plain-language advice beside each
text as it is typed. Every save is a draft (app/studio/editing.py): the preview shows it when
it passes the check, and «Publiser» takes it to respondents."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape
from starlette.datastructures import UploadFile  # what a parsed form holds

from app import urls
from app.accounts import SignedIn
from app.pictures.images import MAX_UPLOAD_BYTES, ImageRejected, clean_upload
from app.questionnaires.catalog import Catalog, load_hard_words
from app.questionnaires.model import LANGUAGE_NAMES, Condition
from app.questionnaires.plain_language import explanation_advice, question_advice
from app.questionnaires.rules import in_words
from app.rounds.answered import plain_language_rules
from app.studio import editing, skip_rules
from app.studio.editing import EditRefused
from app.web.deps import Services, ServicesDep
from app.web.errors import NotFound
from app.web.rendering import render
from app.web.routes.auth import Owner, check_csrf
from app.web.routes.preview import publishing_of

router = APIRouter()

KINDS = {
    "intro": "Første side",
    "information": "Tekst",
    "section": "Ny del",
    "question": "Spørsmål",
    "comment": "Kommentar",
    "summary": "Oppsummering",
    "end": "Siste side",
}
# The fields a page's texts are in, per kind of page, and what the studio calls them.
TEXT_FIELDS = {
    "title": "Tittel",
    "text": "Tekst",
    "explanation": "Forklaring av et ord",
    "alt": "Hva bildet viser, i ord",
}
FIELDS_OF = {"question": ("text", "explanation"), "comment": ("text",)}
BACKGROUND = "-"  # the theme select's value for a background question (no theme)


@dataclass(frozen=True)
class TextInLanguage:
    language: str
    name: str
    value: str
    missing: bool  # the questionnaire offers the language, the text lacks it


@dataclass(frozen=True)
class EditedField:
    name: str  # title, text, explanation
    label: str
    texts: list[TextInLanguage]


@dataclass(frozen=True)
class RuleForm:
    """«Når vises siden?»: always, or when all (or at least one) of the conditions chosen
    hold (app/studio/skip_rules.py); a rule the form cannot show, in words."""

    choices: list[tuple[str, str]]  # (code, words) of each condition the page may use
    joined: str  # "alltid", "alle" or "minst_en"
    chosen: list[str]  # the code chosen in each row ("" for none)
    in_words: str  # a rule changed in the file only ("" where the form shows it)


@dataclass(frozen=True)
class EditedPage:
    id: str
    kind: str
    fields: list[EditedField]
    question: bool
    scale: str
    theme: str  # BACKGROUND for a background question
    action: str  # where its form is sent
    first_or_last: bool
    rule: "RuleForm | None"  # when it is shown (None: the first and the last page)
    picture: str  # its picture's file under illustrations/ ("" for none)
    alts: list[TextInLanguage]  # what the picture shows, in words
    picture_action: str


def choices_of(services: Services, request: Request) -> Catalog:
    """The scales and themes a question may name: the drafts', while they pass."""
    draft = publishing_of(request).draft.catalog
    return draft or services.catalog


def _pages(document: Any, questionnaire_id: str, choices: Catalog) -> list[EditedPage]:
    languages = editing.languages_of(document)
    pages = list(document["pages"])
    shown = []
    for index, page in enumerate(pages):
        first_or_last = index in (0, len(pages) - 1)
        kind = str(page.get("type", ""))
        names = FIELDS_OF.get(kind, ("title", "text"))
        found = page.get("illustration")
        illustration = found if isinstance(found, Mapping) else {}
        shown.append(
            EditedPage(
                id=str(page.get("id", "")),
                kind=KINDS.get(kind, kind),
                fields=[_field(page, name, languages) for name in names],
                question=kind == "question",
                scale=str(page.get("scale", "")),
                theme=str(page.get("theme") or BACKGROUND),
                action=urls.studio_page(questionnaire_id, str(page.get("id", ""))),
                first_or_last=first_or_last,
                rule=None if first_or_last else _rule_form(document, page, choices),
                picture=str(illustration.get("file", "")),
                alts=_field(illustration, "alt", languages).texts,
                picture_action=urls.studio_picture(questionnaire_id, str(page.get("id", ""))),
            )
        )
    return shown


def _rule_form(document: Any, page: Mapping[str, Any], choices: Catalog) -> RuleForm:
    page_id = str(page.get("id"))
    offered = [(s.code, said) for s, said in skip_rules.offered(document, page_id, choices.scales)]
    try:
        rule = skip_rules.form_rule(page.get("show_if"))
    except EditRefused:
        words = in_words(Condition.model_validate(page.get("show_if")))
        return RuleForm([], "", [], f"Vises bare hvis {words}.")
    if rule is None:
        return RuleForm(offered, "alltid", [""] * skip_rules.MOST_CONDITIONS, "")
    codes = [part.code for part in rule.parts]
    rows = codes + [""] * (skip_rules.MOST_CONDITIONS - len(codes))
    return RuleForm(offered, JOINED[rule.joined], rows, "")


JOINED = {"all": "alle", "any": "minst_en"}  # the form's words for all and any
RULE_WAYS = [  # «Vises»: the form's choices, as it sends them
    ("alltid", "Alltid"),
    ("alle", "Bare når alt som er valgt under, stemmer"),
    ("minst_en", "Bare når minst én av dem som er valgt under, stemmer"),
]


def _field(page: Mapping[str, Any], name: str, languages: list[str]) -> EditedField:
    value = page.get(name, "")
    texts = []
    for language in languages:
        text = value.get(language, "") if isinstance(value, Mapping) else str(value or "")
        missing = isinstance(value, Mapping) and language not in value and bool(value)
        texts.append(TextInLanguage(language, LANGUAGE_NAMES[language], str(text), missing))
    return EditedField(name, TEXT_FIELDS[name], texts)


@router.get(urls.STUDIO_NEW)
def new_questionnaire_form(request: Request, who: Owner) -> Response:
    return _new_form(request, who)


def _new_form(
    request: Request, who: SignedIn, error: str = "", typed: Mapping[str, str] | None = None
) -> Response:
    return render(
        request,
        "analysis/studio_new.html",
        {
            "title": "Nytt skjema",
            "who": who,
            "section": "questionnaires",
            "languages": LANGUAGE_NAMES,
            "error": error,
            "typed": typed or {"sprak_nb": "1", "hvem": "resident"},
        },
        status_code=400 if error else 200,
    )


@router.post(urls.STUDIO_NEW)
def make_questionnaire(
    request: Request,
    who: Owner,
    csrf: Annotated[str, Form(max_length=100)] = "",
    id: Annotated[str, Form(max_length=60)] = "",
    tittel_nb: Annotated[str, Form(max_length=200)] = "",
    tittel_nn: Annotated[str, Form(max_length=200)] = "",
    tittel_en: Annotated[str, Form(max_length=200)] = "",
    sprak_nb: Annotated[str, Form(max_length=2)] = "",
    sprak_nn: Annotated[str, Form(max_length=2)] = "",
    sprak_en: Annotated[str, Form(max_length=2)] = "",
    hvem: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    check_csrf(who, csrf)
    chosen = [
        lang for lang, ticked in (("nb", sprak_nb), ("nn", sprak_nn), ("en", sprak_en)) if ticked
    ]
    titles = {"nb": tittel_nb, "nn": tittel_nn, "en": tittel_en}
    publishing = publishing_of(request)
    try:
        editing.new_questionnaire(
            publishing.settings.questions_dir, id.strip(), titles, hvem, chosen
        )
    except EditRefused as refused:
        typed = {"id": id, "hvem": hvem, **{f"tittel_{k}": v for k, v in titles.items()}}
        typed |= {f"sprak_{lang}": "1" for lang in chosen}
        return _new_form(request, who, str(refused), typed)
    publishing.look_at_drafts()
    return RedirectResponse(urls.studio(id.strip()), status_code=303)


@router.get("/analyse/studio/{questionnaire_id}")
def edit_questionnaire(
    request: Request, services: ServicesDep, who: Owner, questionnaire_id: str
) -> Response:
    return _editor(request, services, who, questionnaire_id)


def _editor(
    request: Request,
    services: Services,
    who: SignedIn,
    questionnaire_id: str,
    error: str = "",
) -> Response:
    publishing = publishing_of(request)
    try:
        path = editing.file_of(publishing.settings.questions_dir, questionnaire_id)
        document = editing.read(path)
    except EditRefused:
        raise NotFound() from None
    choices = choices_of(services, request)
    return render(
        request,
        "analysis/studio_edit.html",
        {
            "title": f"Rediger {questionnaire_id}",
            "who": who,
            "section": "questionnaires",
            "questionnaire_id": questionnaire_id,
            "file": f"{path.parent.name}/{path.name}",
            "pages": _pages(document, questionnaire_id, choices),
            "scales": list(choices.scales),
            "themes": [(theme_id, theme.name) for theme_id, theme in choices.themes.items()],
            "background": BACKGROUND,
            "rule_ways": RULE_WAYS,
            "problems": [str(p) for p in publishing.refused if p.path == path],
            "preview": urls.questionnaire_pages(questionnaire_id),
            "recordings": urls.studio_recordings(questionnaire_id),
            "advice_url": urls.STUDIO_ADVICE,
            "error": error,
        },
        status_code=400 if error else 200,
    )


@router.post("/analyse/studio/{questionnaire_id}/side/{page_id}")
async def edit_page(
    request: Request, services: ServicesDep, who: Owner, questionnaire_id: str, page_id: str
) -> Response:
    """One page's form: «Lagre», «Flytt opp», «Flytt ned», «Slett» or «Nytt spørsmål etter»."""
    form = await request.form(max_fields=40, max_files=0)
    typed = {key: str(value)[:4000] for key, value in form.items()}
    check_csrf(who, typed.get("csrf", ""))
    publishing = publishing_of(request)
    try:
        path = editing.file_of(publishing.settings.questions_dir, questionnaire_id)
        document = editing.read(path)
        shown = _apply(document, page_id, typed, choices_of(services, request))
        editing.write(path, document)
    except EditRefused as refused:
        return _editor(request, services, who, questionnaire_id, str(refused))
    publishing.look_at_drafts()
    return RedirectResponse(f"{urls.studio(questionnaire_id)}#side-{shown}", status_code=303)


def _apply(document: Any, page_id: str, typed: Mapping[str, str], choices: Catalog) -> str:
    """The edit the form asks for; the page to show afterwards."""
    action = typed.get("handling", "lagre")
    if action == "opp":
        editing.move_page(document, page_id, -1)
    elif action == "ned":
        editing.move_page(document, page_id, +1)
    elif action == "slett":
        editing.remove_page(document, page_id)
        return ""
    elif action == "nytt_sporsmal":
        first_theme = next(iter(choices.themes), None)
        return editing.add_question(
            document, page_id, scale=next(iter(choices.scales)), theme=first_theme
        )
    elif action == "lagre":
        languages = editing.languages_of(document)
        index = editing.page_index(document, page_id)
        kind = str(document["pages"][index].get("type", ""))
        for name in FIELDS_OF.get(kind, ("title", "text")):
            texts = {lang: typed.get(f"{name}_{lang}", "") for lang in languages}
            editing.set_texts(document, page_id, name, texts)
        if "vises" in typed:  # a page whose rule the form shows
            codes = [typed.get(f"vilkar_{n}", "") for n in range(1, skip_rules.MOST_CONDITIONS + 1)]
            rule = skip_rules.rule_from_form(typed["vises"], codes)
            skip_rules.set_rule(document, page_id, rule, choices.scales)
        if kind == "question":
            scale, theme = typed.get("skala", ""), typed.get("tema", BACKGROUND)
            if scale not in choices.scales or (theme != BACKGROUND and theme not in choices.themes):
                raise EditRefused("Velg en svarskala og et tema fra listene.")
            editing.set_question(
                document, page_id, scale=scale, theme=None if theme == BACKGROUND else theme
            )
    else:
        raise EditRefused("Ukjent handling.")
    return page_id


@router.post(urls.STUDIO_UPLOADS + "bilde/{questionnaire_id}/{page_id}")
async def upload_picture(
    request: Request, services: ServicesDep, who: Owner, questionnaire_id: str, page_id: str
) -> Response:
    """A page's picture: uploaded (cleaned of metadata, with its credit) or kept, and what it
    shows in words in every language."""
    form = await request.form(max_fields=20, max_files=1, max_part_size=MAX_UPLOAD_BYTES)
    check_csrf(who, str(form.get("csrf", "")))
    typed = {key: str(value)[:2000] for key, value in form.items() if isinstance(value, str)}
    upload = form.get("bilde")
    publishing = publishing_of(request)
    settings = publishing.settings
    try:
        path = editing.file_of(settings.questions_dir, questionnaire_id)
        document = editing.read(path)
        languages = editing.languages_of(document)
        file = None
        if isinstance(upload, UploadFile) and upload.filename:
            credit = editing.checked_credit(
                {field: typed.get(f"kreditt_{field}", "") for field in editing.CREDIT_FIELDS}
            )
            content, suffix = clean_upload(await upload.read(), upload.filename)
            file = editing.save_picture(
                settings.illustrations_dir, questionnaire_id, page_id, content, suffix
            )
            editing.add_credit(settings.illustrations_dir, file, credit)
        alts = {lang: typed.get(f"alt_{lang}", "") for lang in languages}
        editing.set_illustration(document, page_id, file, alts)
        editing.write(path, document)
    except (EditRefused, ImageRejected) as refused:
        return _editor(request, services, who, questionnaire_id, f"Bildet: {refused}")
    publishing.look_at_drafts()
    return RedirectResponse(f"{urls.studio(questionnaire_id)}#side-{page_id}", status_code=303)


@router.post(urls.STUDIO_ADVICE)
def advice_as_typed(
    request: Request,
    who: Owner,
    tekst: Annotated[str, Form(max_length=4000)] = "",
    sprak: Annotated[str, Form(max_length=2)] = "nb",
    felt: Annotated[str, Form(max_length=20)] = "text",
) -> Response:
    """The plain-language advice on a text as it is typed (static/analysis.js shows it beside
    the text)."""
    settings = publishing_of(request).settings
    rules, hard = plain_language_rules(settings), load_hard_words(settings.questions_dir)
    language = sprak if sprak in LANGUAGE_NAMES else "nb"
    advise = explanation_advice if felt == "explanation" else question_advice
    found = advise(tekst, rules, hard, language) if tekst.strip() else []
    items = "".join(f"<li>{escape(said)}</li>" for said in found)
    return HTMLResponse(f'<ul class="advice">{items}</ul>' if found else "")
