"""Staff pages for the catalogue, entitlement lists and exports: parse → access → service/selector → template."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from giamngheo.accounts.access import access_unit, can, scope_paths
from giamngheo.common.audit import audit_record
from giamngheo.domain.eligibility import COMMUNE_FLAGS, HOUSEHOLD_FLAGS, MEMBER_FLAGS
from giamngheo.domain.reasons import CATEGORY_NAMES_VI
from giamngheo.policies import selectors
from giamngheo.policies.entitlements import entitlements_catch_up, household_decisions
from giamngheo.policies.exports import Counted, entitlements_csv, entitlements_xlsx
from giamngheo.policies.lookup import household_sheet, lookup_locked, lookup_unlock
from giamngheo.policies.models import (
    POLICY_FIELDS,
    HouseholdCircumstance,
    MemberCircumstance,
    PolicyGroup,
    Scenario,
)
from giamngheo.policies.services import (
    PolicyNotAllowed,
    commune_designation_set,
    household_circumstances_set,
    member_circumstances_set,
    policy_create,
    policy_update,
)
from giamngheo.registry.access import access_household

BOOLEANS = ("amount_verified", "active", "public")


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    entitlements_catch_up()
    counts = selectors.entitlement_counts(request.user)
    policies = [(p, counts.get(p.pk, 0)) for p in selectors.policy_list()]
    return render(request, "policies/catalogue.html", {
        "policies": policies, "can_manage": can(request.user, "manage_policies"),
    })


@login_required
def policy_detail(request: HttpRequest, code: str) -> HttpResponse:
    policy = selectors.policy_get(code)
    if policy is None:
        raise Http404("Không tìm thấy chính sách.")
    return render(request, "policies/policy_detail.html", {
        "policy": policy, "rule_json": json.dumps(policy.rule, ensure_ascii=False, indent=2),
        "communes": selectors.entitlement_counts_by_commune(request.user, policy),
        "versions": selectors.policy_versions(policy)[:50], "can_manage": can(request.user, "manage_policies"),
    })


@login_required
def policy_history(request: HttpRequest, code: str) -> HttpResponse:
    """Every version of a policy, newest first, with what changed (the same door as the policy page)."""
    policy = selectors.policy_get(code)
    if policy is None:
        raise Http404("Không tìm thấy chính sách.")
    return render(request, "policies/policy_history.html", {
        "policy": policy, "history": selectors.policy_history(policy),
        "can_manage": can(request.user, "manage_policies"),
    })


def _form_values(request: HttpRequest) -> dict[str, object]:
    values: dict[str, object] = {name: request.POST.get(name, "") for name in POLICY_FIELDS if name not in BOOLEANS}
    values.update({name: request.POST.get(name) == "on" for name in BOOLEANS})
    return values


def _policy_form(request: HttpRequest, code: str | None) -> HttpResponse:
    if not can(request.user, "manage_policies"):
        raise Http404("Không tìm thấy trang.")
    policy = selectors.policy_get(code) if code else None
    if code and policy is None:
        raise Http404("Không tìm thấy chính sách.")
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {}
    if request.method == "POST":
        values = _form_values(request)
        note = request.POST.get("note", "")
        try:
            if policy is None:
                policy = policy_create(acting_user=request.user, code=request.POST.get("code", ""), note=note,
                                       **values)
            else:
                policy = policy_update(acting_user=request.user, code=policy.code, note=note, **values)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        else:
            messages.success(request, f"Đã lưu chính sách (phiên bản {policy.version}); quyền lợi đã được tính lại.")
            return redirect("policies:detail", code=policy.code)
    elif policy is not None:
        values = {name: getattr(policy, name) for name in POLICY_FIELDS}
        values["rule"] = json.dumps(policy.rule, ensure_ascii=False, indent=2)
    else:
        values = {"active": True, "public": True, "position": 100, "rule": '{"category": ["poor"]}'}
    return render(request, "policies/policy_form.html", {
        "policy": policy, "values": values, "errors": errors, "groups": PolicyGroup.choices,
        "code": request.POST.get("code", "") if policy is None else policy.code,
    })


@login_required
def policy_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _policy_form(request, code)


@login_required
def policy_new(request: HttpRequest) -> HttpResponse:
    return _policy_form(request, None)


@login_required
def policy_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """A policy's list of entitled households (``?thay-doi=duoc|mat``: who gains or loses it from 2027), audited."""
    entitlements_catch_up()
    policy = selectors.policy_get(code)
    if policy is None or fmt not in ("xlsx", "csv"):
        raise Http404("Không tìm thấy chính sách.")
    commune = None
    if request.GET.get("xa", "").isdigit():
        commune = access_unit(request.user, int(request.GET["xa"]))
        if commune is None:
            raise Http404("Không tìm thấy xã.")
    change = request.GET.get("thay-doi", "")
    if change and change not in selectors.CHANGE_KINDS:
        raise Http404("Không có danh sách này.")
    scenario = request.GET.get("kich-ban", Scenario.CURRENT)
    if scenario not in Scenario.values:
        raise Http404("Không có kịch bản này.")
    commune_id = commune.pk if commune else None
    where = commune.name if commune else "địa bàn được giao"
    if change:
        scenario = Scenario.STANDARD_2027 if change == selectors.GAINED else Scenario.CURRENT
        rows = selectors.changes_2027_rows(request.user, policy, change, commune_id=commune_id)
        title = f"{_change_heading(change)} — {policy.name} — {where} ({timezone.localdate():%d/%m/%Y})"
        stem = f"quyen-loi-{policy.code}-2027-{change}"
    else:
        rows = selectors.entitlement_rows(request.user, policy, commune_id=commune_id, scenario=scenario)
        title = f"Danh sách hộ được hưởng — {policy.name} — {where} ({timezone.localdate():%d/%m/%Y})"
        stem = f"quyen-loi-{policy.code}"
    stem += f"-{commune.code}" if commune else ""
    counted = Counted(rows.iterator(chunk_size=2000))
    if fmt == "csv":
        response = HttpResponse(entitlements_csv(policy, counted, title=title), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            entitlements_xlsx(policy, counted, title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    with transaction.atomic():  # the list names people: who took which list, and how many households
        paths = [] if commune else scope_paths(request.user)
        audit_record(
            acting_user=request.user, action="entitlements.export", target=policy,
            unit_path=commune.path if commune else (paths[0] if len(paths) == 1 else ""),
            after={"policy": policy.code, "version": policy.version, "format": fmt, "scenario": str(scenario),
                   "change": change or None, "commune": commune.code if commune else None,
                   "commune_name": where, "rows": counted.count},
        )
    return response


def _change_heading(change: str) -> str:
    if change == selectors.GAINED:
        return "Hộ được thêm khi áp dụng chuẩn 2027–2030 (dự kiến từ 01/01/2027)"
    return "Hộ đang được hưởng nhưng mất khi áp dụng chuẩn 2027–2030 (dự kiến từ 01/01/2027)"


@login_required
def changes_2027(request: HttpRequest) -> HttpResponse:
    """Counts per policy now and under the 2027–2030 standard; ``?chinh-sach=CODE&thay-doi=duoc|mat``: the list."""
    entitlements_catch_up()
    if "chinh-sach" in request.GET:
        return _changes_2027_list(request)
    return render(request, "policies/changes_2027.html", {"changes": selectors.changes_2027(request.user)})


def _changes_2027_list(request: HttpRequest) -> HttpResponse:
    policy = selectors.policy_get(request.GET.get("chinh-sach", ""))
    change = request.GET.get("thay-doi", "")
    if policy is None or change not in selectors.CHANGE_KINDS:
        raise Http404("Không có danh sách này.")
    rows = selectors.changes_2027_rows(request.user, policy, change)
    page = Paginator(rows, 100).get_page(request.GET.get("trang"))
    return render(request, "policies/changes_2027_list.html", {
        "policy": policy, "change": change, "heading": _change_heading(change), "page": page,
        "lines": [(row, CATEGORY_NAMES_VI.get(row.category, row.category)) for row in page],
    })


@login_required
def household(request: HttpRequest, household_id: int) -> HttpResponse:
    if request.method == "POST":  # "Mở khóa tra cứu": clear the lock wrong lookups put on the household's code
        unlocked = lookup_unlock(acting_user=request.user, household_id=household_id)
        if unlocked is None:
            raise Http404("Không tìm thấy hộ gia đình.")
        messages.success(request, f"Đã mở khóa tra cứu cho hộ {unlocked.code}.")
        return redirect("policies:household", household_id=unlocked.pk)
    entitlements_catch_up()
    found = access_household(request.user, household_id)
    if found is None:
        raise Http404("Không tìm thấy hộ gia đình.")
    decisions = household_decisions(found.pk)
    members = list(found.members.all())
    member_flags = dict(MemberCircumstance.objects.filter(household=found).values_list("member_id", "flags"))
    household_flags = HouseholdCircumstance.objects.filter(household=found).values_list("flags", flat=True).first()
    return render(request, "policies/household.html", {
        "household": found, "current": decisions.get(Scenario.CURRENT, []),
        "projected": decisions.get(Scenario.STANDARD_2027, []),
        "members": [(m, (member_flags.get(m.pk) or "").split(";")) for m in members],
        "household_flags": (household_flags or "").split(";"), "member_flag_names": MEMBER_FLAGS.items(),
        "household_flag_names": HOUSEHOLD_FLAGS.items(), "can_edit": can(request.user, "edit_households"),
        "lookup_locked": lookup_locked(found.code),
    })


@login_required
@require_POST
def household_circumstances(request: HttpRequest, household_id: int) -> HttpResponse:
    found = access_household(request.user, household_id)
    if found is None:
        raise Http404("Không tìm thấy hộ gia đình.")
    try:
        household_circumstances_set(acting_user=request.user, household_id=found.pk,
                                    flags=[f for f in request.POST.getlist("ho") if f in HOUSEHOLD_FLAGS])
        for member in found.members.all():
            flags = [f for f in request.POST.getlist(f"tv-{member.pk}") if f in MEMBER_FLAGS]
            member_circumstances_set(acting_user=request.user, member_id=member.pk, flags=flags)
    except PolicyNotAllowed:
        raise Http404("Không tìm thấy hộ gia đình.") from None
    messages.success(request, "Đã lưu đặc điểm của hộ và tính lại quyền lợi.")
    return redirect("policies:household", household_id=found.pk)


@login_required
def household_print(request: HttpRequest, household_id: int) -> HttpResponse:
    found = access_household(request.user, household_id)
    sheet = household_sheet(found.pk) if found else None
    if sheet is None:
        raise Http404("Không tìm thấy hộ gia đình.")
    return render(request, "policies/sheet.html", {"sheet": sheet, "lookup": False})


@login_required
def communes(request: HttpRequest) -> HttpResponse:
    """Commune designations (e.g. poor communes) that rules ask about; policy managers change them."""
    can_manage = can(request.user, "manage_policies")
    if request.method == "POST":
        if not can_manage:
            raise Http404("Không tìm thấy trang.")
        commune = access_unit(request.user, int(request.POST.get("xa", "0") or 0))
        if commune is None:
            raise Http404("Không tìm thấy xã.")
        for flag in COMMUNE_FLAGS:
            try:
                commune_designation_set(acting_user=request.user, commune_id=commune.pk, flag=flag,
                                        present=flag in request.POST.getlist("dien"))
            except PolicyNotAllowed:
                raise Http404("Không tìm thấy xã.") from None
        messages.success(request, f"Đã lưu diện của {commune.name} và tính lại quyền lợi của các hộ trong xã.")
        return redirect("policies:communes")
    return render(request, "policies/communes.html", {
        "rows": selectors.commune_designations(request.user), "flags": COMMUNE_FLAGS.items(), "can_manage": can_manage,
    })


@login_required
def lookup_log(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "view_audit"):
        raise Http404("Không tìm thấy trang.")
    page = Paginator(selectors.lookup_log_list(request.user), 50).get_page(request.GET.get("trang"))
    return render(request, "policies/lookup_log.html", {"page": page})
