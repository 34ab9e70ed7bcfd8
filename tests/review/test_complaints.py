"""Complaints during public posting: with grounds the households go back for re-check and are posted again.

The round of xã Cẩm Xuyên is posted 06/10–08/10/2026. Lê Văn Nam (CX-0103, near-poor at the start) came out
"average" and escaped near-poverty; his complaint is upheld, the household is re-surveyed (a new Phiếu B
result through the import, confirmed by a second official), its new result is posted again with its own
complaint period, and only then may the chairman decide — with the new result.
"""

from __future__ import annotations

import datetime as dt

import pytest

from giamngheo.common.models import AuditEvent
from giamngheo.review import workflow
from giamngheo.review.errors import ReviewError, RoundNotFound
from giamngheo.review.models import Certificate, ComplaintRecheck, IssuedDocument, RoundPosting, StandardResult
from giamngheo.review.selectors.rounds import round_lists
from giamngheo.review.services import decision, procedure, survey
from tests.review.conftest import drive, survey_assessment

pytestmark = pytest.mark.django_db

SIGNER = "Nguyễn Văn Chủ"


def _complaint(user, review, household, *, on=dt.date(2026, 10, 7), who="Lê Văn Nam"):  # type: ignore[no-untyped-def]
    return procedure.round_complaint_record(
        acting_user=user, round_id=review.pk, received_on=on, complainant=who,
        content="Hộ tôi thu nhập thấp hơn số liệu điều tra, đề nghị phúc tra", household_id=household.pk)


def _uphold(user, review, complaint, *, on=dt.date(2026, 10, 8), households=()):  # type: ignore[no-untyped-def]
    return procedure.round_complaint_resolve(
        acting_user=user, round_id=review.pk, complaint_id=complaint.pk, resolved_on=on,
        resolution="Có cơ sở: thu nhập kê khai chưa trừ khoản vay, phúc tra lại", upheld=True,
        household_ids=households)


def _decide(user, review, on):  # type: ignore[no-untyped-def]
    return decision.round_decide(acting_user=user, round_id=review.pk, decided_on=on, signer_name=SIGNER,
                                 verify_base_url="http://testserver/xac-minh/")


def _new_survey(household):  # type: ignore[no-untyped-def]
    """The re-survey of CX-0103 as the registry stores a confirmed import: poor now."""
    return survey_assessment(household, year=2026, income=1_400_000, members=5,
                             deprived=("employment", "health_insurance", "water"))


