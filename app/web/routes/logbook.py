"""«Logg»: the logbook, for owners (app/logbook.py); and, for a national owner, «Logg ut alle
andre», which ends every other sign-in after asking."""

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app import urls
from app.accounts import sign_ins, sign_out_everyone
from app.logbook import entries, note
from app.web.deps import ServicesDep
from app.web.errors import OwnersOnly
from app.web.rendering import render
from app.web.routes.auth import SESSION_COOKIE, Owner, check_csrf

router = APIRouter()


def _page(
    request: Request, services: ServicesDep, who: Owner, *, asked: str = "", done: str = ""
) -> Response:
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
        {
            "title": "Logg",
            "who": who,
            "section": "logbook",
            "rows": rows,
            "asked": asked,
            "done": done,
        },
    )


@router.get(urls.LOGBOOK)
def logbook_page(request: Request, services: ServicesDep, who: Owner) -> Response:
    return _page(request, services, who)


@router.post(urls.SIGN_OUT_EVERYONE)
def sign_out_everyone_else(
    request: Request,
    services: ServicesDep,
    who: Owner,
    csrf: Annotated[str, Form(max_length=100)] = "",
    bekreft: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    check_csrf(who, csrf)
    if not who.national:  # the others' sign-ins include other municipalities' people
        raise OwnersOnly()
    with services.connect() as connection:
        if bekreft != "ja":  # say what will happen, and ask
            in_use, expired = sign_ins(connection)
            others = in_use - 1  # this one stays
            asked = (
                f"{others} {'annen innlogging' if others == 1 else 'andre innlogginger'} i bruk, "
                f"{expired} utløpt. Alle blir avsluttet, så de andre må logge inn igjen. Du er "
                "fortsatt logget inn."
            )
            return _page(request, services, who, asked=asked)
        ended = sign_out_everyone(connection, but=request.cookies.get(SESSION_COOKIE, ""))
        note(connection, who.username, f"Avsluttet alle andre innlogginger ({ended})")
    return _page(request, services, who, done=f"Avsluttet {ended} innlogginger.")
