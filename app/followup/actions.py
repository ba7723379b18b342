"""What the municipality will do after a round («Dette skal vi gjøre»), followed up.

Per round and theme (or one question of the theme): the action, who is responsible, by when,
its status and a note. The round's report shows them; the next round's report shows them with
their status beside the change in the theme («Dette lovet vi – dette ble gjort»). Owners and
analysts who see the round in full write them, on the web or with `minstemme action`. An
action is staff's words about services, never a respondent's answer.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from app.questionnaires.catalog import Catalog
from app.storage.tables import actions_table, utcnow

# An action's status, and its words (the one registry: forms, lists, the command line).
STATUSES = {"planned": "planlagt", "under_way": "i gang", "done": "gjort", "dropped": "droppet"}
FIRST_STATUS = "planned"
LIMITS = {"text": 500, "responsible": 100, "note": 1000}


class ActionProblem(ValueError):
    """An action that cannot be kept or changed; the message says why, in Norwegian."""


@dataclass(frozen=True)
class Action:
    id: int
    round_id: int
    theme: str
    question_id: str  # "" for the whole theme
    text: str
    responsible: str
    due: date | None
    status: str
    note: str
    changed_at: datetime

    @property
    def status_said(self) -> str:
        return STATUSES[self.status]


@dataclass(frozen=True)
class Typed:
    """An action as an owner writes it (a form, or the command line's options)."""

    theme: str
    text: str
    responsible: str
    due: date | None = None
    question_id: str = ""
    note: str = ""


def add_action(
    connection: Connection, round_id: int, typed: Typed, catalog: Catalog, asked: Sequence[str]
) -> Action:
    """A new action, planned; `asked`: the questionnaires the round asked (a question named
    must be one of theirs, in the theme)."""
    values = _checked(typed, catalog, asked)
    now = utcnow()
    inserted = connection.execute(
        insert(actions_table).values(
            round_id=round_id, status=FIRST_STATUS, created_at=now, changed_at=now, **values
        )
    )
    connection.commit()
    action_id: int = inserted.inserted_primary_key[0]  # type: ignore[index]
    found = action_by_id(connection, action_id)
    assert found is not None
    return found


def change_action(
    connection: Connection,
    action_id: int,
    *,
    status: str | None = None,
    note: str | None = None,
) -> Action:
    """A new status and/or note (the note replaces the one before)."""
    if action_by_id(connection, action_id) is None:
        raise ActionProblem(f"Fant ingen tiltak med nummer {action_id}.")
    changes: dict[str, object] = {"changed_at": utcnow()}
    if status is not None:
        if status not in STATUSES:
            raise ActionProblem(f"Status kan være {_said_statuses()}.")
        changes["status"] = status
    if note is not None:
        changes["note"] = _text(note, "note", "Merknaden", needed=False)
    connection.execute(
        update(actions_table).where(actions_table.c.id == action_id).values(**changes)
    )
    connection.commit()
    changed = action_by_id(connection, action_id)
    assert changed is not None
    return changed


def status_from(said: str) -> str:
    """A status as an owner may write it: its code (under_way) or its words («i gang»)."""
    wanted = said.strip().lower()
    for code, words in STATUSES.items():
        if wanted in (code, words):
            return code
    raise ActionProblem(f"Status kan være {_said_statuses()}.")


def _said_statuses() -> str:
    return ", ".join(f"«{words}» ({code})" for code, words in STATUSES.items())


def _checked(typed: Typed, catalog: Catalog, asked: Sequence[str]) -> dict[str, object]:
    if typed.theme not in catalog.themes:
        raise ActionProblem(
            f"Temaet «{typed.theme}» finnes ikke. Velg et av: {', '.join(catalog.themes)}."
        )
    question = typed.question_id.strip()
    if question:
        questions = {
            q.id
            for questionnaire_id in asked
            if (found := catalog.questionnaires.get(questionnaire_id)) is not None
            for q in found.questions
            if q.theme == typed.theme
        }
        if question not in questions:
            raise ActionProblem(
                f"Spørsmålet «{question}» er ikke i temaet «{typed.theme}» i det runden spurte."
            )
    return {
        "theme": typed.theme,
        "question_id": question,
        "text": _text(typed.text, "text", "Tiltaket"),
        "responsible": _text(typed.responsible, "responsible", "Hvem som har ansvaret"),
        "due": typed.due,
        "note": _text(typed.note, "note", "Merknaden", needed=False),
    }


def _text(value: str, field: str, said: str, *, needed: bool = True) -> str:
    cleaned = " ".join(value.split()) if field != "note" else value.strip()
    if needed and not cleaned:
        raise ActionProblem(f"{said} må fylles ut.")
    if len(cleaned) > LIMITS[field]:
        raise ActionProblem(f"{said} kan ha høyst {LIMITS[field]} tegn.")
    return cleaned


def action_by_id(connection: Connection, action_id: int) -> Action | None:
    if not 0 < action_id < 2**31:  # no action has it, and the database could not even look
        return None
    row = (
        connection.execute(select(actions_table).where(actions_table.c.id == action_id))
        .mappings()
        .first()
    )
    return _action(row) if row is not None else None


def actions_of(connection: Connection, round_ids: Sequence[int]) -> list[Action]:
    """The rounds' actions, by theme in the order written."""
    rows = connection.execute(
        select(actions_table)
        .where(actions_table.c.round_id.in_(list(round_ids)))
        .order_by(actions_table.c.round_id, actions_table.c.id)
    ).mappings()
    return [_action(row) for row in rows]


def by_theme(actions: Sequence[Action]) -> dict[str, list[Action]]:
    grouped: dict[str, list[Action]] = {}
    for action in actions:
        grouped.setdefault(action.theme, []).append(action)
    return grouped


def _action(row: RowMapping) -> Action:
    return Action(
        id=int(row["id"]),
        round_id=int(row["round_id"]),
        theme=str(row["theme"]),
        question_id=str(row["question_id"] or ""),
        text=str(row["text"]),
        responsible=str(row["responsible"]),
        due=row["due"],
        status=str(row["status"]),
        note=str(row["note"] or ""),
        changed_at=row["changed_at"],
    )
