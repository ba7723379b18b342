"""A tablet on a slow network: how soon the next question, and its picture, show after a tap.

Starts the real server, opens the resident survey in Chromium (the system's, through
Playwright) with the network emulated as a tablet on a poor connection (150 ms round trip,
1.5 Mbit/s each way), and answers 20 screens, as a resident would: an answer chosen, then
«Gå til neste» tapped once the page has finished loading what it asks for (the choice saved).
For each tap on «Gå til neste» (or "Neste") it records when the next page is in (htmx swapped
it) and when its picture is shown (loaded, decoded and painted).

The baseline, measured in the same run on the same emulated network: one round trip (a tiny
request, median of 20) plus the time the page's own bytes take at 1.5 Mbit/s. Aim: the
picture shown within 1.3× that, median and max; and after «Gå til neste», the next page shown
within 100 ms (it came with the saved answer, so no round trip is left).

Run: .venv/bin/python -m benchmarks.taps  (benchmarks/run runs it with the rest)
"""

import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from benchmarks.load import BASE, _start_server, _stop
from benchmarks.report import machine, now, write_section
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, TABLET  # one Chromium command line

ROUND_TRIP_MS = 150
BITS_PER_SECOND = 1_500_000
TAPS = 20
AIM = 1.3
GO_ON = "Gå til neste"
AIM_GO_ON_MS = 100  # the page a saved answer leads to is on the tablet already (issue 30)

# Set on the page once: when a tap leaves, when the next page is in, when its picture shows.
WATCH = """() => {
  window.taps = [];
  document.addEventListener('click', event => {
    if (event.target.closest('#main button[type=submit]')) {
      window.tapAt = performance.now();
    }
  }, true);
  new MutationObserver(() => {
    const heading = document.querySelector('#main h1');
    if (!heading || heading === window.shownHeading || window.tapAt === undefined) return;
    window.shownHeading = heading;
    const tap = {page: performance.now() - window.tapAt, shown: location.pathname};
    window.taps.push(tap);
    const picture = document.querySelector('#main .picture img');
    if (!picture) return;
    picture.decode().then(() => requestAnimationFrame(() => {
      tap.picture = performance.now() - window.tapAt;
    }));
  }).observe(document.body, {childList: true, subtree: true});
}"""

# The bytes the last page took on the wire (htmx fetches it with XMLHttpRequest).
PAGE_BYTES = """() => {
  const pages = performance.getEntriesByType('resource')
    .filter(entry => entry.initiatorType === 'xmlhttprequest');
  return pages[pages.length - 1].transferSize;
}"""

# One round trip on this network: a tiny request the server answers at once.
ROUND_TRIP = """async () => {
  const started = performance.now();
  await fetch('/healthz', {cache: 'no-store'});
  return performance.now() - started;
}"""


@dataclass(frozen=True)
class Tap:
    button: str  # «Gå til neste» (after an answer) or "Neste" (after a page of text)
    shown: str  # the page the tap led to
    page_ms: float
    picture_ms: float
    page_bytes: int


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="minstemme-taps-"))
    env = {**os.environ, "MINSTEMME_DATABASE_URL": f"sqlite:///{workdir / 'taps.db'}"}
    server = _start_server(env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(**TABLET).new_page()  # type: ignore[arg-type]
            _to_first_question(page)
            _slow_network(page)
            round_trips = [page.evaluate(ROUND_TRIP) for _ in range(20)]
            taps = _answer(page, TAPS)
            browser.close()
    finally:
        _stop(server)
    report = _report(taps, statistics.median(round_trips))
    print(report)
    write_section("taps", report)
    return 0


def _to_first_question(page: Page) -> None:
    page.goto(BASE)
    page.get_by_role("link", name="Prøv som beboer", exact=True).click()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url("**/side/velkommen")
    page.evaluate(WATCH)
    for name in ["Neste", "Neste", "Ja, jeg vil være med", "Neste", "Jeg svarer selv"]:
        _tap(page, page.get_by_role("button", name=name, exact=True))


def _slow_network(page: Page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": ROUND_TRIP_MS,
            "downloadThroughput": BITS_PER_SECOND / 8,
            "uploadThroughput": BITS_PER_SECOND / 8,
        },
    )


