import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import create_engine

from app import PROJECT_ROOT
from app.config import Settings
from app.questionnaires.catalog import Catalog, load_catalog
from app.web.app import create_app
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.postgres import postgres_server


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(PROJECT_ROOT / "questions", PROJECT_ROOT / "illustrations")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A real Chromium (the system's, never a downloaded one), shared by a module's tests."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'minstemme.db'}", audio_dir=tmp_path / "audio"
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database_settings(
    request: pytest.FixtureRequest, tmp_path: Path, settings: Settings
) -> Settings:
    """The same test on the embedded SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return settings
    server: str = request.getfixturevalue("postgres_url")
    name = f"test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return settings.model_copy(update={"database_url": f"{server}/{name}"})


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client