def test_upheld_complaint_sends_the_household_back_and_the_decision_uses_its_new_result(
        official_cam_xuyen, periodic_round, survey_2026):
    user, review, household = official_cam_xuyen, periodic_round, survey_2026.cx_0103
    drive(user, review, until="posting", households=survey_2026)
    complaint = _complaint(user, review, household)
    _uphold(user, review, complaint)
    review.refresh_from_db()
    assert review.state == workflow.RECHECK
    complaint.refresh_from_db()
    assert (complaint.outcome, complaint.resolved_by) == ("upheld", user)
    recheck = ComplaintRecheck.objects.get(complaint=complaint)
    assert (recheck.household, recheck.category_before, recheck.rechecked_on) == (household, "average", None)

    # No decision while the household waits for its re-check, even after the first complaint period.
    with pytest.raises(workflow.StepOutOfOrder) as error:
        _decide(user, review, dt.date(2026, 10, 9))
    assert "đang ở bước «Phúc tra khiếu nại có cơ sở»" in str(error.value)
    with pytest.raises(ReviewError, match="Còn 1 hộ chưa phúc tra: CX-0103"):
        procedure.round_reposting_start(acting_user=user, round_id=review.pk, start_on=dt.date(2026, 10, 9),
                                        signer_name=SIGNER)
    with pytest.raises(ReviewError, match="Chưa có kết quả phúc tra"):
        survey.round_recheck_record(acting_user=user, round_id=review.pk, household_id=household.pk,
                                    rechecked_on=dt.date(2026, 10, 9))

    fresh = _new_survey(household)
    entry = survey.round_recheck_record(acting_user=user, round_id=review.pk, household_id=household.pk,
                                        rechecked_on=dt.date(2026, 10, 9), note="Tổ phúc tra đến hộ")
    assert (entry.category, entry.assessment_id) == ("poor", fresh.pk)
    recheck.refresh_from_db()
    assert (recheck.category_after, recheck.rechecked_on, recheck.rechecked_by, recheck.unchanged) == (
        "poor", dt.date(2026, 10, 9), user, False)
    assert recheck.rechecked_at is not None and recheck.reposting is None
    results = dict(StandardResult.objects.filter(round=review, household=household)
                   .values_list("standard_id", "category"))
    assert results["2022-2025"] == "poor" and len(results) == 3
    assert StandardResult.objects.filter(round=review).count() == 18

    # Re-checked but not yet re-posted: still no decision.
    with pytest.raises(workflow.StepOutOfOrder):
        _decide(user, review, dt.date(2026, 10, 10))
    posting = procedure.round_reposting_start(acting_user=user, round_id=review.pk, start_on=dt.date(2026, 10, 12),
                                              signer_name=SIGNER)
    review.refresh_from_db()
    assert (posting.attempt, posting.start, posting.end) == (2, dt.date(2026, 10, 12), dt.date(2026, 10, 14))
    assert (review.state, review.posting_start, review.posting_end) == (
        workflow.POSTING, dt.date(2026, 10, 12), dt.date(2026, 10, 14))
    recheck.refresh_from_db()
    assert recheck.reposting == posting
    notice = posting.notice
    assert notice.number_text == "02/TB-UBND"
    assert "kết quả phúc tra" in notice.content["summary"]
    assert [a["households"] for a in notice.content["annexes"]] == [1, 0, 0, 0]
    assert list(RoundPosting.objects.filter(round=review).values_list("attempt", "start")) == [
        (1, dt.date(2026, 10, 6)), (2, dt.date(2026, 10, 12))]

    with pytest.raises(workflow.DateOutOfOrder, match="đến hết ngày 14/10/2026"):
        _decide(user, review, dt.date(2026, 10, 14))
    _decide(user, review, dt.date(2026, 10, 15))
    review.refresh_from_db()
    assert review.state == workflow.DECIDED
    lists = round_lists(review)
    codes = {key: [r["code"] for r in rows] for key, rows in lists.rows.items()}
    assert codes == {"poor": ["CX-0104", "CX-0101", "CX-0103"], "near_poor": ["CX-0105", "CX-0102"],
                     "escaped_poor": ["CX-0102"], "escaped_near": []}
    decision_doc = IssuedDocument.objects.get(kind="decision")
    assert decision_doc.content["article1"][0] == "Danh sách hộ nghèo: 3 hộ, 11 nhân khẩu (Phụ lục I)."
    assert "đến hết ngày 14/10/2026" in " ".join(decision_doc.content["bases"])
    assert Certificate.objects.filter(household=household).exists()
    steps = list(review.steps.values_list("action", "on"))
    assert steps[-4:] == [("posting_start", dt.date(2026, 10, 6)), ("complaint_uphold", dt.date(2026, 10, 8)),
                          ("reposting_start", dt.date(2026, 10, 12)), ("decide", dt.date(2026, 10, 15))]


def test_audit_rows_of_the_complaint_and_its_recheck(official_cam_xuyen, periodic_round, survey_2026):
    user, review, household = official_cam_xuyen, periodic_round, survey_2026.cx_0103
    drive(user, review, until="posting", households=survey_2026)
    complaint = _complaint(user, review, household)
    _uphold(user, review, complaint)
    fresh = _new_survey(household)
    survey.round_recheck_record(acting_user=user, round_id=review.pk, household_id=household.pk,
                                rechecked_on=dt.date(2026, 10, 9))
    procedure.round_reposting_start(acting_user=user, round_id=review.pk, start_on=dt.date(2026, 10, 12),
                                    signer_name=SIGNER)
    events = {e.action: e for e in AuditEvent.objects.filter(object_type="review.reviewround",
                                                             action__in=["review.complaint_record",
                                                                         "review.complaint_resolve",
                                                                         "review.recheck_record",
                                                                         "review.reposting_start"])}
    assert set(events) == {"review.complaint_record", "review.complaint_resolve", "review.recheck_record",
                           "review.reposting_start"}
    assert all(e.actor_id == user.pk for e in events.values())
    assert events["review.complaint_record"].after["household"] == "CX-0103"
    assert events["review.complaint_resolve"].after == {
        "complaint": complaint.pk, "resolved_on": "2026-10-08", "outcome": "upheld", "households": ["CX-0103"],
        "state": "recheck"}
    recheck = events["review.recheck_record"].after
    assert (recheck["household"], recheck["before"], recheck["after"], recheck["assessment"]) == (
        "CX-0103", "average", "poor", fresh.pk)
    assert events["review.reposting_start"].after == {
        "start": "2026-10-12", "end": "2026-10-14", "attempt": 2, "households": ["CX-0103"],
        "notice": "02/TB-UBND"}


