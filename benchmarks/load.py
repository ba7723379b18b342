"""Load and page-weight benchmark for the resident survey.

Starts the real server (uvicorn, one worker) on 127.0.0.1 with a fresh SQLite file, fills it
with responses, and drives it with wrk at 50 connections:

- constant: a copy of a rendered question page, served as it is (the baseline), from an
  async route, and for reference from a plain (sync) route that FastAPI runs in its thread pool,
- question: a question page for a response in progress (cookie, database, skip rules),
- save (htmx): a tap on an answer as the tablet sends it: store + the next page's body,
- save (plain): the same without JavaScript: store + redirect.

Each figure is also given as a ratio to the baseline measured in the same run, since these
machines are noisy. Page weight is what a tablet receives gzipped, pictures apart.

Run: benchmarks/run  (writes the figures into BENCHMARKS.md)
"""

import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx

from app import PROJECT_ROOT
from app.config import Settings
from app.questionnaires.catalog import load_catalog
from app.rounds.rounds import ensure_demo_round
from app.storage.database import make_engine
from app.survey.responses import save_answer, set_helper, start_response
from benchmarks.report import machine, now, write_section
from benchmarks.server import CONSTANT_BODY_ENV

CONNECTIONS = 50
# Paced runs: each of the 50 connections taps every 125 ms on average, about 400 requests a
# second, well below what the server can do; the answer save's p99 is compared with the constant
# page's at the same pace (aim: at most 3×). Flat out, latency is only the queue:
# 50 connections / requests per second.
PAUSE_MS = 125
# One run's p99 on its own moves by half on this machine (paced saves: 6 to 13 ms): the kinds
# of request are run in turn this many times, and each figure is the median of its runs.
TURNS = 3
WARM_UP = "3s"  # each kind once before measuring (the first run also met start-up work)
# wrk runs one right after another at full load: in the second, 2% of requests waited
# 150–450 ms (a bare uvicorn app doing 0.3 ms of work per request shows it too); a pause of
# 0.5 s or more between runs removes it, so each run starts as the first one does.
SETTLE_SECONDS = 1.0
THREADS = 1  # the other core runs the server
DURATION = os.environ.get("BENCH_DURATION", "10s")
RESPONSES = 500
ANSWERED = 10  # each benchmark response has answered the first ten questions
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
COOKIE = "minstemme_beboer"

LUA = """
local ids = {%(ids)s}
local counter = 0
request = function()
  counter = counter + 1
  local id = ids[math.random(#ids)]
  local headers = {["Cookie"] = "%(cookie)s=" .. id, ["Accept-Encoding"] = "gzip",
                   ["Content-Type"] = "application/x-www-form-urlencoded"%(extra)s}
  local body = nil
  if "%(method)s" == "POST" then
    if counter %% 2 == 0 then body = "%(field)s=ja" else body = "%(field)s=nei" end
  end
  return wrk.format("%(method)s", "%(path)s", headers, body)
end
%(pace)s
done = function(summary, latency, requests)
  io.write(string.format("RESULT {\\"requests\\": %%d, \\"duration_us\\": %%d, " ..
    "\\"p50_us\\": %%d, \\"p99_us\\": %%d, \\"non2xx\\": %%d, \\"errors\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
"""


@dataclass
class LoadResult:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    errors: int


def prepare_database(database_url: str) -> list[str]:
    settings = Settings(database_url=database_url)
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    questionnaire = catalog.questionnaires["beboer"]
    engine = make_engine(settings)
    ids = []
    with engine.connect() as connection:
        survey_round = ensure_demo_round(connection, catalog, date.today())
        assert survey_round is not None and survey_round.id is not None
        for _ in range(RESPONSES):
            response = start_response(connection, questionnaire, round_id=survey_round.id)
            set_helper(connection, response, "selv")
            for question in questionnaire.questions[:ANSWERED]:
                save_answer(
                    connection,
                    questionnaire=questionnaire,
                    state=response,
                    question_id=question.id,
                    value=catalog.scale_of(question).options[0].value,
                )
            ids.append(response.device_secret)
    engine.dispose()
    return ids


