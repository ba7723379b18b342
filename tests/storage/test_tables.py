"""The tables, and the rows read as records: each record has a field for each of its table's
columns (a column added without one would fail only when a row is read)."""

from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Table, create_engine, insert, select

from app.storage.tables import (
    ImportedFigure,
    Round,
    imported_table,
    logbook_table,
    metadata,
    rounds_table,
)


@pytest.mark.parametrize(
    ("record", "table"), [(Round, rounds_table), (ImportedFigure, imported_table)]
)
def test_a_record_has_a_field_for_each_column(record: type, table: Table) -> None:
    assert {f.name for f in fields(record)} == set(table.c.keys())


def test_moments_are_stored_in_utc_and_read_back_aware(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'moments.db'}")
    metadata.create_all(engine, tables=[logbook_table])
    oslo = timezone(timedelta(hours=1))
    with engine.begin() as connection:
        connection.execute(
            insert(logbook_table).values(
                at=datetime(2026, 12, 8, 9, tzinfo=oslo), who="eier", what="publiserte"
            )
        )
        read = connection.execute(select(logbook_table.c.at)).scalar_one()
    assert read == datetime(2026, 12, 8, 8, tzinfo=UTC) and read.tzinfo is UTC
    with engine.begin() as connection, pytest.raises(Exception, match="offset"):
        connection.execute(
            insert(logbook_table).values(at=datetime(2026, 12, 8, 9), who="eier", what="x")
        )
