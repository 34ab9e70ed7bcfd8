"""Benchmark: CPU cost of one lookup request through the whole Django stack, without a network or server.

    .venv/bin/python benchmarks/lookup_cpu.py --households 5000 --requests 3000

Same data, settings (DEBUG off, Redis cache when reachable, per-address limit raised) and request mix as
``lookup.py`` (nine in ten right, one in ten a wrong identity number), sent with Django's test client in
one thread. Prints CPU milliseconds per request for the JSON API and the HTML form. On a machine shared with
other work, CPU time per request is the steadier measure: two workers can serve at most about
2 × 1000 / (CPU ms per request) requests per second on two idle cores, before the server's own overhead.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=3_000)
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    args = parser.parse_args()
    from lookup import environment, prepare

    os.environ.update(environment(argparse.Namespace(cache=args.cache),
                                  tempfile.mkdtemp(prefix="giamngheo-bench-lookup-cpu-")))
    if args.cache == "redis":
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    prepare(args.households)
    from django.test import Client
    from entitlements_data import head_identity, household_code

    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_HOST="127.0.0.1")
    rng = random.Random(1)
    for label, path in (("POST /api/v1/lookup (JSON)", "/api/v1/lookup"), ("POST /tra-cuu/ (HTML form)", "/tra-cuu/")):
        statuses: dict[int, int] = {}
        wall, cpu = time.perf_counter(), time.process_time()
        for number in range(args.requests):
            i = rng.randrange(args.households)
            factor = head_identity((i + 1) % args.households if number % 10 == 9 else i)
            if path == "/tra-cuu/":
                response = client.post(path, {"ma_ho": household_code(i), "so_dinh_danh": factor})
            else:
                response = client.post(path, json.dumps({"household_code": household_code(i), "id_number": factor}),
                                       content_type="application/json")
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{label:<30} {1000 * cpu / args.requests:6.2f} ms CPU/request, {1000 * wall / args.requests:6.2f} ms "
              f"wall/request, statuses {statuses}", flush=True)


if __name__ == "__main__":
    main()
