"""The studio's page for what questionnaires share: the answer scales, each answer's words in
every language, its pictogram (chosen among the drawings) and score; and the themes. A save is
a draft in questions/scales.yaml or questions/themes.yaml (app/studio/shared.py)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.accounts import SignedIn
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import LANGUAGE_NAMES, PICTOGRAM_WORDS
from app.studio import editing, shared
from app.studio.editing import EditRefused
from app.web.deps import Services, ServicesDep
from app.web.rendering import render
from app.web.routes.auth import Owner, check_csrf
from app.web.routes.editor import TextInLanguage, choices_of
from app.web.routes.preview import publishing_of

router = APIRouter()

NEW_ROWS = 6  # empty answers offered on a new scale


@dataclass(frozen=True)
class OptionRow:
    number: int  # its place on the scale, for the form's field names
    value: str  # the stored code ("" on a new scale: made from the words)
    labels: list[TextInLanguage]
    pictogram: str  # "" for none
    score: str


@dataclass(frozen=True)
class ScaleForm:
    id: str  # "" for the form that makes a new one
    options: list[OptionRow]
    used_by: list[str]  # the questionnaires that ask with it
    open: bool = False  # its form shown (the one just saved, or one with a mistake)


@dataclass(frozen=True)
class ThemeForm:
    id: str  # "" for the form that makes a new one
    names: list[TextInLanguage]
    descriptions: list[TextInLanguage]
    used_by: list[str]
    open: bool = False


def _languages(choices: Catalog) -> list[str]:
    """The languages the questionnaires offer, in the registry's order (bokmål at least)."""
    offered = {lang for q in choices.questionnaires.values() for lang in q.offered} | {"nb"}
    return [lang for lang in LANGUAGE_NAMES if lang in offered]


def _texts(value: object, languages: list[str]) -> list[TextInLanguage]:
    """Words as the form shows them: one string in every language, or each language's."""
    shown = []
    for language in languages:
        text = value.get(language, "") if isinstance(value, Mapping) else str(value or "")
        missing = isinstance(value, Mapping) and bool(value) and language not in value
        shown.append(TextInLanguage(language, LANGUAGE_NAMES[language], str(text), missing))
    return shown


def _scale_forms(
    document: Any, choices: Catalog, languages: list[str], shown: str
) -> list[ScaleForm]:
    forms = []
    for scale_id, scale in (document.get("scales") or {}).items():
        rows = [
            OptionRow(
                number,
                str(option.get("value", "")),
                _texts(option.get("label"), languages),
                str(option.get("pictogram") or ""),
                "" if option.get("score") is None else f"{option['score']:g}",
            )
            for number, option in enumerate(scale.get("options") or [], start=1)
        ]
        used_by = [
            q.id
            for q in choices.questionnaires.values()
            if any(page.scale == scale_id for page in q.questions)
        ]
        forms.append(ScaleForm(str(scale_id), rows, used_by, shown == f"skala-{scale_id}"))
    return forms


def _theme_forms(
    document: Any, choices: Catalog, languages: list[str], shown: str
) -> list[ThemeForm]:
    return [
        ThemeForm(
            str(theme_id),
            _texts(theme.get("name"), languages),
            _texts(theme.get("description"), languages),
            [
                q.id
                for q in choices.questionnaires.values()
                if any(page.theme == theme_id for page in q.questions)
            ],
            shown == f"tema-{theme_id}",
        )
        for theme_id, theme in (document.get("themes") or {}).items()
    ]


def _typed_again(typed: Mapping[str, str], name: str, languages: list[str]) -> list[TextInLanguage]:
    """A new scale's or theme's words as typed, shown again with what was wrong."""
    return [
        TextInLanguage(lang, LANGUAGE_NAMES[lang], typed.get(f"{name}_{lang}", ""), False)
        for lang in languages
    ]


@router.get(urls.STUDIO_SCALES)
def scales_page(
    request: Request,
    services: ServicesDep,
    who: Owner,
    apen: Annotated[str, Query(max_length=60)] = "",
) -> Response:
    """`apen`: the scale or theme whose form is shown open (the one just saved)."""
    return _page(request, services, who, shown=apen)


