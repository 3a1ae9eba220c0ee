"""The `tradescreen` command: serve, screen, lists, rules."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tradescreen import __version__
from tradescreen.logs import configure as configure_logging
from tradescreen.settings import load_settings


def _print_json(obj: Any, out: Any = None) -> None:
    out = out or sys.stdout
    out.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def _post_fork(server: Any, worker: Any) -> None:
    """Each gunicorn worker follows list snapshot changes on its own, and runs
    batch jobs on threads when there is no redis."""
    state = worker.app.wsgi().extensions["tradescreen"]
    state.start_watcher()
    state.start_job_threads()


def cmd_serve(args: argparse.Namespace) -> int:
    from gunicorn.app.base import BaseApplication

    from api import create_app

    settings = load_settings()
    configure_logging(settings.log_level)
    if args.workers is None:
        # Without redis, batch jobs live in one process: one worker process
        # with threads keeps them together. With redis, one single-threaded
        # process per half core: screening is CPU-bound, and threads of one
        # process share one interpreter lock (bench.load_http measured 4 x 1
        # at p99 42 ms where 3 x 2 gave 150 ms on 2 cores).
        args.workers = min(2 * (os.cpu_count() or 1), 8) if settings.redis_url else 1
    if args.threads is None:
        args.threads = 1 if settings.redis_url else 8
    elif args.workers > 1 and not settings.redis_url:
        print("warning: several workers without REDIS_URL: each keeps its own results and batch jobs",
              file=sys.stderr)
    if not settings.redis_url:
        print("REDIS_URL not set: running on the embedded in-process store and job runner", file=sys.stderr)
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # /metrics adds up every worker; must be set before the metrics are created.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="tradescreen-metrics-")

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("threads", args.threads)
            self.cfg.set("preload_app", True)
            self.cfg.set("accesslog", None)  # the app logs requests as JSON, without query strings
            self.cfg.set("timeout", 60)
            self.cfg.set("post_fork", _post_fork)

        def load(self) -> Any:
            return create_app({"WATCH_LISTS": False})

    Server().run()
    return 0


def _read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as fh:
        return fh.read()


def _batch_media(path: str, data: bytes, fmt: str | None) -> str | None:
    """The batch format of an input, or None for a single shipment."""
    from jobs.inputs import MEDIA_CSV, MEDIA_JSON

    if fmt:
        return {"csv": MEDIA_CSV, "jsonl": "application/x-ndjson", "json": MEDIA_JSON, "single": None}[fmt]
    lower = path.lower()
    if lower.endswith(".csv"):
        return MEDIA_CSV
    if lower.endswith((".jsonl", ".ndjson")):
        return "application/x-ndjson"
    return MEDIA_JSON if data.lstrip()[:1] == b"[" else None


def cmd_screen(args: argparse.Namespace) -> int:
    from api.problems import flatten_errors
    from api.schemas import validate_shipment
    from jobs.inputs import InputError, read_rows
    from screening.build import shipment_from
    from screening.engine import screen
    from screening.present import result_dict
    from tradescreen.runtime import build_engine

    data = _read_input(args.file)
    media = _batch_media(args.file, data, args.format)
    if media is None:
        try:
            raw = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            print(f"error: {args.file}: not valid JSON: {exc}", file=sys.stderr)
            return 2
        if not isinstance(raw, dict):
            print(f"error: {args.file}: expected one shipment (a JSON object)", file=sys.stderr)
            return 2
        body, errors = validate_shipment(raw)
        if body is None:
            for e in errors:
                print(f"error: {args.file}: {e['field']}: {e['message']}", file=sys.stderr)
            return 2
        engine = build_engine(load_settings())
        shipment = shipment_from(body)
        result = screen(shipment, index=engine.index, rulebook=engine.rulebook, matcher=engine.matcher)
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        out = result_dict(result, id="scr_" + uuid.uuid4().hex, reference=shipment.reference, screened_at=stamp)
        if args.out:
            with open(args.out, "w", encoding="utf-8") as fh:
                _print_json(out, fh)
        else:
            _print_json(out)
        return 0
    try:
        rows = list(read_rows(data, media))
    except InputError as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 2
    _ = flatten_errors
    return _screen_batch(args, rows, validate_shipment)


def _screen_batch(args: argparse.Namespace, rows: list[Any], validate: Any) -> int:
    import csv
    import time

    from api.jobs import CSV_COLUMNS, _csv_row
    from jobs.tasks import count, screen_rows
    from tradescreen.runtime import build_engine

    engine = build_engine(load_settings())
    total = sum(len(r.rows) for r in rows)
    as_csv = args.output_format == "csv" or (args.output_format is None and (args.out or "").lower().endswith(".csv"))
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout  # noqa: SIM115 (closed below)
    writer = csv.writer(out) if as_csv else None
    if writer:
        writer.writerow(CSV_COLUMNS)
    counts = {"done": 0, "clear": 0, "review": 0, "block": 0, "errors": 0}
    started = time.perf_counter()
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    show = not args.quiet and sys.stderr.isatty() or args.progress
    try:
        for start in range(0, len(rows), 200):
            lines = screen_rows(rows[start : start + 200], engine, validate, job_id="local", screened_at=stamp)
            for line in lines:
                if writer:
                    writer.writerow(_csv_row(line))
                else:
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
            for k, v in count(lines).items():
                counts[k] += v
            if show:
                rate = counts["done"] / max(time.perf_counter() - started, 1e-9)
                pct = 100 * counts["done"] / max(total, 1)
                print(f"\r{counts['done']}/{total} rows ({pct:.0f}%), {rate:,.0f} rows/s", end="", file=sys.stderr)
    finally:
        if args.out:
            out.close()
    if show:
        print(file=sys.stderr)
    print(
        f"{counts['done']} rows: {counts['clear']} clear, {counts['review']} review, {counts['block']} block, "
        f"{counts['errors']} errors",
        file=sys.stderr,
    )
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import signal
    import threading

    from api.schemas import validate_shipment
    from jobs.backend import RedisJobBackend
    from jobs.worker import Worker
    from lists.snapshots import SnapshotStore
    from tradescreen.runtime import build_engine

    settings = load_settings()
    configure_logging(settings.log_level)
    if not settings.redis_url:
        print("error: the worker needs REDIS_URL (without redis, `tradescreen serve` runs jobs itself)",
              file=sys.stderr)
        return 2
    holder = {"engine": build_engine(settings)}
    lock = threading.Lock()

    def engine() -> Any:
        # Switch to a new list snapshot between chunks when one was activated.
        current = holder["engine"]
        if SnapshotStore(settings.data_dir).generation() != current.generation:
            with lock:
                if SnapshotStore(settings.data_dir).generation() != holder["engine"].generation:
                    holder["engine"] = build_engine(settings)
        return holder["engine"]

    backend = RedisJobBackend(settings.redis_url, visibility_seconds=settings.job_visibility_seconds,
                              prefix=settings.redis_prefix)
    workers = [Worker(backend, engine, validate_shipment) for _ in range(args.threads)]

    def stop(signum: int, frame: Any) -> None:
        for w in workers:
            w.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threads = [threading.Thread(target=w.run, daemon=True) for w in workers[1:]]
    for t in threads:
        t.start()
    workers[0].run()
    for t in threads:
        t.join()
    return 0


def cmd_lists_show(args: argparse.Namespace) -> int:
    from lists.snapshots import SnapshotStore
    from tradescreen.runtime import load_lists

    settings = load_settings()
    store = SnapshotStore(settings.data_dir)
    infos, _, errors = load_lists(settings)
    rows = [
        {
            "source": i.source,
            "name": i.name,
            "publisher": i.publisher,
            "version": i.version,
            "entries": i.entries,
            "sha256": i.sha256,
            "loaded_at": i.loaded_at,
            "last_update": store.last_attempt(i.source),
        }
        for i in infos
    ]
    loaded = {r["source"] for r in rows}
    failed = [
        {"source": p.stem, "last_update": store.last_attempt(p.stem)}
        for p in sorted((store.root / "attempts").glob("*.json"))
        if p.stem not in loaded
    ]
    if args.json:
        _print_json({"lists": rows, "not_loaded": failed, "load_errors": errors})
        return 0
    print(f"{'source':<14} {'version':<12} {'entries':>8}  {'sha256':<12}  {'last update':<44}  name")
    for r in rows:
        att = r["last_update"]
        last = f"{att['outcome']} {att['at']}" if att else "-"
        print(f"{r['source']:<14} {r['version']:<12} {r['entries']:>8}  {r['sha256'][:12]}  {last:<44}  {r['name']}")
    for f in failed:
        att = f["last_update"] or {}
        print(f"{f['source']:<14} {'-':<12} {0:>8}  {'-':<12}  {att.get('outcome', '-')} {att.get('at', '')}")
        print(f"    {att.get('message', '')}")
    for e in errors:
        print(f"not loaded: {e}")
    return 0


def cmd_lists_update(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jobs import notify
    from lists.snapshots import SnapshotStore
    from lists.update import load_specs, update_source

    settings = load_settings()
    specs = load_specs()
    wanted = args.source or sorted(specs)
    unknown = [s for s in wanted if s not in specs]
    if unknown:
        print(f"error: unknown source(s) {unknown}; known: {', '.join(sorted(specs))}", file=sys.stderr)
        return 2
    from_path = Path(args.from_path) if args.from_path else None
    if from_path is not None and from_path.is_file() and len(wanted) != 1:
        print("error: --from FILE needs exactly one --source", file=sys.stderr)
        return 2
    store = SnapshotStore(settings.data_dir)
    failed = 0
    changed = False
    changed_entries: list[Any] = []
    for sid in wanted:
        if from_path is not None and from_path.is_dir() and not args.source:
            from lists.update import select_files

            if not select_files(sid, from_path):
                continue
        before = store.load(sid)[1] if store.manifest(sid) is not None else []
        out = update_source(store, specs[sid], from_path=from_path, log=lambda m: print(m, file=sys.stderr))
        if out.changed:
            from jobs.rescreen import changed_entries as diff_entries

            changed_entries.extend(diff_entries(before, store.load(sid)[1]))
        status = "ok" if out.ok else "FAILED"
        print(f"{sid}: {status}: {out.message}")
        for w in out.warnings[:20]:
            print(f"    warning: {w}")
        if len(out.warnings) > 20:
            print(f"    ... {len(out.warnings) - 20} more warnings (kept in the snapshot manifest)")
        failed += 0 if out.ok else 1
        changed = changed or out.changed
    if changed and settings.redis_url:
        try:
            notify.announce(settings.redis_url, store.generation(), settings.redis_prefix)
        except Exception as exc:  # the update itself succeeded; say so
            print(f"warning: running services not notified through redis: {exc}", file=sys.stderr)
    if changed_entries and not args.no_rescreen:
        _rescreen(settings, changed_entries, store.generation())
    return 1 if failed else 0


def _rescreen(settings: Any, changed: list[Any], label: str) -> None:
    from jobs.audit import AuditStore
    from jobs.rescreen import deliver, rescreen
    from screening.rulebook import load_rulebook

    audit = AuditStore(settings.audit_path)
    policy = load_rulebook(settings.rules_dir).policy.match
    alerts = rescreen(audit, changed, policy, days=settings.rescreen_days, label=label)
    print(f"continuous screening: {len(changed)} added or changed entries against the parties of the last "
          f"{settings.rescreen_days} days: {len(alerts)} new alert(s)")
    if settings.webhook_url:
        sent, pending = deliver(audit, settings.webhook_url, settings.webhook_secret)
        print(f"webhook: {sent} alert(s) delivered, {pending} pending")


def cmd_rules_check(args: argparse.Namespace) -> int:
    from screening.conditions import RuleError
    from screening.rulebook import load_rulebook
    from screening.rulecheck import check_examples

    rules_dir = args.rules_dir or load_settings().rules_dir
    try:
        rb = load_rulebook(rules_dir)
    except RuleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    run, failures = check_examples(rb)
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    print(
        f"{len(rb.rules)} rules in {len(rb.packs)} packs (version {rb.version}): "
        f"{run} examples run, {len(failures)} failed"
    )
    return 1 if failures else 0


def cmd_keys_hash(args: argparse.Namespace) -> int:
    from api.auth import ROLES, hash_key

    if args.role not in ROLES:
        print(f"error: role must be one of {', '.join(ROLES)}", file=sys.stderr)
        return 2
    print(f"{hash_key(args.key)} {args.role}" + (f" {args.name}" if args.name else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tradescreen", description="Export-control screening service")
    p.add_argument("--version", action="version", version=f"tradescreen {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the HTTP API (gunicorn)")
    s.add_argument("--host", default="0.0.0.0")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=None,
                   help="processes; default: 2 per CPU (at most 8) with REDIS_URL, else 1")
    s.add_argument("--threads", type=int, default=None, help="threads per process; default: 1 with REDIS_URL, else 8")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser(
        "screen",
        help="screen one shipment JSON (or - for stdin) and print the verdict; or a batch file (CSV, JSON lines, "
        "JSON array) and print one result line per row",
    )
    s.add_argument("file")
    s.add_argument("--format", choices=["single", "csv", "jsonl", "json"], help="input format (default: by extension)")
    s.add_argument("--out", help="write results here instead of stdout")
    s.add_argument("--output-format", choices=["jsonl", "csv"], default=None, help="batch results format")
    s.add_argument("--progress", action="store_true", help="show progress even when stderr is not a terminal")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_screen)

    s = sub.add_parser("worker", help="run a batch-job worker on REDIS_URL")
    s.add_argument("--threads", type=int, default=1)
    s.set_defaults(func=cmd_worker)

    lists = sub.add_parser("lists", help="loaded lists").add_subparsers(dest="lists_command", required=True)
    s = lists.add_parser("show", help="show the lists the service loads")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_lists_show)
    s = lists.add_parser("update", help="download or import official lists; activate them if they pass every check")
    s.add_argument("--source", action="append", help="source id (repeatable); default: every declared source")
    s.add_argument("--from", dest="from_path", help="import a local file or folder instead of downloading")
    s.add_argument("--no-rescreen", action="store_true",
                   help="skip continuous screening of recent parties against added or changed entries")
    s.set_defaults(func=cmd_lists_update)

    rules = sub.add_parser("rules", help="rule packs").add_subparsers(dest="rules_command", required=True)
    s = rules.add_parser("check", help="validate every rule file and run every rule's examples")
    s.add_argument("--rules-dir", default=None)
    s.set_defaults(func=cmd_rules_check)

    keys = sub.add_parser("keys", help="API keys").add_subparsers(dest="keys_command", required=True)
    s = keys.add_parser("hash", help="print the keys-file line for a key (only its hash is stored)")
    s.add_argument("key")
    s.add_argument("role")
    s.add_argument("name", nargs="?")
    s.set_defaults(func=cmd_keys_hash)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
