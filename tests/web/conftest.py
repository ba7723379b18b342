"""What the web tests share."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from tests.support.browser import live_server


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    """The test's app served on a free port, for a real Chromium."""
    with live_server(app) as url:
        yield url
