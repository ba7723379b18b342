"""The dialogue meeting's pack for a round: residents' and relatives' views side by side per
theme, the themes where they differ most and where the residents' view changed most since
the round before, questions to talk about, and the actions so far. Printed for a dialogue
conference or a user council. Only figures the report shows, and differences between them.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from app.followup.actions import Action
from app.followup.following import follow_up
from app.results.context import ResultsContext
from app.results.differences import Difference, difference, on_one_page
from app.results.report import round_before, round_results
from app.results.suppression import Shown
from app.storage.tables import Round

MOST_SHOWN = 3  # themes named where the two views differ most, and where they changed most


@dataclass(frozen=True)
class MeetingTheme:
    theme: str
    name: str
    residents: Shown
    relatives: Shown
    # Tested together, as one page (app/results/differences.py):
    apart: Difference | None  # the residents' score minus the relatives'
    change: Difference | None  # the residents' score since the round before
    promised: list[Action]
    planned: list[Action]


@dataclass(frozen=True)
class MeetingPack:
    previous: str  # the period of the round before ("" without one)
    themes: list[MeetingTheme]
    most_apart: list[MeetingTheme]
    most_changed: list[MeetingTheme]
    questions: list[str]


def meeting_pack(context: ResultsContext, survey_round: Round) -> MeetingPack:
    results = round_results(context, survey_round)
    before = round_before(context, survey_round)
    followed = {f.theme: f for f in follow_up(context, survey_round, results, before)}
    themes = [
        MeetingTheme(
            r.theme,
            r.name,
            r.residents,
            r.relatives,
            difference(r.residents.score, r.relatives.score),
            followed[r.theme].residents_change,
            followed[r.theme].promised,
            followed[r.theme].planned,
        )
        for r in results
    ]
    decided = iter(on_one_page([d for t in themes for d in (t.apart, t.change)]))
    themes = [replace(t, apart=next(decided), change=next(decided)) for t in themes]
    most_apart = _largest(themes, lambda t: t.apart)
    most_changed = _largest(themes, lambda t: t.change)
    return MeetingPack(
        before.period if before else "",
        themes,
        most_apart,
        most_changed,
        _questions(themes, most_apart, most_changed, before.period if before else ""),
    )


def _largest(
    themes: list[MeetingTheme], of: Callable[[MeetingTheme], Difference | None]
) -> list[MeetingTheme]:
    """The themes with the largest differences (larger than chance first), at most a few."""
    found = [(t, d) for t in themes if (d := of(t)) is not None and d.value != 0]
    found.sort(key=lambda pair: (not pair[1].beyond_chance, -abs(pair[1].value)))
    return [theme for theme, _ in found[:MOST_SHOWN]]


def _questions(
    themes: list[MeetingTheme],
    apart: list[MeetingTheme],
    changed: list[MeetingTheme],
    previous: str,
) -> list[str]:
    """Questions for the meeting to talk about, from what the figures show."""
    asked = [
        f"Beboerne og de pårørende ser ulikt på {t.name.lower()}. Hvorfor, tror dere?"
        for t in apart
    ]
    asked += [
        f"Beboernes syn på {t.name.lower()} har endret seg siden {previous}. Hva har skjedd?"
        for t in changed
    ]
    scored = [(t.residents.score.mean, t.name) for t in themes if t.residents.score is not None]
    if scored:
        lowest = min(scored)[1]
        asked.append(f"Hva skal til for at flere beboere svarer ja om {lowest.lower()}?")
    asked.append("Hva er viktigst å gjøre noe med først, og hvem gjør det?")
    return asked
