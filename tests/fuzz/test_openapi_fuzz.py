"""Schemathesis against the generated OpenAPI document: no request the schema
allows, or nearly allows, makes a server error."""

from __future__ import annotations

import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api import create_app

# Built at collection (schemathesis parametrizes from it): its own data
# directory, no redis, no API keys.
_app = create_app({"TESTING": True, "WATCH_LISTS": False, "data_dir": tempfile.mkdtemp(prefix="tradescreen-fuzz-"),
                   "redis_url": "", "api_keys": "", "api_keys_file": ""})
schema = schemathesis.openapi.from_wsgi("/openapi.json", _app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.filterwarnings("ignore")
def test_no_request_makes_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
