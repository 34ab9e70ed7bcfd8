"""Compare prepared rows with the registry: which households are new, changed, moved or unchanged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import connection

from giamngheo.accounts.access import units_visible_to
from giamngheo.assessfile.validate import ROW
from giamngheo.common.text import fold
from giamngheo.geo.models import AdminUnit, UnitLevel
from giamngheo.registry.importing.prepare import Prepared
from giamngheo.registry.importing.problems import HOUSEHOLDS, ImportProblem
from giamngheo.registry.models import Household, HouseholdAssessment

CHUNK = 5000


@dataclass
class Existing:
    id: int
    commune_id: int
    record_digest: str
    fact_digest: str | None = None
    assessed_on: dt.date | None = None
    closed_on: dt.date | None = None


@dataclass
class Plan:
    """What confirming would write; `problems` non-empty means nothing may be written."""

    households: pl.DataFrame
    existing: dict[str, Existing]
    new_codes: set[str]
    changed_codes: set[str]
    reassess_codes: set[str]
    villages_new: list[str]
    problems: list[ImportProblem] = field(default_factory=list)

    def summary(self, prepared: Prepared) -> dict[str, Any]:
        frame = self.households
        categories = dict(frame.group_by("category").len().iter_rows()) if frame.height else {}
        members = prepared.members.height if prepared.members is not None else None
        written = self.new_codes | self.changed_codes
        return {
            "rows": prepared.rows,
            "member_rows": prepared.member_rows,
            "households_new": len(self.new_codes),
            "households_changed": len(self.changed_codes),
            "households_unchanged": frame.height - len(written | self.reassess_codes),
            "assessments_new": len(self.reassess_codes),
            "members": members,
            "members_written": (
                prepared.members.filter(pl.col("household_code").is_in(list(written))).height
                if prepared.members is not None else 0
            ),
            "villages_new": self.villages_new,
            "categories": {c: categories.get(c, 0) for c in ("poor", "near_poor", "average", "non_poor")},
        }


def import_plan(prepared: Prepared, *, commune: AdminUnit, year: int, standard_id: str, assessed_on: dt.date,
                acting_user: Any) -> Plan:
    """Read what the registry holds for these codes and decide, household by household, what would change."""
    frame = prepared.households
    codes = frame.get_column("household_code").to_list()
    existing = _existing(codes, year=year, standard_id=standard_id)
    accepted = _communes_carried_by(commune)
    problems = _moved(frame, existing, accepted, acting_user) + _closed(frame, existing, accepted)
    new_codes = {code for code in codes if code not in existing}
    changed, reassess = set(), set(new_codes)
    for code, record_digest, fact_digest in frame.select("household_code", "record_digest", "fact_digest").iter_rows():
        known = existing.get(code)
        if known is None:
            continue
        if known.record_digest != record_digest or known.commune_id != commune.id:
            changed.add(code)
        if known.fact_digest != fact_digest:
            reassess.add(code)
    problems += _out_of_order(frame, existing, reassess, year=year, assessed_on=assessed_on)
    have = set(AdminUnit.objects.filter(parent=commune, level=UnitLevel.VILLAGE).values_list("search_key", flat=True))
    wanted: dict[str, str] = {}
    for name in frame.get_column("village").unique(maintain_order=True).to_list():
        if name and fold(name) not in have:
            wanted.setdefault(fold(name), name)
    return Plan(frame, existing, new_codes, changed, reassess, sorted(wanted.values()), problems)


def _existing(codes: list[str], *, year: int, standard_id: str) -> dict[str, Existing]:
    existing: dict[str, Existing] = {}
    household = Household._meta.db_table
    for chunk in _chunks(codes):
        rows = _select(f"SELECT code, id, commune_id, record_digest, closed_on FROM {household} WHERE code", chunk)
        for code, pk, commune_id, digest, closed_on in rows:
            existing[code] = Existing(pk, commune_id, digest, closed_on=_date(closed_on))
    by_id = {known.id: known for known in existing.values()}
    assessment = HouseholdAssessment._meta.db_table
    for chunk in _chunks(list(by_id)):
        rows = _select(f"SELECT household_id, fact_digest, assessed_on FROM {assessment} WHERE year = %s AND "
                       "standard_id = %s AND household_id", chunk, [year, standard_id], order="household_id, id")
        for household_id, digest, assessed_on in rows:  # the latest result of the year wins
            by_id[household_id].fact_digest = digest
            by_id[household_id].assessed_on = _date(assessed_on)
    return existing


def _chunks(values: list[Any]) -> list[list[Any]]:
    # PostgreSQL takes the whole list as one array parameter; SQLite gets lists short enough for its limits.
    size = len(values) or 1 if connection.vendor == "postgresql" else CHUNK
    return [values[start:start + size] for start in range(0, len(values), size)]


def _select(head: str, values: list[Any], params: list[Any] | None = None, order: str = "") -> list[tuple]:
    """Run `head` + "IN (values)" (or "= ANY(%s)" on PostgreSQL) and return the rows."""
    if connection.vendor == "postgresql":
        sql, args = f"{head} = ANY(%s)", [*(params or []), values]
    else:
        sql, args = f"{head} IN ({', '.join(['%s'] * len(values))})", [*(params or []), *values]
    with connection.cursor() as cursor:
        cursor.execute(sql + (f" ORDER BY {order}" if order else ""), args)
        return cursor.fetchall()


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _communes_carried_by(commune: AdminUnit) -> set[int]:
    """The commune itself and the old communes whose records it carries since the 2025 reform."""
    from giamngheo.geo.selectors import commune_successor_map

    mapping = commune_successor_map(under=commune.path)
    return {old for old, new in mapping.items() if new == commune.id} | {commune.id}


def _moved(frame: pl.DataFrame, existing: dict[str, Existing], accepted: set[int],
           acting_user: Any) -> list[ImportProblem]:
    elsewhere = {code: known for code, known in existing.items() if known.commune_id not in accepted}
    if not elsewhere:
        return []
    names = dict(AdminUnit.objects.filter(pk__in={k.commune_id for k in elsewhere.values()}).values_list("id", "name"))
    visible = set(units_visible_to(acting_user).filter(pk__in=names).values_list("id", flat=True)) if acting_user \
        else set(names)
    problems = []
    rows = frame.filter(pl.col("household_code").is_in(list(elsewhere))).select(ROW, "household_code")
    for row, code in rows.iter_rows():
        commune_id = elsewhere[code].commune_id
        # Out of the user's scope, the other commune is not named: existence elsewhere is all they learn.
        where = names[commune_id] if commune_id in visible else "một xã khác"
        problems.append(ImportProblem(
            HOUSEHOLDS, row, "household_code",
            f"hộ '{code}' đã có trong sổ hộ của {where}; tệp nhập không tự chuyển hộ giữa các xã. Cán bộ "
            "của xã cũ (hoặc của tỉnh) mở trang của hộ và dùng mục “Chuyển hộ” để chuyển hộ sang xã này, "
            "rồi tải tệp lên lại.",
        ))
    return problems


def _closed(frame: pl.DataFrame, existing: dict[str, Existing], accepted: set[int]) -> list[ImportProblem]:
    closed = {code: known.closed_on for code, known in existing.items()
              if known.closed_on is not None and known.commune_id in accepted}
    if not closed:
        return []
    rows = frame.filter(pl.col("household_code").is_in(list(closed))).select(ROW, "household_code")
    return [
        ImportProblem(
            HOUSEHOLDS, row, "household_code",
            f"hộ '{code}' đã được xóa tên khỏi sổ hộ từ ngày {closed[code]:%d/%m/%Y}; tệp nhập không ghi kết quả "
            "cho hộ đã xóa tên. Nếu hộ vẫn còn (xóa nhầm, hộ quay về), mở trang của hộ, dùng mục “Khôi phục tên "
            "trong sổ” rồi tải tệp lên lại; nếu không, bỏ dòng này khỏi tệp.",
        )
        for row, code in rows.iter_rows()
    ]


def _out_of_order(frame: pl.DataFrame, existing: dict[str, Existing], reassess: set[str], *, year: int,
                  assessed_on: dt.date) -> list[ImportProblem]:
    late = {code for code in reassess if (known := existing.get(code)) and known.assessed_on
            and known.assessed_on > assessed_on}
    if not late:
        return []
    problems = []
    rows = frame.filter(pl.col("household_code").is_in(list(late))).select(ROW, "household_code")
    for row, code in rows.iter_rows():
        stored = existing[code].assessed_on
        problems.append(ImportProblem(
            HOUSEHOLDS, row, "household_code",
            f"hộ '{code}' đã có kết quả rà soát năm {year} ngày {stored:%d/%m/%Y}, sau ngày đánh giá "
            f"{assessed_on:%d/%m/%Y} của lô này; kết quả mới không được ghi ngày sớm hơn kết quả đã có.",
        ))
    return problems
