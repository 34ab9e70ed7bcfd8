"""Benchmark: does the resident lookup's response time tell one kind of failure from another?

    .venv/bin/python benchmarks/lookup_timing.py --rounds 2000 --cache redis
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giamngheo_timing .venv/bin/python benchmarks/lookup_timing.py

Prepares the synthetic population of ``entitlements_data.py`` like ``lookup.py`` (same settings: DEBUG off,
Redis at REDIS_URL — default redis://127.0.0.1:6379/13 here, flushed first — or ``--cache locmem``; SQLite in a
fresh directory or DATABASE_URL, an empty scratch database). Every even household also holds a live
certificate (IssuedDocument + Certificate with a 22-character verification code), as poor and near-poor
households do after a review round. Then, in this one process through Django's test client (the whole
middleware stack, no network), it sends ROUNDS rounds of one request of each class below, in a shuffled order
within each round (seeded), and times each request with ``perf_counter_ns`` (and its thread CPU time):

    success            known code + the head's identity number (reference only: it renders the sheet)
    unknown code       a well-formed code no household has + a well-formed identity number
    wrong identity     known code + another household's identity number
    wrong certificate  known code of a household holding a certificate + a wrong 22-character code
    malformed          a code with a character no code has (clean code "")
    rate-limited       known code + the RIGHT identity number, from an address over its limit

Each class comes from its own client address (one attacker each, so the per-address counter exists and is
bumped the same way in every class); the rate-limited class's address counter is set far over the limit
before the run, the others stay far under it. Every failure attempt uses a code never tried before in the
run, so the per-code failure counter is new in every class and no code reaches its limit of 5 — except the
malformed class, whose clean code is always "" (the attacker knows the input is malformed, so that says
nothing about a household). After the run the LookupLog rows are checked per address (every request of a
class has the expected outcome) and every failure response must be the same bytes.

Prints, per class, n and the median, p10, p90 and p99 wall time in µs (and the median thread CPU time); then,
for each failure class against "unknown code": the difference of medians; the median of the paired differences
(the two requests of the same round, a few ms apart, so the slow drift of a shared machine cancels out) with
its 95 % interval and the sign test's p; the Mann–Whitney U test (normal approximation with tie correction,
computed here: SciPy is not a dependency); the probability that a request of the class is slower than an
"unknown code" one (0.5 = no tendency); the Kolmogorov–Smirnov distance and p; the difference of median CPU
time; and a verdict.

Verdict "same timing class" when the whole 95 % interval of the paired difference lies within ± the bound: the
smaller of --max-diff-us (default 50 µs) and --max-diff-fraction of the "unknown code" median (default 5 %);
"DISTINGUISHABLE" when the paired difference is at least the bound and its interval excludes 0; otherwise
"unresolved" (the interval crosses the bound: more rounds or a quieter machine).

Why these bounds: an attacker sees the time through a network whose jitter is tens to hundreds of µs, on top
of the server's own spread (printed as σ, a robust estimate from the interquartile range of "unknown code").
The limiter gives them at most 5 failures per code per hour and 30 attempts per address per 10 minutes; to tell
a shift δ apart with 5 % error and 80 % power they need about (2.8·σ/δ)² samples per code (printed as "n to
tell"), which with the server's noise alone (σ ≈ 200 µs on an idle machine) is over 100 when δ stays below
50 µs. A p-value alone is no verdict: with thousands of samples the test flags shifts of a few µs that no
attacker can use within the limits.

--steps also times the steps of ``lookup_perform`` (cache calls, the secrets query, the log insert) per class,
to find where a difference comes from; the wrappers add about a µs per step.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import string
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

CLASSES = ("success", "unknown code", "wrong identity", "wrong certificate", "malformed", "rate-limited")
REFERENCE = "unknown code"
ADDRESSES = {name: f"198.51.100.{number + 10}" for number, name in enumerate(CLASSES)}
EXPECTED = {"success": "found", "unknown code": "no_match", "wrong identity": "no_match",
            "wrong certificate": "no_match", "malformed": "invalid", "rate-limited": "limited"}
TOKEN_CHARS = string.ascii_letters + string.digits + "-_"
ADDRESS_LIMIT = 1_000_000


def certificate_token(number: int) -> str:
    """The verification code printed on household number's certificate (22 characters, like the real ones)."""
    rng = random.Random(f"certificate-{number}")
    return "".join(rng.choice(TOKEN_CHARS) for _ in range(22))


