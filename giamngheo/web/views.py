"""Server-rendered pages: parse → access → selector → template."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from giamngheo.accounts.access import access_unit, can, units_visible_to
from giamngheo.accounts.selectors import audit_event_list
from giamngheo.geo.selectors import unit_ancestors, unit_children, unit_predecessors
from giamngheo.registry.access import access_household, households_visible_to
from giamngheo.registry.models import Household
from giamngheo.registry.reproduce import assessment_reproduce
from giamngheo.registry.selectors import HOUSEHOLD_STATES, household_moves, household_search, transfer_destinations
from giamngheo.registry.services import HouseholdNotFound, household_close, household_reopen, household_transfer
from giamngheo.web.household_forms import HouseholdCloseForm, HouseholdReopenForm, HouseholdTransferForm


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    scoped = units_visible_to(request.user).filter(scopes__user=request.user).order_by("code")
    if request.user.is_superuser and not scoped:
        scoped = units_visible_to(request.user).filter(level="province", valid_to__isnull=True)
    return render(request, "web/workspace.html", {"units": scoped, "can_view_audit": can(request.user, "view_audit")})


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    query = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("trang_thai", "current")
    state = state if state in HOUSEHOLD_STATES else "current"
    households = household_search(households_visible_to(request.user), unit_id=unit.id, query=query, state=state)
    page = Paginator(households.select_related("village"), 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "web/unit.html",
        {
            "unit": unit,
            "ancestors": [a for a in unit_ancestors(unit) if access_unit(request.user, a.id)],
            "children": unit_children(unit),
            "predecessors": unit_predecessors(unit),
            "page": page,
            "query": query,
            "state": state,
            "can_view_audit": can(request.user, "view_audit"),
        },
    )


@login_required
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    return _household_page(request, _visible_household(request, household_id))


def _visible_household(request: HttpRequest, household_id: int) -> Household:
    household = access_household(request.user, household_id)
    if household is None:
        raise Http404("Không tìm thấy hộ gia đình.")
    return household


def _household_page(request: HttpRequest, household: Household, *, transfer_form: HouseholdTransferForm | None = None,
                    close_form: HouseholdCloseForm | None = None, reopen_form: HouseholdReopenForm | None = None,
                    status: int = 200) -> HttpResponse:
    # The forms show for whoever the services accept: household editors of the whole commune (not a village head).
    may_change = can(request.user, "edit_households") and access_unit(request.user, household.commune_id) is not None
    may_move = may_change and not household.is_closed
    assessments = list(household.assessments.select_related("commune").order_by("-year", "-id"))
    return render(
        request,
        "web/household.html",
        {
            "household": household,
            "members": household.members.all(),
            "assessments": assessments,
            # Each stored result re-run from its own facts and standard (a few per household: cheap).
            "assessment_rows": [(a, assessment_reproduce(a)) for a in assessments],
            "moves": household_moves(household),
            "may_move": may_move,
            "transfer_form": transfer_form or (
                HouseholdTransferForm(communes=transfer_destinations(household)) if may_move else None),
            "close_form": close_form or (HouseholdCloseForm() if may_move else None),
            "reopen_form": reopen_form or (HouseholdReopenForm() if may_change and household.is_closed else None),
            "can_view_audit": can(request.user, "view_audit"),
        },
        status=status,
    )


def _act(request: HttpRequest, household: Household, form: forms.Form, form_name: str,
         act: Callable[[dict[str, Any]], Any]) -> Any:
    """Run a household action from its form: the service's result, or the page again with the reason (400)."""
    if form.is_valid():
        try:
            return act(form.cleaned_data)
        except HouseholdNotFound:
            raise Http404("Không tìm thấy hộ gia đình.") from None
        except (ValidationError, PermissionDenied) as refused:
            form.add_error(None, _message(refused))
    return _household_page(request, household, status=400, **{form_name: form})


@login_required
@require_POST
def household_transfer_view(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _visible_household(request, household_id)
    form = HouseholdTransferForm(request.POST, communes=transfer_destinations(household))
    move = _act(request, household, form, "transfer_form", lambda data: household_transfer(
        acting_user=request.user, household_id=household.pk, on=data["on"], reason=data["reason"], **form.target()))
    if isinstance(move, HttpResponse):
        return move
    where = f"{move.to_village.name}, {move.to_commune.name}" if move.to_village else move.to_commune.name
    messages.success(request, f"Đã chuyển hộ {household.code} sang {where} từ ngày {move.moved_on:%d/%m/%Y}.")
    if access_household(request.user, household.pk) is None:
        # The origin's officials no longer see the household: back to their commune's list.
        messages.info(request, f"Hộ {household.code} nay thuộc {move.to_commune.name}, không còn trong danh sách "
                               "của xã.")
        return redirect("web:unit", unit_id=move.from_commune_id)
    return redirect("web:household", household_id=household.pk)


@login_required
@require_POST
def household_close_view(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _visible_household(request, household_id)
    closed = _act(request, household, HouseholdCloseForm(request.POST), "close_form", lambda data: household_close(
        acting_user=request.user, household_id=household.pk, **data))
    if isinstance(closed, HttpResponse):
        return closed
    messages.success(request, f"Đã xóa tên hộ {closed.code} khỏi sổ từ ngày {closed.closed_on:%d/%m/%Y} "
                              f"({closed.get_closed_reason_display().lower()}). Hộ vẫn được lưu cùng lịch sử.")
    return redirect("web:household", household_id=household.pk)


@login_required
@require_POST
def household_reopen_view(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _visible_household(request, household_id)
    reopened = _act(request, household, HouseholdReopenForm(request.POST), "reopen_form", lambda data: household_reopen(
        acting_user=request.user, household_id=household.pk, **data))
    if isinstance(reopened, HttpResponse):
        return reopened
    messages.success(request, f"Đã khôi phục tên hộ {reopened.code} trong sổ hộ.")
    return redirect("web:household", household_id=household.pk)


def _message(refused: Exception) -> str:
    return refused.messages[0] if isinstance(refused, ValidationError) else str(refused)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "view_audit"):
        raise Http404("Không tìm thấy trang.")
    filters = {k: request.GET.get(k, "").strip()[:80] or None for k in ("action", "object_type", "object_id", "actor")}
    events = audit_event_list(request.user, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("trang"))
    return render(request, "web/audit.html", {"page": page, "filters": filters, "can_view_audit": True})
