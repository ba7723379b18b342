"""Database tables. A response holds no name, address, IP or user agent: only answers."""

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel, UniqueConstraint


def utcnow() -> datetime:
    return datetime.now(UTC)


class Response(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    questionnaire_id: str = Field(index=True, max_length=40)
    questionnaire_version: int
    resume_code: str = Field(unique=True, max_length=16)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    # The order this respondent saw the answer options in (stored, so it can be analysed).
    option_order: str = Field(default="normal", max_length=10)
    # Answer-quality flags set when the response is finished (see app/quality.py).
    quality_flags: str = Field(default="", max_length=200)


class Answer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: str = Field(foreign_key="response.id", index=True, max_length=32)
    question_id: str = Field(max_length=40)
    # The chosen option's value; None when the person chose "Vil ikke svare".
    value: str | None = Field(default=None, max_length=40)
    answered_at: datetime = Field(default_factory=utcnow)


class Comment(SQLModel, table=True):
    """Free text from a respondent; exported only with the individual answers."""

    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: str = Field(foreign_key="response.id", index=True, max_length=32)
    question_id: str = Field(max_length=40)
    text: str = Field(max_length=10_000)
    written_at: datetime = Field(default_factory=utcnow)
