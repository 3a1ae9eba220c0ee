"""One error format everywhere: RFC 9457 application/problem+json.

Domain and API errors are classes that carry their status; routing errors
(404, 405), body errors (400, 413, 415) and validation errors (422) all come out
in the same shape, with an `errors` member naming each bad field. Anything else
is logged and answered with a generic 500 that leaks nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, json, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger("tradescreen.api")

PROBLEM_TYPE_BASE = "https://tradescreen.dev/problems/"


class ApiError(Exception):
    """An error the API answers on purpose. Subclasses set status and slug."""

    status = 400
    slug = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.headers: dict[str, str] = {}


class NotFound(ApiError):
    status = 404
    slug = "not-found"
    title = "Not found"


class Unavailable(ApiError):
    status = 503
    slug = "not-ready"
    title = "Service not ready"


class Conflict(ApiError):
    status = 409
    slug = "conflict"
    title = "Conflict"


_SLUGS = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    413: ("payload-too-large", "Payload too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("validation-error", "Validation error"),
    429: ("too-many-requests", "Too many requests"),
    500: ("internal-error", "Internal server error"),
    503: ("not-ready", "Service not ready"),
}


def flatten_errors(messages: Any, prefix: str = "") -> list[dict[str, str]]:
    """marshmallow/webargs error dicts -> [{field, message}], fields as dotted
    paths with list indexes ("parties.0.country")."""
    out: list[dict[str, str]] = []
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            out.extend(flatten_errors(value, path))
    elif isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            out.extend({"field": prefix or "body", "message": m} for m in messages)
        else:
            for m in messages:
                out.extend(flatten_errors(m, prefix))
    else:
        out.append({"field": prefix or "body", "message": str(messages)})
    return out


def problem(status: int, detail: str, errors: list[dict[str, str]] | None = None,
            headers: Mapping[str, str] | None = None, title: str | None = None,
            slug: str | None = None) -> Response:
    default_slug, default_title = _SLUGS.get(status, ("error", "Error"))
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or default_slug),
        "title": title or default_title,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    rid = getattr(request, "request_id", None)
    if rid:
        body["request_id"] = rid
    text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    resp = current_app.response_class(text, status=status, mimetype="application/problem+json")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def _http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("errors") or data.get("messages")
    errors: list[dict[str, str]] = []
    detail = error.description or ""
    if status == 422 and messages:
        # webargs nests errors under the location ("json", "query"); drop it.
        if isinstance(messages, Mapping) and set(messages) <= {"json", "query", "form", "headers", "files"}:
            for loc, msgs in messages.items():
                errors.extend(
                    {**e, "field": e["field"] if loc == "json" else f"{loc}.{e['field']}"}
                    for e in flatten_errors(msgs)
                )
        else:
            errors = flatten_errors(messages)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        if len(errors) > 5:
            detail += f" (+{len(errors) - 5} more)"
    elif status == 400 and messages:
        errors = flatten_errors(messages)
        detail = "; ".join(e["message"] for e in errors)
    elif status == 404:
        detail = f"No resource at {request.path}."
    elif status == 405:
        allowed = ", ".join(getattr(error, "valid_methods", None) or [])
        detail = f"{request.method} is not allowed on {request.path}" + (f"; allowed: {allowed}." if allowed else ".")
    elif status == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        detail = f"The request body is larger than the limit of {limit} bytes."
    headers = dict(data.get("headers") or {})
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods or [])
    if status >= 500:
        detail = "The server could not complete the request."
    return problem(status, detail, errors, headers)


def _api_error(error: ApiError) -> Response:
    headers = dict(error.headers)
    if error.status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="tradescreen"')
    return problem(error.status, error.detail, error.errors, headers=headers, title=error.title, slug=error.slug)


def _unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return _http_exception(error)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, "The server could not complete the request.")


def _store_down(error: Exception) -> Response:
    log.warning("shared store unavailable on %s %s: %s", request.method, request.path, error)
    return problem(503, "The shared store (redis) is not answering; try again shortly.",
                   headers={"Retry-After": "5"})


def init_app(app: Flask) -> None:
    import redis

    app.register_error_handler(redis.RedisError, _store_down)
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_exception)
    app.register_error_handler(Exception, _unexpected)


def json_body(view: Any) -> Any:
    """Mark a view as taking a JSON body: other media types get 415, bodies that
    are not JSON get 400, before the schema sees them."""
    view._json_body = True
    return view


def check_json_body() -> None:
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        shown = mimetype or "none"
        raise UnsupportedMedia(f"Send the body as application/json (got {shown}).")
    try:
        request.get_json(force=False, silent=False)
    except RecursionError:
        raise ApiError("The JSON body is nested too deeply.") from None
    except HTTPException as exc:
        if exc.code == 413:
            raise
        raise ApiError("The body is not valid JSON.", [{"field": "body", "message": "Malformed JSON."}]) from None


class UnsupportedMedia(ApiError):
    status = 415
    slug = "unsupported-media-type"
    title = "Unsupported media type"
