"""Standards as dated data: lookup, validity windows, published files frozen, overlays checked."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

import pytest

from giamngheo.domain.derive import RULES
from giamngheo.domain.standard import (
    STANDARD_FILES,
    InvalidStandard,
    UnknownStandard,
    standard_file_bytes,
    standard_from_toml,
    standard_get,
    standard_in_force,
    standards_all,
)

# Published law never changes: a correction is a new file with a new id. Changing a digest here is
# a deliberate, reviewed act, never a way to make the test pass.
PUBLISHED_SHA256 = {
    "2022-2025.toml": "4a7e91b9be814e4964343226ba7a3b9dcfc919492c6ef594fe9b2b2d94bd329f",
    "2027-2030.toml": "b60bf1186014928546b35e5b4ad6c24d556170075a4b64c946fb85228e0695e3",
    "dong-nai-2022-2025.toml": "16e4e79117d54f860ae291e570e4a56008e58dccae46566d5db8c8432ad388c8",
}

INDICATORS_2022 = ("employment", "dependants", "nutrition", "health_insurance", "adult_education",
                   "child_schooling", "housing_quality", "housing_area", "water", "sanitation", "telecom",
                   "info_access")
INDICATORS_2027 = ("employment", "dependants", "nutrition", "health_insurance", "adult_education",
                   "child_schooling", "housing_quality", "housing_area", "water", "sanitation", "waste", "digital")


@pytest.mark.parametrize("filename", STANDARD_FILES)
def test_published_standard_files_never_change(filename: str) -> None:
    assert standard_get(filename.removesuffix(".toml")).published is True
    assert hashlib.sha256(standard_file_bytes(filename)).hexdigest() == PUBLISHED_SHA256[filename]


def test_every_shipped_file_is_pinned() -> None:
    assert set(STANDARD_FILES) == set(PUBLISHED_SHA256)


def test_national_validity_windows_neither_overlap_nor_leave_gaps() -> None:
    national = [s for s in standards_all() if s.kind == "national"]
    assert [s.id for s in national] == ["2022-2025", "2027-2030"]
    for earlier, later in itertools.pairwise(national):
        assert earlier.valid_to + dt.timedelta(days=1) == later.valid_from
    for standard in national:
        assert standard.valid_from <= standard.valid_to


def test_provincial_standards_sit_inside_their_base() -> None:
    for standard in standards_all():
        if standard.kind == "provincial":
            base = standard_get(str(standard.base_id))
            assert base.valid_from <= standard.valid_from <= standard.valid_to <= base.valid_to


def test_standard_get_returns_the_contract_shape() -> None:
    standard = standard_get("2022-2025")
    assert standard.id == "2022-2025"
    assert (standard.valid_from, standard.valid_to) == (dt.date(2022, 1, 1), dt.date(2026, 12, 31))
    assert standard.indicator_ids == INDICATORS_2022
    assert (standard.income_line("rural"), standard.income_line("urban")) == (1_500_000, 2_000_000)
    assert (standard.average_ceiling("rural"), standard.average_ceiling("urban")) == (2_250_000, 3_000_000)
    later = standard_get("2027-2030")
    assert later.indicator_ids == INDICATORS_2027
    assert (later.income_line("rural"), later.income_line("urban")) == (2_200_000, 2_800_000)
    assert later.average_ceiling("rural") is None
    assert later.area_name("urban") == "đô thị"


def test_unknown_standard_is_a_clear_error() -> None:
    with pytest.raises(UnknownStandard, match="Không có chuẩn nghèo '2016-2020'"):
        standard_get("2016-2020")


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2022, 1, 1), "2022-2025"),
    (dt.date(2026, 11, 29), "2022-2025"),
    (dt.date(2026, 12, 31), "2022-2025"),
    (dt.date(2027, 1, 1), "2027-2030"),
    (dt.date(2030, 12, 31), "2027-2030"),
])
def test_standard_in_force_by_date(day: dt.date, expected: str) -> None:
    assert standard_in_force(day).id == expected


@pytest.mark.parametrize("day", [dt.date(2021, 12, 31), dt.date(2031, 1, 1)])
def test_no_standard_in_force_outside_the_windows(day: dt.date) -> None:
    with pytest.raises(UnknownStandard, match="Không có chuẩn nghèo quốc gia nào có hiệu lực"):
        standard_in_force(day)


def test_province_gets_its_own_standard_when_it_has_one() -> None:
    assert standard_in_force(dt.date(2024, 6, 1), province="Đồng Nai").id == "dong-nai-2022-2025"
    assert standard_in_force(dt.date(2026, 6, 1), province="Đồng Nai").id == "2022-2025"
    assert standard_in_force(dt.date(2024, 6, 1), province="Hà Tĩnh").id == "2022-2025"


def test_dong_nai_overlay_raises_lines_lowers_cutoff_keeps_indicators() -> None:
    local = standard_get("dong-nai-2022-2025")
    assert local.kind == "provincial" and local.base_id == "2022-2025" and local.province == "Đồng Nai"
    assert dict(local.income_lines) == {"rural": 2_000_000, "urban": 2_500_000}
    assert dict(local.average_ceilings or {}) == {"rural": 3_000_000, "urban": 3_750_000}
    assert local.poor_min_deprivations == 2
    assert local.indicator_ids == INDICATORS_2022
    assert local.confidence["rule"] == "hint"


def test_unverified_values_are_labelled() -> None:
    items = standard_get("2022-2025").unverified_items()
    assert "scores: unverified" in items
    assert "indicator telecom: unverified" in items
    assert "indicator info_access: unverified" in items
    assert not any(item.startswith("income_line") for item in items)
    assert standard_get("2022-2025").scores is not None
    assert standard_get("2022-2025").scores.confidence == "unverified"  # type: ignore[union-attr]


def test_every_indicator_names_a_known_derivation_rule() -> None:
    for standard in standards_all():
        for indicator in standard.indicators:
            assert indicator.derive["rule"] in RULES, (standard.id, indicator.id)


OVERLAY = """
id = "test-province"
base = "2022-2025"
title = "Thử"
{extra}
"""


def test_overlay_from_toml_text() -> None:
    local = standard_from_toml(OVERLAY.format(extra="[income_line]\nrural = 1_600_000\nurban = 2_100_000\n"))
    assert local.income_line("rural") == 1_600_000
    assert local.poor_min_deprivations == 3
    assert local.valid_to == dt.date(2026, 12, 31)


@pytest.mark.parametrize(("extra", "message"), [
    ("[income_line]\nrural = 1_000_000\nurban = 2_000_000\n", "không được thấp hơn chuẩn nghèo quốc gia"),
    ("poor_min_deprivations = 4\n", "không được nâng số chỉ số"),
    ("poor_min_deprivations = 0\n", "Cần số nguyên dương"),
    ("[average_ceiling]\nrural = 1_500_000\nurban = 3_000_000\n", "phải cao hơn chuẩn nghèo"),
    ("valid_to = 2027-06-30\n", "phải nằm trong thời gian của chuẩn nền"),
    ("rule_confidence = \"maybe\"\n", "Mức tin cậy"),
    ("[income_line]\nrural = \"nhiều\"\nurban = 2_000_000\n", "số nguyên không âm"),
])
def test_overlay_that_breaks_the_national_floor_is_refused(extra: str, message: str) -> None:
    with pytest.raises(InvalidStandard, match=message):
        standard_from_toml(OVERLAY.format(extra=extra))


def test_overlay_with_unknown_base_or_bad_toml_is_refused() -> None:
    with pytest.raises(InvalidStandard, match="không tồn tại"):
        standard_from_toml('id = "x"\nbase = "1990"\ntitle = "x"\n')
    with pytest.raises(InvalidStandard, match="không đúng TOML"):
        standard_from_toml("id = ")
    with pytest.raises(InvalidStandard, match="thiếu hoặc sai trường"):
        standard_from_toml('base = "2022-2025"\n')
