#!/usr/bin/env python3
"""Shows that the racy mutations of ratelimit-mutant lose updates over real HTTP.

For each racy mutation (and, as the control, with FERRY_MUTANT unset), starts the
built binary on a free port, fires 200 requests at once from 200 threads released
by one barrier, and compares what came back with what the contract expects:

  racy-counter  200 takes, burst 1000  -> allowed must be 200
  racy-bucket   200 takes, burst 50    -> exactly 50 allowed, 150 rejected
  racy-create   200 creates of a name  -> exactly one 201

Usage: race.py [--runs N] [--binary PATH] [MUTATION ...]
Build first: cargo build -p ratelimit-mutant. Exits 1 if a racy mutation ever
gave the right count, or the control ever gave a wrong one.
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
REQUESTS = 200


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, None if body is None else json.dumps(body), headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def at_once(port, method, path, body=None):
    """REQUESTS requests released together; their statuses."""
    barrier = threading.Barrier(REQUESTS)
    statuses = [None] * REQUESTS

    def one(i):
        barrier.wait()
        statuses[i] = request(port, method, path, body)[0]

    threads = [threading.Thread(target=one, args=(i,)) for i in range(REQUESTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


class Service:
    def __init__(self, binary, mutation):
        self.port = free_port()
        env = dict(os.environ, PORT=str(self.port), RUST_LOG="warn")
        env.pop("FERRY_MUTANT", None)
        if mutation:
            env["FERRY_MUTANT"] = mutation
        self.process = subprocess.Popen([binary], env=env)
        deadline = time.monotonic() + 10
        while True:
            try:
                if request(self.port, "GET", "/health")[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{binary} did not start")
            time.sleep(0.02)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def client(port, name):
    return json.loads(request(port, "GET", f"/clients/{name}")[1])


def counter(port):
    request(port, "POST", "/clients", {"name": "c", "burst": 1000, "per_minute": 1})
    statuses = at_once(port, "POST", "/clients/c/take")
    got = client(port, "c")
    line = f"{statuses.count(200)} x 200, allowed {got['allowed']} (want 200)"
    return got["allowed"] == 200 and statuses.count(200) == 200, line


def bucket(port):
    request(port, "POST", "/clients", {"name": "b", "burst": 50, "per_minute": 1})
    statuses = at_once(port, "POST", "/clients/b/take")
    got = client(port, "b")
    line = (f"{statuses.count(200)} x 200, {statuses.count(429)} x 429, allowed "
            f"{got['allowed']}, rejected {got['rejected']} (want 50/150)")
    right = (statuses.count(200), statuses.count(429), got["allowed"], got["rejected"])
    return right == (50, 150, 50, 150), line


def create(port):
    statuses = at_once(port, "POST", "/clients", {"name": "same", "burst": 5, "per_minute": 60})
    line = f"{statuses.count(201)} x 201, {statuses.count(409)} x 409 (want 1/199)"
    return statuses.count(201) == 1 and statuses.count(409) == 199, line


SCENARIOS = {"racy-counter": counter, "racy-bucket": bucket, "racy-create": create}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "debug", "ratelimit-mutant"))
    parser.add_argument("mutations", nargs="*", default=list(SCENARIOS))
    args = parser.parse_args()

    ok = True
    for mutation in args.mutations:
        scenario = SCENARIOS[mutation]
        for label, env_value in ((mutation, mutation), (f"control ({mutation} scenario, unset)", None)):
            wrong = 0
            for run in range(1, args.runs + 1):
                service = Service(args.binary, env_value)
                try:
                    right, line = scenario(service.port)
                finally:
                    service.stop()
                wrong += not right
                print(f"{label:45} run {run}: {'right' if right else 'WRONG'}: {line}")
            expected_wrong = args.runs if env_value else 0
            if wrong != expected_wrong:
                ok = False
                print(f"  !! {label}: {wrong}/{args.runs} wrong, expected {expected_wrong}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