def test_rejected_complaint_keeps_the_results_and_records_the_reply(official_cam_xuyen, periodic_round, survey_2026):
    user, review, household = official_cam_xuyen, periodic_round, survey_2026.cx_0103
    drive(user, review, until="posting", households=survey_2026)
    complaint = _complaint(user, review, household)
    with pytest.raises(ReviewError, match="Chỉ chọn hộ phúc tra khi khiếu nại được kết luận có cơ sở"):
        procedure.round_complaint_resolve(acting_user=user, round_id=review.pk, complaint_id=complaint.pk,
                                          resolved_on=dt.date(2026, 10, 8), resolution="x",
                                          household_ids=[household.pk])
    procedure.round_complaint_resolve(acting_user=user, round_id=review.pk, complaint_id=complaint.pk,
                                      resolved_on=dt.date(2026, 10, 8),
                                      resolution="Không có cơ sở: thu nhập đã đối chiếu với sổ sách của hộ")
    complaint.refresh_from_db()
    review.refresh_from_db()
    assert (complaint.outcome, complaint.resolution, review.state) == (
        "rejected", "Không có cơ sở: thu nhập đã đối chiếu với sổ sách của hộ", workflow.POSTING)
    assert not ComplaintRecheck.objects.exists()
    event = AuditEvent.objects.get(action="review.complaint_resolve")
    assert (event.after["outcome"], event.after["households"]) == ("rejected", [])
    _decide(user, review, dt.date(2026, 10, 9))
    assert [r["code"] for r in round_lists(review).rows["escaped_near"]] == ["CX-0103"]


