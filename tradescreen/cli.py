"""The `tradescreen` command: serve, screen, lists, rules."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tradescreen import __version__
from tradescreen.settings import load_settings


def _print_json(obj: Any, out: Any = None) -> None:
    out = out or sys.stdout
    out.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def cmd_serve(args: argparse.Namespace) -> int:
    from gunicorn.app.base import BaseApplication

    from api import create_app

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("threads", args.threads)
            self.cfg.set("preload_app", True)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)

        def load(self) -> Any:
            return create_app()

    Server().run()
    return 0


def cmd_screen(args: argparse.Namespace) -> int:
    from marshmallow import ValidationError

    from api.problems import flatten_errors
    from api.schemas import ShipmentSchema
    from screening.build import shipment_from
    from screening.engine import screen
    from screening.present import result_dict
    from tradescreen.runtime import build_engine

    text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    try:
        body = ShipmentSchema().load(json.loads(text))
    except json.JSONDecodeError as exc:
        print(f"error: {args.file}: not valid JSON: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        for e in flatten_errors(exc.messages):
            print(f"error: {args.file}: {e['field']}: {e['message']}", file=sys.stderr)
        return 2
    engine = build_engine(load_settings())
    shipment = shipment_from(body)
    result = screen(shipment, index=engine.index, rulebook=engine.rulebook, matcher=engine.matcher)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    _print_json(result_dict(result, id="scr_" + uuid.uuid4().hex, reference=shipment.reference, screened_at=stamp))
    return 0


def cmd_lists_show(args: argparse.Namespace) -> int:
    from tradescreen.runtime import load_lists

    infos, _ = load_lists(load_settings())
    rows = [
        {
            "source": i.source,
            "name": i.name,
            "publisher": i.publisher,
            "version": i.version,
            "entries": i.entries,
            "sha256": i.sha256,
            "loaded_at": i.loaded_at,
        }
        for i in infos
    ]
    if args.json:
        _print_json({"lists": rows})
        return 0
    print(f"{'source':<14} {'version':<12} {'entries':>8}  {'sha256':<16}  name")
    for r in rows:
        print(f"{r['source']:<14} {r['version']:<12} {r['entries']:>8}  {r['sha256'][:16]}  {r['name']}")
    return 0


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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tradescreen", description="Export-control screening service")
    p.add_argument("--version", action="version", version=f"tradescreen {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the HTTP API (gunicorn)")
    s.add_argument("--host", default="0.0.0.0")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--threads", type=int, default=4)
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("screen", help="screen one shipment JSON file (or - for stdin) and print the verdict")
    s.add_argument("file")
    s.set_defaults(func=cmd_screen)

    lists = sub.add_parser("lists", help="loaded lists").add_subparsers(dest="lists_command", required=True)
    s = lists.add_parser("show", help="show the lists the service loads")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_lists_show)

    rules = sub.add_parser("rules", help="rule packs").add_subparsers(dest="rules_command", required=True)
    s = rules.add_parser("check", help="validate every rule file and run every rule's examples")
    s.add_argument("--rules-dir", default=None)
    s.set_defaults(func=cmd_rules_check)
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
