"""The user panel's verdicts: the co-design method, in the tool.

While a panel of residents tries a draft with the owner (the preview, on a tablet), the owner
notes per page what the panel said: did they understand it, does the picture fit, and a note.
Each verdict keeps the page's words as the panel saw them, so a verdict on words changed since
says so. The owner sees them per page and for the whole questionnaire. No respondent's answer
is ever among them.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from app.storage.tables import utcnow, verdicts_table

# What a panel may say of a page, and how it is shown; "" is "not said".
JUDGED = {"ja": "Ja", "delvis": "Delvis", "nei": "Nei"}
MAX_NOTE = 2000


class VerdictRefused(ValueError):
    """A verdict that cannot be kept; the message says why, in Norwegian."""


@dataclass(frozen=True)
class Verdict:
    page_id: str
    language: str
    wording: str
    understood: str
    picture_fits: str
    note: str
    noted_at: datetime

    def said(self) -> str:
        """«Forstått: Ja. Bildet passer: Delvis.» (what was said of the two)."""
        parts = [
            f"{name}: {JUDGED[value]}."
            for name, value in (("Forstått", self.understood), ("Bildet passer", self.picture_fits))
            if value
        ]
        return " ".join(parts)


def note_verdict(
    connection: Connection,
    *,
    questionnaire_id: str,
    page_id: str,
    language: str,
    wording: str,
    understood: str,
    picture_fits: str,
    note: str,
) -> Verdict:
    for value in (understood, picture_fits):
        if value and value not in JUDGED:
            raise VerdictRefused("Velg Ja, Delvis eller Nei.")
    note = note.strip()
    if not (understood or picture_fits or note):
        raise VerdictRefused("Velg hva panelet sa, eller skriv en merknad.")
    if len(note) > MAX_NOTE:
        raise VerdictRefused(f"Merknaden kan ha høyst {MAX_NOTE} tegn.")
    verdict = Verdict(page_id, language, wording[:2000], understood, picture_fits, note, utcnow())
    connection.execute(
        insert(verdicts_table).values(
            questionnaire_id=questionnaire_id,
            page_id=page_id,
            language=language,
            wording=verdict.wording,
            understood=understood,
            picture_fits=picture_fits,
            note=note,
            noted_at=verdict.noted_at,
        )
    )
    connection.commit()
    return verdict


def verdicts_on(connection: Connection, questionnaire_id: str) -> dict[str, list[Verdict]]:
    """Every verdict on the questionnaire's pages, by page, newest first."""
    rows = connection.execute(
        select(verdicts_table)
        .where(verdicts_table.c.questionnaire_id == questionnaire_id)
        .order_by(verdicts_table.c.noted_at.desc(), verdicts_table.c.id.desc())
    ).all()
    connection.rollback()
    found: dict[str, list[Verdict]] = defaultdict(list)
    for row in rows:
        found[row.page_id].append(
            Verdict(
                row.page_id,
                row.language,
                row.wording,
                row.understood,
                row.picture_fits,
                row.note,
                row.noted_at,
            )
        )
    return dict(found)


def summary(verdicts: Sequence[Verdict]) -> str:
    """A page's verdicts in a line: «2 vurderinger. Forstått: 1 ja, 1 delvis. Bildet passer:
    2 ja.»"""
    if not verdicts:
        return ""
    parts = [f"{len(verdicts)} {'vurdering' if len(verdicts) == 1 else 'vurderinger'}."]
    for name, values in (
        ("Forstått", [v.understood for v in verdicts]),
        ("Bildet passer", [v.picture_fits for v in verdicts]),
    ):
        counted = Counter(value for value in values if value)
        if counted:
            said = ", ".join(f"{counted[key]} {key}" for key in JUDGED if counted[key])
            parts.append(f"{name}: {said}.")
    return " ".join(parts)
