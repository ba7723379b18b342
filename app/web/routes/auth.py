"""Signing in and out, and what every analyst or owner page requires.

The session cookie is HttpOnly and SameSite=Strict (Secure in production). Every form on a
signed-in page carries the session's CSRF token; the sign-in form, shown before there is a
session, carries a token that must match a cookie of its own (double submit).
"""

import math
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import urls
from app.accounts import SESSION_HOURS, SignedIn, SignInPaused, sign_in, sign_out, signed_in
from app.web.deps import ServicesDep, services_of
from app.web.errors import OwnersOnly, StaleForm
from app.web.rendering import render

SESSION_COOKIE = "minstemme_innlogging"
LOGIN_CSRF_COOKIE = "minstemme_innlogging_skjema"
HOME = urls.RESULTS

router = APIRouter()


class LoginRequired(Exception):
    def __init__(self, wanted: str) -> None:
        self.wanted = wanted


async def login_redirect(_request: Request, error: Exception) -> Response:
    """Installed for LoginRequired: anyone not signed in is sent to the sign-in page."""
    wanted = error.wanted if isinstance(error, LoginRequired) else HOME
    return RedirectResponse(urls.sign_in(wanted), status_code=303)


def _signed_in(request: Request) -> SignedIn:
    token = request.cookies.get(SESSION_COOKIE, "")
    who = None
    if token:
        with services_of(request).connect() as connection:
            who = signed_in(connection, token)
    if who is None:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(wanted if request.method == "GET" else HOME)
    return who


def _owner(who: Annotated[SignedIn, Depends(_signed_in)]) -> SignedIn:
    if not who.is_owner:
        raise OwnersOnly()
    return who


Analyst = Annotated[SignedIn, Depends(_signed_in)]
Owner = Annotated[SignedIn, Depends(_owner)]


def check_csrf(who: SignedIn, sent: str) -> None:
    """Refuse a form that did not come from a page this session was shown."""
    if not secrets.compare_digest(who.csrf_token.encode(), sent.encode()):
        raise StaleForm()


def _wait_message(wait: timedelta) -> str:
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 120:
        when = "1 sekund" if seconds == 1 else f"{seconds} sekunder"
    else:
        when = f"{math.ceil(seconds / 60)} minutter"
    return f"For mange forsøk med feil passord. Vent {when} og prøv igjen."


def _safe_next(wanted: str) -> str:
    # Only our own analyst pages: never an address elsewhere.
    return wanted if wanted.startswith(HOME) and not wanted.startswith("//") else HOME


def _login_page(request: Request, wanted: str, error: str = "", status: int = 200) -> Response:
    form_token = secrets.token_urlsafe(32)
    page = render(
        request,
        "analysis/login.html",
        {
            "title": "Logg inn",
            "next": _safe_next(wanted),
            "csrf": form_token,
            "error": error,
            "who": None,  # nobody signed in yet: no menu
        },
        status_code=status,
    )
    settings = services_of(request).settings
    page.set_cookie(
        LOGIN_CSRF_COOKIE,
        form_token,
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
        path=urls.SIGN_IN,
    )
    return page


@router.get(urls.SIGN_IN, response_class=HTMLResponse)
def login_form(request: Request, neste: str = HOME) -> Response:
    return _login_page(request, neste)


@router.post(urls.SIGN_IN, response_class=HTMLResponse)
def login(
    request: Request,
    services: ServicesDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    neste: Annotated[str, Form(max_length=2000)] = HOME,
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected.encode(), csrf.encode()):
        return _login_page(
            request, neste, "Innloggingen var for gammel. Prøv en gang til.", status=403
        )
    try:
        with services.connect() as connection:
            token = sign_in(connection, username, password)
    except SignInPaused as paused:
        return _login_page(request, neste, _wait_message(paused.wait), status=429)
    if token is None:
        return _login_page(request, neste, "Feil brukernavn eller passord.", status=401)
    result = RedirectResponse(_safe_next(neste), status_code=303)
    result.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=services.settings.secure_cookies,
    )
    result.delete_cookie(LOGIN_CSRF_COOKIE, path=urls.SIGN_IN)
    return result


@router.post(urls.SIGN_OUT)
def logout(
    request: Request,
    services: ServicesDep,
    who: Analyst,
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(who, csrf)
    with services.connect() as connection:
        sign_out(connection, request.cookies.get(SESSION_COOKIE, ""))
    result = RedirectResponse(urls.SIGN_IN, status_code=303)
    result.delete_cookie(SESSION_COOKIE)
    return result
