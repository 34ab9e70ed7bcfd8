"""Problems found while staging an import, each pinned to a sheet, a row and a column where it can be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HOUSEHOLDS = "households"
MEMBERS = "members"
SHEET_LABELS = {HOUSEHOLDS: "hộ gia đình", MEMBERS: "thành viên", "": "tệp"}
# Problems kept on a batch; the count is always exact, the list stops here so a hopeless file stays cheap.
STORED_PROBLEMS = 5000


@dataclass(frozen=True, order=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = [f"bảng {SHEET_LABELS.get(self.sheet, self.sheet)}"] if self.sheet else []
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportRefused(Exception):
    """The request cannot even be staged (too large, wrong commune, no permission): one sentence to show."""


def problems_sorted(problems: list[ImportProblem]) -> list[ImportProblem]:
    """Whole-file problems first, then households before members, each by row."""
    order = {"": 0, HOUSEHOLDS: 1, MEMBERS: 2}
    return sorted(problems, key=lambda p: (p.row is not None, order.get(p.sheet, 3), p.row or 0, p.column or ""))