def certificates_write(households: int) -> int:
    """Give every even household a live certificate; return how many were written."""
    import datetime as dt

    from django.db import transaction
    from entitlements_data import household_code, raw_insert

    from giamngheo.accounts.models import User
    from giamngheo.registry.models import Household
    from giamngheo.review.models import Certificate, IssuedDocument

    with transaction.atomic():
        signer = User.objects.create_user(username="bench-signer", password=None, role="commune_official")
        ids = dict(Household.objects.filter(code__startswith="BM-").values_list("code", "id"))
        communes = dict(Household.objects.filter(code__startswith="BM-").values_list("id", "commune_id"))
        first = (IssuedDocument.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        numbers = range(0, households, 2)
        raw_insert(IssuedDocument, ["id", "agency_id", "kind", "year", "title", "household_id", "issued_on",
                                    "issued_by_id"], (
            (first + k, communes[ids[household_code(i)]], "certificate", 2025, "Giấy chứng nhận",
             ids[household_code(i)], dt.date(2025, 12, 10), signer.pk)
            for k, i in enumerate(numbers)))
        return raw_insert(Certificate, ["household_id", "period", "document_id", "token"], (
            (ids[household_code(i)], "2022-2025", first + k, certificate_token(i)) for k, i in enumerate(numbers)))


def attempts(rounds: int, households: int, seed: int) -> list[tuple[str, str, str]]:
    """Return (class, code, factor) for every request: rounds of one request per class in a shuffled order.

    Failures never repeat a code.
    """
    from entitlements_data import head_identity, household_code

    rng = random.Random(seed)
    evens = [i for i in range(households) if i % 2 == 0]
    rng.shuffle(evens)
    certified, rest = evens[:rounds], evens[rounds:] + [i for i in range(households) if i % 2]
    rng.shuffle(rest)
    if len(certified) < rounds or len(rest) < 2 * rounds:
        raise SystemExit(f"--households must be at least {3 * rounds} for {rounds} rounds (and warm-up)")
    wrong_identity, limited = rest[:rounds], rest[rounds:2 * rounds]

    def other(i: int) -> int:
        return (i + 1 + rng.randrange(households - 1)) % households

    def wrong_token() -> str:
        return "".join(rng.choice(TOKEN_CHARS) for _ in range(22))

    tasks: list[tuple[str, str, str]] = []
    for k in range(rounds):
        success = rng.randrange(households)
        block = [
            ("success", household_code(success), head_identity(success)),
            ("unknown code", household_code(households + k), head_identity(rng.randrange(households))),
            ("wrong identity", household_code(wrong_identity[k]), head_identity(other(wrong_identity[k]))),
            ("wrong certificate", household_code(certified[k]), wrong_token()),
            ("malformed", household_code(rng.randrange(households)) + "'", head_identity(rng.randrange(households))),
            ("rate-limited", household_code(limited[k]), head_identity(limited[k])),
        ]
        rng.shuffle(block)
        tasks += block
    return tasks


def sender(endpoint: str) -> Callable[[str, str, str], tuple[int, bytes]]:
    from django.test import Client

    clients = {name: Client(REMOTE_ADDR=address, HTTP_HOST="127.0.0.1", HTTP_USER_AGENT="lookup-timing")
               for name, address in ADDRESSES.items()}

    def send(kind: str, code: str, factor: str) -> tuple[int, bytes]:
        client = clients[kind]
        if endpoint == "form":
            response = client.post("/tra-cuu/", {"ma_ho": code, "so_dinh_danh": factor})
        else:
            response = client.post("/api/v1/lookup", json.dumps({"household_code": code, "id_number": factor}),
                                   content_type="application/json")
        return response.status_code, response.content

    return send


def instrument() -> dict[str, float]:
    """Time the steps of ``lookup_perform`` (for --steps): returns the dict that collects one request's µs."""
    from giamngheo.policies import lookup

    steps: dict[str, float] = {}
    clock = time.perf_counter_ns

    def timed(name: Callable[..., str] | str, function: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                label = name(*args, **kwargs) if callable(name) else name
                steps[label] = steps.get(label, 0.0) + (clock() - start) / 1000

        return wrapper

    class Cache:
        def __init__(self, inner: object) -> None:
            self._inner = inner

        def __getattr__(self, attribute: str) -> object:
            value = getattr(self._inner, attribute)
            return timed("cache read (code)", value) if attribute == "get" else value

    lookup.cache = Cache(lookup.cache)
    lookup._bump = timed(lambda key, window: "cache bump (" + key.split(":")[1] + ")", lookup._bump)
    lookup._secret_slots = timed("secrets query + digests", lookup._secret_slots)
    lookup._log = timed("log insert", lookup._log)
    lookup.household_sheet = timed("sheet (success only)", lookup.household_sheet)
    lookup.lookup_perform = timed("lookup_perform (all)", lookup.lookup_perform)
    from giamngheo.web import lookup_views

    lookup_views.lookup_perform = lookup.lookup_perform
    from giamngheo.api import policies

    policies.lookup_perform = lookup.lookup_perform
    return steps


# ------------------------------------------------------------------------------------------------ statistics


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (the same as numpy's default)."""
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def paired(a: Sequence[float], b: Sequence[float]) -> tuple[float, float, float, float]:
    """Median of the differences a[k] − b[k] (same round), its 95 % interval and the sign test's two-sided p.

    The requests of one round are a few milliseconds apart, so a slow drift of the machine (other work on the
    shared cores) cancels out of each difference; the interval is the usual order-statistic one of the sign test.
    """
    differences = sorted(x - y for x, y in zip(a, b, strict=True))
    n = len(differences)
    low = max(math.floor(n / 2 - 0.98 * math.sqrt(n)), 0)
    high = min(math.ceil(n / 2 + 0.98 * math.sqrt(n)), n - 1)
    above = sum(1 for d in differences if d > 0)
    nonzero = above + sum(1 for d in differences if d < 0)
    z = abs(above - nonzero / 2) / (math.sqrt(nonzero) / 2) if nonzero else 0.0
    return percentile(differences, 0.5), differences[low], differences[high], math.erfc(z / math.sqrt(2))


def mann_whitney(a: Sequence[float], b: Sequence[float]) -> tuple[float, float, float]:
    """Return (U of a, two-sided p-value, P(a > b) + ½·P(a = b)); normal approximation with tie correction."""
    n1, n2 = len(a), len(b)
    merged = sorted([(x, 0) for x in a] + [(x, 1) for x in b])
    rank_sum_a, ties, i = 0.0, 0.0, 0
    while i < len(merged):
        j = i
        while j + 1 < len(merged) and merged[j + 1][0] == merged[i][0]:
            j += 1
        average_rank = (i + j) / 2 + 1
        rank_sum_a += average_rank * sum(1 for k in range(i, j + 1) if merged[k][1] == 0)
        t = j - i + 1
        ties += t ** 3 - t
        i = j + 1
    u = rank_sum_a - n1 * (n1 + 1) / 2
    n = n1 + n2
    mean = n1 * n2 / 2
    variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))
    if variance <= 0:
        return u, 1.0, u / (n1 * n2)
    z = (abs(u - mean) - 0.5) / math.sqrt(variance)
    return u, math.erfc(max(z, 0.0) / math.sqrt(2)), u / (n1 * n2)


def kolmogorov_smirnov(a: Sequence[float], b: Sequence[float]) -> tuple[float, float]:
    """Return the two-sample KS distance D and its asymptotic two-sided p-value."""
    xs, ys = sorted(a), sorted(b)
    i = j = 0
    distance = 0.0
    while i < len(xs) and j < len(ys):
        value = min(xs[i], ys[j])
        while i < len(xs) and xs[i] == value:
            i += 1
        while j < len(ys) and ys[j] == value:
            j += 1
        distance = max(distance, abs(i / len(xs) - j / len(ys)))
    effective = len(xs) * len(ys) / (len(xs) + len(ys))
    lam = (math.sqrt(effective) + 0.12 + 0.11 / math.sqrt(effective)) * distance
    p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101)) if lam > 0 else 1.0
    return distance, min(max(p, 0.0), 1.0)


