"""Reproduce stored results: re-run an assessment's stored facts under its stored standard and compare.

A result keeps the standard id, the facts and the reasons it was made from, so the engine must give it again
whatever happened to the household since. One result is re-run with the row-wise engine (`domain.assess`),
many at once with the vectorised one (`domain.frame`, the engine the import itself uses); both compare the
same way and explain a difference in the same Vietnamese words.

The facts are read strictly, as stored: nothing is filled in from the household as it is now (its area or
members may have changed) nor from the stored result (that would prove nothing). A result under a standard
the engine does not ship, or with facts too incomplete to run, is "not reproducible", with the reason.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

import polars as pl
from django.db.models import QuerySet

from giamngheo.domain.assess import assess
from giamngheo.domain.facts import HouseholdFacts, InvalidFacts
from giamngheo.domain.frame import assess_frame
from giamngheo.domain.reasons import CATEGORY_NAMES_VI, vnd
from giamngheo.domain.standard import AREAS, Standard, UnknownStandard, standard_get
from giamngheo.registry.models import HouseholdAssessment

MATCH, DIFFERENT, UNAVAILABLE = "match", "different", "unavailable"
STANDARD_UNKNOWN, FACTS_INCOMPLETE = "standard_unknown", "facts_incomplete"
# How stored flags spell "deprived": import files store 0/1, older data may hold Booleans or words.
_YES = {"1", "true", "yes", "có", "co", "x"}
_NO = {"0", "false", "no", "không", "khong", ""}


class StoredResult(Protocol):
    """What reproduction reads of a stored result (a HouseholdAssessment or a row fetched in bulk)."""

    @property
    def id(self) -> Any: ...
    @property
    def standard_id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def income_per_capita(self) -> int: ...
    @property
    def deprivation_count(self) -> int: ...
    @property
    def deprivations(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def facts(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class Recomputed:
    """What the engine gives for the stored facts now."""

    category: str
    deprivation_count: int
    deprivations: str  # ";"-joined in the standard's order, as stored
    reason: str


@dataclass(frozen=True, slots=True)
class Reproduction:
    """The outcome of re-running one stored result: matches, differs (and how), or cannot be re-run (and why)."""

    assessment_id: int | None
    standard_id: str
    status: str  # MATCH, DIFFERENT or UNAVAILABLE
    differences: tuple[str, ...] = ()
    recomputed: Recomputed | None = None
    problem: str = ""  # why it cannot be reproduced (Vietnamese), when status is UNAVAILABLE
    problem_code: str = ""  # STANDARD_UNKNOWN or FACTS_INCOMPLETE

    @property
    def matches(self) -> bool:
        return self.status == MATCH

    @property
    def reproducible(self) -> bool:
        return self.status != UNAVAILABLE

    @property
    def summary(self) -> str:
        """One line: "khớp", "khác: …" or "không tái lập được (…)"."""
        if self.status == MATCH:
            return "khớp"
        if self.status == DIFFERENT:
            return "khác: " + " ".join(self.differences)
        return f"không tái lập được ({self.problem})"


class _Unreadable(Exception):
    """Stored facts the engine cannot run: the message says what is missing or wrong."""


class _Inputs(NamedTuple):
    area: str
    members: int
    income: int
    deprived: frozenset[str]


def assessment_reproduce(assessment: StoredResult) -> Reproduction:
    """Re-run one stored result with the row-wise engine and compare it with what was stored."""
    try:
        standard = _standard(assessment.standard_id)
        inputs = _inputs(assessment.facts)
        facts = HouseholdFacts(inputs.area, inputs.members, inputs.income, inputs.deprived)
    except _Unavailable as unavailable:
        return unavailable.reproduction(assessment)
    except (_Unreadable, InvalidFacts) as error:
        return _incomplete(assessment, str(error))
    result = assess(facts, standard)
    recomputed = Recomputed(result.category, result.deprivation_count, ";".join(result.deprivations), result.reason)
    return compare(assessment, recomputed, facts_income=inputs.income)


def reproductions(results: Iterable[StoredResult]) -> list[Reproduction]:
    """Re-run many stored results with the vectorised engine, one frame per standard; same order as given."""
    results = list(results)
    outcomes: list[Reproduction | None] = [None] * len(results)
    by_standard: dict[str, list[tuple[int, _Inputs]]] = defaultdict(list)
    standards: dict[str, Standard | _Unavailable] = {}
    for index, stored in enumerate(results):
        standard_id = stored.standard_id
        if standard_id not in standards:
            try:
                standards[standard_id] = _standard(standard_id)
            except _Unavailable as unavailable:
                standards[standard_id] = unavailable
        known = standards[standard_id]
        if isinstance(known, _Unavailable):
            outcomes[index] = known.reproduction(stored)
            continue
        try:
            inputs = _inputs(stored.facts)
            HouseholdFacts(*inputs)  # the same checks as the row-wise engine
        except (_Unreadable, InvalidFacts) as error:
            outcomes[index] = _incomplete(stored, str(error))
            continue
        by_standard[standard_id].append((index, inputs))
    for standard_id, rows in by_standard.items():
        standard = standards[standard_id]
        assert isinstance(standard, Standard)
        for (index, inputs), recomputed in zip(rows, _frame_run(standard, [i for _, i in rows]), strict=True):
            outcomes[index] = compare(results[index], recomputed, facts_income=inputs.income)
    return [outcome for outcome in outcomes if outcome is not None]


def compare(stored: StoredResult, recomputed: Recomputed, *, facts_income: int | None = None) -> Reproduction:
    """Compare a stored result with a recomputed one; each difference is one Vietnamese sentence."""
    differences: list[str] = []
    if stored.category != recomputed.category:
        differences.append(f"Phân loại: đã lưu «{_category(stored.category)}», tính lại được "
                           f"«{_category(recomputed.category)}».")
    if stored.deprivation_count != recomputed.deprivation_count:
        differences.append(f"Số chỉ số thiếu hụt: đã lưu {stored.deprivation_count}, tính lại được "
                           f"{recomputed.deprivation_count}.")
    stored_list = stored.deprivations or ""
    if stored_list != recomputed.deprivations:
        differences.append(_deprivations_difference(stored_list, recomputed.deprivations))
    if (stored.reason or "") != recomputed.reason:
        differences.append(f"Lý do: đã lưu «{stored.reason}», tính lại được «{recomputed.reason}».")
    if facts_income is not None and stored.income_per_capita != facts_income:
        differences.append(f"Thu nhập bình quân: đã lưu {vnd(stored.income_per_capita)} đồng, dữ kiện ghi "
                           f"{vnd(facts_income)} đồng.")
    return Reproduction(
        assessment_id=stored.id, standard_id=stored.standard_id, status=DIFFERENT if differences else MATCH,
        differences=tuple(differences), recomputed=recomputed,
    )


# ------------------------------------------------------------------------------------------ in bulk


class StoredRow(NamedTuple):
    """A stored result fetched without building model instances (facts as the database returns them)."""

    id: int
    standard_id: str
    category: str
    income_per_capita: int
    deprivation_count: int
    deprivations: str
    reason: str
    facts: Any
    household_code: str
    year: int


ROW_FIELDS = ("id", "standard_id", "category", "income_per_capita", "deprivation_count", "deprivations", "reason",
              "facts", "household__code", "year")


def stored_rows(assessments: QuerySet[HouseholdAssessment], *, chunk: int = 20_000) -> Iterator[list[StoredRow]]:
    """Yield the results of ``assessments`` in chunks of plain rows, ordered by id (cheap to re-run in bulk)."""
    rows = assessments.order_by("id").values_list(*ROW_FIELDS).iterator(chunk_size=chunk)
    batch: list[StoredRow] = []
    for row in rows:
        batch.append(StoredRow(*row))
        if len(batch) >= chunk:
            yield batch
            batch = []
    if batch:
        yield batch


# ------------------------------------------------------------------------------------------ inside


class _Unavailable(Exception):
    def __init__(self, code: str, problem: str) -> None:
        super().__init__(problem)
        self.code, self.problem = code, problem

    def reproduction(self, stored: StoredResult) -> Reproduction:
        return Reproduction(assessment_id=stored.id, standard_id=stored.standard_id, status=UNAVAILABLE,
                            problem=self.problem, problem_code=self.code)


def _standard(standard_id: str) -> Standard:
    try:
        return standard_get(standard_id)
    except UnknownStandard:
        raise _Unavailable(STANDARD_UNKNOWN, f"chuẩn {standard_id} không có trong bộ tính chuẩn nghèo") from None


def _incomplete(stored: StoredResult, detail: str) -> Reproduction:
    return _Unavailable(FACTS_INCOMPLETE, f"dữ kiện đã lưu không đủ để tính lại: {detail}").reproduction(stored)


def _inputs(raw: Any) -> _Inputs:
    """Read the engine's inputs from stored facts, as stored: import rows (``d_<indicator>`` flags) or lists."""
    facts = json.loads(raw) if isinstance(raw, str | bytes) else raw
    if not isinstance(facts, Mapping) or not facts:
        raise _Unreadable("không có dữ kiện")
    area = facts.get("area")
    if area not in AREAS:
        raise _Unreadable("thiếu khu vực (area)" if area is None else f"khu vực (area) không hợp lệ: {area!r}")
    income = _whole(facts, "income_per_capita", "thu nhập bình quân")
    members = _whole(facts, "members", "số nhân khẩu")
    deprived: set[str] = set()
    for key, value in facts.items():
        if key.startswith("d_") and _flag(key, value):
            deprived.add(key[2:])
    listed = facts.get("deprivations")
    if listed is not None:
        if not isinstance(listed, list | tuple) or not all(isinstance(i, str) for i in listed):
            raise _Unreadable("danh sách chỉ số thiếu hụt (deprivations) không hợp lệ")
        deprived.update(listed)
    return _Inputs(area, members, income, frozenset(deprived))


