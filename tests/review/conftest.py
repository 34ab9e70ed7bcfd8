"""Review fixtures: xã Cẩm Xuyên with six households, their 2025 results and a 2026 survey (Phiếu B) file.

The 2026 survey is stored as the registry stores an import: one assessment per household with the standard,
the facts (area, members, income, d_* ticks) and the reasons, made with the domain's own `assess`.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from giamngheo.domain.assess import assess
from giamngheo.domain.facts import HouseholdFacts
from giamngheo.domain.standard import standard_get
from tests.conftest import make_household

# code, head, village, members, 2025 category, 2026 income, 2026 deprivations
SURVEY_2026 = [
    ("CX-0101", "Nguyễn Văn Hùng", "trung_hoa", 4, "poor", 1_200_000,
     ("employment", "health_insurance", "housing_area")),
    ("CX-0102", "Trần Thị Mai", "trung_hoa", 3, "poor", 1_400_000, ("water",)),
    ("CX-0103", "Lê Văn Nam", "trung_hoa", 5, "near_poor", 2_100_000, ()),
    ("CX-0104", "Phạm Thị Hoa", "quyet_tien", 2, "near_poor", 1_300_000,
     ("employment", "nutrition", "water", "telecom")),
    ("CX-0105", "Hoàng Văn Tú", "quyet_tien", 6, "non_poor", 1_450_000, ("sanitation",)),
    ("CX-0106", "Võ Thị Lan", "quyet_tien", 1, "non_poor", 3_500_000, ()),
]


def survey_assessment(household, *, year: int, income: int, deprived: tuple[str, ...], members: int,
                      standard_id: str = "2022-2025", commune=None):  # type: ignore[no-untyped-def]
    from giamngheo.registry.models import HouseholdAssessment

    standard = standard_get(standard_id)
    facts = {"area": household.area, "members": members, "income_per_capita": income}
    facts.update({f"d_{i}": i in deprived for i in standard.indicator_ids})
    result = assess(HouseholdFacts(household.area, members, income, frozenset(deprived)), standard)
    return HouseholdAssessment.objects.create(
        household=household, year=year, commune=commune or household.commune, standard_id=standard_id,
        category=result.category, income_per_capita=income, deprivation_count=result.deprivation_count,
        deprivations=";".join(result.deprivations), reason=result.reason, facts=facts,
        assessed_on=dt.date(year, 10, 1),
    )


@pytest.fixture
def cam_xuyen_households(units):  # type: ignore[no-untyped-def]
    """Six households of xã Cẩm Xuyên with their 2025 result (start of period); no 2026 result yet."""
    out = {}
    for code, head, village, members, start, _income, _deprived in SURVEY_2026:
        people = [(head, 1970, "M" if "Văn" in head else "F", "Chủ hộ")]
        people += [(f"{head.split()[0]} Thị Con {i}", 2000 + i, "F", "Con") for i in range(1, members)]
        household = make_household(code=code, head_name=head, commune=units.cam_xuyen,
                                   village=getattr(units, village), members=people)
        income = {"poor": 1_000_000, "near_poor": 1_400_000}.get(start, 4_000_000)
        survey_assessment(household, year=2025, income=income,
                          deprived=("employment", "water", "sanitation") if start == "poor" else (), members=members)
        out[code] = household
    return SimpleNamespace(**{code.replace("-", "_").lower(): h for code, h in out.items()}, by_code=out)


@pytest.fixture
def survey_2026(cam_xuyen_households):  # type: ignore[no-untyped-def]
    """Store the 2026 Phiếu B results of the six households."""
    for code, _head, _village, members, _start, income, deprived in SURVEY_2026:
        survey_assessment(cam_xuyen_households.by_code[code], year=2026, income=income, deprived=deprived,
                          members=members)
    return cam_xuyen_households


def drive(user, review, *, until: str, households) -> None:  # type: ignore[no-untyped-def]
    """Walk a periodic 2026 round of xã Cẩm Xuyên through its steps up to (and including) ``until``."""
    from giamngheo.review.selectors.rounds import round_villages
    from giamngheo.review.services import decision, procedure, rounds, survey

    steps = ["applications", "list", "screening", "survey", "meeting", "posting", "decide"]
    for step in steps[: steps.index(until) + 1]:
        if step == "applications":
            for code in ("CX-0105", "CX-0106"):
                rounds.round_application_add(acting_user=user, round_id=review.pk,
                                             household_id=households.by_code[code].pk, applied_on=dt.date(2026, 9, 3))
        elif step == "list":
            rounds.round_list_close(acting_user=user, round_id=review.pk, on=dt.date(2026, 9, 5))
        elif step == "screening":
            rounds.round_screening_record(acting_user=user, round_id=review.pk,
                                          household_id=households.by_code["CX-0105"].pk, items=["vehicle"])
            rounds.round_screening_record(acting_user=user, round_id=review.pk,
                                          household_id=households.by_code["CX-0106"].pk,
                                          items=["vehicle", "fridge_ac", "washing_machine"])
            rounds.round_screening_close(acting_user=user, round_id=review.pk, on=dt.date(2026, 9, 10))
        elif step == "survey":
            survey.round_survey_close(acting_user=user, round_id=review.pk, on=dt.date(2026, 10, 1))
        elif step == "meeting":
            for village in round_villages(review):
                procedure.round_meeting_record(
                    acting_user=user, round_id=review.pk, village_id=village["id"], held_on=dt.date(2026, 10, 5),
                    chair="Trần Văn Trưởng", secretary="Lê Thị Thư", households_represented=village["households"],
                    attendees=20, agree=15)
        elif step == "posting":
            procedure.round_posting_start(acting_user=user, round_id=review.pk, start_on=dt.date(2026, 10, 6),
                                          signer_name="Nguyễn Văn Chủ")
        elif step == "decide":
            decision.round_decide(acting_user=user, round_id=review.pk, decided_on=dt.date(2026, 10, 9),
                                  signer_name="Nguyễn Văn Chủ", verify_base_url="http://testserver/xac-minh/")
    review.refresh_from_db()


@pytest.fixture
def periodic_round(official_cam_xuyen, units, survey_2026):  # type: ignore[no-untyped-def]
    from giamngheo.review.services.rounds import round_create

    return round_create(acting_user=official_cam_xuyen, commune_id=units.cam_xuyen.pk, kind="periodic", year=2026,
                        standard_id="2022-2025", extra_standard_ids=["2027-2030", "dong-nai-2022-2025"],
                        started_on=dt.date(2026, 9, 1))