def _settled(page: Page) -> None:
    """The page has settled (a tap before is ignored as a double tap) and loaded what it asks
    for."""
    page.wait_for_function("() => document.querySelector('#main[data-settled]') !== null")
    page.wait_for_load_state("networkidle")


def _tap(page: Page, button: object) -> None:
    """Tap once the page has settled and loaded what it asks for; wait for the next page."""
    _settled(page)
    count = page.evaluate("() => window.taps.length")
    button.tap()  # type: ignore[attr-defined]
    page.wait_for_function("count => window.taps.length > count", arg=count)


def _answer(page: Page, count: int) -> list[Tap]:
    """Answer `count` screens: the first answer, then «Gå til neste» (the tap measured, once
    the answer has been saved); or "Neste" on a page between themes."""
    taps = []
    for _ in range(count):
        answer = page.locator("#main input.answer-input").first
        if answer.count():
            _settled(page)
            answer.tap()
            page.wait_for_function("() => document.querySelector('#main input:checked')")
            # A person takes longer than a round trip between two taps: the choice is saved.
            page.wait_for_function("() => !document.querySelector('.htmx-request')")
            name = GO_ON
        else:
            name = "Neste"
        _tap(page, page.get_by_role("button", name=name, exact=True))
        page.wait_for_function(
            "() => { const t = window.taps[window.taps.length - 1];"
            " return !document.querySelector('#main .picture img') || t.picture !== undefined; }"
        )
        last = page.evaluate("() => window.taps[window.taps.length - 1]")
        picture = last.get("picture", last["page"])
        taps.append(Tap(name, last["shown"], last["page"], picture, page.evaluate(PAGE_BYTES)))
    return taps


def _by_button(taps: list[Tap]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for tap in taps:
        found.setdefault(tap.button, []).append(tap.page_ms)
    return found


def _report(taps: list[Tap], round_trip: float) -> str:
    bytes_per_ms = BITS_PER_SECOND / 8 / 1000
    budgets = [AIM * (round_trip + tap.page_bytes / bytes_per_ms) for tap in taps]
    pictures = [tap.picture_ms for tap in taps]
    pages = [tap.page_ms for tap in taps]
    within = sum(picture <= budget for picture, budget in zip(pictures, budgets, strict=True))
    page_bytes = [tap.page_bytes for tap in taps]
    slowest = sorted(taps, key=lambda tap: -tap.picture_ms)
    return "\n".join(
        [
            f"Run {now()} on {machine()}.",
            f"Chromium {ROUND_TRIP_MS} ms round trip, {BITS_PER_SECOND / 1e6:g} Mbit/s each way "
            f"(DevTools network emulation), 768×1024 tablet, {len(taps)} taps through the "
            "resident survey, each once the page has loaded what it asks for.",
            "",
            "| measure | median ms | max ms |",
            "|---|---:|---:|",
            f"| one round trip on this network (baseline, 20 requests) | {round_trip:.0f} | |",
            f"| next page's bytes, gzipped (bytes) | {statistics.median(page_bytes):.0f} | "
            f"{max(page_bytes)} |",
            f"| tap → next page in | {statistics.median(pages):.0f} | {max(pages):.0f} |",
            f"| tap → its picture shown | {statistics.median(pictures):.0f} | "
            f"{max(pictures):.0f} |",
            f"| aim: {AIM}× (round trip + page bytes) | {statistics.median(budgets):.0f} | "
            f"{max(budgets):.0f} |",
            *(
                f"| {name} → next page in ({len(times)} taps) | {statistics.median(times):.0f} | "
                f"{max(times):.0f} |"
                for name, times in _by_button(taps).items()
            ),
            f"| aim for «{GO_ON}» | {AIM_GO_ON_MS} | {AIM_GO_ON_MS} |",
            "",
            f"Pictures shown within the aim: {within} of {len(taps)}. Slowest: "
            + ", ".join(f"{t.shown} ({t.picture_ms:.0f} ms)" for t in slowest[:3])
            + ".",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
