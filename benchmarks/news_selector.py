"""Benchmark: cost of `commune_news`, the news every successful resident lookup shows, cached and uncached.

    .venv/bin/python benchmarks/news_selector.py --communes 200 --articles 20000 --calls 20000 --cache redis

Builds a throw-away SQLite database (one province, `--communes` communes, `--articles` articles of which nine in
ten are published and one in twenty is province-wide), then times, for communes picked at random:

- cached: the process cache holds the commune's news; the cost is one read of the news version (a Django cache
  read: in-process with locmem, one round trip with Redis) and a dict look-up;
- uncached: the process cache is emptied before each call, so each call reads the version and runs the one
  indexed query (the commune's chain of units is remembered per process, as in a running server);
- cold: also forgets the chains, so each call adds the one-row query for the commune's path.

Prints wall and CPU microseconds per call. At 300 lookups a second the news costs 300 × (cached µs) per second
while nothing changes, and one uncached call per commune per process after each publication or TTL expiry.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]


def environment(cache: str, data_dir: str) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings", "GIAMNGHEO_DEBUG": "0", "GIAMNGHEO_DATA_DIR": data_dir,
        "GIAMNGHEO_SECRET_KEY": "benchmark-only-secret-key-" + "k" * 30, "GIAMNGHEO_SSL_REDIRECT": "0",
        "GIAMNGHEO_ALLOWED_HOSTS": "127.0.0.1",
    })
    if cache == "redis":
        os.environ["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    else:
        os.environ.pop("REDIS_URL", None)


def prepare(communes: int, articles: int) -> list[int]:
    """Create the units and articles; return the commune ids."""
    import datetime as dt

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from giamngheo.geo.models import AdminUnit
    from giamngheo.outreach.models import Article, ArticleStatus

    cache.clear()
    call_command("migrate", interactive=False, verbosity=0)
    province = AdminUnit.objects.create(level="province", code="42", name="Tỉnh Hà Tĩnh", short_name="Hà Tĩnh",
                                        valid_from=dt.date(2025, 7, 1))
    AdminUnit.objects.filter(pk=province.pk).update(path=f"/{province.pk}/")
    AdminUnit.objects.bulk_create([
        AdminUnit(level="commune", code=str(18000 + i), name=f"Xã Số {i}", short_name=f"Số {i}", parent=province,
                  valid_from=dt.date(2025, 7, 1))
        for i in range(communes)
    ])
    ids = list(AdminUnit.objects.filter(level="commune").values_list("pk", flat=True))
    for pk in ids:
        AdminUnit.objects.filter(pk=pk).update(path=f"/{province.pk}/{pk}/")
    rng = random.Random(6)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = []
    for n in range(articles):
        published = rng.random() < 0.9
        rows.append(Article(
            title=f"Tin số {n}", summary="Thông báo của Ủy ban nhân dân xã về chính sách hỗ trợ hộ nghèo.",
            body="<p>Nội dung.</p>", unit_id=province.pk if rng.random() < 0.05 else rng.choice(ids),
            status=ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT,
            published_at=start + dt.timedelta(minutes=rng.randrange(500_000)) if published else None,
            emergency=rng.random() < 0.01,
        ))
    Article.objects.bulk_create(rows, batch_size=2000)
    print(f"prepared {communes} communes, {articles:,} articles", flush=True)
    return ids


def measure(label: str, calls: int, ids: list[int], before_each) -> None:  # type: ignore[no-untyped-def]
    from giamngheo.outreach.selectors import commune_news

    rng = random.Random(1)
    picks = [rng.choice(ids) for _ in range(calls)]
    wall, cpu = time.perf_counter(), time.process_time()
    for pk in picks:
        before_each()
        commune_news(pk)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<10} {1e6 * wall / calls:8.1f} µs/call wall  {1e6 * cpu / calls:8.1f} µs/call CPU", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=200)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--cache", choices=["redis", "locmem"], default="locmem")
    args = parser.parse_args()
    environment(args.cache, tempfile.mkdtemp(prefix="giamngheo-bench-news-"))
    ids = prepare(args.communes, args.articles)
    from giamngheo.outreach import selectors

    print(f"cache: {args.cache}; {args.calls:,} calls each, communes picked at random", flush=True)
    for pk in ids:  # warm: every commune's chain and news in the process cache
        selectors.commune_news(pk)
    measure("cached", args.calls, ids, lambda: None)
    measure("uncached", max(args.calls // 10, 1), ids, selectors._news.clear)

    def forget_all() -> None:
        selectors._news.clear()
        selectors._chains.clear()

    measure("cold", max(args.calls // 10, 1), ids, forget_all)


if __name__ == "__main__":
    main()