def _whole(facts: Mapping[str, Any], key: str, name: str) -> int:
    value = facts.get(key)
    if value is None:
        raise _Unreadable(f"thiếu {name} ({key})")
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Unreadable(f"{name} ({key}) không phải số nguyên: {value!r}")
    return value


def _flag(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    text = str(value).strip().lower() if isinstance(value, str) else None
    if text in _YES:
        return True
    if text in _NO or value is None:
        return False
    raise _Unreadable(f"cờ {key} không hợp lệ: {value!r}")


def _frame_run(standard: Standard, rows: Sequence[_Inputs]) -> list[Recomputed]:
    columns: dict[str, Any] = {
        "area": pl.Series([r.area for r in rows], dtype=pl.String),
        "income_per_capita": pl.Series([r.income for r in rows], dtype=pl.Int64),
    }
    for indicator in standard.indicator_ids:
        columns[f"d_{indicator}"] = pl.Series([indicator in r.deprived for r in rows], dtype=pl.Boolean)
    largest = max((r.income for r in rows), default=0)
    frame = assess_frame(pl.DataFrame(columns).lazy(), standard, largest_income=largest).select(
        "category", "deprivation_count", "deprivations", "reason").collect()
    return [Recomputed(category, count, deprivations or "", reason)
            for category, count, deprivations, reason in frame.iter_rows()]


def _category(category: str) -> str:
    return CATEGORY_NAMES_VI.get(category, category)


def _deprivations_difference(stored: str, recomputed: str) -> str:
    before = [i for i in stored.split(";") if i]
    after = [i for i in recomputed.split(";") if i]
    text = (f"Chỉ số thiếu hụt: đã lưu «{', '.join(before) or 'không có'}», "
            f"tính lại được «{', '.join(after) or 'không có'}»")
    extra = [i for i in before if i not in after]
    missing = [i for i in after if i not in before]
    notes = []
    if extra:
        notes.append(f"đã lưu thừa {', '.join(extra)}")
    if missing:
        notes.append(f"đã lưu thiếu {', '.join(missing)}")
    if not notes:
        notes.append("khác thứ tự")
    return f"{text} ({'; '.join(notes)})."


__all__ = [
    "DIFFERENT", "FACTS_INCOMPLETE", "MATCH", "ROW_FIELDS", "STANDARD_UNKNOWN", "UNAVAILABLE", "Recomputed",
    "Reproduction", "StoredResult", "StoredRow", "assessment_reproduce", "compare", "reproductions", "stored_rows",
]
