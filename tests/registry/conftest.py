"""Real assessment files for import tests, written with xlsxwriter (households sheet + members sheet)."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable
from typing import Any

import pytest
import xlsxwriter

INDICATORS_2022 = (
    "employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
    "housing_quality", "housing_area", "water", "sanitation", "telecom", "info_access",
)
HOUSEHOLD_HEADERS = ["household_code", "commune_code", "village", "head_name", "area", "members",
                     "income_per_capita", *[f"d_{i}" for i in INDICATORS_2022]]
MEMBER_HEADERS = ["household_code", "full_name", "birth_year", "sex", "ethnicity", "relation", "id_number"]
ASSESSED_ON = dt.date(2026, 11, 20)


def household_row(code: str, *, commune: str = "18673", village: str = "Thôn Trung Hòa", head: str = "Nguyễn Văn An",
                  area: str = "rural", members: Any = 2, income: Any = 1_200_000, deprived: int = 3) -> list[Any]:
    """One household row; the first `deprived` indicators are marked deprived (1), the rest 0."""
    flags = [1 if index < deprived else 0 for index in range(len(INDICATORS_2022))]
    return [code, commune, village, head, area, members, income, *flags]


def member_row(code: str, name: str, *, year: Any = 1970, sex: str = "Nam", ethnicity: str = "Kinh",
               relation: str = "Chủ hộ", id_number: str = "") -> list[Any]:
    return [code, name, year, sex, ethnicity, relation, id_number]


def xlsx_bytes(households: list[list[Any]], members: list[list[Any]] | None = None, *,
               household_headers: list[str] | None = None, member_headers: list[str] | None = None) -> bytes:
    """Write a workbook with a 'households' sheet and (unless None) a 'members' sheet; return its bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    # A fixed creation time: the same rows give the same bytes, whichever second they are written in.
    book.set_properties({"created": dt.datetime(2026, 11, 1, 8, 0, 0)})
    sheets = [("households", household_headers or HOUSEHOLD_HEADERS, households)]
    if members is not None:
        sheets.append(("members", member_headers or MEMBER_HEADERS, members))
    for name, headers, rows in sheets:
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, headers)
        for index, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                # Codes and identity numbers as text, as the template formats them (keeps leading zeros).
                if isinstance(value, str):
                    sheet.write_string(index, column, value)
                elif value is not None:
                    sheet.write_number(index, column, value)
    book.close()
    return buffer.getvalue()


def csv_bytes(headers: list[str], rows: list[list[Any]]) -> bytes:
    lines = [",".join(headers)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def two_households() -> bytes:
    """CX-0101 (poor, 2 members) and CX-0102 (non-poor, 1 member) in xã Cẩm Xuyên."""
    return xlsx_bytes(
        [household_row("CX-0101", head="Nguyễn Văn Đức", members=2, income=1_200_000, deprived=3),
         household_row("CX-0102", village="Thôn Quyết Tiến", head="Trần Thị Mai", members=1, income=5_000_000,
                       deprived=0)],
        [member_row("CX-0101", "Nguyễn Văn Đức", id_number="042090012345"),
         member_row("CX-0101", "Phạm Thị Hoa", year=1975, sex="Nữ", relation="Vợ", id_number="042190054321"),
         member_row("CX-0102", "Trần Thị Mai", year=1988, sex="Nữ")],
    )


@pytest.fixture
def stage(units) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    """Return stage(user, content, **options) → the staged batch for xã Cẩm Xuyên, year 2026, standard 2022-2025."""
    from giamngheo.registry.importing import household_import_stage

    def factory(user: Any, content: bytes, **options: Any) -> Any:
        options.setdefault("commune_id", units.cam_xuyen.id)
        options.setdefault("filename", "ket-qua-ra-soat.xlsx")
        options.setdefault("year", 2026)
        options.setdefault("standard_id", "2022-2025")
        options.setdefault("assessed_on", ASSESSED_ON)
        return household_import_stage(acting_user=user, content=content, **options)

    return factory


@pytest.fixture
def second_official(make_user, units):  # type: ignore[no-untyped-def]
    """A second commune official of Cẩm Xuyên: the checker who confirms what the first one uploaded."""
    return make_user("commune_official", units.cam_xuyen, username="kiemtra.camxuyen")


def race(*calls: Callable[[], Any]) -> list[str]:
    """Run the calls in threads released at the same moment, each with its own database connection; return, sorted,
    "ok" (or the task's status) for each call, its refusal, or the unexpected error."""
    from django.db import connection

    from giamngheo.registry.importing import ImportRefused

    barrier = threading.Barrier(len(calls))
    results: list[str] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            result = call()
            results.append(result["status"] if isinstance(result, dict) else "ok")
        except ImportRefused as refused:
            results.append(str(refused))
        except Exception as error:
            results.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)
