"""HTTP load against `tradescreen serve` (gunicorn) on this machine, with every
source of ../shared/data loaded, driven by wrk (Debian package `wrk`).

1. Steady load: POST /v1/screenings with realistic shipments (5 parties, 3
   items; a pool of 500 different ones, fixed seed) for --seconds: requests/s,
   latency percentiles, non-2xx answers and socket errors.
2. Redis stopped and restarted during the load: the service runs on a private
   redis with append-only persistence; after a third of the run redis is shut
   down, and started again a few seconds later. Single screenings must keep
   answering; a batch job submitted before the restart, worked by a
   `tradescreen worker` process, must finish with every row.

Usage: python -m bench.load_http [--seconds 30] [--connections 32] [--workers 2]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.jobs_throughput import COUNTRIES, GOODS
from bench.load_lists import prepare_snapshots

ROOT = Path(__file__).resolve().parents[1]
EXTRA_GOODS = [("GNSS receiver module", "8526.91"), ("Office chairs", "9401.30"),
               ("Industrial sewing machines", "8452.21")]
EXTRA_COUNTRIES = ["KG", "AM"]
ROLES = ["exporter", "buyer", "consignee", "end_user", "freight_forwarder"]


def shipments(n: int, seed: int = 5) -> list[dict]:
    with (ROOT / "tests" / "data" / "match_variants.csv").open(encoding="utf-8") as fh:
        names = [r["query"] for r in csv.DictReader(fh)]
    rng = random.Random(seed)
    countries = COUNTRIES + EXTRA_COUNTRIES
    out = []
    for i in range(n):
        out.append({
            "reference": f"LOAD-{i}",
            "parties": [{"role": role, "name": rng.choice(names), "country": rng.choice(countries)} for role in ROLES],
            "items": [{"description": d, "hs_code": h, "quantity": rng.randint(1, 300)}
                      for d, h in rng.sample(GOODS + EXTRA_GOODS, 3)],
            "route": {"origin": "CN", "destination": rng.choice(countries), "transit": [rng.choice(countries)]},
            "end_use": rng.choice(["resale", "agriculture", "hunting", "industrial use", ""]) or None,
        })
    return [{k: v for k, v in s.items() if v is not None} for s in out]


def lua_script(bodies: list[dict], path: Path) -> None:
    items = ",\n".join("[==[" + json.dumps(b, ensure_ascii=False) + "]==]" for b in bodies)
    path.write_text(
        "local bodies = {\n" + items + "\n}\n"
        "local i = 0\n"
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        "request = function()\n"
        "  i = i % #bodies + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[i])\n"
        "end\n",
        encoding="utf-8",
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the service did not become ready")


def wrk(url: str, script: Path, seconds: int, connections: int) -> dict[str, str]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url + "/v1/screenings"],
        capture_output=True, text=True, check=True,
    ).stdout
    got = {"raw": out}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    got["rps"] = m.group(1) if m else "?"
    for p in ("50%", "90%", "99%"):
        m = re.search(rf"\s{re.escape(p)}\s+([\d.]+\w+)", out)
        got[p] = m.group(1) if m else "?"
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    got["non2xx"] = m.group(1) if m else "0"
    m = re.search(r"Socket errors: (.*)", out)
    got["socket_errors"] = m.group(1).strip() if m else "none"
    m = re.search(r"(\d+) requests in", out)
    got["requests"] = m.group(1) if m else "?"
    return got


def report(label: str, r: dict[str, str]) -> None:
    print(f"== {label}")
    print(f"  {r['requests']} requests, {r['rps']} requests/s; latency p50 {r['50%']}, p90 {r['90%']}, "
          f"p99 {r['99%']}; non-2xx {r['non2xx']}; socket errors: {r['socket_errors']}")


def redis_server(port: int, folder: Path) -> None:
    subprocess.run(["redis-server", "--daemonize", "yes", "--port", str(port), "--bind", "127.0.0.1",
                    "--dir", str(folder), "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
                    "--logfile", str(folder / "redis.log")], check=True)
    for _ in range(100):
        ping = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True)
        if ping.stdout.strip() == "PONG":
            return
        time.sleep(0.05)
    raise SystemExit("private redis did not start")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=int, default=30)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--pool", type=int, default=500, help="different shipments sent in turn")
    args = p.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        data = tmpdir / "data"
        prepare_snapshots(str(data))
        script = tmpdir / "load.lua"
        lua_script(shipments(args.pool), script)
        rport, port = free_port(), free_port()
        (tmpdir / "redis").mkdir()
        redis_server(rport, tmpdir / "redis")
        env = {**os.environ, "TRADESCREEN_DATA_DIR": str(data), "REDIS_URL": f"redis://127.0.0.1:{rport}/0",
               "TRADESCREEN_LOG_LEVEL": "WARNING", "TRADESCREEN_RATE_LIMIT_PER_MINUTE": "0",
               "TRADESCREEN_JOB_VISIBILITY_SECONDS": "5"}
        server = subprocess.Popen([sys.executable, "-m", "tradescreen.cli", "serve", "--port", str(port),
                                   "--workers", str(args.workers), "--threads", str(args.threads),
                                   "--host", "127.0.0.1"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        worker = None
        try:
            url = f"http://127.0.0.1:{port}"
            wait_ready(url)
            print(f"service: gunicorn, {args.workers} worker processes x {args.threads} threads; wrk: 2 threads, "
                  f"{args.connections} connections; {args.pool} different shipments of 5 parties and 3 items; "
                  "all sources of ../shared/data")
            # Warm-up: each process's caches see every shipment of the pool once or more.
            subprocess.run(["wrk", "-t1", "-c4", "-d10s", "-s", str(script), url + "/v1/screenings"],
                           capture_output=True, check=True)
            report(f"steady load, {args.seconds} s", wrk(url, script, args.seconds, args.connections))

            # Redis stopped and restarted during the load, with a batch job running.
            body = "name,country\n" + "".join(f"Optics Supply Number {i} GmbH,DE\n" for i in range(3000))
            req = urllib.request.Request(url + "/v1/jobs", data=body.encode(), method="POST",
                                         headers={"Content-Type": "text/csv"})
            with urllib.request.urlopen(req) as r:
                job = json.load(r)
            worker = subprocess.Popen([sys.executable, "-m", "tradescreen.cli", "worker"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            load = subprocess.Popen(
                ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "-s", str(script),
                 url + "/v1/screenings"], stdout=subprocess.PIPE, text=True)
            time.sleep(args.seconds / 3)
            subprocess.run(["redis-cli", "-p", str(rport), "shutdown", "nosave"], capture_output=True)
            print(f"  redis shut down at {args.seconds / 3:.0f} s", end="")
            time.sleep(5)
            redis_server(rport, tmpdir / "redis")
            print(", started again 5 s later")
            out, _ = load.communicate()
            r = {"raw": out}
            for key, pat in (("rps", r"Requests/sec:\s+([\d.]+)"), ("requests", r"(\d+) requests in"),
                             ("non2xx", r"Non-2xx or 3xx responses: (\d+)"), ("socket_errors", r"Socket errors: (.*)")):
                m = re.search(pat, out)
                r[key] = m.group(1) if m else ("0" if key == "non2xx" else "none" if key == "socket_errors" else "?")
            for q in ("50%", "90%", "99%"):
                m = re.search(rf"\s{re.escape(q)}\s+([\d.]+\w+)", out)
                r[q] = m.group(1) if m else "?"
            report(f"load with redis stopped and restarted, {args.seconds} s", r)
            deadline = time.time() + 120
            status = {}
            while time.time() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/v1/jobs/{job['id']}") as resp:
                        status = json.load(resp)
                    if status["status"] == "done":
                        break
                except OSError:
                    pass
                time.sleep(1)
            print(f"  batch job across the restart: {status.get('status')}, "
                  f"{status.get('counts', {}).get('done')} of 3000 rows")
        finally:
            for proc in (worker, server):
                if proc is not None and proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                    try:
                        proc.wait(15)
                    except subprocess.TimeoutExpired:
                        proc.kill()
            subprocess.run(["redis-cli", "-p", str(rport), "shutdown", "nosave"], capture_output=True)


if __name__ == "__main__":
    main()
