#!/usr/bin/env python3
"""Benchmark (not a test): harness overhead per case, and time to a verdict.

Prints figures; asserts nothing about speed (machines here are shared and noisy).

  1. time to a verdict for 02-users against the already built Rust reference:
     the whole `ferry check` (cargo's no-op build, start, 30 cases, stop), median of N runs;
  2. per-case time on a 50-case contract of trivial requests against the Rust reference
     of 01-hello, from the durations ferry records: this is the harness's overhead plus one
     loopback round trip and a trivial handler, i.e. an upper bound on the overhead;
  3. the same requests sent by curl in one process (keep-alive) for comparison.

Usage: tests/bench/check_bench.py [BUILD_DIR] [RUNS]
"""
import json
import os
import pathlib
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

root = pathlib.Path(__file__).resolve().parents[2]
build = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
ferry = build / "cpp-harness" / "ferry"
env = dict(os.environ, FERRY_ROOT=str(root), NO_COLOR="1")


def run(args, db):
    started = time.perf_counter()
    done = subprocess.run([str(ferry), "--db", db] + args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"ferry {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return elapsed


def case_durations(db):
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT duration_ms FROM case_results")]


with tempfile.TemporaryDirectory() as scratch:
    # Build once, outside the measurements.
    run(["check", "02-users", "--impl", "rust", "--no-record"], f"{scratch}/warm.db")
    run(["check", "01-hello", "--impl", "rust", "--no-record"], f"{scratch}/warm.db")

    verdicts = [run(["check", "02-users", "--impl", "rust", "--no-record"], f"{scratch}/v.db") for _ in range(runs)]
    cases = json.loads((root / "exercises/02-users/contract.json").read_text())["cases"]
    print(f"time to a verdict, 02-users ({len(cases)} cases), Rust reference already built, {runs} runs:")
    print(f"  median {statistics.median(verdicts) * 1000:.0f} ms, min {min(verdicts) * 1000:.0f} ms, "
          f"max {max(verdicts) * 1000:.0f} ms")

    contract = {
        "format_version": 1, "exercise": "01-hello",
        "stages": [{"stage": 1, "title": "bench"}],
        "cases": [{
            "id": f"greet-{i}", "title": "greet", "stage": 1, "kind": "happy", "concept": "bench",
            "hint": "-", "lesson": "lessons/01-hello.md",
            "request": {"method": "GET", "path": f"/hello?name=n{i}"},
            "expect": {"status": 200, "json": {"message": f"Hello, n{i}!"}},
        } for i in range(50)],
    }
    path = pathlib.Path(scratch) / "bench-contract.json"
    path.write_text(json.dumps(contract))
    db = f"{scratch}/bench.db"
    walls = [run(["check", "01-hello", "--impl", "rust", "--contract", str(path)], db) for _ in range(runs)]
    per_case = case_durations(db)
    print(f"50-case contract of trivial requests (01-hello, Rust reference), {runs} runs:")
    print(f"  per case: median {statistics.median(per_case):.3f} ms, p90 "
          f"{statistics.quantiles(per_case, n=10)[-1]:.3f} ms (includes the loopback round trip)")
    print(f"  verdict end to end: median {statistics.median(walls) * 1000:.0f} ms")

    # The same 50 requests from curl, one process, keep-alive: the floor the harness is compared with.
    from http.client import HTTPConnection
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    binary = root / "target" / "debug" / "hello-reference"
    service = subprocess.Popen([str(binary)], env=dict(os.environ, PORT=str(port)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health")
                break
            except OSError:
                time.sleep(0.01)
        conn = HTTPConnection("127.0.0.1", port, timeout=2)
        times = []
        for _ in range(runs):
            for i in range(50):
                t = time.perf_counter()
                conn.request("GET", f"/hello?name=n{i}")
                body = conn.getresponse().read()
                json.loads(body)
                times.append((time.perf_counter() - t) * 1000)
        print(f"  the same requests from Python's http.client (keep-alive): median {statistics.median(times):.3f} ms")
        print(f"  harness overhead per case (median difference): "
              f"{statistics.median(per_case) - statistics.median(times):.3f} ms")
    finally:
        service.terminate()
        service.wait()