def test_steps_out_of_order_are_refused(official_cam_xuyen, periodic_round, survey_2026):
    user, review = official_cam_xuyen, periodic_round
    nam, lan, hung = survey_2026.cx_0103, survey_2026.cx_0106, survey_2026.cx_0101
    drive(user, review, until="meeting", households=survey_2026)
    with pytest.raises(workflow.StepOutOfOrder, match="Chỉ nhận khiếu nại sau khi đã niêm yết"):
        _complaint(user, review, nam)
    procedure.round_posting_start(acting_user=user, round_id=review.pk, start_on=dt.date(2026, 10, 6),
                                  signer_name=SIGNER)
    with pytest.raises(workflow.StepOutOfOrder, match="Không thể ghi kết quả phúc tra hộ CX-0103"):
        survey.round_recheck_record(acting_user=user, round_id=review.pk, household_id=nam.pk,
                                    rechecked_on=dt.date(2026, 10, 8))
    with pytest.raises(workflow.StepOutOfOrder, match="Không thể niêm yết lại kết quả phúc tra"):
        procedure.round_reposting_start(acting_user=user, round_id=review.pk, start_on=dt.date(2026, 10, 9),
                                        signer_name=SIGNER)
    anonymous = procedure.round_complaint_record(acting_user=user, round_id=review.pk,
                                                 received_on=dt.date(2026, 10, 7), complainant="Một người dân",
                                                 content="Danh sách chưa đúng")
    with pytest.raises(ReviewError, match="cần chọn hộ phải phúc tra"):
        _uphold(user, review, anonymous)
    _uphold(user, review, anonymous, households=[nam.pk])
    # A complaint still inside the first period can be taken and answered during the re-check.
    second = _complaint(user, review, lan, on=dt.date(2026, 10, 8), who="Võ Thị Lan")
    with pytest.raises(ReviewError, match="Hộ CX-0101 không có khiếu nại có cơ sở đang chờ phúc tra"):
        survey.round_recheck_record(acting_user=user, round_id=review.pk, household_id=hung.pk,
                                    rechecked_on=dt.date(2026, 10, 9))
    with pytest.raises(workflow.DateOutOfOrder):
        survey.round_recheck_record(acting_user=user, round_id=review.pk, household_id=nam.pk,
                                    rechecked_on=dt.date(2026, 10, 7), unchanged=True, note="x")
    with pytest.raises(ReviewError, match="cần ghi rõ lý do"):
        survey.round_recheck_record(acting_user=user, round_id=review.pk, household_id=nam.pk,
                                    rechecked_on=dt.date(2026, 10, 9), unchanged=True)
    survey.round_recheck_record(acting_user=user, round_id=review.pk, household_id=nam.pk,
                                rechecked_on=dt.date(2026, 10, 9), unchanged=True,
                                note="Phúc tra tại hộ: thu nhập đúng như điều tra")
    assert ComplaintRecheck.objects.get(household=nam).unchanged is True
    with pytest.raises(ReviewError, match="Còn 1 khiếu nại chưa giải quyết"):
        procedure.round_reposting_start(acting_user=user, round_id=review.pk, start_on=dt.date(2026, 10, 12),
                                        signer_name=SIGNER)
    with pytest.raises(ReviewError, match="Khiếu nại này đã được giải quyết"):
        _uphold(user, review, anonymous, households=[nam.pk])
    procedure.round_complaint_resolve(acting_user=user, round_id=review.pk, complaint_id=second.pk,
                                      resolved_on=dt.date(2026, 10, 9), resolution="Không có cơ sở")
    procedure.round_reposting_start(acting_user=user, round_id=review.pk, start_on=dt.date(2026, 10, 12),
                                    signer_name=SIGNER)
    # In the re-posting's period only the re-posted households can be complained about.
    with pytest.raises(ReviewError, match="phải nêu một trong các hộ đó"):
        _complaint(user, review, lan, on=dt.date(2026, 10, 13), who="Võ Thị Lan")
    with pytest.raises(workflow.DateOutOfOrder, match="nằm ngoài thời gian niêm yết"):
        _complaint(user, review, nam, on=dt.date(2026, 10, 8))
    again = _complaint(user, review, nam, on=dt.date(2026, 10, 13))
    _uphold(user, review, again, on=dt.date(2026, 10, 14))
    review.refresh_from_db()
    assert review.state == workflow.RECHECK
    with pytest.raises(workflow.StepOutOfOrder):
        _decide(user, review, dt.date(2026, 10, 16))


def test_recheck_takes_the_new_result_from_a_confirmed_survey_file(official_cam_xuyen, make_user, periodic_round,
                                                                   survey_2026, units):
    from giamngheo.registry.importing import household_import_confirm, household_import_stage
    from tests.registry.conftest import household_row, xlsx_bytes

    user, review, household = official_cam_xuyen, periodic_round, survey_2026.cx_0103
    drive(user, review, until="posting", households=survey_2026)
    _uphold(user, review, _complaint(user, review, household))
    content = xlsx_bytes([household_row("CX-0103", head="Lê Văn Nam", members=5, income=1_400_000, deprived=3)])
    batch = household_import_stage(acting_user=user, commune_id=units.cam_xuyen.pk, content=content,
                                   filename="phuc-tra.xlsx", year=2026, standard_id="2022-2025",
                                   assessed_on=dt.date(2026, 10, 9))
    assert batch.error_count == 0, batch.errors
    household_import_confirm(acting_user=make_user("commune_official", units.cam_xuyen, username="kiemtra.cx"),
                             batch_id=batch.pk)
    entry = survey.round_recheck_record(acting_user=user, round_id=review.pk, household_id=household.pk,
                                        rechecked_on=dt.date(2026, 10, 9))
    assert (entry.category, entry.assessment.batch_id) == ("poor", batch.pk)


