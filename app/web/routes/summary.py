"""«Dette sa dere»: a closed round's results told back to its residents (app/followup/
summary.py), by the round's residents' link: no sign-in, and nothing but what the results
pages show."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app import urls
from app.followup.summary import SummaryNotReady, summary
from app.questionnaires.model import SpeechSettings
from app.rounds.links import entry_for, languages_asked
from app.rounds.rounds import questionnaire_for
from app.web.deps import ServicesDep
from app.web.errors import RoundLinkNotFound
from app.web.errors import SummaryNotReady as NotReadyPage
from app.web.rendering import render
from app.web.views import heard_text
from app.words import language_choices, words_in

router = APIRouter()


@router.get("/r/{token}/svar")
def summary_page(
    request: Request,
    services: ServicesDep,
    token: str,
    sprak: Annotated[str, Query(max_length=2)] = "",
) -> Response:
    with services.connect() as connection:
        entry = entry_for(connection, token)
        if entry is None or entry.audience != "resident":
            raise RoundLinkNotFound()
        catalog = services.catalog
        languages = languages_asked(catalog, entry.round) or ["nb"]
        language = sprak if sprak in languages else languages[0]
        words = words_in(language)
        try:
            told = summary(services.results(connection), entry.round, words, language)
        except SummaryNotReady:
            raise NotReadyPage() from None
    asked = catalog.questionnaires.get(questionnaire_for(entry.round, "resident"))
    heard = heard_text(
        services.read_aloud,
        asked.speech if asked else SpeechSettings(),
        language,
        f"{told.title}. {told.intro} {words.summary_scale}",
        *(theme.heard(words) for theme in told.themes),
    )
    return render(
        request,
        "round/summary.html",
        {
            "title": told.title,
            "told": told,
            "view": heard,
            "choices": [
                (choice, urls.summary(token, choice.language))
                for choice in language_choices(languages, language)
            ]
            if len(languages) > 1
            else [],
        },
        language=language,
    )
