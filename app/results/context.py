"""What every results function reads figures with, as one object: the database, the
questionnaires, the kept sums, the smallest group shown (k), today's date (is a round still
open?) and the filters chosen. Dashboards, reports, exports and the command line build one and
hand it on, so all of them count and hide alike."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import Connection

from app.questionnaires.catalog import Catalog
from app.results.kept import ThemeSumsCache
from app.results.scoring import Sums
from app.results.sums import Filters, ThemeKey
from app.rounds.rounds import status
from app.storage.tables import Round


@dataclass(frozen=True)
class ResultsContext:
    connection: Connection
    catalog: Catalog
    sums: ThemeSumsCache
    k: int  # the smallest group a figure may stand for
    today: date
    filters: Filters = field(default_factory=Filters)  # every answer counts

    def filtered(self, filters: Filters) -> "ResultsContext":
        return replace(self, filters=filters)

    def rounds(self) -> list[Round]:
        return self.sums.rounds(self.connection, self.today)

    def open_rounds(self, rounds: Sequence[Round]) -> frozenset[int]:
        """Rounds still open today: they show who has answered, never scores (a refresh where
        n rises by one would give the newest person away)."""
        return frozenset(r.id for r in rounds if status(r, self.today) != "closed")

    def theme_sums(self, rounds: Sequence[Round]) -> dict[Filters, dict[ThemeKey, Sums]]:
        """The sums of the closed rounds among `rounds`, under every filter a user can choose:
        which figures may be shown is decided for all of them together."""
        return self.sums.sums(self.connection, rounds, self.today)