def _page(
    request: Request,
    services: Services,
    who: SignedIn,
    error: str = "",
    typed: Mapping[str, str] | None = None,
    shown: str = "",
) -> Response:
    publishing = publishing_of(request)
    folder = publishing.settings.questions_dir
    choices = choices_of(services, request)
    languages = _languages(choices)
    paths = (shared.scales_path(folder), shared.themes_path(folder))
    scales, themes = (editing.read_map(path) for path in paths)
    typed = typed or {}
    new_rows = [
        OptionRow(
            number,
            "",
            _typed_again(typed, f"svar_{number}", languages),
            typed.get(f"merke_{number}", ""),
            typed.get(f"poeng_{number}", ""),
        )
        for number in range(1, NEW_ROWS + 1)
    ]
    new_theme = ThemeForm(
        typed.get("nytt_tema", ""),
        _typed_again(typed, "navn", languages),
        _typed_again(typed, "beskrivelse", languages),
        [],
    )
    return render(
        request,
        "analysis/studio_scales.html",
        {
            "title": "Svarskalaer og temaer",
            "who": who,
            "section": "questionnaires",
            "scales": _scale_forms(scales, choices, languages, shown),
            "themes": _theme_forms(themes, choices, languages, shown),
            "new_scale": ScaleForm(typed.get("ny_skala", ""), new_rows, []),
            "new_theme": new_theme,
            "marks": list(PICTOGRAM_WORDS.items()),
            "problems": [str(p) for p in publishing.refused if p.path in paths],
            "error": error,
            "files": [f"{folder.name}/{path.name}" for path in paths],
        },
        status_code=400 if error else 200,
    )


@router.post(urls.STUDIO_SCALES)
async def save_shared(request: Request, services: ServicesDep, who: Owner) -> Response:
    """One form of the page: a scale or a theme saved, or a new one made."""
    form = await request.form(max_fields=80, max_files=0)
    typed = {key: str(value)[:2000] for key, value in form.items()}
    check_csrf(who, typed.get("csrf", ""))
    publishing = publishing_of(request)
    folder = publishing.settings.questions_dir
    languages = _languages(choices_of(services, request))
    kind, shown = typed.get("hva", ""), ""
    try:
        if kind in ("skala", "ny_skala"):
            path = shared.scales_path(folder)
            document = editing.read_map(path)
            options = [_option(typed, n, languages) for n in range(1, shared.MOST_OPTIONS + 1)]
            if kind == "ny_skala":
                shown = f"skala-{typed.get('ny_skala', '').strip()}"
                shared.add_scale(document, typed.get("ny_skala", "").strip(), options)
            else:
                shown = f"skala-{typed.get('id', '')}"
                by_value = {option.value: option for option in options if option.value}
                shared.set_scale(document, typed.get("id", ""), by_value)
        elif kind in ("tema", "nytt_tema"):
            path = shared.themes_path(folder)
            document = editing.read_map(path)
            theme_id = typed.get("nytt_tema" if kind == "nytt_tema" else "id", "").strip()
            names = {lang: typed.get(f"navn_{lang}", "") for lang in languages}
            about = {lang: typed.get(f"beskrivelse_{lang}", "") for lang in languages}
            change = shared.add_theme if kind == "nytt_tema" else shared.set_theme
            change(document, theme_id, names, about)
            shown = f"tema-{theme_id}"
        else:
            raise EditRefused("Ukjent skjema.")
        editing.write(path, document)
    except EditRefused as refused:
        new = kind in ("ny_skala", "nytt_tema")
        return _page(request, services, who, str(refused), typed if new else None, shown)
    publishing.look_at_drafts()
    return RedirectResponse(urls.studio_scales(shown), status_code=303)


def _option(typed: Mapping[str, str], number: int, languages: list[str]) -> shared.TypedOption:
    return shared.TypedOption(
        labels={lang: typed.get(f"svar_{number}_{lang}", "") for lang in languages},
        pictogram=typed.get(f"merke_{number}", ""),
        score=typed.get(f"poeng_{number}", ""),
        value=typed.get(f"kode_{number}", ""),
    )
