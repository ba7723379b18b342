"""Norway's municipalities as SSB numbers and names them (app/rounds/municipalities.tsv), so a
round's number and name agree and figures are compared under the right municipality.

Numbers 9900–9999 belong to no municipality: the try-out round, demo data and tests use them,
under any name.
"""

import re
from pathlib import Path

MADE_UP = range(9900, 10000)


def _read(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            number, name = line.split("\t")
            found[number] = name
    return found


MUNICIPALITIES = _read(Path(__file__).with_name("municipalities.tsv"))


def name_of(number: str, written: str) -> str | None:
    """The name of municipality `number` that `written` is, as SSB writes it: its whole name or
    one of its names in Norwegian or a Sami language ("Tana" of "Deatnu - Tana"); None when
    `written` is none of them. A made-up number keeps the name written."""
    name = " ".join(written.split())
    if int(number) in MADE_UP:
        return name
    official = MUNICIPALITIES.get(number, "")
    names = [official, *official.split(" - ")]
    if "(" in official:  # "Herøy (Nordland)": the number says which Herøy
        names.append(official.split(" (")[0])
    wanted = _plain(name)
    return next((n for n in names if n and _plain(n) == wanted), None)


def _plain(name: str) -> str:
    """A name as it is compared: any case, any dash between names, without "kommune"."""
    plain = re.sub(r"\s*[-–—]\s*", " - ", name.casefold())
    return re.sub(r"\s+kommune$", "", plain).strip()
