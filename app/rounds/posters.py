"""A round's printable page: QR codes for both links, and a letter per one-time code.

One self-contained HTML file (styles inline, QR codes as inline SVG), so it prints the same
from any browser, with nothing fetched from anywhere.
"""

from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from app import urls
from app.rounds.links import round_links
from app.rounds.rounds import units_of
from app.storage.tables import Round
from app.words import DEFAULT_LANGUAGE, Words, words_in


@dataclass(frozen=True)
class Link:
    url: str
    qr: Markup  # an inline SVG


def qr_code(url: str, title: str) -> Markup:
    """A QR code for `url`, as inline SVG with `title` for those who cannot see it."""
    # A viewBox and no fixed size: the code scales to the width the page gives it, whole (with
    # a fixed size and a narrower width the printed code lost its right edge and did not scan).
    import segno  # only printed pages make QR codes: not loaded as a server starts

    svg = segno.make(url, error="m").svg_inline(scale=5, title=title, svgclass="qr", omitsize=True)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def poster_html(
    survey_round: Round,
    public_url: str,
    codes: list[str],
    templates: Environment,
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """The poster, rendered with the same Jinja setup as the web (app/templating.py), in
    `language`: a municipality writes to its people in the language they read."""
    words = words_in(language)
    resident_url, relative_url = round_links(survey_round, public_url)
    return templates.get_template("round/poster.html").render(
        round=survey_round,
        lang=words.language,
        words=words,
        units=units_of(survey_round),
        opens=words.date(survey_round.opens_on),
        closes=words.date(survey_round.closes_on),
        sender=", ".join(
            part
            for part in (survey_round.letter_sender, f"{survey_round.municipality_name} kommune")
            if part
        ),
        resident=Link(resident_url, qr_code(resident_url, words.qr_residents))
        if resident_url
        else None,
        relative=Link(relative_url, qr_code(relative_url, words.qr_relatives))
        if relative_url
        else None,
        letters=[(code, _letter_link(survey_round, public_url, code, words)) for code in codes],
    )


def _letter_link(survey_round: Round, public_url: str, code: str, words: Words) -> Link:
    url = urls.round_link_with_code(survey_round.relative_token, code, public_url)
    return Link(url, qr_code(url, words.qr_with_code))
