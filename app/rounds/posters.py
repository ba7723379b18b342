"""A round's printable page: QR codes for both links, and a letter per one-time code.

One self-contained HTML file (styles inline, QR codes as inline SVG), so it prints the same
from any browser, with nothing fetched from anywhere.
"""

from dataclasses import dataclass

import segno
from jinja2 import Environment
from markupsafe import Markup

from app import urls
from app.rounds.links import round_links
from app.rounds.rounds import norwegian_date, units_of
from app.storage.tables import Round


@dataclass(frozen=True)
class Link:
    url: str
    qr: Markup  # an inline SVG


def _qr(url: str, title: str) -> Markup:
    # A viewBox and no fixed size: the code scales to the width the page gives it, whole (with
    # a fixed size and a narrower width the printed code lost its right edge and did not scan).
    svg = segno.make(url, error="m").svg_inline(scale=5, title=title, svgclass="qr", omitsize=True)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def poster_html(
    survey_round: Round, public_url: str, codes: list[str], templates: Environment
) -> str:
    """The poster, rendered with the same Jinja setup as the web (app/templating.py)."""
    resident_url, relative_url = round_links(survey_round, public_url)
    return templates.get_template("round/poster.html").render(
        round=survey_round,
        units=units_of(survey_round),
        opens=norwegian_date(survey_round.opens_on),
        closes=norwegian_date(survey_round.closes_on),
        resident=Link(resident_url, _qr(resident_url, "QR-kode til undersøkelsen for beboere")),
        relative=Link(relative_url, _qr(relative_url, "QR-kode til undersøkelsen for pårørende")),
        letters=[(code, _letter_link(survey_round, public_url, code)) for code in codes],
    )


def _letter_link(survey_round: Round, public_url: str, code: str) -> Link:
    url = urls.round_link_with_code(survey_round.relative_token, code, public_url)
    return Link(url, _qr(url, "QR-kode til undersøkelsen med koden"))
