"""«Dette sa dere»: a closed round's results told back to the residents, in easy words.

Per theme the round asked, what the theme is about, what the residents said as one of three
plain sentences with a picture of «x av 10», the relatives beside it, whether it is better or
worse than last time (only where the difference is larger than chance, the themes' changes
tested together as one page: app/results/differences.py), and what the
municipality will do (app/followup/actions.py). It shows only the round's own theme scores as
the results pages show them (app/results/report.py): a figure hidden there is hidden here,
said as «too few answered», and nothing is shown per home or for any smaller group.
"""

from dataclasses import dataclass

from app.followup.following import follow_up
from app.questionnaires.model import BAD_UP_TO, GOOD_FROM
from app.results.context import ResultsContext
from app.results.differences import Difference, on_one_page
from app.results.report import round_before, round_results
from app.results.suppression import Shown
from app.rounds.rounds import questionnaire_for, status
from app.storage.tables import Round
from app.words import Words


class SummaryNotReady(ValueError):
    """A round that is still open (or unknown) has no summary: nothing is told before the
    round has closed and its figures are final."""


@dataclass(frozen=True)
class Tenths:
    """A score 0–100 as «x av 10», for a picture of ten."""

    filled: int

    @property
    def marks(self) -> list[bool]:
        return [place < self.filled for place in range(10)]


@dataclass(frozen=True)
class ThemeSaid:
    theme: str
    name: str
    about: str  # the theme's description
    residents: Tenths | None  # None: too few answered to say
    residents_said: str
    relatives: Tenths | None
    relatives_said: str  # "" where the round did not ask relatives
    change_said: str  # "" without a round before to compare with
    actions: list[str]
    promised: list[str]  # after the round before, each with how far it came

    def heard(self, words: Words) -> str:
        """The block as it is read aloud: what is shown, in order, in sentences."""
        tenths = (
            words("summary_tenths", tenths=self.residents.filled) + "." if self.residents else ""
        )
        said = [self.name + ".", self.about, self.residents_said, tenths, self.change_said]
        said.append(self.relatives_said)
        if self.promised:
            said += [words.summary_promised, *self.promised]
        if self.actions:
            said += [words.summary_actions, *(f"{action.rstrip('.')}." for action in self.actions)]
        return " ".join(part for part in said if part)


@dataclass(frozen=True)
class Summary:
    municipality: str
    period: str
    language: str
    title: str
    intro: str
    themes: list[ThemeSaid]


def summary(context: ResultsContext, survey_round: Round, words: Words, language: str) -> Summary:
    """The easy-read summary of a closed round, in `language` (one its residents' or relatives'
    questionnaire offers)."""
    if status(survey_round, context.today) != "closed":
        raise SummaryNotReady(words.summary_not_ready)
    themes = round_results(context, survey_round)
    followed = {
        f.theme: f
        for f in follow_up(context, survey_round, themes, round_before(context, survey_round))
    }
    changes = dict(
        zip(followed, on_one_page([f.residents_change for f in followed.values()]), strict=True)
    )
    named = context.catalog.translated_themes.get(language, context.catalog.themes)
    asks_relatives = bool(questionnaire_for(survey_round, "relative"))
    shown = []
    for result in themes:
        theme = named.get(result.theme, context.catalog.themes[result.theme])
        residents = _tenths(result.residents)
        relatives = _tenths(result.relatives)
        follow = followed[result.theme]
        shown.append(
            ThemeSaid(
                theme=result.theme,
                name=theme.name,
                about=theme.description,
                residents=residents,
                residents_said=_said(result.residents, words),
                relatives=relatives,
                relatives_said=(
                    words("summary_relatives", tenths=relatives.filled)
                    if relatives and asks_relatives
                    else ""
                ),
                change_said=_change(changes[result.theme], words),
                actions=[action.text for action in follow.planned],
                promised=[
                    f"{action.text.rstrip('.')}: {words(f'action_status_{action.status}')}."
                    for action in follow.promised
                ],
            )
        )
    return Summary(
        survey_round.municipality_name,
        survey_round.period,
        language,
        words.summary_title,
        words("summary_intro", municipality=survey_round.municipality_name),
        shown,
    )


def _tenths(shown: Shown) -> Tenths | None:
    if shown.score is None:
        return None
    return Tenths(max(0, min(10, round(shown.score.mean / 10))))


def _said(shown: Shown, words: Words) -> str:
    if shown.score is None:
        return words.summary_too_few
    mean = shown.score.mean
    if mean >= GOOD_FROM:
        return words.summary_most_yes
    return words.summary_most_no if mean <= BAD_UP_TO else words.summary_some


def _change(found: Difference | None, words: Words) -> str:
    """Better or worse than last time only where the difference is larger than chance."""
    if found is None:
        return ""
    if not found.beyond_chance:
        return words.summary_same
    return words.summary_better if found.value > 0 else words.summary_worse
