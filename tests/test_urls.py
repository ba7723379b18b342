"""One module builds every address (app/urls.py): each address it builds reaches the route meant
for it, templates only show ready-made addresses, and no other module spells one out."""

import ast
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Mount

from app import urls
from app.web.routes import ROUTERS

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = re.compile(r"^/(s|r|analyse|fortsett|logg-inn|logg-ut|om-bildene|audio|images|static)\b")
# An attribute that holds an address, and what it may hold: one expression, or a #fragment.
ADDRESS_ATTRIBUTE = re.compile(r'\b(href|action|formaction|src|hx-get|hx-post)="([^"]*)"')
READY_MADE = re.compile(r"^(\{\{[^{}]*\}\}|#[\w-]+)$")

# Every address built, the route it must reach (by name), and the route's parameters.
Q, R = {"questionnaire_id": "beboer"}, {"round_id": "7"}
BUILT: list[tuple[str, str, dict[str, str]]] = [
    (urls.FRONT, "front_page", {}),
    (urls.HEALTH, "healthz", {}),
    (urls.PUBLISHED_JSON, "published_json", {}),
    (urls.PUBLISHED_CSV, "published_csv", {}),
    (urls.RESUME, "resume_form", {}),
    (urls.RESUME, "resume_with_code", {}),
    (urls.PICTURE_CREDITS, "picture_credits", {}),
    (urls.STAFF_GUIDE, "staff_guide_page", {}),
    (urls.LANGUAGE, "choose_language", {}),
    (urls.SIGN_IN, "login_form", {}),
    (urls.sign_in("/analyse?periode=2026"), "login_form", {}),
    (urls.SIGN_IN, "login", {}),
    (urls.SIGN_OUT, "logout", {}),
    (urls.questionnaire("beboer"), "open_survey", Q),
    (urls.new_response("beboer"), "start_over", Q),
    (urls.new_response("beboer"), "confirm_start_over", Q),
    (urls.decline("beboer"), "decline", Q),
    (urls.page("beboer", "mat"), "show_page", Q | {"page_id": "mat"}),
    (urls.page("beboer", "mat"), "submit_answer", Q | {"page_id": "mat"}),
    (urls.autosave("beboer", "mat"), "autosave", Q | {"page_id": "mat"}),
    (urls.pause("beboer"), "pause", Q),
    (urls.helper("beboer", "mat"), "helper_screen", Q),
    (urls.helper("beboer"), "choose_helper", Q),
    (urls.round_link("abc"), "open_link", {"token": "abc"}),
    (urls.round_link_with_code("abc", "K7M2PQ9RTX"), "open_link", {"token": "abc"}),
    (urls.round_link("abc"), "start_from_link", {"token": "abc"}),
    (urls.audio("beboer-mat-abc123"), "clip", {"key": "beboer-mat-abc123"}),
    (urls.static("app.css", "1"), "static", {"path": "app.css"}),
    (urls.illustration("openmoji/1F3E0.svg"), "illustration", {"file": "openmoji/1F3E0.svg"}),
    (urls.image("mat-640.webp"), "images", {"path": "mat-640.webp"}),
    (urls.results(periode="2026", kommune=["9946", "9951"]), "dashboard_page", {}),
    (urls.report(7, hjelp="selv", flagg="uten"), "report_page", R),
    (urls.EXPORTS, "exports_page", {}),
    (urls.theme_scores_file("xlsx"), "aggregate_file", {"extension": "xlsx"}),
    (urls.round_file(7, "beboere", "sav"), "microdata_file", R),
    (urls.round_file(7, "parorende", "csv", long=True), "microdata_file", R),
    (urls.period_file("2026-H1", "parorende", "dta"), "period_file", {"period": "2026-H1"}),
    (urls.rounds("laget"), "rounds_page", {}),
    (urls.ROUNDS, "make_round", {}),
    (urls.close_round(7), "end_round", R),
    (urls.change_round(7), "change_a_round", R),
    (urls.reopen_round(7), "reopen_a_round", R),
    (urls.delete_answers(7), "delete_a_rounds_answers", R),
    (urls.invited(7), "set_invited_counts", R),
    (urls.home_tags(7), "tag_a_rounds_homes", R),
    (urls.LOGBOOK, "logbook_page", {}),
    (urls.SIGN_OUT_EVERYONE, "sign_out_everyone_else", {}),
    (urls.ERASE, "erase_page", {}),
    (urls.ERASE, "erase_response", {}),
    (urls.QUESTIONNAIRES, "questionnaires_page", {}),
    (urls.PUBLISH, "publish_drafts", {}),
    (urls.questionnaire_pages("beboer"), "questionnaire_pages", Q),
    (urls.preview("beboer", "mat"), "preview_page", Q | {"page_id": "mat"}),
    (urls.preview_frame("beboer", "mat", True), "preview_frame", Q | {"page_id": "mat"}),
    (urls.verdict("beboer", "mat"), "note_panel_verdict", Q | {"page_id": "mat"}),
    (urls.trial("beboer", "abc", "reversed"), "try_draft", Q | {"token": "abc"}),
    (urls.STUDIO_NEW, "new_questionnaire_form", {}),
    (urls.STUDIO_NEW, "make_questionnaire", {}),
    (urls.STUDIO_ADVICE, "advice_as_typed", {}),
    (urls.round_actions(7), "new_action", R),
    (urls.meeting(7), "meeting_page", R),
    (urls.GROUPS, "saved_group", {}),
    (urls.remove_group(3), "removed_group", {"group_id": "3"}),
    (urls.summary("abc", "nn"), "summary_page", {"token": "abc"}),
    (urls.round_action(7, 3), "changed_action", R | {"action_id": "3"}),
    (urls.studio_scales("skala-ja_nei"), "scales_page", {}),
    (urls.STUDIO_SCALES, "save_shared", {}),
    (urls.studio("beboer"), "edit_questionnaire", Q),
    (urls.studio_page("beboer", "mat"), "edit_page", Q | {"page_id": "mat"}),
    (urls.studio_picture("beboer", "mat"), "upload_picture", Q | {"page_id": "mat"}),
    (urls.studio_recordings("beboer", "nn"), "recordings_page", Q),
    (
        urls.studio_recording("beboer", "nb", "mat.ja"),
        "save_recording",
        Q | {"language": "nb", "name": "mat.ja"},
    ),
    (urls.poster(7), "poster", R),
    (urls.comments(7), "comments_page", R),
]


