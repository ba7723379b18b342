"""Every route, every parameter, hostile values: never a server error, on SQLite and PostgreSQL.

Bounded and repeatable (a fixed list of values, one parameter at a time, the others valid), so
it runs in the suite every time. Signed in as an owner, with a resident's and a relative's
response on the device, so the routes get past their first checks.
"""

import re
from urllib.parse import quote

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.config import Settings
from app.web.app import create_app
from app.web.routes import ROUTERS
from tests.support.entering import round_links, to_first_question
from tests.support.signing_in import add_user, form_token, sign_in

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "²",
    "١٢",
    "-1",
    "0",
    "9" * 25,
    "1e309",
    "%00",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "ø" * 3000,
    "null",
]
# What the survey's forms carry besides their declared parameters.
SURVEY_FIELDS = ["svar-hjem_trives", "svar-relasjon", "tekst-kommentar", "next", "neste"]


def routes() -> list[APIRoute]:
    return [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]


def test_no_route_gives_a_server_error_for_any_hostile_value(
    any_database_settings: Settings,
) -> None:
    app = create_app(any_database_settings)
    failures: list[str] = []
    with TestClient(app, raise_server_exceptions=False) as client:
        add_user(app, "eier", "owner")
        to_first_question(client)
        resident_link, relative_link = round_links(client.get("/").text)
        client.get(relative_link)
        sign_in(client, "eier")
        csrf = form_token(client.get("/analyse/runder").text)
        valid = {
            "questionnaire_id": "beboer",
            "page_id": "hjem_trives",
            "round_id": "1",
            "action_id": "1",
            "group_id": "1",
            "token": resident_link.rsplit("/", 1)[-1],
            "key": "abc",
            "extension": "csv",
            "period": "2026",
            "file": "openmoji/1F3E0.svg",
            "language": "nb",  # a recording's language and name (the studio)
            "name": "hjem_trives",
            "csrf": csrf,
        }
        for route in routes():
            method = next(iter(route.methods or {"GET"}))
            dependant = route.dependant
            path_names = [p.name for p in dependant.path_params]
            query_names = [p.name for p in dependant.query_params]
            form_names = [p.name for p in dependant.body_params]
            if route.path.startswith("/s/") and method == "POST":
                form_names += SURVEY_FIELDS
            for name in path_names + query_names + form_names:
                for value in HOSTILE:
                    path = route.path
                    for path_name in path_names:
                        given = value if path_name == name else valid[path_name]
                        path = re.sub(
                            r"\{" + path_name + r"(:path)?\}", quote(given, safe=""), path
                        )
                    if route.path == "/logg-inn" and method == "POST":  # a new token each time
                        valid["csrf"] = form_token(client.get("/logg-inn").text)
                    else:
                        valid["csrf"] = csrf
                    fields = {n: valid.get(n, "x") for n in query_names + form_names}
                    if name in fields:
                        fields[name] = value
                    if method == "GET":
                        answer = client.get(path, params=fields, follow_redirects=False)
                    else:
                        answer = client.post(path, data=fields, follow_redirects=False)
                    if answer.status_code >= 500:
                        failures.append(f"{method} {route.path} {name}={value[:20]!r}")
    assert failures == [], "\n".join(failures)
