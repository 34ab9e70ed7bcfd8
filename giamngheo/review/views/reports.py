"""Report pages and the .xlsx export: a unit (commune or province) and a year, re-aggregated onto today's units."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from giamngheo.accounts.access import access_unit, can, units_visible_to
from giamngheo.assessfile.causes import CAUSES_UNVERIFIED_NOTE
from giamngheo.review.errors import RoundNotFound
from giamngheo.review.selectors.lists import year_lists
from giamngheo.review.selectors.reports import (
    CHILD_NOTE,
    cause_form,
    cause_lines,
    child_deprivation_table,
    decision_drift,
    deprivation_table,
    dynamics_headers,
    dynamics_table,
    ethnicity_table,
    group_form,
    group_lines,
    report_communes,
    report_groups,
    report_years,
    results_table,
)
from giamngheo.review.services.facts import report_facts_refresh
from giamngheo.review.xlsx import report_workbook


def _unit(request: HttpRequest, unit_id: int):  # type: ignore[no-untyped-def]
    unit = access_unit(request.user, unit_id)
    if unit is None or unit.level not in ("province", "commune") or unit.valid_to is not None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit


@login_required
def report_home(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(request.user).filter(level__in=["province", "commune"], valid_to__isnull=True)
    return render(request, "review/report_home.html", {"units": units.order_by("level", "code")[:300]})


@login_required
def report_view(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    communes = report_communes(unit)
    groups = report_groups(year, communes)
    columns, deprived = deprivation_table(groups, communes, "poor")
    child_columns, children = child_deprivation_table(groups, communes)
    return render(request, "review/report.html", {
        "unit": unit, "year": year, "years": report_years(unit), "results": results_table(groups, communes),
        "poor_dynamics": dynamics_table(groups, communes, "poor"), "poor_headers": dynamics_headers("poor"),
        "near_dynamics": dynamics_table(groups, communes, "near_poor"), "near_headers": dynamics_headers("near_poor"),
        "indicator_columns": columns, "deprived": deprived, "ethnicity": ethnicity_table(groups, communes),
        "group_lines": group_lines(group_form(groups, communes)),
        "cause_lines": cause_lines(cause_form(groups, communes)),
        "causes_note": CAUSES_UNVERIFIED_NOTE,
        "child_columns": child_columns, "children": children.total, "child_note": CHILD_NOTE,
        "lists": year_lists(year, unit) if unit.level == "commune" else None,
        "can_refresh": can(request.user, "run_review"), "drift": decision_drift(year, communes),
    })


@login_required
@require_POST
def report_refresh(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    try:
        written = report_facts_refresh(acting_user=request.user, unit_id=unit.pk, year=year)
    except RoundNotFound:
        raise Http404("Không tìm thấy đơn vị.") from None
    messages.success(request, f"Đã tính lại số liệu của {written} hộ cho năm {year}.")
    return redirect("review:report", unit_id=unit.pk, year=year)


@login_required
def report_xlsx(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    content = report_workbook(unit, year)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-ra-soat-{unit.code}-{year}.xlsx"'
    return response