def report(samples: dict[str, list[float]], cpu: dict[str, list[float]], *, max_diff_us: float,
           max_diff_fraction: float) -> bool:
    """Print the tables; return True when every failure class is in the same timing class as "unknown code"."""
    print(f"\n{'class':<18} {'n':>6} {'median':>8} {'p10':>8} {'p90':>8} {'p99':>8}   (wall µs per request)   "
          f"{'CPU median':>10}")
    for name in CLASSES:
        ordered = sorted(samples[name])
        print(f"{name:<18} {len(ordered):>6} " + " ".join(f"{percentile(ordered, q):8.0f}"
                                                          for q in (0.5, 0.1, 0.9, 0.99))
              + f"   {'':21} {percentile(sorted(cpu[name]), 0.5):10.0f}")
    reference = sorted(samples[REFERENCE])
    reference_median = percentile(reference, 0.5)
    sigma = (percentile(reference, 0.75) - percentile(reference, 0.25)) / 1.349
    threshold = min(max_diff_us, max_diff_fraction * reference_median)
    print(f"\nagainst \"{REFERENCE}\" (median {reference_median:.0f} µs, robust σ {sigma:.0f} µs); "
          f"bound {threshold:.0f} µs (min of {max_diff_us:.0f} µs and {100 * max_diff_fraction:.0f} %): "
          f"same timing class when the paired difference's interval lies within ± the bound")
    print(f"{'class':<18} {'Δ median':>9} {'paired Δ [95 % interval]':>25} {'sign p':>8} {'MW p':>8} "
          f"{'P(slower)':>9} {'KS D':>6} {'KS p':>8} {'n to tell':>9} {'Δ CPU':>7}  verdict")
    cpu_reference = percentile(sorted(cpu[REFERENCE]), 0.5)
    same = True
    for name in CLASSES:
        if name in (REFERENCE, "success"):
            continue
        values = samples[name]
        delta = percentile(sorted(values), 0.5) - reference_median
        shift, low, high, p_sign = paired(values, samples[REFERENCE])
        _, p_mw, slower = mann_whitney(values, reference)
        distance, p_ks = kolmogorov_smirnov(values, reference)
        needed = (2.8 * sigma / abs(shift)) ** 2 if shift else math.inf
        if -threshold < low and high < threshold:
            verdict = "same timing class"
        elif abs(shift) >= threshold and (low > 0 or high < 0):
            verdict, same = "DISTINGUISHABLE", False
        else:
            verdict, same = "unresolved (interval crosses the bound: more rounds or a quieter machine)", False
        print(f"{name:<18} {delta:+9.1f} {shift:+9.1f} [{low:+6.0f}, {high:+6.0f}] {p_sign:8.2g} {p_mw:8.2g} "
              f"{slower:9.3f} {distance:6.3f} {p_ks:8.2g} {needed:9.0f} "
              f"{percentile(sorted(cpu[name]), 0.5) - cpu_reference:+7.1f}  {verdict}")
    return same