def test_another_communes_official_gets_404(client_for, official_cam_xuyen, official_thien_cam, periodic_round,
                                            survey_2026):
    user, review, household = official_cam_xuyen, periodic_round, survey_2026.cx_0103
    drive(user, review, until="posting", households=survey_2026)
    complaint = _complaint(user, review, household)
    with pytest.raises(RoundNotFound):
        _uphold(official_thien_cam, review, complaint)
    other = client_for(official_thien_cam)
    for action, data in [
        ("resolve", {"complaint": complaint.pk, "outcome": "upheld", "households": household.pk,
                     "resolved_on": "2026-10-08", "resolution": "x"}),
        ("recheck", {"household": household.pk, "rechecked_on": "2026-10-09"}),
        ("reposting", {"start_on": "2026-10-12", "signer_name": "A"}),
    ]:
        assert other.post(f"/ra-soat/{review.pk}/{action}/", data).status_code == 404
    complaint.refresh_from_db()
    assert complaint.resolved_on is None and not ComplaintRecheck.objects.exists()


def test_a_household_outside_the_round_is_not_found(official_cam_xuyen, periodic_round, survey_2026, units):
    from tests.conftest import make_household

    user, review = official_cam_xuyen, periodic_round
    drive(user, review, until="posting", households=survey_2026)
    stranger = make_household(code="TC-0001", head_name="Đặng Văn Xa", commune=units.thien_cam, members=[])
    complaint = _complaint(user, review, survey_2026.cx_0103)
    with pytest.raises(RoundNotFound):
        _uphold(user, review, complaint, households=[stranger.pk])


def test_round_page_shows_the_forms_and_the_rechecks(client_for, official_cam_xuyen, periodic_round, survey_2026):
    user, review, household = official_cam_xuyen, periodic_round, survey_2026.cx_0103
    drive(user, review, until="posting", households=survey_2026)
    client = client_for(user)
    url = f"/ra-soat/{review.pk}/"
    page = client.post(f"{url}complaint/", {"received_on": "2026-10-07", "complainant": "Lê Văn Nam",
                                            "content": "Đề nghị phúc tra", "household": household.pk},
                       follow=True).content.decode()
    assert "Đã ghi nhận khiếu nại." in page and 'class="resolve"' in page
    complaint = review.complaints.get()
    page = client.post(f"{url}resolve/", {"complaint": complaint.pk, "resolved_on": "2026-10-08",
                                          "resolution": "Có cơ sở"}, follow=True).content.decode()
    assert "Chọn kết luận: khiếu nại có cơ sở hoặc không có cơ sở." in page
    page = client.post(f"{url}resolve/", {"complaint": complaint.pk, "outcome": "upheld", "households": household.pk,
                                          "resolved_on": "2026-10-08", "resolution": "Có cơ sở"},
                       follow=True).content.decode()
    assert "Khiếu nại có cơ sở: hộ CX-0103 chuyển sang phúc tra." in page
    assert 'data-code="CX-0103" data-state="pending"' in page and 'id="recheck-upload-form"' in page
    assert 'class="recheck" data-code="CX-0103"' in page and 'id="decide-form"' not in page
    assert 'id="decide-blocked"' in page
    page = client.post(f"{url}decide/", {"decided_on": "2026-10-09", "signer_name": SIGNER},
                       follow=True).content.decode()
    assert "Không thể ban hành quyết định công nhận: đợt rà soát đang ở bước «Phúc tra khiếu nại có cơ sở»" in page
    _new_survey(household)
    page = client.post(f"{url}recheck/", {"household": household.pk, "rechecked_on": "2026-10-09"},
                       follow=True).content.decode()
    assert "Đã ghi kết quả phúc tra hộ CX-0103: Hộ nghèo." in page
    assert 'data-code="CX-0103" data-state="rechecked"' in page and 'id="reposting-form"' in page
    page = client.post(f"{url}reposting/", {"start_on": "2026-10-12", "signer_name": SIGNER},
                       follow=True).content.decode()
    assert "Đã niêm yết lại kết quả phúc tra từ 12/10/2026 đến hết 14/10/2026." in page
    assert 'data-code="CX-0103" data-state="reposted"' in page and 'id="decide-form"' in page
    assert "Niêm yết lại kết quả phúc tra từ 12/10/2026 đến hết 14/10/2026" in page