def run_wrk(
    name: str,
    method: str,
    path: str,
    ids: list[str],
    htmx: bool,
    pause_ms: int = 0,
    duration: str = DURATION,
) -> LoadResult:
    """`pause_ms`: each connection waits that long between requests (a tablet's taps), so the
    server is loaded below what it can do and latency is its own, not a queue's."""
    extra = ', ["HX-Request"] = "true"' if htmx else ""
    # Random pauses (mean pause_ms), as tablets tap independently: equal pauses would bring
    # all 50 connections in step, a burst of 50 at once every pause.
    pace = f"delay = function() return math.random(0, {2 * pause_ms}) end" if pause_ms else ""
    script = LUA % {
        "ids": ", ".join(f'"{i}"' for i in ids),
        "cookie": COOKIE,
        "extra": extra,
        "method": method,
        "path": path,
        "field": "svar-" + path.rsplit("/", 1)[-1],
        "pace": pace,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    time.sleep(SETTLE_SECONDS)
    output = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}", "-s", lua.name, BASE],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(lua.name)
    found = re.search(r"RESULT (\{.*\})", output)
    if found is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    data = json.loads(found.group(1))
    return LoadResult(
        name=name,
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        non2xx=data["non2xx"],
        errors=data["errors"],
    )


def gzipped_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=9))


def page_weight(client: httpx.Client) -> dict[str, int]:
    """Bytes on the wire (gzip) for the first question page and the pages after it."""
    resident_link = re.findall(r'href="(/r/[^"]+)"', client.get("/").text)[0]
    client.post(resident_link, data={"enhet": ""})  # a tablet started in the demo round
    for text_page in ("velkommen", "eir", "frivillig", "hjemme"):
        client.post(f"/s/beboer/side/{text_page}", data={"next": "1"})
    client.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "hjem_trives"})
    first = client.get("/s/beboer/side/hjem_trives")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', first.text)
    asset_bytes = sum(gzipped_size(client.get(url).content) for url in assets)
    html_bytes = gzipped_size(first.content)
    next_pages = []
    current = "hjem_trives"
    for _ in range(8):
        reply = client.post(
            f"/s/beboer/side/{current}",
            data={f"svar-{current}": "ja"},
            headers={"HX-Request": "true"},
        )
        next_pages.append(gzipped_size(reply.content))
        current = reply.headers["HX-Push-Url"].rsplit("/", 1)[-1]
    return {
        "first_question_page_html": html_bytes,
        "css_and_js": asset_bytes,
        "first_question_page_total": html_bytes + asset_bytes,
        "next_page_max": max(next_pages),
        "next_page_mean": round(sum(next_pages) / len(next_pages)),
    }


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="minstemme-bench-"))
    database_url = f"sqlite:///{workdir / 'bench.db'}"
    ids = prepare_database(database_url)
    question_path = f"/s/beboer/side/{_question_after(ANSWERED)}"

    with httpx.Client(base_url=BASE) as probe_client:
        env = {**os.environ, "MINSTEMME_DATABASE_URL": database_url}
        server = _start_server(env)
        try:
            probe_client.cookies.set(COOKIE, ids[0])
            snapshot = probe_client.get(question_path).text
        finally:
            _stop(server)
        body_file = workdir / "question-page.html"
        body_file.write_text(snapshot)
        size = len(snapshot.encode())
        server = _start_server(env | {CONSTANT_BODY_ENV: str(body_file)})
        try:
            flat_out = [
                Kind("constant page (baseline)", "GET", "/_bench/constant"),
                Kind(
                    "constant page, sync route (thread pool)", "GET", "/_bench/constant-threadpool"
                ),
                Kind("question page", "GET", question_path),
                Kind("answer save, htmx (store + next page)", "POST", question_path, htmx=True),
                Kind("answer save, no JS (store + redirect)", "POST", question_path),
            ]
            for kind in flat_out:  # start-up work done, the page cache filled
                run_wrk("warm-up", kind.method, kind.path, ids, kind.htmx, duration=WARM_UP)
            results = measure(flat_out, ids)
            paced = measure(
                [
                    Kind("constant page (baseline)", "GET", "/_bench/constant"),
                    Kind("answer save, htmx", "POST", question_path, htmx=True),
                    Kind("answer save, no JS", "POST", question_path),
                ],
                ids,
                PAUSE_MS,
            )
            with httpx.Client(base_url=BASE, headers={"Accept-Encoding": "gzip"}) as client:
                weights = page_weight(client)
        finally:
            _stop(server)

    report = _report(results, paced, weights, size)
    print(report)
    write_section("results", report)
    return 0


