"""No input, however broken, makes the reader or validator raise anything but a clear AssessFileError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giamngheo.assessfile.problems import AssessFileError
from giamngheo.assessfile.run import AssessRequest, assess_file
from giamngheo.domain.standard import standard_get
from tests.assessfile.conftest import HEADER

OLD = standard_get("2022-2025")
CELL_ALPHABET = '0123456789.,;"\n\r\t -+eE xyzđĐóồộ\u0301\u0300\ufeff\x00'
cells = st.one_of(
    st.text(CELL_ALPHABET, max_size=12),
    st.sampled_from(["1", "0", "1500000", "1.500.000", "rural", "urban", "", "1e6", "NaN", "inf", "-0", "٣", "có",
                     "không", "nông thôn"]),
    st.integers(-10**20, 10**20).map(str),
)
headers = st.lists(st.one_of(st.sampled_from(HEADER), st.text(max_size=8)), min_size=1, max_size=20)


def outcome(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"in{suffix}"
        source.write_bytes(content)
        try:
            assess_file(AssessRequest(source, Path(folder) / "out.csv", OLD, skip_invalid=True))
        except AssessFileError as error:
            assert error.report()
        leftovers = [p.name for p in Path(folder).iterdir() if p.name not in ("in" + suffix, "out.csv")]
        assert leftovers == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".parquet"]))
def test_random_bytes(content: bytes, suffix: str) -> None:
    outcome(content, suffix)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=headers, rows=st.lists(st.lists(cells, max_size=20), max_size=6),
       separator=st.sampled_from([",", ";", "\t"]), bom=st.booleans())
def test_csv_shaped_text(header: list[str], rows: list[list[str]], separator: str, bom: bool) -> None:
    lines = [separator.join(header)] + [separator.join(r) for r in rows]
    content = ("\ufeff" if bom else "") + "\n".join(lines)
    outcome(content.encode("utf-8", errors="surrogatepass"), ".csv")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(cells, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=8))
def test_right_shape_random_cells(rows: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    outcome(buffer.getvalue().encode("utf-8", errors="surrogatepass"), ".csv")
