"""Round pages: parse → access → service/selector → template. Every POST redirects back with a message."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from giamngheo.accounts.access import can, units_visible_to
from giamngheo.domain.standard import standards_all
from giamngheo.geo.standards import standards_for
from giamngheo.registry.access import households_visible_to, import_batches_visible_to
from giamngheo.registry.importing import ImportRefused, household_import_confirm, household_import_stage
from giamngheo.review import workflow
from giamngheo.review.access import access_round, rounds_visible_to
from giamngheo.review.errors import REVIEW_ERRORS, ReviewError, RoundNotFound
from giamngheo.review.selectors.rounds import round_entries, round_lists, round_standard_changes, round_villages
from giamngheo.review.services import decision, procedure, rounds, survey
from giamngheo.review.views.forms import date_field, int_field, text_field


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    communes = units_visible_to(request.user).filter(level="commune", valid_to__isnull=True).order_by("code")[:500]
    return render(request, "review/round_list.html", {
        "rounds": rounds_visible_to(request.user)[:200], "communes": communes,
        # The applied standard is offered only where it applies; any standard may be added for comparison.
        "standards": standards_for(communes), "comparison_standards": standards_all(),
        "can_run": can(request.user, "run_review"),
    })


@login_required
@require_POST
def round_new(request: HttpRequest) -> HttpResponse:
    try:
        review = rounds.round_create(
            acting_user=request.user, commune_id=int_field(request, "commune", "Xã") or 0,
            kind=text_field(request, "kind"), year=int_field(request, "year", "Năm") or 0,
            month=int_field(request, "month", "Tháng", required=False) or 0,
            standard_id=text_field(request, "standard"), extra_standard_ids=request.POST.getlist("extra_standards"),
            started_on=date_field(request, "started_on", "Ngày bắt đầu"),
        )
    except RoundNotFound:
        raise Http404("Không tìm thấy xã.") from None
    except REVIEW_ERRORS as error:
        messages.error(request, str(error))
        return redirect("review:rounds")
    messages.success(request, f"Đã mở {review}: {review.entries.count()} hộ trong danh sách cần rà soát.")
    return redirect("review:round", round_id=review.pk)


@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    review = access_round(request.user, round_id)
    if review is None:
        raise Http404("Không tìm thấy đợt rà soát.")
    surveyed = review.steps.filter(action="survey_close").exists()
    complaints = procedure.round_complaints(review)
    batches = import_batches_visible_to(request.user).filter(commune=review.commune, year=review.year)[:20]
    return render(request, "review/round_detail.html", {
        "review": review, "states": [(s, workflow.STATE_NAMES_VI[s]) for s in workflow.STATES],
        "state_index": workflow.progress_index(review.state), "steps": review.steps.select_related("by"),
        "entries": round_entries(review), "checklist": review.checklist, "villages": round_villages(review),
        "lists": round_lists(review) if surveyed else None,
        "compare": round_standard_changes(review) if surveyed else None,
        "complaints": complaints, "documents": review.documents.order_by("id"),
        "rechecks_pending": sorted({r.household_id: r for c in complaints for r in c.rechecks.all()
                                    if r.rechecked_on is None}.values(), key=lambda r: r.household.code),
        "has_rechecks": any(c.rechecks.all() for c in complaints),
        "postings": review.postings.select_related("notice"),
        "batches": batches, "can_run": can(request.user, "run_review"), "user_id": request.user.pk,
    })


def _application(request: HttpRequest, review_id: int) -> str:
    code = text_field(request, "household_code", limit=40)
    household = households_visible_to(request.user).filter(code=code).first()
    if household is None:
        raise ReviewError(f"Không tìm thấy hộ có mã «{code}» trong phạm vi của tài khoản.")
    rounds.round_application_add(acting_user=request.user, round_id=review_id, household_id=household.pk,
                                 form=text_field(request, "form") or "01",
                                 applied_on=date_field(request, "applied_on", "Ngày nộp đề nghị"))
    return f"Đã thêm hộ {household.code} vào danh sách cần rà soát."


def _list_close(request: HttpRequest, review_id: int) -> str:
    rounds.round_list_close(acting_user=request.user, round_id=review_id, on=date_field(request, "on", "Ngày"))
    return "Đã chốt danh sách hộ cần rà soát."


def _screening(request: HttpRequest, review_id: int) -> str:
    entry = rounds.round_screening_record(
        acting_user=request.user, round_id=review_id, household_id=int_field(request, "household", "Hộ") or 0,
        items=request.POST.getlist("items"), override_reason=text_field(request, "override_reason"))
    if entry.screening_stopped and not entry.screening_override_reason:
        return f"Hộ {entry.household.code}: đủ dấu hiệu hộ không nghèo, dừng rà soát sau Phiếu A."
    return f"Hộ {entry.household.code}: chuyển sang điều tra Phiếu B."


def _screening_close(request: HttpRequest, review_id: int) -> str:
    rounds.round_screening_close(acting_user=request.user, round_id=review_id, on=date_field(request, "on", "Ngày"))
    return "Đã chốt kết quả nhận dạng nhanh (Phiếu A)."


def _upload(request: HttpRequest, review_id: int) -> str:
    review = access_round(request.user, review_id)
    upload = request.FILES.get("file")
    if review is None or upload is None:
        raise ReviewError("Chọn tệp kết quả điều tra (Phiếu B) để tải lên.")
    members = request.FILES.get("members")
    try:
        batch = household_import_stage(
            acting_user=request.user, commune_id=review.commune_id, content=upload.read(), filename=upload.name,
            year=review.year, standard_id=review.standard_id, members_content=members.read() if members else None,
            members_filename=members.name if members else "")
    except ImportRefused as error:
        raise ReviewError(str(error)) from None
    if batch.error_count:
        return f"Lô #{batch.pk}: tệp có {batch.error_count} lỗi, chưa ghi gì vào sổ hộ — xem danh sách lỗi bên dưới."
    return f"Lô #{batch.pk} đã tải lên ({batch.summary.get('rows', 0)} hộ), chờ một cán bộ khác xác nhận."


def _confirm(request: HttpRequest, review_id: int) -> str:
    try:
        batch = household_import_confirm(acting_user=request.user, batch_id=int_field(request, "batch", "Lô") or 0)
    except ImportRefused as error:
        raise ReviewError(str(error)) from None
    return f"Đã xác nhận lô #{batch.pk}: kết quả điều tra đã vào sổ hộ."


def _survey_close(request: HttpRequest, review_id: int) -> str:
    survey.round_survey_close(acting_user=request.user, round_id=review_id, on=date_field(request, "on", "Ngày"))
    return "Đã chốt kết quả điều tra và đánh giá theo các chuẩn của đợt."


def _meeting(request: HttpRequest, review_id: int) -> str:
    village = int_field(request, "village", "Thôn", required=False)
    meeting = procedure.round_meeting_record(
        acting_user=request.user, round_id=review_id, village_id=village,
        held_on=date_field(request, "held_on", "Ngày họp"), chair=text_field(request, "chair", limit=120),
        secretary=text_field(request, "secretary", limit=120),
        households_represented=int_field(request, "households_represented", "Số hộ dự họp") or 0,
        attendees=int_field(request, "attendees", "Số người dự họp") or 0,
        agree=int_field(request, "agree", "Số người đồng ý") or 0, place=text_field(request, "place", limit=200),
        opinions=text_field(request, "opinions", limit=2000))
    if meeting.approved:
        return f"Họp dân lần {meeting.attempt}: thông qua ({meeting.agree}/{meeting.attendees} người đồng ý)."
    return (f"Họp dân lần {meeting.attempt}: chưa đạt 50% ({meeting.agree}/{meeting.attendees}); đợt rà soát trở lại "
            "bước điều tra để rà soát lại rồi họp lại.")


def _posting(request: HttpRequest, review_id: int) -> str:
    review = procedure.round_posting_start(
        acting_user=request.user, round_id=review_id, start_on=date_field(request, "start_on", "Ngày niêm yết"),
        signer_name=text_field(request, "signer_name", limit=120),
        signer_title=text_field(request, "signer_title", limit=60) or "Chủ tịch")
    return f"Đã niêm yết từ {review.posting_start:%d/%m/%Y} đến hết {review.posting_end:%d/%m/%Y}."


def _complaint(request: HttpRequest, review_id: int) -> str:
    procedure.round_complaint_record(
        acting_user=request.user, round_id=review_id, received_on=date_field(request, "received_on", "Ngày nhận"),
        complainant=text_field(request, "complainant", limit=120), content=text_field(request, "content", limit=2000),
        household_id=int_field(request, "household", "Hộ", required=False))
    return "Đã ghi nhận khiếu nại."


def _resolve(request: HttpRequest, review_id: int) -> str:
    outcome = text_field(request, "outcome")
    if outcome not in ("upheld", "rejected"):
        raise ReviewError("Chọn kết luận: khiếu nại có cơ sở hoặc không có cơ sở.")
    households = []
    for raw in request.POST.getlist("households"):
        if not raw.strip().isdigit():
            raise ReviewError(f"Hộ phúc tra: cần mã số hộ, nhận được «{raw}».")
        households.append(int(raw))
    complaint = procedure.round_complaint_resolve(
        acting_user=request.user, round_id=review_id, complaint_id=int_field(request, "complaint", "Khiếu nại") or 0,
        resolved_on=date_field(request, "resolved_on", "Ngày giải quyết"),
        resolution=text_field(request, "resolution", limit=2000), upheld=outcome == "upheld",
        household_ids=households)
    if complaint.outcome == "upheld":
        codes = ", ".join(r.household.code for r in complaint.rechecks.select_related("household"))
        return (f"Khiếu nại có cơ sở: hộ {codes} chuyển sang phúc tra. Sau khi phúc tra phải niêm yết lại kết quả "
                "trước khi ra quyết định.")
    return "Đã ghi kết quả giải quyết khiếu nại (không có cơ sở, giữ kết quả rà soát)."


def _recheck(request: HttpRequest, review_id: int) -> str:
    entry = survey.round_recheck_record(
        acting_user=request.user, round_id=review_id, household_id=int_field(request, "household", "Hộ") or 0,
        rechecked_on=date_field(request, "rechecked_on", "Ngày phúc tra"),
        note=text_field(request, "note", limit=2000), unchanged=request.POST.get("unchanged") == "1")
    return f"Đã ghi kết quả phúc tra hộ {entry.household.code}: {entry.category_name}."


def _reposting(request: HttpRequest, review_id: int) -> str:
    posting = procedure.round_reposting_start(
        acting_user=request.user, round_id=review_id, start_on=date_field(request, "start_on", "Ngày niêm yết lại"),
        signer_name=text_field(request, "signer_name", limit=120),
        signer_title=text_field(request, "signer_title", limit=60) or "Chủ tịch")
    return f"Đã niêm yết lại kết quả phúc tra từ {posting.start:%d/%m/%Y} đến hết {posting.end:%d/%m/%Y}."


def _decide(request: HttpRequest, review_id: int) -> str:
    review = decision.round_decide(
        acting_user=request.user, round_id=review_id, decided_on=date_field(request, "decided_on", "Ngày quyết định"),
        signer_name=text_field(request, "signer_name", limit=120),
        signer_title=text_field(request, "signer_title", limit=60) or "Chủ tịch",
        late_reason=text_field(request, "late_reason", limit=1000),
        verify_base_url=request.build_absolute_uri(reverse("verify:home")))
    return f"Đã ban hành quyết định ngày {review.decided_on:%d/%m/%Y} và cấp giấy chứng nhận."


ACTIONS: dict[str, Callable[[HttpRequest, int], str]] = {
    "application": _application, "list-close": _list_close, "screening": _screening,
    "screening-close": _screening_close, "upload": _upload, "confirm": _confirm, "survey-close": _survey_close,
    "meeting": _meeting, "posting": _posting, "complaint": _complaint, "resolve": _resolve, "recheck": _recheck,
    "reposting": _reposting, "decide": _decide,
}


@login_required
@require_POST
def round_action(request: HttpRequest, round_id: int, action: str) -> HttpResponse:
    handler = ACTIONS.get(action)
    if handler is None or access_round(request.user, round_id) is None:
        raise Http404("Không tìm thấy đợt rà soát.")
    try:
        messages.success(request, handler(request, round_id))
    except RoundNotFound:
        raise Http404("Không tìm thấy.") from None
    except REVIEW_ERRORS as error:
        messages.error(request, str(error))
    return redirect("review:round", round_id=round_id)
