"""What a route may ask for: the settings, a database connection, the loaded questionnaires.

The providers are async on purpose: none of them waits for anything, and FastAPI would run
plain functions in its thread pool, a thread switch per dependency per request.
"""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection, Engine

from app.catalog import Catalog
from app.config import Settings


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


async def _connection(request: Request) -> AsyncIterator[Connection]:
    engine: Engine = request.app.state.engine
    with engine.connect() as connection:
        yield connection


SettingsDep = Annotated[Settings, Depends(_settings)]
CatalogDep = Annotated[Catalog, Depends(_catalog)]
DatabaseDep = Annotated[Connection, Depends(_connection)]
