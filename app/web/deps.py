"""What a route may ask for: the settings, a database session, the loaded questionnaires."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.catalog import Catalog
from app.config import Settings


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


def _session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(_settings)]
CatalogDep = Annotated[Catalog, Depends(_catalog)]
SessionDep = Annotated[Session, Depends(_session)]
