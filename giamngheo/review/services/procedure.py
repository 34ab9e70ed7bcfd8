"""Village meetings, public posting and complaints: the steps between the survey and the decision.

A complaint is answered with an outcome. Without grounds (không có cơ sở) the results stand and the reply is
recorded. With grounds (có cơ sở) the households it names go back for re-check (phúc tra, see
``survey.round_recheck_record``); the round stays in the re-check step — no decision — until every such
household has its new result and those results are posted again with their own complaint period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import models, transaction
from django.utils import timezone

from giamngheo.accounts.models import User
from giamngheo.geo.models import AdminUnit
from giamngheo.review import workflow
from giamngheo.review.access import round_for_write
from giamngheo.review.content import header, minutes_content, notice_content
from giamngheo.review.errors import ReviewError, RoundNotFound
from giamngheo.review.formats import vn_percent
from giamngheo.review.models import (
    Complaint,
    ComplaintOutcome,
    ComplaintRecheck,
    ReviewRound,
    RoundPosting,
    VillageMeeting,
)
from giamngheo.review.selectors.rounds import RoundLists, round_lists, round_villages, village_rows
from giamngheo.review.services.documents import document_issue
from giamngheo.review.services.rounds import round_audit, step_record


def _require_state(review: ReviewRound, state: str, what: str) -> None:
    if review.state != state:
        raise workflow.StepOutOfOrder(
            f"Không thể {what}: đợt rà soát đang ở bước «{review.state_name}», việc này thuộc bước "
            f"«{workflow.STATE_NAMES_VI[state]}»."
        )


def _not_future(day: dt.date, what: str) -> None:
    if day > timezone.localdate():
        raise ReviewError(f"Ngày {what} ({day:%d/%m/%Y}) không được sau ngày hôm nay.")


def round_meeting_record(
    *, acting_user: User, round_id: int, village_id: int | None, held_on: dt.date, chair: str, secretary: str,
    households_represented: int, attendees: int, agree: int, place: str = "", opinions: str = "",
) -> VillageMeeting:
    """Record a village meeting and its vote; ≥ 50 % agreement approves, otherwise the round goes back to survey.

    When every village with reviewed households has approved, the round moves on to public posting.
    """
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        _require_state(review, workflow.MEETING, "ghi kết quả họp dân")
        villages = {v["id"]: v for v in round_villages(review)}
        if village_id not in villages:
            raise RoundNotFound
        village = villages[village_id]
        if village["approved"]:
            raise ReviewError(f"{village['name']} đã họp và thông qua kết quả; không cần họp lại.")
        _not_future(held_on, "họp")
        survey_closed = review.steps.filter(action="survey_close").order_by("-id").first()
        workflow.require_not_before(held_on, survey_closed.on if survey_closed else review.started_on,
                                    what="họp dân", earlier_what="chốt kết quả điều tra")
        if not chair.strip() or not secretary.strip():
            raise ReviewError("Biên bản họp cần ghi người chủ trì và thư ký.")
        vote = workflow.Vote(households_in_village=village["households"], households_represented=households_represented,
                             attendees=attendees, agree=agree, quorum_percent=review.meeting_quorum_percent)
        problems = vote.problems()
        if problems:
            raise ReviewError(" ".join(problems))
        meeting = VillageMeeting.objects.create(
            round=review, village_id=village_id, attempt=len(village["meetings"]) + 1, held_on=held_on,
            place=place.strip(), chair=chair.strip(), secretary=secretary.strip(),
            households_in_village=village["households"], households_represented=households_represented,
            attendees=attendees, agree=agree, approved=vote.approved, opinions=opinions.strip(),
            recorded_by=acting_user,
        )
        unique_rows = village_rows(review, village_id)
        commune = review.commune
        village_unit = AdminUnit.objects.filter(pk=village_id).first() if village_id else None
        document_issue(
            acting_user=acting_user, agency=commune, kind="minutes", symbol=None,
            title=f"Biên bản họp dân {village['name']} (lần {meeting.attempt})", issued_on=held_on, round=review,
            content={**header(commune, symbol=None, issued_on=held_on, village=village_unit),
                     **minutes_content(review, meeting, unique_rows)},
        )
        if not vote.approved:
            step_record(review, action="meeting_fail", on=held_on, by=acting_user,
                        note=f"{village['name']}: {agree}/{attendees} người đồng ý "
                             f"({vn_percent(agree, attendees, 1)}), chưa đạt 50%.")
        elif all(v["approved"] for key, v in villages.items() if key != village_id):
            step_record(review, action="meeting_pass", on=held_on, by=acting_user)
        round_audit(review, acting_user=acting_user, action="meeting_record", after={
            "village": village["name"], "attempt": meeting.attempt, "attendees": attendees, "agree": agree,
            "households_represented": households_represented, "approved": vote.approved, "state": review.state})
    return meeting


def round_posting_start(*, acting_user: User, round_id: int, start_on: dt.date, signer_name: str,
                        signer_title: str = "Chủ tịch") -> ReviewRound:
    """Post the results publicly and issue the numbered notice; complaints are taken until the period ends."""
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        _require_state(review, workflow.POSTING, "niêm yết công khai")
        if review.posting_start:
            raise ReviewError(f"Kết quả đã được niêm yết từ ngày {review.posting_start:%d/%m/%Y}.")
        _not_future(start_on, "niêm yết")
        last_meeting = review.meetings.filter(approved=True).order_by("-held_on").first()
        workflow.require_not_before(start_on, last_meeting.held_on if last_meeting else None, what="niêm yết",
                                    earlier_what="họp dân thông qua")
        if not signer_name.strip():
            raise ReviewError("Thông báo niêm yết cần tên người ký.")
        end = workflow.working_days_after(start_on, review.posting_working_days)
        review.posting_start, review.posting_end = start_on, end
        review.save(update_fields=["posting_start", "posting_end"])
        step_record(review, action="posting_start", on=start_on, by=acting_user,
                    note=f"Niêm yết từ {start_on:%d/%m/%Y} đến hết {end:%d/%m/%Y}.")
        lists = round_lists(review)
        document = document_issue(
            acting_user=acting_user, agency=review.commune, kind="notice", symbol="TB-UBND",
            title=f"Thông báo niêm yết công khai kết quả rà soát {review}", issued_on=start_on, round=review,
            signer_name=signer_name.strip(), signer_title=signer_title,
            content={**header(review.commune, symbol="TB-UBND", issued_on=start_on),
                     **notice_content(review, lists, start=start_on, end=end)},
        )
        RoundPosting.objects.create(round=review, attempt=1, start=start_on, end=end,
                                    working_days=review.posting_working_days, notice=document, by=acting_user)
        round_audit(review, acting_user=acting_user, action="posting_start", after={
            "start": start_on.isoformat(), "end": end.isoformat(), "notice": document.number_text})
    return review


def _current_posting(review: ReviewRound) -> RoundPosting | None:
    return review.postings.order_by("-attempt").first()


def round_complaint_record(*, acting_user: User, round_id: int, received_on: dt.date, complainant: str,
                           content: str, household_id: int | None = None) -> Complaint:
    """Record a complaint received during the current posting (the first one, or a re-posting after re-check).

    A re-posting shows only the re-checked households, so a complaint in its period must name one of them.
    """
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        if review.state not in (workflow.POSTING, workflow.RECHECK):
            _require_state(review, workflow.POSTING, "nhận khiếu nại")
        if review.posting_start is None:
            raise workflow.StepOutOfOrder("Chỉ nhận khiếu nại sau khi đã niêm yết công khai kết quả.")
        _not_future(received_on, "nhận khiếu nại")
        if not review.posting_start <= received_on <= review.posting_end:
            raise workflow.DateOutOfOrder(
                f"Khiếu nại ngày {received_on:%d/%m/%Y} nằm ngoài thời gian niêm yết "
                f"({review.posting_start:%d/%m/%Y} – {review.posting_end:%d/%m/%Y})."
            )
        if household_id is not None and not review.entries.filter(household_id=household_id).exists():
            raise RoundNotFound
        if not complainant.strip() or not content.strip():
            raise ReviewError("Cần ghi người khiếu nại và nội dung.")
        posting = _current_posting(review)
        if posting is not None and posting.attempt > 1:
            reposted = set(posting.rechecks.values_list("household_id", flat=True))
            if household_id not in reposted:
                codes = ", ".join(sorted(posting.rechecks.values_list("household__code", flat=True).distinct()))
                raise ReviewError(
                    f"Đang niêm yết lại kết quả phúc tra của hộ {codes}: khiếu nại trong thời gian này phải nêu "
                    "một trong các hộ đó."
                )
        complaint = Complaint.objects.create(round=review, household_id=household_id, received_on=received_on,
                                             complainant=complainant.strip(), content=content.strip(),
                                             recorded_by=acting_user)
        round_audit(review, acting_user=acting_user, action="complaint_record",
                    after={"complaint": complaint.pk, "received_on": received_on.isoformat(),
                           "household": complaint.household.code if complaint.household else None})
    return complaint


def round_complaint_resolve(*, acting_user: User, round_id: int, complaint_id: int, resolved_on: dt.date,
                            resolution: str, upheld: bool = False,
                            household_ids: Sequence[int] = ()) -> Complaint:
    """Answer a complaint: without grounds the results stand; with grounds the named households go to re-check.

    Upholding moves the round to the re-check step (from posting, or again while re-checks are open); the
    households default to the one the complaint was about.
    """
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        complaint = review.complaints.filter(pk=complaint_id).first()
        if complaint is None:
            raise RoundNotFound
        if review.state not in (workflow.POSTING, workflow.RECHECK):
            _require_state(review, workflow.POSTING, "giải quyết khiếu nại")
        if complaint.resolved_on:
            raise ReviewError("Khiếu nại này đã được giải quyết.")
        _not_future(resolved_on, "giải quyết")
        workflow.require_not_before(resolved_on, complaint.received_on, what="giải quyết",
                                    earlier_what="nhận khiếu nại")
        if not resolution.strip():
            raise ReviewError("Cần ghi kết quả giải quyết khiếu nại.")
        ids = list(dict.fromkeys(household_ids))
        entries = []
        if upheld:
            if not ids and complaint.household_id:
                ids = [complaint.household_id]
            if not ids:
                raise ReviewError("Khiếu nại có cơ sở: cần chọn hộ phải phúc tra.")
            entries = list(review.entries.filter(household_id__in=ids).select_related("household")
                           .order_by("household__code"))
            if len(entries) != len(ids):
                raise RoundNotFound
        elif ids:
            raise ReviewError("Chỉ chọn hộ phúc tra khi khiếu nại được kết luận có cơ sở.")
        complaint.resolved_on, complaint.resolution = resolved_on, resolution.strip()
        complaint.outcome = ComplaintOutcome.UPHELD if upheld else ComplaintOutcome.REJECTED
        complaint.resolved_by, complaint.resolved_at = acting_user, timezone.now()
        complaint.save(update_fields=["resolved_on", "resolution", "outcome", "resolved_by", "resolved_at"])
        codes = [e.household.code for e in entries]
        if upheld:
            ComplaintRecheck.objects.bulk_create([
                ComplaintRecheck(round=review, complaint=complaint, household_id=e.household_id,
                                 assessment_before_id=e.assessment_id, category_before=e.category)
                for e in entries])
            step_record(review, action="complaint_uphold", on=resolved_on, by=acting_user,
                        note=f"Khiếu nại của {complaint.complainant} có cơ sở: phúc tra hộ {', '.join(codes)}.")
        round_audit(review, acting_user=acting_user, action="complaint_resolve",
                    after={"complaint": complaint.pk, "resolved_on": resolved_on.isoformat(),
                           "outcome": complaint.outcome, "households": codes, "state": review.state})
    return complaint


def round_reposting_start(*, acting_user: User, round_id: int, start_on: dt.date, signer_name: str,
                          signer_title: str = "Chủ tịch") -> RoundPosting:
    """Post the re-checked households' new results again, with their own complaint period, and issue the notice.

    Refused while a household named by an upheld complaint has no re-check or a complaint is unanswered. The
    round returns to posting; the decision waits for the end of this period.
    """
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        workflow.next_state(review.state, "reposting_start")
        pending = list(review.rechecks.filter(rechecked_on__isnull=True)
                       .values_list("household__code", flat=True).distinct().order_by("household__code"))
        if pending:
            raise ReviewError(
                f"Còn {len(pending)} hộ chưa phúc tra: {', '.join(pending)}. Ghi kết quả phúc tra của từng hộ "
                "trước khi niêm yết lại."
            )
        open_complaints = review.complaints.filter(resolved_on__isnull=True).count()
        if open_complaints:
            raise ReviewError(
                f"Còn {open_complaints} khiếu nại chưa giải quyết: giải quyết xong mới niêm yết lại kết quả phúc tra."
            )
        rechecks = list(review.rechecks.filter(reposting__isnull=True).select_related("household"))
        _not_future(start_on, "niêm yết lại")
        workflow.require_not_before(start_on, max(r.rechecked_on for r in rechecks), what="niêm yết lại",
                                    earlier_what="phúc tra")
        if not signer_name.strip():
            raise ReviewError("Thông báo niêm yết lại cần tên người ký.")
        end = workflow.working_days_after(start_on, review.reposting_working_days)
        codes = sorted({r.household.code for r in rechecks})
        step_record(review, action="reposting_start", on=start_on, by=acting_user,
                    note=f"Niêm yết lại kết quả phúc tra hộ {', '.join(codes)} từ {start_on:%d/%m/%Y} đến hết "
                         f"{end:%d/%m/%Y}.")
        lists = _lists_of(round_lists(review), {r.household_id for r in rechecks})
        content = {**header(review.commune, symbol="TB-UBND", issued_on=start_on),
                   **notice_content(review, lists, start=start_on, end=end)}
        content["summary"] = (f"Về việc niêm yết công khai kết quả phúc tra khiếu nại trong rà soát hộ nghèo, hộ "
                              f"cận nghèo {content['period']} (hộ {', '.join(codes)})")
        document = document_issue(
            acting_user=acting_user, agency=review.commune, kind="notice", symbol="TB-UBND",
            title=f"Thông báo niêm yết lại kết quả phúc tra {review}", issued_on=start_on, round=review,
            signer_name=signer_name.strip(), signer_title=signer_title, content=content,
        )
        last = _current_posting(review)
        attempt = (last.attempt if last else 1) + 1
        posting = RoundPosting.objects.create(round=review, attempt=attempt, start=start_on, end=end,
                                              working_days=review.reposting_working_days, notice=document,
                                              by=acting_user)
        ComplaintRecheck.objects.filter(pk__in=[r.pk for r in rechecks]).update(reposting=posting)
        review.posting_start, review.posting_end = start_on, end
        review.save(update_fields=["posting_start", "posting_end"])
        round_audit(review, acting_user=acting_user, action="reposting_start", after={
            "start": start_on.isoformat(), "end": end.isoformat(), "attempt": attempt, "households": codes,
            "notice": document.number_text})
    return posting


def _lists_of(lists: RoundLists, household_ids: set[int]) -> RoundLists:
    """Keep only the given households' rows of the round's lists, with the totals recounted."""
    out = RoundLists(rows={key: [r for r in rows if r["household_id"] in household_ids]
                           for key, rows in lists.rows.items()})
    out.totals = {key: {"households": len(rows), "persons": sum(r["members"] for r in rows)}
                  for key, rows in out.rows.items()}
    return out


def round_complaints(review: ReviewRound) -> list[Complaint]:
    """Return the round's complaints, each with its re-checks (household, result before/after, re-posting)."""
    return list(review.complaints.select_related("household", "resolved_by").prefetch_related(
        models.Prefetch("rechecks", queryset=ComplaintRecheck.objects.select_related(
            "household", "rechecked_by", "reposting"))))
