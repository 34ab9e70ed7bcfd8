"""The chairman's decision: lists recognised, certificates issued, year facts refreshed — one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from giamngheo.accounts.models import User
from giamngheo.registry.models import Member
from giamngheo.review import workflow
from giamngheo.review.access import round_for_write
from giamngheo.review.content import certificate_content, decision_content, header, reply_content
from giamngheo.review.errors import ReviewError
from giamngheo.review.models import Certificate, ReviewRound, RoundHousehold, RoundKind, StandardResult
from giamngheo.review.selectors.rounds import round_lists
from giamngheo.review.services.documents import document_issue, verification_token
from giamngheo.review.services.facts import year_facts_refresh
from giamngheo.review.services.rounds import round_audit, step_record

CERTIFICATE_SYMBOL = "GCN-HN.HCN"


def round_decide(*, acting_user: User, round_id: int, decided_on: dt.date, signer_name: str,
                 signer_title: str = "Chủ tịch", late_reason: str = "", verify_base_url: str = "") -> ReviewRound:
    """Issue the chairman's decision with its annexed lists and a certificate for each poor and near-poor household.

    Refused before the complaint period ends or while a complaint is unanswered. An in-year decision is due
    within 15 days of the 15th; a later one is refused unless the reason for the delay is given, because
    refusing outright would leave the household without its decision while the delay is the commune's.
    """
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        workflow.next_state(review.state, "decide")
        if review.posting_end is None:
            raise workflow.StepOutOfOrder("Chưa niêm yết công khai kết quả: phải niêm yết trước khi ra quyết định.")
        if decided_on > timezone.localdate():
            raise ReviewError(f"Ngày quyết định ({decided_on:%d/%m/%Y}) không được sau ngày hôm nay.")
        if decided_on <= review.posting_end:
            raise workflow.DateOutOfOrder(
                f"Chưa hết thời gian niêm yết và nhận khiếu nại (đến hết ngày {review.posting_end:%d/%m/%Y}): "
                f"quyết định chỉ được ký từ ngày {review.posting_end + dt.timedelta(days=1):%d/%m/%Y}."
            )
        open_complaints = review.complaints.filter(resolved_on__isnull=True).count()
        if open_complaints:
            raise ReviewError(f"Còn {open_complaints} khiếu nại chưa giải quyết: giải quyết xong mới ra quyết định.")
        late = workflow.decision_lateness(review.kind, review.year, review.month, decided_on)
        if late and not late_reason.strip():
            raise ReviewError(
                f"Quá hạn {late} ngày: quyết định rà soát thường xuyên phải ban hành trong 15 ngày kể từ ngày "
                f"{workflow.in_year_start(review.year, review.month):%d/%m/%Y} (hạn cuối {review.deadline:%d/%m/%Y}, "
                "Điều 5 QĐ 24/2021). Ghi rõ lý do chậm để vẫn ban hành; lý do được lưu vào nhật ký."
            )
        if not signer_name.strip():
            raise ReviewError("Quyết định cần tên người ký.")
        review.decided_on, review.late_reason = decided_on, late_reason.strip() if late else ""
        review.save(update_fields=["decided_on", "late_reason"])
        step_record(review, action="decide", on=decided_on, by=acting_user,
                    note=f"Quá hạn {late} ngày: {late_reason.strip()}" if late else "")
        lists = round_lists(review)
        meetings = list(review.meetings.filter(approved=True).select_related("village"))
        decision = document_issue(
            acting_user=acting_user, agency=review.commune, kind="decision", symbol="QĐ-UBND",
            title=f"Quyết định công nhận kết quả {review}", issued_on=decided_on, round=review,
            signer_name=signer_name.strip(), signer_title=signer_title,
            content={**header(review.commune, symbol="QĐ-UBND", issued_on=decided_on),
                     **decision_content(review, lists, meetings=meetings, posting_end=review.posting_end)},
        )
        issued = _certificates_issue(review, lists, acting_user=acting_user, decided_on=decided_on,
                                     decision_number=decision.number_text, verify_base_url=verify_base_url,
                                     signer_name=signer_name.strip(), signer_title=signer_title)
        replies = _replies_issue(review, acting_user=acting_user, decided_on=decided_on,
                                 signer_name=signer_name.strip(),
                                 signer_title=signer_title) if review.kind == RoundKind.IN_YEAR else 0
        year_facts_refresh(year=review.year, commune_ids=[review.commune_id])
        round_audit(review, acting_user=acting_user, action="decide", after={
            "decided_on": decided_on.isoformat(), "decision": decision.number_text, "certificates": issued,
            "replies": replies,
            "late_days": late, "late_reason": review.late_reason,
            "totals": {k: v["households"] for k, v in lists.totals.items()}})
    return review


def _certificates_issue(review: ReviewRound, lists, *, acting_user: User, decided_on: dt.date,  # type: ignore[no-untyped-def]
                        decision_number: str, verify_base_url: str, signer_name: str, signer_title: str) -> int:
    """Issue or confirm a certificate for every recognised household; mark those of escaped households ended."""
    rows = lists.rows["poor"] + lists.rows["near_poor"]
    members: dict[int, list[Member]] = {}
    for member in Member.objects.filter(household_id__in=[r["household_id"] for r in rows]).order_by("id"):
        members.setdefault(member.household_id, []).append(member)
    existing = {c.household_id: c for c in Certificate.objects.filter(
        period=review.standard_id, household_id__in=[r["household_id"] for r in rows])}
    issued = 0
    for row in rows:
        year_cell = {"year": review.year, "category": row["category"], "deprivations": row["deprivations"],
                     "decision": decision_number, "on": decided_on.isoformat()}
        certificate = existing.get(row["household_id"])
        if certificate is not None:
            # The same paper certificate: the chairman confirms the new year's cell; nothing is re-issued.
            certificate.years = [y for y in certificate.years if y["year"] != review.year] + [year_cell]
            certificate.revoked_on = None
            certificate.save(update_fields=["years", "revoked_on"])
            continue
        token = verification_token()
        household = review.entries.get(household_id=row["household_id"]).household
        document = document_issue(
            acting_user=acting_user, agency=review.commune, kind="certificate", symbol=CERTIFICATE_SYMBOL,
            title=f"Giấy chứng nhận hộ nghèo, hộ cận nghèo — {household.head_name} ({household.code})",
            issued_on=decided_on, round=review, household=household, signer_name=signer_name,
            signer_title=signer_title, render=False,
            content={**header(review.commune, symbol=CERTIFICATE_SYMBOL, issued_on=decided_on),
                     **certificate_content(review, household, members.get(household.pk, []), row,
                                           decision_number=decision_number, decided_on=decided_on,
                                           verify_url=f"{verify_base_url.rstrip('/')}/{token}/"),
                     "verification_code": token},
        )
        Certificate.objects.create(household=household, period=review.standard_id, document=document, token=token,
                                   years=[year_cell])
        issued += 1
    escaped = [r["household_id"] for key in ("escaped_poor", "escaped_near") for r in lists.rows[key]
               if r["category"] not in ("poor", "near_poor")]
    Certificate.objects.filter(household_id__in=escaped, revoked_on__isnull=True).update(revoked_on=decided_on)
    return issued


def _replies_issue(review: ReviewRound, *, acting_user: User, decided_on: dt.date, signer_name: str,
                   signer_title: str) -> int:
    """Answer in writing, with the reason, every in-year applicant (Mẫu 01) who is neither poor nor near-poor."""
    entries = review.entries.filter(source=RoundHousehold.Source.APPLICANT).exclude(
        category__in=["poor", "near_poor"]).exclude(application_form="04").select_related("household", "village")
    reasons = dict(StandardResult.objects.filter(round=review, standard_id=review.standard_id)
                   .values_list("household_id", "reason"))
    for entry in entries:
        document_issue(
            acting_user=acting_user, agency=review.commune, kind="reply", symbol="UBND-VHXH",
            title=f"Trả lời đề nghị rà soát — {entry.household.head_name} ({entry.household.code})",
            issued_on=decided_on, round=review, household=entry.household, signer_name=signer_name,
            signer_title=signer_title,
            content={**header(review.commune, symbol="UBND-VHXH", issued_on=decided_on),
                     **reply_content(review, entry, reasons.get(entry.household_id, ""))},
        )
    return len(entries)
