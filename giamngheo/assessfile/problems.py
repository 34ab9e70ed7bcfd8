"""Problems found in an assessment file, worded for the person who has to fix the spreadsheet."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class AssessFileError(Exception):
    """The file cannot be assessed; ``problems`` says why, row by row where that applies."""

    def __init__(self, problems: list[Problem], *, rows: int = 0) -> None:
        super().__init__(problems[0].message if problems else "")
        self.problems = problems
        self.rows = rows

    def report(self, limit: int = 50) -> str:
        """Return the problems, most useful first, with the total count."""
        return "\n".join(problem_report(self.problems, limit=limit))


def ranked(problems: list[Problem]) -> list[Problem]:
    """Order problems: whole-file and header ones as found, then columns with the most problems, each by row."""
    structural = [p for p in problems if p.row is None or p.row == 1]
    cells = [p for p in problems if p.row is not None and p.row > 1]
    per_column = Counter(p.column for p in cells)
    first_row: dict[str | None, int] = {}
    for p in cells:
        first_row[p.column] = min(first_row.get(p.column, p.row or 0), p.row or 0)
    # Columns with most problems first; among equals, the column whose first problem comes first.
    return structural + sorted(cells, key=lambda p: (-per_column[p.column], first_row[p.column], str(p.column),
                                                     p.row or 0))


def problem_report(problems: list[Problem], *, limit: int = 50) -> list[str]:
    """Return printable lines: up to ``limit`` problems and a closing summary with counts per column."""
    ordered = ranked(problems)
    lines = [str(p) for p in ordered[:limit]]
    rows = {p.row for p in problems if p.row is not None and p.row > 1}
    per_column = Counter(p.column for p in problems if p.column is not None and p.row is not None and p.row > 1)
    if len(problems) == 1 and problems[0].row is None:
        return lines
    if len(ordered) > limit:
        lines.append(f"… và {len(ordered) - limit} lỗi khác (and {len(ordered) - limit} more).")
    detail = ", ".join(f"{column}: {count}" for column, count in per_column.most_common())
    summary = f"Tổng cộng {len(problems)} lỗi" + (f" ở {len(rows)} dòng" if rows else "")
    lines.append(summary + (f" ({detail})." if detail else "."))
    return lines
