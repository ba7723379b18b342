"""The owners' questionnaires page: every questionnaire with its readability and advice, what
respondents are served (the newest publication), what of the drafts is not published yet, and
«Publiser» (app/studio/drafts.py)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from markupsafe import Markup

from app import urls
from app.accounts import SignedIn
from app.questionnaires.model import LANGUAGE_NAMES, Questionnaire
from app.rounds.posters import qr_code
from app.studio.drafts import Outcome
from app.studio.publications import Published
from app.studio.trial import trial_token
from app.web.deps import Services, ServicesDep
from app.web.publishing import Publishing, checked_result
from app.web.rendering import render
from app.web.routes.auth import Owner, check_csrf
from app.web.routes.preview import drafts_shown, publishing_of

router = APIRouter()


@router.get(urls.QUESTIONNAIRES)
def questionnaires_page(request: Request, services: ServicesDep, who: Owner) -> Response:
    return _questionnaires_page(request, services, who)


def _questionnaires_page(
    request: Request, services: Services, who: SignedIn, notice: Outcome | None = None
) -> Response:
    """Every questionnaire (the drafts while they pass), what is published, and «Publiser»."""
    services = drafts_shown(request, services)
    checked = checked_result(publishing_of(request))
    rows = [
        (
            questionnaire,
            [
                (LANGUAGE_NAMES[lang], figures)
                for lang in questionnaire.offered
                if (figures := checked.readability.get((questionnaire.id, lang)))
            ],
            sum(
                len(said)
                for lang in questionnaire.offered
                for said in checked.advice.get((questionnaire.id, lang), {}).values()
            ),
            urls.questionnaire_pages(questionnaire.id),
            _trial(request, services, questionnaire),
            urls.studio(questionnaire.id),
        )
        for questionnaire in services.catalog.questionnaires.values()
    ]
    publishing = publishing_of(request)
    return render(
        request,
        "analysis/questionnaires.html",
        {
            "title": "Spørreskjemaene",
            "who": who,
            "section": "questionnaires",
            "rows": rows,
            "status": publication_status(publishing),
            "notice": notice,
        },
        status_code=400 if notice and notice.problems else 200,
    )


@dataclass(frozen=True)
class Trial:
    """A questionnaire's trial link, its QR code, and the links that fix the option order."""

    url: str
    qr: Markup
    orders: list[tuple[str, str]]  # (what it shows, link)


ORDER_NAMES = {"normal": "svarene i vanlig rekkefølge", "reversed": "svarene i motsatt rekkefølge"}


def _trial(request: Request, services: Services, questionnaire: Questionnaire) -> Trial:
    """Opened on a tablet (the QR code), the link tries the draft as respondents will see it;
    the address is the public one, or the one this page was opened at."""
    settings = services.settings
    base = settings.public_url if "public_url" in settings.model_fields_set else ""
    base = base or str(request.base_url)
    token = trial_token(services.settings.key, questionnaire.id)
    url = urls.trial(questionnaire.id, token, public_url=base)
    orders = (
        [
            (said, urls.trial(questionnaire.id, token, order, base))
            for order, said in ORDER_NAMES.items()
        ]
        if questionnaire.balance_option_order
        else []
    )
    return Trial(url, qr_code(url, f"QR-kode: prøv {questionnaire.title}"), orders)


@dataclass(frozen=True)
class PublicationStatus:
    """What respondents are served, and what of the drafts is not published yet."""

    served: Published
    unpublished: list[str]  # files, in words
    draft_passes: bool


def publication_status(publishing: Publishing) -> PublicationStatus:
    return PublicationStatus(
        publishing.served, list(publishing.unpublished), publishing.draft.catalog is not None
    )


@router.post(urls.PUBLISH)
def publish_drafts(
    request: Request,
    services: ServicesDep,
    who: Owner,
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """«Publiser»: the drafts reach respondents, if they pass."""
    check_csrf(who, csrf)
    publishing = publishing_of(request)
    publishing.look_at_drafts()  # a file saved a moment ago counts
    outcome = publishing.publish(by_whom=who.username)
    return _questionnaires_page(request, services, who, notice=outcome)
