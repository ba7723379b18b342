"""The front page, the health check, and continuing with a resume code."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from app.responses import find_by_resume_code
from app.web.deps import CatalogDep, DatabaseDep, SettingsDep
from app.web.rendering import render
from app.web.survey import remember_response

router = APIRouter(tags=["front"])


@router.get("/healthz", response_class=PlainTextResponse)
async def healthz() -> str:
    return "ok"


@router.get("/")
async def front_page(request: Request, catalog: CatalogDep) -> Response:
    return render(request, "front.html", {"questionnaires": catalog.questionnaires.values()})


@router.get("/fortsett")
async def resume_form(request: Request) -> Response:
    return render(request, "resume.html", {"code": "", "error": None})


@router.post("/fortsett")
async def resume_with_code(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    catalog: CatalogDep,
    kode: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    response = find_by_resume_code(database, kode)
    error = None
    if response is None or response.questionnaire_id not in catalog.questionnaires:
        error = "Vi fant ingen svar med denne koden. Sjekk at koden er skrevet riktig."
    elif response.finished:
        error = "Svarene med denne koden er allerede sendt inn. Takk for at du svarte!"
    if error is not None or response is None:
        return render(request, "resume.html", {"code": kode, "error": error}, status_code=400)
    redirect = RedirectResponse(f"/s/{response.questionnaire_id}", status_code=303)
    remember_response(redirect, response, settings)
    return redirect