@dataclass(frozen=True)
class Kind:
    """A kind of request the load test sends."""

    name: str
    method: str
    path: str
    htmx: bool = False


def measure(kinds: list[Kind], ids: list[str], pause_ms: int = 0) -> list[LoadResult]:
    """Each kind run in turn, TURNS times over, and the median of its runs."""
    turns = [
        [run_wrk(kind.name, kind.method, kind.path, ids, kind.htmx, pause_ms) for kind in kinds]
        for _ in range(TURNS)
    ]
    return [_median(list(runs)) for runs in zip(*turns, strict=True)]


def _median(results: list[LoadResult]) -> LoadResult:
    """The same request's runs as one: the median of each figure, the errors of all."""
    return LoadResult(
        name=results[0].name,
        rps=statistics.median(result.rps for result in results),
        p50_ms=statistics.median(result.p50_ms for result in results),
        p99_ms=statistics.median(result.p99_ms for result in results),
        non2xx=sum(result.non2xx for result in results),
        errors=sum(result.errors for result in results),
    )


def _question_after(count: int) -> str:
    settings = Settings()
    questionnaire = load_catalog(settings.questions_dir, settings.illustrations_dir)
    return questionnaire.questionnaires["beboer"].questions[count].id


def _start_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.server:bench_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT_ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{BASE}/healthz", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("benchmark server did not start")


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    server.wait(timeout=20)


def _report(
    results: list[LoadResult], paced: list[LoadResult], weights: dict[str, int], size: int
) -> str:
    baseline = results[0].rps
    aims = {
        "question page": 0.40,
        "answer save, htmx (store + next page)": 0.25,
        "answer save, no JS (store + redirect)": 0.25,
    }
    lines = [
        f"Run {now()} on {machine()}.",
        f"wrk, {CONNECTIONS} connections, {DURATION} each, one uvicorn worker, SQLite (WAL), "
        f"gzip; {RESPONSES} responses in progress, a random one per request; "
        f"the baseline is a copy of the question page ({size} bytes). Each kind of request is "
        f"run in turn {TURNS} times, after a warm-up; each figure is the median of its runs.",
        "",
        "| request | requests/s | ratio to baseline | aim | p50 ms | p99 ms | p99 to baseline's "
        "| aim | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        ratio = result.rps / baseline
        aim = aims.get(result.name)
        times = result.p99_ms / results[0].p99_ms
        lines.append(
            f"| {result.name} | {result.rps:,.0f} | {ratio:.0%} | "
            f"{f'≥ {aim:.0%}' if aim else ''} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | "
            f"{times:.1f}× | {'≤ 3×' if result.name.startswith('answer save') else ''} | "
            f"{result.non2xx + result.errors} |"
        )
    lines += [
        "",
        f"Paced: each connection waits 0–{2 * PAUSE_MS} ms (mean {PAUSE_MS}) between requests, "
        f"as independent tablets do (at most about {CONNECTIONS * 1000 // PAUSE_MS} a second); "
        "each figure is the median of its runs, as above.",
        "",
        "| request, paced | requests/s | p50 ms | p99 ms | p99 to baseline's | aim | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in paced:
        times = result.p99_ms / paced[0].p99_ms
        paced_aim = "≤ 3×" if result is not paced[0] else ""
        lines.append(
            f"| {result.name} | {result.rps:,.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | "
            f"{times:.1f}× | {paced_aim} | {result.non2xx + result.errors} |"
        )
    lines += [
        "",
        "| page weight (gzip, pictures apart) | bytes | aim |",
        "|---|---:|---:|",
        f"| first question page: HTML | {weights['first_question_page_html']:,} | |",
        f"| first question page: CSS + JS | {weights['css_and_js']:,} | |",
        f"| first question page: total | {weights['first_question_page_total']:,} | ≤ 40 KB |",
        f"| each next page (htmx), mean | {weights['next_page_mean']:,} | |",
        f"| each next page (htmx), largest | {weights['next_page_max']:,} | ≤ 8 KB |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
