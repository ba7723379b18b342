"""Database tables, as SQLAlchemy Core tables; a round read from its row is a `Round`. A
response holds no name, address, IP or user agent: only answers. The schema changes only
through a migration (app/storage/migrations/); tests/storage/test_migrating.py checks that
the migrations make exactly these tables."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from app.storage.sql import UtcDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


metadata = MetaData()

# A survey round: one municipality, one period, the questionnaires it asks (each response in
# the newest version published when it starts).
rounds_table = Table(
    "round",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("municipality_number", String(4), nullable=False),
    Column("municipality_name", String(100), nullable=False),
    Column("period", String(10), nullable=False),  # "2026", "2026-H1"
    Column("opens_on", Date, nullable=False),
    Column("closes_on", Date, nullable=False),
    Column("closed_at", UtcDateTime),  # closed by hand before its closing date
    # Opened again after it closed (app/rounds/reopening.py): responses begun before this
    # moment stay as they were.
    Column("reopened_at", UtcDateTime),
    # The round's figures and files hold the responses begun before this moment (those it held
    # when it closed), until the answers since are enough to show; None: every response.
    Column("counts_before", UtcDateTime),
    # When its answers were deleted after it closed (app/survey/retention.py): its kept sums
    # stay, nothing is counted from it again, it is not opened again.
    Column("answers_deleted_at", UtcDateTime),
    Column("resident_questionnaire", String(40), nullable=False),
    Column("relative_questionnaire", String(40), nullable=False),
    # The unguessable parts of the two links (/r/<token>).
    Column("resident_token", String(32), nullable=False, unique=True),
    Column("relative_token", String(32), nullable=False, unique=True),
    # Homes or departments staff can choose when starting a tablet, one per line.
    Column("units", String(4000), nullable=False, default=""),
    # What this municipality calls the service ("Habiliteringstjenesten"): shown and read aloud
    # wherever the questionnaires name it; "": their own name (Bo og habilitering).
    Column("service_name", String(100), nullable=False, default=""),
    # Relatives need a one-time code from a letter to start.
    Column("relative_codes", Boolean, nullable=False, default=False),
    # What the letters to relatives say: who sends them, and whom to ask (a name, and a phone
    # number or an e-mail address).
    Column("letter_sender", String(200), nullable=False, default=""),
    Column("contact_name", String(100), nullable=False, default=""),
    Column("contact_reach", String(200), nullable=False, default=""),
    # Made up, for trying the survey; listed on the front page.
    Column("demo", Boolean, nullable=False, default=False),
    # Residents who said «Nei, ikke nå» to «Vil du være med?»: only how many (no time, no home).
    Column("declined", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False, default=utcnow),
    UniqueConstraint("municipality_number", "period"),
)


@dataclass(frozen=True)
class Round:
    """A round as its row holds it (`Round(**row._mapping)`); the columns say what each is."""

    id: int
    municipality_number: str
    municipality_name: str
    period: str
    opens_on: date
    closes_on: date
    resident_questionnaire: str
    relative_questionnaire: str
    resident_token: str
    relative_token: str
    closed_at: datetime | None = None
    reopened_at: datetime | None = None
    counts_before: datetime | None = None
    answers_deleted_at: datetime | None = None
    units: str = ""
    service_name: str = ""
    relative_codes: bool = False
    letter_sender: str = ""
    contact_name: str = ""
    contact_reach: str = ""
    demo: bool = False
    declined: int = 0
    created_at: datetime = field(default_factory=utcnow)


# A one-time code printed in a letter to a relative; it starts one response. Whether it has
# started a response is kept without a time, so a code cannot be matched to the response by
# when each was made.
codes_table = Table(
    "accesscode",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("round_id", Integer, ForeignKey("round.id"), nullable=False, index=True),
    Column("used", Boolean, nullable=False, default=False),
)

responses_table = Table(
    "response",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("round_id", Integer, ForeignKey("round.id"), nullable=False, index=True),
    Column("unit", String(100)),
    Column("questionnaire_id", String(40), nullable=False, index=True),
    Column("questionnaire_version", Integer, nullable=False),
    Column("started_at", UtcDateTime, nullable=False, default=utcnow),
    Column("finished_at", UtcDateTime),
    # The order this respondent saw the answer options in (stored, so it can be analysed).
    Column("option_order", String(10), nullable=False, default="normal"),
    # Answer-quality flags set when the response is finished (see app/survey/quality.py).
    Column("quality_flags", String(200), nullable=False, default=""),
    # Who is with the resident now (app/survey/helping.py); each answer also keeps its own.
    Column("helper", String(20)),
    # The language it is answered in (nb, nn, en); empty: its questionnaire's own language.
    Column("language", String(2)),
)

# A device that may go on with a response: the digest of the secret its cookie holds
# (app/codes.py). Each device gets its own (a tablet, and one that resumed with the code).
devices_table = Table(
    "devicetoken",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("response_id", String(32), ForeignKey("response.id"), nullable=False, index=True),
)

# A wrong code typed (app/survey/guessing.py): the client as a keyed digest, and when (seconds
# since 1970). Deleted once it no longer counts, after a quarter of an hour.
guesses_table = Table(
    "codeguess",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("client", String(32), nullable=False, index=True),
    Column("tried_at", Float, nullable=False, index=True),
)

# A code that continues a response on another device ("Ta en pause"): only its digest keyed
# with the server's secret key (app/codes.py), so reading the database or a backup gives no
# code to type. The code itself is worked out from the key when it is shown.
resume_codes_table = Table(
    "resumecode",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("response_id", String(32), ForeignKey("response.id"), nullable=False, index=True),
)

answers_table = Table(
    "answer",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("response_id", String(32), ForeignKey("response.id"), nullable=False, index=True),
    Column("question_id", String(40), nullable=False),
    # The chosen option's value (several, space between, for a question with `multiple`);
    # None when the person chose "Vil ikke svare".
    Column("value", String(200)),
    Column("helper", String(20)),  # who was with the resident
    Column("answered_at", UtcDateTime, nullable=False, default=utcnow),
    UniqueConstraint("response_id", "question_id"),
)

# Free text from a respondent; exported only with the individual answers.
comments_table = Table(
    "comment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("response_id", String(32), ForeignKey("response.id"), nullable=False, index=True),
    Column("question_id", String(40), nullable=False),
    Column("text", String(10_000), nullable=False),
    Column("written_at", UtcDateTime, nullable=False, default=utcnow),
    UniqueConstraint("response_id", "question_id"),
)

# A questionnaire version as it was published: its pages and the scales they use, as JSON.
# Responses started under it are answered in it to their end, after newer versions.
published_table = Table(
    "publishedversion",
    metadata,
    Column("questionnaire_id", String(40), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("definition", Text, nullable=False),
    Column("published_at", UtcDateTime, nullable=False, default=utcnow),
)

# What respondents are served: the owners' questions/ and illustrations/ as they were
# published, packed whole (app/studio/publications.py). The newest is served.
publications_table = Table(
    "publication",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("published_at", UtcDateTime, nullable=False, default=utcnow),
    # An owner's user name, or the command line.
    Column("by_whom", String(100), nullable=False, default=""),
    Column("summary", String(4000), nullable=False, default=""),  # what it published, in words
    Column("archive", LargeBinary, nullable=False),
)

# What a user panel said of a page while trying a draft (app/studio/panel.py): was it
# understood, does the picture fit, and a note. Never a respondent's answer.
verdicts_table = Table(
    "panelverdict",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("questionnaire_id", String(40), nullable=False, index=True),
    Column("page_id", String(40), nullable=False),
    Column("language", String(2), nullable=False),
    Column("wording", String(2000), nullable=False),  # the page's words as the panel saw them
    Column("understood", String(10), nullable=False),  # ja, delvis, nei, or "" (not said)
    Column("picture_fits", String(10), nullable=False),
    Column("note", String(2000), nullable=False, default=""),
    Column("noted_at", UtcDateTime, nullable=False, default=utcnow),
)

# What a municipality will do after a round, on a theme (or one question of it): who is
# responsible, by when, and how far it has come (app/followup/actions.py). Written by owners
# and analysts; never a respondent's answer.
actions_table = Table(
    "roundaction",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", Integer, ForeignKey("round.id"), nullable=False, index=True),
    Column("theme", String(40), nullable=False),
    Column("question_id", String(40), nullable=False, default=""),  # "": the whole theme
    Column("text", String(500), nullable=False),
    Column("responsible", String(100), nullable=False),
    Column("due", Date),
    Column("status", String(10), nullable=False),
    Column("note", String(1000), nullable=False, default=""),
    Column("created_at", UtcDateTime, nullable=False, default=utcnow),
    Column("changed_at", UtcDateTime, nullable=False, default=utcnow),
)

# A named group of municipalities an analyst saved for the dashboard («KOSTRA-gruppe 10»),
# shared with every account (app/results/groups.py).
groups_table = Table(
    "comparisongroup",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("members", String(2000), nullable=False),  # municipality numbers, a space between
    Column("saved_by", String(100), nullable=False),
    Column("saved_at", UtcDateTime, nullable=False, default=utcnow),
)

# The service and form of housing an owner gave one of a round's homes (app/rounds/homes.py);
# "" where not said. The report shows results by each (app/results/breakdowns.py).
home_tags_table = Table(
    "hometag",
    metadata,
    Column("round_id", Integer, ForeignKey("round.id"), primary_key=True),
    Column("unit", String(100), primary_key=True),
    Column("service", String(40), nullable=False, default=""),  # a value of the `tjeneste` scale
    Column("housing", String(40), nullable=False, default=""),  # a form (`HOUSING_FORMS`)
)

# The wording each version a round offered asked each question in, so a trend can show where
# it changed.
asked_table = Table(
    "askedquestion",
    metadata,
    Column("round_id", Integer, ForeignKey("round.id"), primary_key=True),
    Column("questionnaire_id", String(40), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("question_id", String(40), primary_key=True),
    Column("theme", String(40)),
    Column("text", String(1000), nullable=False),
)

# An analyst or owner who may see results. Respondents never have accounts.
accounts_table = Table(
    "account",
    metadata,
    Column("username", String(60), primary_key=True),
    Column("password_hash", String(200), nullable=False),  # argon2id
    Column("role", String(10), nullable=False),  # "analyst" or "owner"
    Column("created_at", UtcDateTime, nullable=False, default=utcnow),
    # Wrong passwords since the last right one, and when the next try may be checked.
    Column("failed_signins", Integer, nullable=False, default=0),
    Column("next_signin_at", UtcDateTime),
    # Sees every municipality's rounds in full (else only its own, in `places_table`).
    Column("national", Boolean, nullable=False, default=False),
)

# A municipality whose rounds an account sees in full (and, for an owner, manages).
places_table = Table(
    "accountmunicipality",
    metadata,
    Column("username", String(60), ForeignKey("account.username"), primary_key=True),
    Column("municipality_number", String(4), primary_key=True),
)

# A signed-in browser. The cookie holds a random token; only its hash is stored.
sessions_table = Table(
    "loginsession",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(60), ForeignKey("account.username"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

# A closed round's theme sums, counted once and kept (see app/results/dashboard.py). A row with
# an empty audience marks a round that was counted and had nothing to count.
kept_table = Table(
    "keptthemesums",
    metadata,
    Column("round_id", Integer, ForeignKey("round.id"), primary_key=True),
    Column("basis", String(32), primary_key=True),  # scores and filters they were made by
    Column("audience", String(10), primary_key=True),
    Column("theme", String(40), primary_key=True),
    Column("part", String(10), primary_key=True),
    Column("n", Integer, nullable=False),
    Column("total", Float, nullable=False),
    Column("squares", Float, nullable=False),
    # The total exactly («825/12»); None in sums kept before exact sums (migration 0024).
    Column("exact_total", String(100)),
)

# A theme figure another installation published (app/results/national.py): what it showed of
# one municipality, from where and when it was fetched. The national comparison («Landet»)
# adds these to this installation's own.
imported_table = Table(
    "importedfigure",
    metadata,
    Column("source", String(500), primary_key=True),  # the address or file it came from
    Column("period", String(20), primary_key=True),
    Column("municipality_number", String(4), primary_key=True),
    Column("audience", String(10), primary_key=True),
    Column("theme", String(40), primary_key=True),
    Column("municipality_name", String(100), nullable=False),
    Column("score", Float, nullable=False),
    Column("low", Float),
    Column("high", Float),
    Column("n", Integer, nullable=False),
    Column("fetched_at", UtcDateTime, nullable=False, default=utcnow),
)


@dataclass(frozen=True)
class ImportedFigure:
    """One row of `imported_table`."""

    source: str
    period: str
    municipality_number: str
    audience: str
    theme: str
    municipality_name: str
    score: float
    low: float | None
    high: float | None
    n: int
    fetched_at: datetime


# How many an owner invited to answer a round: residents per home (unit) or for the whole round
# (unit ""), and relatives for the whole round; results show participation from it.
invited_table = Table(
    "invited",
    metadata,
    Column("round_id", Integer, ForeignKey("round.id"), primary_key=True),
    Column("audience", String(10), primary_key=True),  # resident, relative
    Column("unit", String(100), primary_key=True, default=""),
    Column("count", Integer, nullable=False),
)

# The one row /healthz writes (app/storage/database.py): the database is healthy only while it
# takes writes.
heartbeat_table = Table(
    "heartbeat",
    metadata,
    Column("id", Integer, primary_key=True, default=1),
    Column("beat_at", UtcDateTime, nullable=False, default=utcnow),
)

# One thing an owner or analyst did that others may need to account for (app/logbook.py):
# never a respondent, an answer or a code.
logbook_table = Table(
    "logbookentry",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False, index=True, default=utcnow),
    Column("who", String(100), nullable=False),  # an account's name, or the command line's user
    Column("municipality", String(4), nullable=False, default=""),  # "": not one municipality's
    Column("what", String(500), nullable=False),
)
