"""Settings: defaults, then TRADESCREEN_* environment variables (and REDIS_URL),
then explicit overrides. Read once, at start-up, in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_LISTS = Path(__file__).resolve().parents[1] / "lists" / "data"


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "tradescreen")


@dataclass(frozen=True)
class Settings:
    """Every setting of the service. The README's table lists them."""

    data_dir: str = ""
    rules_dir: str = str(REPO_ROOT / "rules")
    sample_list: str = str(PACKAGE_LISTS / "sample.yaml")
    internal_list: str = str(PACKAGE_LISTS / "internal.yaml")
    redis_url: str = ""
    max_body_bytes: int = 5 * 1024 * 1024
    result_ttl_seconds: int = 30 * 24 * 3600
    log_level: str = "INFO"
    watch_seconds: int = 10
    max_job_bytes: int = 200 * 1024 * 1024
    max_job_rows: int = 1_000_000
    job_ttl_seconds: int = 7 * 24 * 3600
    job_threads: int = 1
    job_visibility_seconds: int = 60
    redis_prefix: str = "tradescreen:"
    api_keys: str = field(default="", repr=False)
    api_keys_file: str = ""
    rate_limit_per_minute: int = 6000
    audit_db: str = ""
    rescreen_days: int = 30
    webhook_url: str = ""
    webhook_secret: str = field(default="", repr=False)

    @property
    def audit_path(self) -> str:
        return self.audit_db or str(Path(self.data_dir) / "audit.sqlite3")

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown setting(s): {sorted(unknown)}")
        return replace(self, **overrides)


ENV = {
    "data_dir": "TRADESCREEN_DATA_DIR",
    "rules_dir": "TRADESCREEN_RULES_DIR",
    "sample_list": "TRADESCREEN_SAMPLE_LIST",
    "internal_list": "TRADESCREEN_INTERNAL_LIST",
    "redis_url": "REDIS_URL",
    "max_body_bytes": "TRADESCREEN_MAX_BODY_BYTES",
    "result_ttl_seconds": "TRADESCREEN_RESULT_TTL_SECONDS",
    "log_level": "TRADESCREEN_LOG_LEVEL",
    "watch_seconds": "TRADESCREEN_WATCH_SECONDS",
    "max_job_bytes": "TRADESCREEN_MAX_JOB_BYTES",
    "max_job_rows": "TRADESCREEN_MAX_JOB_ROWS",
    "job_ttl_seconds": "TRADESCREEN_JOB_TTL_SECONDS",
    "job_threads": "TRADESCREEN_JOB_THREADS",
    "job_visibility_seconds": "TRADESCREEN_JOB_VISIBILITY_SECONDS",
    "redis_prefix": "TRADESCREEN_REDIS_PREFIX",
    "api_keys": "TRADESCREEN_API_KEYS",
    "api_keys_file": "TRADESCREEN_API_KEYS_FILE",
    "rate_limit_per_minute": "TRADESCREEN_RATE_LIMIT_PER_MINUTE",
    "audit_db": "TRADESCREEN_AUDIT_DB",
    "rescreen_days": "TRADESCREEN_RESCREEN_DAYS",
    "webhook_url": "TRADESCREEN_WEBHOOK_URL",
    "webhook_secret": "TRADESCREEN_WEBHOOK_SECRET",
}
INT_SETTINGS = {
    "max_body_bytes", "result_ttl_seconds", "watch_seconds", "max_job_bytes", "max_job_rows",
    "job_ttl_seconds", "job_threads", "job_visibility_seconds", "rate_limit_per_minute",
    "rescreen_days",
}


def load_settings(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {"data_dir": _default_data_dir()}
    for name, var in ENV.items():
        if var in env:
            raw = env[var]
            if name in INT_SETTINGS:
                try:
                    values[name] = int(raw)
                except ValueError:
                    raise ValueError(f"{var} must be an integer, not {raw!r}") from None
            else:
                values[name] = raw
    settings = Settings().with_overrides(values)
    if overrides:
        settings = settings.with_overrides(dict(overrides))
    return settings