@pytest.mark.parametrize(("address", "route", "parameters"), BUILT)
def test_every_built_address_is_its_routes_address(
    app: FastAPI, address: str, route: str, parameters: dict[str, str]
) -> None:
    assert urlsplit(address).path == app.url_path_for(route, **parameters)


def test_every_route_is_reached_by_a_built_address(app: FastAPI) -> None:
    names = {
        route.name for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)
    }
    names |= {route.name or "" for route in app.routes if isinstance(route, Mount)}
    assert names - {route for _, route, _ in BUILT} == set()


def test_a_page_address_keeps_its_query() -> None:
    assert urls.helper("beboer", "mat") == "/s/beboer/hvem?neste=mat"
    assert urls.round_link("abc", "https://minstemme.no/") == "https://minstemme.no/r/abc"
    assert urls.report(7, hjelp="selv", flagg="uten") == "/analyse/rapport/7?hjelp=selv&flagg=uten"
    assert urls.sign_in("/analyse?periode=2026") == "/logg-inn?neste=%2Fanalyse%3Fperiode%3D2026"


def _hand_built_in_templates(templates: Path) -> list[str]:
    found = []
    for path in sorted(templates.rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for attribute, value in ADDRESS_ATTRIBUTE.findall(line):
                if not READY_MADE.match(value):
                    found.append(f"{path.name}:{number} {attribute}={value!r}")
    return found


def test_templates_get_every_address_ready_made() -> None:
    assert _hand_built_in_templates(ROOT / "templates") == []


def test_the_template_check_finds_a_hand_built_address(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<a href="/s/{{ id }}/pause">x</a> <form action="/fortsett"> <a href="#main">'
    )
    assert len(_hand_built_in_templates(tmp_path)) == 2


def _decorator_patterns(tree: ast.Module) -> set[int]:
    """Route patterns in decorators (@router.get("/{round_id}")) declare, they do not build."""
    return {
        id(argument)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for decorator in node.decorator_list
        if isinstance(decorator, ast.Call)
        for argument in decorator.args
    }


def test_no_other_module_spells_out_an_address() -> None:
    spelled = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path == ROOT / "app" / "urls.py":
            continue
        tree = ast.parse(path.read_text())
        patterns = _decorator_patterns(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                first = node.values[0] if node.values else None
                text = first.value if isinstance(first, ast.Constant) else ""
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            if ADDRESS.match(str(text)) and id(node) not in patterns:
                spelled.append(f"{path.relative_to(ROOT)}:{node.lineno} {text!r}")
    assert spelled == []
