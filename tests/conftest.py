import os
import shutil
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
from app.storage.database import make_engine
from app.studio.drafts import newest_or_first
from app.web.app import create_app
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.postgres import postgres_server

# What a run may leave in the repository: caches of the tools themselves.
TOOL_FOLDERS = {
    ".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
    "minstemme.egg-info",
}  # fmt: skip


def repository_files() -> dict[Path, float | None]:
    """Every folder (None) and file (its time of change) in the repository."""
    found: dict[Path, float | None] = {}
    for folder, subfolders, files in os.walk(PROJECT_ROOT):
        subfolders[:] = [name for name in subfolders if name not in TOOL_FOLDERS]
        found[Path(folder).relative_to(PROJECT_ROOT)] = None
        for name in files:
            path = Path(folder, name)
            found[path.relative_to(PROJECT_ROOT)] = path.stat().st_mtime
    return found


@pytest.fixture(scope="session", autouse=True)
def repository_untouched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test writes into the repository. Commands the tests start get their database,
    pictures and speech elsewhere; the run ends by checking that nothing appeared or changed."""
    outside = tmp_path_factory.mktemp("defaults")
    before = repository_files()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MINSTEMME_DATABASE_URL", f"sqlite:///{outside / 'minstemme.db'}")
        patch.setenv("MINSTEMME_BUILT_IMAGES_DIR", str(outside / "images"))
        patch.setenv("MINSTEMME_AUDIO_DIR", str(outside / "audio"))
        yield
    changed = {
        str(path)
        for path, written in repository_files().items()
        if path not in before or before[path] != written
    }
    assert changed == set(), "tests wrote into the repository"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files that drive Chromium first: they are the longest, and pytest-xdist hands out
    whole files in this order, so one begun last kept the run going after the other processes
    were done."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


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
        database_url=f"sqlite:///{tmp_path / 'minstemme.db'}",
        audio_dir=tmp_path / "audio",
        built_images_dir=tmp_path / "images",
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def any_empty_database_settings(
    request: pytest.FixtureRequest, tmp_path: Path, settings: Settings
) -> Settings:
    """The same test on an empty SQLite file and on a fresh, empty PostgreSQL database."""
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
def any_database_settings(
    any_empty_database_settings: Settings, migrated_database: Path, published_database: Path
) -> Settings:
    """The same test on the embedded SQLite file, at the newest revision as a test's app
    starts (`app`), and on a fresh PostgreSQL database (made current as the app starts)."""
    from_template(any_empty_database_settings, migrated_database, published_database)
    return any_empty_database_settings


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the newest revision, made once. Each test's app starts from
    a copy of it: running every migration took a fifth of a second of each test. (Migrating
    from empty and from every revision is tested in tests/storage/test_migrating.py.)"""
    path = tmp_path_factory.mktemp("migrated") / "minstemme.db"
    make_engine(Settings(database_url=f"sqlite:///{path}")).dispose()
    return path


@pytest.fixture(scope="session")
def published_database(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> Path:
    """The same with the repository's questionnaires published, as a server's first start
    does (app/studio/drafts.py): done once, not in every test (a tenth of a second each). A
    test whose app has drafts of its own starts from the empty one and publishes them."""
    path = tmp_path_factory.mktemp("published") / "minstemme.db"
    shutil.copyfile(migrated_database, path)
    settings = Settings(database_url=f"sqlite:///{path}")
    engine = make_engine(settings)
    newest_or_first(settings, engine)
    engine.dispose()
    return path


def from_template(settings: Settings, migrated: Path, published: Path) -> None:
    """A test's SQLite file, where there is none yet, copied from the one made once: with the
    shipped questionnaires published when the test serves them, else only migrated."""
    if settings.sqlite_path is not None and not settings.sqlite_path.exists():
        drafts = (settings.questions_dir, settings.illustrations_dir)
        shipped = drafts == (PROJECT_ROOT / "questions", PROJECT_ROOT / "illustrations")
        shutil.copyfile(published if shipped else migrated, settings.sqlite_path)


@pytest.fixture
def app(settings: Settings, migrated_database: Path, published_database: Path) -> FastAPI:
    from_template(settings, migrated_database, published_database)
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        # The server counts closed rounds as it starts. Tests write answers into rounds that
        # are closed already (no respondent can), so they begin once that count is over.
        assert app.state.services.counting.counted_once.wait(30)
        yield client
