"""Assess a whole file: read, validate, classify with Polars, and write the result atomically."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from giamngheo.assessfile.problems import AssessFileError, Problem
from giamngheo.assessfile.read import file_format, read_table
from giamngheo.assessfile.validate import BAD_FLAG, ROW, Validated, validate
from giamngheo.domain.frame import OUTPUT_COLUMNS, assess_frame
from giamngheo.domain.standard import Standard

EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet's 1,048,576 is the header


@dataclass(frozen=True)
class AssessRequest:
    source: Path
    target: Path
    standard: Standard
    overlay: Standard | None = None
    compare: Standard | None = None
    skip_invalid: bool = False


@dataclass(frozen=True)
class AssessSummary:
    """What happened: rows written and skipped, categories, and moves between standards."""

    rows: int
    written: int
    skipped: list[Problem]
    basis: str
    sheet: str | None
    categories: Counter[str]
    local_categories: Counter[str] = field(default_factory=Counter)
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)


def assess_file(request: AssessRequest) -> AssessSummary:
    """Assess ``request.source`` into ``request.target``; raise AssessFileError and write nothing on bad input."""
    file_format(request.target)
    table = read_table(request.source)
    standards = [request.standard] + ([request.compare] if request.compare else [])
    checked = validate(table, standards)
    if checked.problems and not request.skip_invalid:
        raise AssessFileError(checked.problems, rows=table.frame.height)
    valid = checked.frame.filter(~pl.col(BAD_FLAG)) if checked.problems else checked.frame
    if valid.height == 0:
        raise AssessFileError([Problem(None, None, "Không còn dòng hợp lệ nào để đánh giá. (No valid rows.)")])
    plan = _assess(valid, checked, request)
    summary = AssessSummary(rows=table.frame.height, written=valid.height, skipped=checked.problems,
                            basis=checked.basis, sheet=table.sheet, categories=_counts(plan, "category"))
    if request.overlay:
        summary.local_categories.update(_counts(plan, "local_category"))
    if request.compare:
        # Only the category columns are computed here: Polars prunes the reason sentences from this plan.
        moves = plan.group_by("category", "compare_category").len().collect().iter_rows()
        summary.moves.update({(a, b): n for a, b, n in moves})
    write_atomically(_output(plan, checked, added_columns(request)), request.target, rows=valid.height)
    return summary


def _counts(plan: pl.LazyFrame, column: str) -> Counter[str]:
    return Counter(dict(plan.group_by(column).len().collect().iter_rows()))


def _assess(valid: pl.DataFrame, checked: Validated, request: AssessRequest) -> pl.LazyFrame:
    largest = valid.get_column("income_per_capita").max() if checked.basis == "income" else None
    options = {"basis": checked.basis, "largest_income": largest}
    frame = assess_frame(valid.lazy(), request.standard, **options)  # type: ignore[arg-type]
    if request.overlay:
        frame = assess_frame(frame, request.overlay, prefix="local_", **options)  # type: ignore[arg-type]
    if request.compare:
        frame = assess_frame(frame, request.compare, prefix="compare_", **options)  # type: ignore[arg-type]
    return frame


def added_columns(request: AssessRequest) -> list[str]:
    names = list(OUTPUT_COLUMNS)
    if request.overlay:
        names += [f"local_{name}" for name in OUTPUT_COLUMNS]
    if request.compare:
        names += [f"compare_{name}" for name in OUTPUT_COLUMNS]
    return names


def _output(result: pl.LazyFrame, checked: Validated, added: list[str]) -> pl.LazyFrame:
    """Return the input columns untouched under their own headers, then the assessment columns."""
    # Re-assessing an earlier output replaces its assessment columns instead of duplicating them.
    originals = [(f"c{i}", header or f"column_{i + 1}") for i, header in enumerate(checked.headers)
                 if header not in added]
    seen: Counter[str] = Counter()
    renamed = []
    for source, header in originals:
        seen[header] += 1
        renamed.append(pl.col(source).alias(header if seen[header] == 1 else f"{header}_{seen[header]}"))
    return result.select([*renamed, *added])


def write_atomically(frame: pl.LazyFrame, target: Path, *, rows: int) -> None:
    """Write to a temporary file next to ``target`` and rename it, so readers never see half a file.

    CSV and Parquet are streamed from the plan, so the long reason sentences never all sit in memory.
    """
    suffix = file_format(target)
    if suffix == ".xlsx" and rows > EXCEL_MAX_ROWS:
        raise AssessFileError([Problem(None, None, f"Excel chỉ chứa được {EXCEL_MAX_ROWS} dòng; hãy ghi ra .csv "
                                                   "hoặc .parquet.")])
    directory = target.resolve().parent
    if not directory.is_dir():
        raise AssessFileError([Problem(None, None, f"Thư mục '{directory}' không tồn tại.")])
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    os.close(handle)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; the result is an ordinary file
    try:
        if suffix == ".csv":
            # The BOM makes Excel, where communes open results, read the file as UTF-8 Vietnamese.
            frame.sink_csv(temporary, include_bom=True)
        elif suffix == ".parquet":
            frame.sink_parquet(temporary)
        else:
            frame.collect().write_excel(temporary, worksheet="households", autofit=rows <= 10_000)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


__all__ = ["ROW", "AssessRequest", "AssessSummary", "added_columns", "assess_file", "write_atomically"]
