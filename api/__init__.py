"""The HTTP API: app factory, blueprints, one error format."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from flask import Flask, g, request
from flask_smorest import Api

from api import auth, metrics, problems
from api.state import ServiceState
from tradescreen.settings import load_settings

log = logging.getLogger("tradescreen.api")

API_TITLE = "tradescreen"
API_VERSION = "v1"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then TRADESCREEN_* environment variables, then
    `config`. Lower-case keys of `config` are service settings (see
    tradescreen.settings.Settings); upper-case keys go to Flask's config."""
    config = dict(config or {})
    flask_config = {k: v for k, v in config.items() if k.isupper()}
    settings = load_settings({k: v for k, v in config.items() if not k.isupper()})

    app = Flask("tradescreen")
    app.config.update(
        API_TITLE=API_TITLE,
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_SPEC_OPTIONS={
            "info": {
                "description": "Export-control screening of whole shipments: parties against restricted-party "
                "lists, goods against dual-use and sanctions rules, one cited verdict.",
            },
        },
    )
    app.config.update(flask_config)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.compact = False  # type: ignore[attr-defined]

    state = ServiceState.start(settings)
    app.extensions["tradescreen"] = state
    # Follow list snapshot changes. `tradescreen serve` starts the watcher in each
    # gunicorn worker instead (WATCH_LISTS=False for the preloading master).
    if app.config.get("WATCH_LISTS", not app.config.get("TESTING", False)):
        state.start_watcher()
    if app.config.get("WATCH_LISTS", True):
        state.start_job_threads()

    api = Api(app)
    problems.init_app(app)  # after Api(): replaces its error handler
    metrics.init_app(app)

    from api import catalog, decisions, jobs, meta, screenings, search

    for bp in (screenings.blp, screenings.audit_blp, decisions.blp, search.blp, jobs.blp, catalog.blp, meta.blp):
        api.register_blueprint(bp)

    @app.before_request
    def _request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if 0 < len(incoming) <= 100 and incoming.isprintable() else uuid.uuid4().hex
        request.request_id = g.request_id  # type: ignore[attr-defined]

    auth.init_app(app, settings.api_keys, settings.api_keys_file, settings.rate_limit_per_minute,
                  settings.redis_url, settings.redis_prefix)

    @app.before_request
    def _body_limit() -> None:
        if request.endpoint == "jobs.submit":
            request.max_content_length = settings.max_job_bytes

    @app.before_request
    def _json_body() -> None:
        view = app.view_functions.get(request.endpoint or "")
        if request.method in ("POST", "PUT", "PATCH") and getattr(view, "_json_body", False):
            problems.check_json_body()

    @app.after_request
    def _headers(resp: Any) -> Any:
        resp.headers["X-Request-ID"] = g.get("request_id", "")
        # Path only: query strings carry party names.
        log.info(
            "request",
            extra={
                "request_id": g.get("request_id"),
                "method": request.method,
                "path": request.path,
                "status": resp.status_code,
                "key": g.get("api_key"),
            },
        )
        return resp

    return app
