"""Database tables. A response holds no name, address, IP or user agent: only answers."""

from datetime import UTC, date, datetime

from sqlalchemy import LargeBinary, Text
from sqlmodel import Field, SQLModel, UniqueConstraint


def utcnow() -> datetime:
    return datetime.now(UTC)


class Round(SQLModel, table=True):
    """A survey round: one municipality, one period, the questionnaires it asks (each response
    in the newest version published when it starts)."""

    __table_args__ = (UniqueConstraint("municipality_number", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_number: str = Field(max_length=4)
    municipality_name: str = Field(max_length=100)
    period: str = Field(max_length=10)  # "2026", "2026-H1"
    opens_on: date
    closes_on: date
    closed_at: datetime | None = None  # closed by hand before its closing date
    # Opened again after it closed (app/rounds/reopening.py): responses begun before this moment
    # stay as they were.
    reopened_at: datetime | None = None
    # The round's figures and files hold the responses begun before this moment (those it held
    # when it closed), until the answers since are enough to show; None: every response.
    counts_before: datetime | None = None
    # When its answers were deleted after it closed (app/survey/retention.py): its kept sums
    # stay, nothing is counted from it again, it is not opened again.
    answers_deleted_at: datetime | None = None
    resident_questionnaire: str = Field(max_length=40)
    relative_questionnaire: str = Field(max_length=40)
    # The unguessable parts of the two links (/r/<token>).
    resident_token: str = Field(unique=True, max_length=32)
    relative_token: str = Field(unique=True, max_length=32)
    # Homes or departments staff can choose when starting a tablet, one per line.
    units: str = Field(default="", max_length=4000)
    # What this municipality calls the service ("Habiliteringstjenesten"): shown and read
    # aloud wherever the questionnaires name it; "": their own name (Bo og habilitering).
    service_name: str = Field(default="", max_length=100)
    # Relatives need a one-time code from a letter to start.
    relative_codes: bool = False
    # What the letters to relatives say: who sends them, and whom to ask (a name, and a phone
    # number or an e-mail address).
    letter_sender: str = Field(default="", max_length=200)
    contact_name: str = Field(default="", max_length=100)
    contact_reach: str = Field(default="", max_length=200)
    demo: bool = False  # made up, for trying the survey; listed on the front page
    # Residents who said «Nei, ikke nå» to «Vil du være med?»: only how many (no time, no home).
    declined: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class AccessCode(SQLModel, table=True):
    """A one-time code printed in a letter to a relative; it starts one response."""

    code: str = Field(primary_key=True, max_length=16)
    round_id: int = Field(foreign_key="round.id", index=True)
    # Whether it has started a response; no time, so a code cannot be matched to the response
    # by when each was made.
    used: bool = False


class Response(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    round_id: int = Field(foreign_key="round.id", index=True)
    unit: str | None = Field(default=None, max_length=100)
    questionnaire_id: str = Field(index=True, max_length=40)
    questionnaire_version: int
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    # The order this respondent saw the answer options in (stored, so it can be analysed).
    option_order: str = Field(default="normal", max_length=10)
    # Answer-quality flags set when the response is finished (see app/survey/quality.py).
    quality_flags: str = Field(default="", max_length=200)
    # Who is with the resident now (app/survey/helping.py); each answer also keeps its own.
    helper: str | None = Field(default=None, max_length=20)
    # The language it is answered in (nb, nn, en); empty: its questionnaire's own language.
    language: str | None = Field(default=None, max_length=2)


class DeviceToken(SQLModel, table=True):
    """A device that may go on with a response: the digest of the secret its cookie holds
    (app/codes.py). Each device gets its own (a tablet, and one that resumed with the code)."""

    token_hash: str = Field(primary_key=True, max_length=64)
    response_id: str = Field(foreign_key="response.id", index=True, max_length=32)


class CodeGuess(SQLModel, table=True):
    """A wrong code typed (app/survey/guessing.py): the client as a keyed digest, and when
    (seconds since 1970). Deleted once it no longer counts, after a quarter of an hour."""

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(index=True, max_length=32)
    tried_at: float = Field(index=True)


class ResumeCode(SQLModel, table=True):
    """A code that continues a response on another device ("Ta en pause"): only its digest
    keyed with the server's secret key (app/codes.py), so reading the database or a backup
    gives no code to type. The code itself is worked out from the key when it is shown."""

    code_hash: str = Field(primary_key=True, max_length=64)
    response_id: str = Field(foreign_key="response.id", index=True, max_length=32)


class Answer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: str = Field(foreign_key="response.id", index=True, max_length=32)
    question_id: str = Field(max_length=40)
    # The chosen option's value (several, space between, for a question with `multiple`);
    # None when the person chose "Vil ikke svare".
    value: str | None = Field(default=None, max_length=200)
    helper: str | None = Field(default=None, max_length=20)  # who was with the resident
    answered_at: datetime = Field(default_factory=utcnow)


class Comment(SQLModel, table=True):
    """Free text from a respondent; exported only with the individual answers."""

    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: str = Field(foreign_key="response.id", index=True, max_length=32)
    question_id: str = Field(max_length=40)
    text: str = Field(max_length=10_000)
    written_at: datetime = Field(default_factory=utcnow)


class PublishedVersion(SQLModel, table=True):
    """A questionnaire version as it was published: its pages and the scales they use, as
    JSON. Responses started under it are answered in it to their end, after newer versions."""

    questionnaire_id: str = Field(primary_key=True, max_length=40)
    version: int = Field(primary_key=True)
    definition: str = Field(sa_type=Text)
    published_at: datetime = Field(default_factory=utcnow)


class Publication(SQLModel, table=True):
    """What respondents are served: the owners' questions/ and illustrations/ as they were
    published, packed whole (app/studio/publications.py). The newest is served."""

    id: int | None = Field(default=None, primary_key=True)
    published_at: datetime = Field(default_factory=utcnow)
    by_whom: str = Field(default="", max_length=100)  # an owner's user name, or the command line
    summary: str = Field(default="", max_length=4000)  # what it published, in words
    archive: bytes = Field(sa_type=LargeBinary)


class PanelVerdict(SQLModel, table=True):
    """What a user panel said of a page while trying a draft (app/studio/panel.py): was it
    understood, does the picture fit, and a note. Never a respondent's answer."""

    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: str = Field(max_length=40, index=True)
    page_id: str = Field(max_length=40)
    language: str = Field(max_length=2)
    wording: str = Field(max_length=2000)  # the page's words as the panel saw them
    understood: str = Field(max_length=10)  # ja, delvis, nei, or "" (not said)
    picture_fits: str = Field(max_length=10)
    note: str = Field(default="", max_length=2000)
    noted_at: datetime = Field(default_factory=utcnow)


class RoundAction(SQLModel, table=True):
    """What a municipality will do after a round, on a theme (or one question of it): who is
    responsible, by when, and how far it has come (app/followup/actions.py). Written by
    owners and analysts; never a respondent's answer."""

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    theme: str = Field(max_length=40)
    question_id: str = Field(default="", max_length=40)  # "": the whole theme
    text: str = Field(max_length=500)
    responsible: str = Field(max_length=100)
    due: date | None = None
    status: str = Field(max_length=10)
    note: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    changed_at: datetime = Field(default_factory=utcnow)


class ComparisonGroup(SQLModel, table=True):
    """A named group of municipalities an analyst saved for the dashboard («KOSTRA-gruppe 10»),
    shared with every account (app/results/groups.py)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    members: str = Field(max_length=2000)  # municipality numbers, a space between
    saved_by: str = Field(max_length=100)
    saved_at: datetime = Field(default_factory=utcnow)


class HomeTag(SQLModel, table=True):
    """The service and form of housing an owner gave one of a round's homes (app/rounds/homes.py);
    "" where not said. The report shows results by each (app/results/breakdowns.py)."""

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    unit: str = Field(primary_key=True, max_length=100)
    service: str = Field(default="", max_length=40)  # a value of the `tjeneste` scale
    housing: str = Field(default="", max_length=40)  # a form of housing (`HOUSING_FORMS`)


class AskedQuestion(SQLModel, table=True):
    """The wording each version a round offered asked each question in, so a trend can show
    where it changed."""

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    questionnaire_id: str = Field(primary_key=True, max_length=40)
    version: int = Field(primary_key=True)
    question_id: str = Field(primary_key=True, max_length=40)
    theme: str | None = Field(default=None, max_length=40)
    text: str = Field(max_length=1000)


class Account(SQLModel, table=True):
    """An analyst or owner who may see results. Respondents never have accounts."""

    username: str = Field(primary_key=True, max_length=60)
    password_hash: str = Field(max_length=200)  # argon2id
    role: str = Field(max_length=10)  # "analyst" or "owner"
    created_at: datetime = Field(default_factory=utcnow)
    # Wrong passwords since the last right one, and when the next try may be checked.
    failed_signins: int = 0
    next_signin_at: datetime | None = None
    # Sees every municipality's rounds in full (else only its own, in AccountMunicipality).
    national: bool = False


class AccountMunicipality(SQLModel, table=True):
    """A municipality whose rounds an account sees in full (and, for an owner, manages)."""

    username: str = Field(foreign_key="account.username", primary_key=True, max_length=60)
    municipality_number: str = Field(primary_key=True, max_length=4)


class LoginSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its hash is stored."""

    token_hash: str = Field(primary_key=True, max_length=64)
    username: str = Field(foreign_key="account.username", index=True, max_length=60)
    csrf_token: str = Field(max_length=64)
    expires_at: datetime


class KeptThemeSums(SQLModel, table=True):
    """A closed round's theme sums, counted once and kept (see app/results/dashboard.py). A row with
    an empty audience marks a round that was counted and had nothing to count."""

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    basis: str = Field(primary_key=True, max_length=32)  # scores and filters they were made by
    audience: str = Field(primary_key=True, max_length=10)
    theme: str = Field(primary_key=True, max_length=40)
    part: str = Field(primary_key=True, max_length=10)
    n: int
    total: float
    squares: float
    # The total exactly («825/12»); None in sums kept before exact sums (migration 0024).
    exact_total: str | None = Field(default=None, max_length=100)


class ImportedFigure(SQLModel, table=True):
    """A theme figure another installation published (app/results/national.py): what it showed
    of one municipality, from where and when it was fetched. The national comparison («Landet»)
    adds these to this installation's own."""

    source: str = Field(primary_key=True, max_length=500)  # the address or file it came from
    period: str = Field(primary_key=True, max_length=20)
    municipality_number: str = Field(primary_key=True, max_length=4)
    audience: str = Field(primary_key=True, max_length=10)
    theme: str = Field(primary_key=True, max_length=40)
    municipality_name: str = Field(max_length=100)
    score: float
    low: float | None = None
    high: float | None = None
    n: int
    fetched_at: datetime = Field(default_factory=utcnow)


class Invited(SQLModel, table=True):
    """How many an owner invited to answer a round: residents per home (unit) or for the whole
    round (unit ""), and relatives for the whole round; results show participation from it."""

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    audience: str = Field(primary_key=True, max_length=10)  # resident, relative
    unit: str = Field(default="", primary_key=True, max_length=100)
    count: int


class Heartbeat(SQLModel, table=True):
    """The one row /healthz writes (app/storage/database.py): the database is healthy only
    while it takes writes."""

    id: int = Field(default=1, primary_key=True)
    beat_at: datetime = Field(default_factory=utcnow)


class LogbookEntry(SQLModel, table=True):
    """One thing an owner or analyst did that others may need to account for (app/logbook.py):
    never a respondent, an answer or a code."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    who: str = Field(max_length=100)  # an account's name, or the command line's user
    municipality: str = Field(default="", max_length=4)  # "": not one municipality's
    what: str = Field(max_length=500)
