"""«Logg»: the logbook, for owners (app/logbook.py)."""

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app import urls
from app.logbook import entries
from app.web.deps import ServicesDep
from app.web.rendering import render
from app.web.routes.auth import Owner

router = APIRouter()


@router.get(urls.LOGBOOK)
def logbook_page(request: Request, services: ServicesDep, who: Owner) -> Response:
    with services.connect() as connection:
        found = entries(connection, None if who.national else who.municipalities)
    zone = ZoneInfo(services.settings.time_zone)
    rows = [
        (
            entry.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            entry.who,
            entry.municipality,
            entry.what,
        )
        for entry in found
    ]
    return render(
        request,
        "analysis/logbook.html",
        {"title": "Logg", "who": who, "section": "logbook", "rows": rows},
    )