# ------------------------------------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2_000, help="requests per class")
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests per class first")
    parser.add_argument("--households", type=int, help="default: 3 × (rounds + warmup) + 100")
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    parser.add_argument("--endpoint", choices=["form", "api"], default="form")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--max-diff-us", type=float, default=50.0)
    parser.add_argument("--max-diff-fraction", type=float, default=0.05)
    parser.add_argument("--steps", action="store_true", help="also time each step of lookup_perform per class")
    args = parser.parse_args()
    households = args.households or 3 * (args.rounds + args.warmup) + 100

    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
    from lookup import environment, prepare

    os.environ.update(environment(argparse.Namespace(cache=args.cache),
                                  tempfile.mkdtemp(prefix="giamngheo-bench-lookup-timing-")))
    os.environ["GIAMNGHEO_LOOKUP_LIMIT_PER_ADDRESS"] = str(ADDRESS_LIMIT)
    if args.cache == "redis":
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    started = time.monotonic()
    prepare(households)
    print(f"certificates: {certificates_write(households):,} (every even household)", flush=True)

    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count

    from giamngheo.policies import lookup
    from giamngheo.policies.models import LookupLog

    config = lookup.limits()
    address_key, _ = lookup._keys(ADDRESSES["rate-limited"], "")
    cache.set(address_key, 100 * ADDRESS_LIMIT, timeout=config["address_window"])

    send = sender(args.endpoint)
    steps = instrument() if args.steps else {}
    step_samples: dict[str, dict[str, list[float]]] = {name: {} for name in CLASSES}
    # One draw for warm-up and timed requests, so no code is ever tried twice: the first WARMUP of each class warm up.
    seen = dict.fromkeys(CLASSES, 0)
    timed = []
    for kind, code, factor in attempts(args.rounds + args.warmup, households, seed=args.seed):
        seen[kind] += 1
        if seen[kind] <= args.warmup:
            send(kind, code, factor)
        else:
            timed.append((kind, code, factor))
    LookupLog.objects.all().delete()
    steps.clear()
    print(f"prepared in {time.monotonic() - started:.0f} s; {len(timed):,} timed requests, endpoint {args.endpoint}, "
          f"cache {args.cache}, database {connection.vendor}, limits {config} (per-address overridden to "
          f"{ADDRESS_LIMIT:,}); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

    samples: dict[str, list[float]] = {name: [] for name in CLASSES}
    cpu: dict[str, list[float]] = {name: [] for name in CLASSES}
    failures: set[tuple[int, bytes]] = set()
    gc.collect()
    gc.freeze()
    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    for kind, code, factor in timed:
        start, cpu_start = clock(), cpu_clock()
        status, body = send(kind, code, factor)
        samples[kind].append((clock() - start) / 1000)
        cpu[kind].append((cpu_clock() - cpu_start) / 1000)
        for step, value in steps.items():
            step_samples[kind].setdefault(step, []).append(value)
        steps.clear()
        if kind != "success":
            failures.add((status, body))
    gc.unfreeze()

    by_address = {(ip, outcome): n for ip, outcome, n in
                  LookupLog.objects.values_list("ip", "outcome").annotate(n=Count("id")).values_list("ip", "outcome",
                                                                                                      "n")}
    for name in CLASSES:
        got = by_address.get((ADDRESSES[name], EXPECTED[name]), 0)
        if got != args.rounds:
            raise SystemExit(f"{name}: {got} of {args.rounds} requests logged as {EXPECTED[name]!r}; "
                             f"log rows {by_address}")
    if len(failures) != 1:
        raise SystemExit(f"the failure classes gave {len(failures)} different responses")
    print(f"outcomes as expected for every class; every failure response is the same {len(next(iter(failures))[1])} "
          f"bytes (status {next(iter(failures))[0]}); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    same = report(samples, cpu, max_diff_us=args.max_diff_us, max_diff_fraction=args.max_diff_fraction)
    print("\nall failure classes: same timing class" if same else "\nnot every failure class is shown to be in the "
          "same timing class")
    if args.steps:
        names = sorted({step for by_step in step_samples.values() for step in by_step})
        print("\nmedian µs per step (--steps: the wrappers add about a µs each to the times above)")
        print(f"{'step':<26}" + "".join(f"{name[:12]:>13}" for name in CLASSES))
        for step in names:
            print(f"{step:<26}" + "".join(
                f"{percentile(sorted(step_samples[name][step]), 0.5):13.1f}" if step_samples[name].get(step)
                else f"{'—':>13}" for name in CLASSES))


if __name__ == "__main__":
    main()
