from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app


@pytest.fixture(scope="session")
def app() -> Flask:
    """The app on its embedded defaults: shipped rules and lists, no redis."""
    return create_app({"TESTING": True, "redis_url": ""})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()
