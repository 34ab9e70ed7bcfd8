"""Server-rendered pages: parse → access → selector → template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from giamngheo.accounts.access import access_unit, can, units_visible_to
from giamngheo.accounts.selectors import audit_event_list
from giamngheo.geo.selectors import unit_ancestors, unit_children, unit_predecessors
from giamngheo.registry.access import access_household, households_visible_to
from giamngheo.registry.selectors import household_search


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
    households = household_search(households_visible_to(request.user), unit_id=unit.id, query=query)
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
            "can_view_audit": can(request.user, "view_audit"),
        },
    )


@login_required
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household = access_household(request.user, household_id)
    if household is None:
        raise Http404("Không tìm thấy hộ gia đình.")
    return render(
        request,
        "web/household.html",
        {
            "household": household,
            "members": household.members.all(),
            "assessments": household.assessments.select_related("commune").order_by("-year", "-id"),
            "can_view_audit": can(request.user, "view_audit"),
        },
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "view_audit"):
        raise Http404("Không tìm thấy trang.")
    filters = {k: request.GET.get(k, "").strip()[:80] or None for k in ("action", "object_type", "object_id", "actor")}
    events = audit_event_list(request.user, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("trang"))
    return render(request, "web/audit.html", {"page": page, "filters": filters, "can_view_audit": True})
