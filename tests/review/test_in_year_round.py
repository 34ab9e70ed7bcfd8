"""The in-year (monthly) review: from the 15th, decision within 15 days, a written reply to those refused."""

from __future__ import annotations

import datetime as dt

import pytest

from giamngheo.review import workflow
from giamngheo.review.errors import ReviewError
from giamngheo.review.models import IssuedDocument
from giamngheo.review.selectors.rounds import round_villages
from giamngheo.review.services import decision, procedure, rounds, survey

pytestmark = pytest.mark.django_db


def test_deadline_is_fifteen_days_from_the_fifteenth():
    assert workflow.in_year_deadline(2026, 10) == dt.date(2026, 10, 30)
    assert workflow.in_year_deadline(2026, 2) == dt.date(2026, 3, 2)
    assert workflow.decision_lateness("in_year", 2026, 10, dt.date(2026, 11, 2)) == 3
    assert workflow.decision_lateness("periodic", 2026, None, dt.date(2027, 1, 10)) == 0


def _in_year_round_to_posting(user, units, households):  # type: ignore[no-untyped-def]
    review = rounds.round_create(acting_user=user, commune_id=units.cam_xuyen.pk, kind="in_year", year=2026, month=10,
                                 standard_id="2022-2025")
    assert (review.started_on, review.entries.count()) == (dt.date(2026, 10, 15), 0)
    for code in ("CX-0105", "CX-0106"):
        rounds.round_application_add(acting_user=user, round_id=review.pk, household_id=households.by_code[code].pk,
                                     applied_on=dt.date(2026, 10, 15))
    rounds.round_list_close(acting_user=user, round_id=review.pk, on=dt.date(2026, 10, 16))
    for code in ("CX-0105", "CX-0106"):
        rounds.round_screening_record(acting_user=user, round_id=review.pk, household_id=households.by_code[code].pk,
                                      items=["vehicle"])
    rounds.round_screening_close(acting_user=user, round_id=review.pk, on=dt.date(2026, 10, 17))
    survey.round_survey_close(acting_user=user, round_id=review.pk, on=dt.date(2026, 10, 20))
    for village in round_villages(review):
        procedure.round_meeting_record(acting_user=user, round_id=review.pk, village_id=village["id"],
                                       held_on=dt.date(2026, 10, 21), chair="A", secretary="B",
                                       households_represented=village["households"], attendees=12, agree=12)
    procedure.round_posting_start(acting_user=user, round_id=review.pk, start_on=dt.date(2026, 10, 22),
                                  signer_name="Nguyễn Văn Chủ")
    review.refresh_from_db()
    return review


def test_in_year_decision_on_time(official_cam_xuyen, units, survey_2026):
    review = _in_year_round_to_posting(official_cam_xuyen, units, survey_2026)
    assert review.posting_end == dt.date(2026, 10, 26)  # Thu 22, Fri 23, Mon 26: three working days
    decision.round_decide(acting_user=official_cam_xuyen, round_id=review.pk, decided_on=dt.date(2026, 10, 27),
                          signer_name="Nguyễn Văn Chủ")
    kinds = sorted(IssuedDocument.objects.filter(round=review).values_list("kind", "number"))
    assert kinds == [("certificate", 1), ("decision", 1), ("minutes", None), ("notice", 1), ("reply", 1)]
    reply = IssuedDocument.objects.get(round=review, kind="reply")
    assert reply.content["number_line"] == "Số: 01/UBND-VHXH"
    assert reply.content["reason"].startswith("Hộ không nghèo: thu nhập 3.500.000 đồng/người/tháng")


def test_late_in_year_decision_needs_a_reason(official_cam_xuyen, units, survey_2026):
    review = _in_year_round_to_posting(official_cam_xuyen, units, survey_2026)
    args = {"acting_user": official_cam_xuyen, "round_id": review.pk, "decided_on": dt.date(2026, 11, 2),
            "signer_name": "Nguyễn Văn Chủ"}
    with pytest.raises(ReviewError) as error:
        decision.round_decide(**args)
    assert str(error.value).startswith("Quá hạn 3 ngày: quyết định rà soát thường xuyên phải ban hành trong 15 ngày "
                                       "kể từ ngày 15/10/2026 (hạn cuối 30/10/2026")
    decided = decision.round_decide(**args, late_reason="Chủ tịch đi công tác, chờ ký")
    assert (decided.state, decided.late_reason) == ("decided", "Chủ tịch đi công tác, chờ ký")
    assert decided.steps.get(action="decide").note == "Quá hạn 3 ngày: Chủ tịch đi công tác, chờ ký"


def test_in_year_round_cannot_start_before_the_fifteenth(official_cam_xuyen, units):
    with pytest.raises(workflow.DateOutOfOrder, match="không được trước ngày 15 của tháng"):
        rounds.round_create(acting_user=official_cam_xuyen, commune_id=units.cam_xuyen.pk, kind="in_year", year=2026,
                            month=10, standard_id="2022-2025", started_on=dt.date(2026, 10, 14))
