"""SQL that is written differently on SQLite and PostgreSQL, as one expression for both."""

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Dialect, TypeDecorator
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import JSON


class object_of(FunctionElement[Any]):
    """Aggregate: the rows of a group as one JSON object, {key: value} (NULL values kept).

    Read many rows as one: each row a driver fetches from SQLite lets go of Python's lock and
    waits to get it back, and under load that wait costs more than the row (BENCHMARKS.md).
    """

    type = JSON()
    inherit_cache = True
    name = "object_of"

    def __init__(self, key: ColumnElement[Any], value: ColumnElement[Any]) -> None:
        super().__init__(key, value)


@compiles(object_of, "sqlite")
def _object_of_on_sqlite(element: object_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_object({compiler.process(element.clauses, **kw)})"


@compiles(object_of, "postgresql")
def _object_of_on_postgresql(element: object_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object_agg({compiler.process(element.clauses, **kw)})"


def object_from(fetched: object) -> dict[str, Any]:
    """What `object_of` gave, as the driver hands it over: text from SQLite, a dict from
    PostgreSQL, None for an empty group on PostgreSQL."""
    if fetched is None:
        return {}
    if isinstance(fetched, str):
        loaded: dict[str, Any] = json.loads(fetched)
        return loaded
    assert isinstance(fetched, dict)
    return fetched


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and read back aware in UTC: PostgreSQL keeps the offset,
    SQLite keeps the UTC time without it. A moment without an offset is refused (it would
    be read back as UTC whatever it meant)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("a moment to store needs its offset (datetime.now(UTC))")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
