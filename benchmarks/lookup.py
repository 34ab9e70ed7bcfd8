"""Benchmark: the public lookup endpoint under load, with the rate limiter running.

    .venv/bin/python benchmarks/lookup.py --households 20000 --workers 2 --threads 4 --duration 20

Prepares a fresh SQLite database (or DATABASE_URL, a scratch database) with the synthetic population of
``entitlements_data.py`` (heads with encrypted identity numbers) and its entitlements, then starts WORKERS
waitress processes that accept on one shared listening socket on 127.0.0.1 (the kernel spreads
connections across them), production settings (DEBUG off), and drives them with wrk for a bounded
duration: first ``POST /api/v1/lookup`` (JSON), then the HTML form ``POST /tra-cuu/``.

The rate limiter stays on: every request reads and bumps its counters in the shared cache (Redis at
REDIS_URL, default redis://127.0.0.1:6379/14, flushed first; ``--cache locmem`` keeps counters per process).
All requests come from one address, so the per-address limit is raised for the run
(GIAMNGHEO_LOOKUP_LIMIT_PER_ADDRESS); the per-code limit (5 failures per hour) is the real one, and the
random codes keep most households under it. One request in ten uses a wrong identity number. Every
request writes its LookupLog row.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def environment(args: argparse.Namespace, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings", "GIAMNGHEO_DEBUG": "0", "GIAMNGHEO_DATA_DIR": data_dir,
        "GIAMNGHEO_SECRET_KEY": "benchmark-only-secret-key-" + "k" * 30, "GIAMNGHEO_SSL_REDIRECT": "0",
        "GIAMNGHEO_ALLOWED_HOSTS": "127.0.0.1", "GIAMNGHEO_LOOKUP_LIMIT_PER_ADDRESS": "1000000000",
    })
    if args.cache == "redis":
        env["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    else:
        env.pop("REDIS_URL", None)
    return env


def prepare(households: int) -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from entitlements_data import population_write

    from giamngheo.policies.services import entitlements_recompute

    cache.clear()
    call_command("migrate", interactive=False, verbosity=0)
    population_write(households, identities=True)
    report = entitlements_recompute(scenarios=("current",))
    print(f"prepared {households:,} households, {report.entitlements:,} entitlements", flush=True)


def serve(fd: int, threads: int) -> None:
    """One worker: accept on the inherited listening socket."""
    import django

    django.setup()
    from waitress import serve as waitress_serve

    from config.wsgi import application

    listener = socket.socket(fileno=fd)
    waitress_serve(application, sockets=[listener], threads=threads, ident="giamngheo", _quiet=True,
                   connection_limit=1000, channel_timeout=30)


def cpu_by_process(groups: dict[str, list[int]], database: str = "") -> dict[str, float]:
    """CPU seconds (user + system) used so far by the given processes, by the postgres backends serving
    ``database`` and by the redis server.

    Read from /proc (Linux), so the cost of one request can be split between the workers and the servers
    they talk to. Processes that ended in between are not counted; other databases' backends are left out.
    """
    tick = os.sysconf("SC_CLK_TCK")

    def seconds(pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    totals = {name: sum(seconds(pid) for pid in pids) for name, pids in groups.items()}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if command.startswith("postgres") and database:
            try:
                serves_ours = f" {database} " in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if serves_ours:
                totals["postgres"] = totals.get("postgres", 0.0) + seconds(int(entry.name))
        elif command.startswith("redis-server"):
            totals["redis-server"] = totals.get("redis-server", 0.0) + seconds(int(entry.name))
    return totals


def ready(port: int, *, workers: int, timeout: float = 120.0) -> None:
    """Wait until the workers answer (start-up takes seconds on a busy machine), then warm each one up."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    answered = 0
    while answered < 10 * workers:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/tra-cuu/", timeout=5) as response:
                answered += response.status == 200
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("the workers did not answer in time") from None
            time.sleep(0.5)
    # Warm both endpoints in every worker (the API builds its routes and the lookup its SQL on first use).
    for _ in range(20 * workers):
        for path, body, kind in (("/api/v1/lookup", b'{"household_code": "WARM-UP", "id_number": "000000000"}',
                                  "application/json"),
                                 ("/tra-cuu/", b"ma_ho=WARM-UP&so_dinh_danh=000000000",
                                  "application/x-www-form-urlencoded")):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body,
                                             headers={"Content-Type": kind})
            with contextlib.suppress(urllib.error.HTTPError):  # the API answers a failed lookup with 404
                urllib.request.urlopen(request, timeout=5).close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    parser.add_argument("--serve-fd", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fd is not None:
        serve(args.serve_fd, args.threads)
        return
    data_dir = tempfile.mkdtemp(prefix="giamngheo-bench-lookup-")
    env = environment(args, data_dir)
    if args.cache == "redis":
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    os.environ.update(env)
    subprocess.run([sys.executable, "-c", f"import sys; sys.path[:0] = {[str(HERE.parent), str(HERE)]!r}; "
                    f"import lookup; lookup.prepare({args.households})"], env=env, check=True)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    port = listener.getsockname()[1]
    workers = [
        subprocess.Popen([sys.executable, __file__, "--serve-fd", str(listener.fileno()), "--threads",
                          str(args.threads)], env=env, pass_fds=[listener.fileno()])
        for _ in range(args.workers)
    ]
    try:
        ready(port, workers=args.workers)
        print(f"{args.workers} workers × {args.threads} threads on 127.0.0.1:{port}, cache {args.cache}, "
              f"database {'DATABASE_URL' if env.get('DATABASE_URL') else 'SQLite'}", flush=True)
        wrk_env = dict(env, LOOKUP_N=str(args.households))
        for label, path, form in (("POST /api/v1/lookup (JSON)", "/api/v1/lookup", "0"),
                                  ("POST /tra-cuu/ (HTML form)", "/tra-cuu/", "1")):
            print(f"--- {label}", flush=True)
            database = urlsplit(env.get("DATABASE_URL", "")).path.strip("/")
            before = cpu_by_process({"workers": [w.pid for w in workers]}, database)
            done = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "5s",
                                   "--latency", "-s", str(HERE / "lookup.lua"), f"http://127.0.0.1:{port}{path}"],
                                  env=dict(wrk_env, LOOKUP_FORM=form), check=True, capture_output=True, text=True)
            after = cpu_by_process({"workers": [w.pid for w in workers]}, database)
            print(done.stdout, flush=True)
            requests = int(done.stdout.split(" requests in ")[0].split()[-1])
            print("CPU ms per request: " + ", ".join(
                f"{name} {1000 * (after[name] - before.get(name, 0.0)) / max(requests, 1):.2f}" for name in after),
                flush=True)
        subprocess.run([sys.executable, "-c", f"import sys; sys.path[:0] = {[str(HERE.parent)]!r}; import django; "
                        "django.setup(); from django.db.models import Count; "
                        "from giamngheo.policies.models import LookupLog; "
                        "print('lookup log rows by outcome:', dict(LookupLog.objects.values_list('outcome')"
                        ".annotate(n=Count('id')).values_list('outcome', 'n')))"], env=env, check=True)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=10)


if __name__ == "__main__":
    main()
