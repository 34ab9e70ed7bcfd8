"""`giamngheo registry-verify [--commune CODE] [--year Y]`: re-run every stored result in scope and compare.

Each result's stored facts are assessed again under its stored standard with the vectorised engine; the command
prints how many match, differ or cannot be reproduced (by reason), the first differences, and the rate. It exits
1 when any result differs from what the engine gives now, 0 otherwise (results that cannot be reproduced, such as
those under a standard the engine does not ship, are reported but do not fail the check).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from typing import Any

from giamngheo.cli.bootstrap import django_setup, ensure_database
from giamngheo.cli.errors import CLIError

DIFFERENCES_SHOWN = 20


def register(sub: Any) -> None:
    verify = sub.add_parser(
        "registry-verify",
        help="Tái lập các kết quả rà soát đã lưu (chạy lại dữ kiện theo đúng chuẩn đã dùng) và báo kết quả nào khác; "
             "mã thoát 1 khi có kết quả khác.",
    )
    verify.add_argument("--commune", metavar="MÃ_XÃ",
                        help="chỉ các kết quả ghi ở xã này hoặc của các hộ đang thuộc xã này")
    verify.add_argument("--year", type=int, metavar="NĂM", help="chỉ các kết quả của năm rà soát này")
    verify.set_defaults(handler=verify_command)


def verify_command(args: argparse.Namespace) -> int:
    django_setup()
    ensure_database()
    from django.db.models import Q

    from giamngheo.geo.models import AdminUnit, UnitLevel
    from giamngheo.registry.models import HouseholdAssessment
    from giamngheo.registry.reproduce import DIFFERENT, MATCH, reproductions, stored_rows

    scope = HouseholdAssessment.objects.all()
    where = []
    if args.commune:
        ids = list(AdminUnit.objects.filter(level=UnitLevel.COMMUNE, code=args.commune).values_list("id", flat=True))
        if not ids:
            raise CLIError(f"Không có xã mã '{args.commune}'. (Unknown commune code.)", 2)
        scope = scope.filter(Q(commune_id__in=ids) | Q(household__commune_id__in=ids))
        where.append(f"xã {args.commune}")
    if args.year is not None:
        scope = scope.filter(year=args.year)
        where.append(f"năm {args.year}")
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    households: set[str] = set()
    shown: list[str] = []
    for rows in stored_rows(scope):
        households.update(row.household_code for row in rows)
        for row, outcome in zip(rows, reproductions(rows), strict=True):
            counts[outcome.status] += 1
            if outcome.status == DIFFERENT and len(shown) < DIFFERENCES_SHOWN:
                shown.append(f"  #{row.id} hộ {row.household_code}, năm {row.year}, chuẩn {row.standard_id}: "
                             + " ".join(outcome.differences))
            elif not outcome.reproducible:
                problems[outcome.problem] += 1
    seconds = time.perf_counter() - started
    checked = sum(counts.values())
    scope_text = f" ({', '.join(where)})" if where else ""
    if not checked:
        print(f"Không có kết quả rà soát nào để tái lập{scope_text}.")
        return 0
    rate = len(households) / seconds if seconds else float("inf")
    print(f"Đã tái lập {_n(checked)} kết quả rà soát của {_n(len(households))} hộ{scope_text} trong "
          f"{seconds:.2f} giây ({_n(round(rate))} hộ/giây, {_n(round(checked / seconds if seconds else 0))} "
          "kết quả/giây).")
    print(f"  Khớp: {_n(counts[MATCH])}")
    print(f"  Khác: {_n(counts[DIFFERENT])}")
    unavailable = sum(problems.values())
    print(f"  Không tái lập được: {_n(unavailable)}")
    for problem, count in problems.most_common():
        print(f"    - {problem}: {_n(count)}")
    if shown:
        more = counts[DIFFERENT] - len(shown)
        print(f"{len(shown)} kết quả khác đầu tiên:" if more else "Các kết quả khác:")
        for line in shown:
            print(line)
        if more:
            print(f"  … và {_n(more)} kết quả khác nữa.")
    return 1 if counts[DIFFERENT] else 0


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")
