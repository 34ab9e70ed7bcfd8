"""A periodic round of xã Cẩm Xuyên from the list of households to the chairman's decision."""

from __future__ import annotations

import datetime as dt

import pytest

from giamngheo.common.models import AuditEvent
from giamngheo.review import workflow
from giamngheo.review.errors import ReviewError, RoundNotFound
from giamngheo.review.models import Certificate, IssuedDocument, StandardResult
from giamngheo.review.selectors.rounds import round_lists, round_standard_changes
from giamngheo.review.services import decision, procedure, rounds, survey
from tests.review.conftest import drive

pytestmark = pytest.mark.django_db


def test_round_lists_current_poor_and_near_poor(periodic_round):
    sources = dict(periodic_round.entries.values_list("household__code", "source"))
    assert sources == {"CX-0101": "poor", "CX-0102": "poor", "CX-0103": "near_poor", "CX-0104": "near_poor"}


def test_full_round_produces_lists_documents_and_certificates(official_cam_xuyen, periodic_round, survey_2026):
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    assert periodic_round.state == workflow.DECIDED
    lists = round_lists(periodic_round)
    codes = {key: [r["code"] for r in rows] for key, rows in lists.rows.items()}
    assert codes == {"poor": ["CX-0104", "CX-0101"], "near_poor": ["CX-0105", "CX-0102"],
                     "escaped_poor": ["CX-0102"], "escaped_near": ["CX-0103"]}
    assert lists.totals["poor"] == {"households": 2, "persons": 6}
    assert lists.totals["near_poor"] == {"households": 2, "persons": 9}
    numbers = sorted(IssuedDocument.objects.exclude(number=None).values_list("symbol", "number"))
    assert numbers == [("GCN-HN.HCN", 1), ("GCN-HN.HCN", 2), ("GCN-HN.HCN", 3), ("GCN-HN.HCN", 4),
                       ("QĐ-UBND", 1), ("TB-UBND", 1)]
    assert IssuedDocument.objects.filter(kind="minutes", number=None).count() == 2
    decision_doc = IssuedDocument.objects.get(kind="decision")
    assert decision_doc.content["number_line"] == "Số: 01/QĐ-UBND"
    assert decision_doc.content["place_date"] == "Cẩm Xuyên, ngày 09 tháng 10 năm 2026"
    assert decision_doc.content["article1"][0] == "Danh sách hộ nghèo: 2 hộ, 6 nhân khẩu (Phụ lục I)."
    assert Certificate.objects.count() == 4
    steps = list(periodic_round.steps.values_list("action", "on"))
    assert steps == [("list_close", dt.date(2026, 9, 5)), ("screening_close", dt.date(2026, 9, 10)),
                     ("survey_close", dt.date(2026, 10, 1)), ("meeting_pass", dt.date(2026, 10, 5)),
                     ("posting_start", dt.date(2026, 10, 6)), ("decide", dt.date(2026, 10, 9))]
    assert set(periodic_round.steps.values_list("by__username", flat=True)) == {"canbo.camxuyen"}
    actions = list(AuditEvent.objects.filter(object_type="review.reviewround").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["review.round_create", "review.application_add", "review.application_add",
                       "review.list_close", "review.screening_record", "review.screening_record",
                       "review.screening_close", "review.survey_close", "review.meeting_record",
                       "review.meeting_record", "review.posting_start", "review.decide"]


def test_one_round_keeps_results_under_every_standard(official_cam_xuyen, periodic_round, survey_2026):
    drive(official_cam_xuyen, periodic_round, until="survey", households=survey_2026)
    assert StandardResult.objects.filter(round=periodic_round).count() == 18
    compare = round_standard_changes(periodic_round)
    assert [c["by_standard"] for c in compare["counts"]] == [[2, 2, 2], [2, 3, 2], [1, 0, 1], [1, 1, 1]]
    changed = {c["code"]: c["categories"] for c in compare["changes"]}
    assert changed == {"CX-0103": ["Hộ có mức sống trung bình", "Hộ cận nghèo", "Hộ có mức sống trung bình"]}
    later = StandardResult.objects.get(round=periodic_round, household__code="CX-0103", standard_id="2027-2030")
    assert later.missing_indicators == "waste;digital"


def test_steps_out_of_order_are_refused(official_cam_xuyen, periodic_round):
    with pytest.raises(workflow.StepOutOfOrder) as error:
        survey.round_survey_close(acting_user=official_cam_xuyen, round_id=periodic_round.pk, on=dt.date(2026, 9, 5))
    assert "đang ở bước «Lập danh sách hộ cần rà soát»" in str(error.value)
    with pytest.raises(workflow.StepOutOfOrder):
        procedure.round_posting_start(acting_user=official_cam_xuyen, round_id=periodic_round.pk,
                                      start_on=dt.date(2026, 9, 5), signer_name="A")


def test_dates_out_of_order_are_refused(official_cam_xuyen, periodic_round, survey_2026):
    with pytest.raises(workflow.DateOutOfOrder) as error:
        rounds.round_list_close(acting_user=official_cam_xuyen, round_id=periodic_round.pk, on=dt.date(2026, 8, 30))
    assert str(error.value) == ("Ngày thực hiện bước này (30/08/2026) không được trước ngày bắt đầu đợt rà soát "
                                "(01/09/2026).")
    with pytest.raises(workflow.DateOutOfOrder):
        rounds.round_create(acting_user=official_cam_xuyen, commune_id=periodic_round.commune_id, kind="periodic",
                            year=2025, standard_id="2022-2025", started_on=dt.date(2025, 12, 20))


def test_screening_stop_and_override(official_cam_xuyen, periodic_round, survey_2026):
    drive(official_cam_xuyen, periodic_round, until="list", households=survey_2026)
    household = survey_2026.by_code["CX-0106"].pk
    with pytest.raises(ReviewError, match="Dấu hiệu không có trong Phiếu A: boat"):
        rounds.round_screening_record(acting_user=official_cam_xuyen, round_id=periodic_round.pk,
                                      household_id=household, items=["boat"])
    entry = rounds.round_screening_record(
        acting_user=official_cam_xuyen, round_id=periodic_round.pk, household_id=household,
        items=["vehicle", "fridge_ac", "washing_machine"], override_reason="Xe máy cũ, hộ có người ốm nặng")
    assert (entry.screening_stopped, entry.goes_to_survey) == (True, True)
    with pytest.raises(ReviewError, match="Chỉ cần lý do"):
        rounds.round_screening_record(acting_user=official_cam_xuyen, round_id=periodic_round.pk,
                                      household_id=household, items=["vehicle"], override_reason="x")


def test_vote_without_quorum_and_failed_vote(official_cam_xuyen, periodic_round, survey_2026, units):
    drive(official_cam_xuyen, periodic_round, until="survey", households=survey_2026)
    args = {"acting_user": official_cam_xuyen, "round_id": periodic_round.pk, "village_id": units.trung_hoa.pk,
            "held_on": dt.date(2026, 10, 5), "chair": "A", "secretary": "B"}
    with pytest.raises(ReviewError) as error:
        procedure.round_meeting_record(**args, households_represented=1, attendees=10, agree=9)
    assert "chưa đủ số hộ tham dự: 1/3 hộ" in str(error.value)
    with pytest.raises(ReviewError, match=r"Số người đồng ý \(11\)"):
        procedure.round_meeting_record(**args, households_represented=3, attendees=10, agree=11)
    meeting = procedure.round_meeting_record(**args, households_represented=3, attendees=10, agree=4)
    periodic_round.refresh_from_db()
    assert (meeting.approved, periodic_round.state) == (False, workflow.SURVEY)
    failed = periodic_round.steps.get(action="meeting_fail")
    assert failed.note == "Thôn Trung Hòa: 4/10 người đồng ý (40,0%), chưa đạt 50%."
    survey.round_survey_close(acting_user=official_cam_xuyen, round_id=periodic_round.pk, on=dt.date(2026, 10, 6))
    again = procedure.round_meeting_record(**{**args, "held_on": dt.date(2026, 10, 7)}, households_represented=3,
                                           attendees=10, agree=5)
    assert (again.attempt, again.approved) == (2, True)


def test_decision_waits_for_the_complaint_period_and_complaints(official_cam_xuyen, periodic_round, survey_2026):
    drive(official_cam_xuyen, periodic_round, until="posting", households=survey_2026)
    assert (periodic_round.posting_start, periodic_round.posting_end) == (dt.date(2026, 10, 6), dt.date(2026, 10, 8))
    args = {"acting_user": official_cam_xuyen, "round_id": periodic_round.pk, "signer_name": "Nguyễn Văn Chủ"}
    with pytest.raises(workflow.DateOutOfOrder) as error:
        decision.round_decide(**args, decided_on=dt.date(2026, 10, 8))
    assert "đến hết ngày 08/10/2026" in str(error.value)
    complaint = procedure.round_complaint_record(
        acting_user=official_cam_xuyen, round_id=periodic_round.pk, received_on=dt.date(2026, 10, 7),
        complainant="Võ Thị Lan", content="Hộ tôi khó khăn, đề nghị xem lại", household_id=survey_2026.cx_0106.pk)
    with pytest.raises(ReviewError, match="Còn 1 khiếu nại chưa giải quyết"):
        decision.round_decide(**args, decided_on=dt.date(2026, 10, 9))
    procedure.round_complaint_resolve(acting_user=official_cam_xuyen, round_id=periodic_round.pk,
                                      complaint_id=complaint.pk, resolved_on=dt.date(2026, 10, 8),
                                      resolution="Phúc tra: giữ kết quả")
    decision.round_decide(**args, decided_on=dt.date(2026, 10, 9))


def test_other_commune_cannot_touch_the_round(official_thien_cam, periodic_round, units):
    with pytest.raises(RoundNotFound):
        rounds.round_list_close(acting_user=official_thien_cam, round_id=periodic_round.pk, on=dt.date(2026, 9, 5))
    with pytest.raises(RoundNotFound):
        rounds.round_create(acting_user=official_thien_cam, commune_id=units.cam_xuyen.pk, kind="periodic",
                            year=2026, standard_id="2022-2025", started_on=dt.date(2026, 9, 1))


def test_document_numbers_run_per_agency_and_year(units):
    from giamngheo.review.services.documents import document_number_next

    numbers = [document_number_next(agency=units.cam_xuyen, year=year, symbol=symbol)
               for year, symbol in [(2026, "QĐ-UBND"), (2026, "QĐ-UBND"), (2026, "TB-UBND"), (2027, "QĐ-UBND")]]
    assert numbers == [1, 2, 1, 1]
    assert document_number_next(agency=units.thien_cam, year=2026, symbol="QĐ-UBND") == 1


def test_flow_code_round_trip():
    from giamngheo.review.models.facts import FLOW_CATEGORIES, flow_code, flow_parts

    codes = {flow_code(s, e, p, n) for s in FLOW_CATEGORIES for e in FLOW_CATEGORIES for p in (0, 1) for n in (0, 1)}
    assert (min(codes), max(codes), len(codes)) == (0, 99, 100)
    assert flow_parts(flow_code("near_poor", "poor", True, False)) == ("near_poor", "poor", True, False)


def test_a_household_struck_off_the_register_is_not_listed_for_review(official_cam_xuyen, units, cam_xuyen_households):
    from giamngheo.registry.models import Household
    from giamngheo.registry.services import household_close
    from giamngheo.review.services.rounds import round_create

    closed = Household.objects.get(code="CX-0104")
    household_close(acting_user=official_cam_xuyen, household_id=closed.pk, on=dt.date(2026, 3, 1),
                    reason_kind="died_out")
    review = round_create(acting_user=official_cam_xuyen, commune_id=units.cam_xuyen.pk, kind="periodic",
                          year=2026, standard_id="2022-2025", started_on=dt.date(2026, 9, 1))
    codes = set(review.entries.values_list("household__code", flat=True))
    assert codes == {"CX-0101", "CX-0102", "CX-0103"}
