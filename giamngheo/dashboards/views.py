"""Dashboard pages, exports, the printable brief, targets, and the public summary: parse → access → selector."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from giamngheo.accounts.access import access_unit, can, units_visible_to
from giamngheo.dashboards.brief import brief_pdf
from giamngheo.dashboards.charts import chart_data
from giamngheo.dashboards.exports import TABLE_TITLES, dashboard_tables, table_csv, tables_xlsx
from giamngheo.dashboards.forms import TargetForm, TargetImportForm
from giamngheo.dashboards.selectors import (
    dashboard_get,
    dashboard_roots,
    public_provinces,
    public_unit,
    target_list,
    target_units,
)
from giamngheo.dashboards.services import (
    TargetInvalid,
    TargetNotAllowed,
    aggregates_catch_up,
    target_set,
    targets_import,
)
from giamngheo.dashboards.target_files import COLUMN_TITLES, TargetFileError
from giamngheo.geo.models import AdminUnit
from giamngheo.registry.selectors import synthetic_data_present

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("nam", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def _unit_or_404(request: HttpRequest, unit_id: int) -> AdminUnit:
    aggregates_catch_up()
    unit = access_unit(request.user, unit_id)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit


@login_required
def index(request: HttpRequest) -> HttpResponse:
    roots = dashboard_roots(request.user)
    if len(roots) == 1:
        year = _year(request)
        return redirect(reverse("dashboards:unit", args=[roots[0].id]) + (f"?nam={year}" if year else ""))
    return render(request, "dashboards/index.html", {"roots": roots})


@login_required
def unit_dashboard(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request, unit_id)
    if unit.valid_to is not None:
        heirs = units_visible_to(request.user).filter(predecessions__predecessor=unit, valid_to__isnull=True)
        successor = heirs.first()
        if successor is None:
            raise Http404("Đơn vị không còn tồn tại.")
        messages.info(request, f"{unit.name} không còn tồn tại từ {unit.valid_to:%d/%m/%Y}; số liệu nay thuộc "
                               f"{successor.name}.")
        return redirect("dashboards:unit", successor.id)
    d = dashboard_get(unit, year=_year(request))
    above = units_visible_to(request.user).filter(pk__in=[a.id for a in d.ancestors])
    visible = set(above.values_list("id", flat=True))
    return render(request, "dashboards/dashboard.html", {
        "d": d, "charts": chart_data(d), "ancestors": [(a, a.id in visible) for a in d.ancestors],
        "titles": TABLE_TITLES, "can_manage_targets": can(request.user, "manage_targets"),
        "unit_prefix": reverse("dashboards:index"),
    })


@login_required
def export(request: HttpRequest, unit_id: int, table: str, fmt: str) -> HttpResponse:
    unit = _unit_or_404(request, unit_id)
    d = dashboard_get(unit, year=_year(request))
    tables = dashboard_tables(d)
    stem = f"bang-theo-doi-{unit.code}-{d.year}"
    if table == "bao-cao" and fmt == "xlsx":
        return _download(tables_xlsx(tables, heading=f"{unit.name} — năm {d.year}"), f"{stem}.xlsx", XLSX)
    chosen = next((t for t in tables if t.key == table), None)
    if chosen is None or fmt not in {"csv", "xlsx"}:
        raise Http404("Không có bảng số liệu này.")
    if fmt == "csv":
        return _download(table_csv(chosen), f"{stem}-{table}.csv", "text/csv; charset=utf-8")
    return _download(tables_xlsx((chosen,), heading=f"{unit.name} — năm {d.year}"), f"{stem}-{table}.xlsx", XLSX)


@login_required
def brief(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request, unit_id)
    d = dashboard_get(unit, year=_year(request))
    if d.year is None:
        raise Http404("Chưa có số liệu cho đơn vị này.")
    content = brief_pdf(unit, d, today=timezone.localdate(), synthetic=synthetic_data_present())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ban-tin-{unit.code}-{d.year}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "manage_targets"):
        raise Http404("Không tìm thấy trang.")
    choices = [(u.id, f"{u.name} ({u.code})") for u in target_units(request.user)]
    form = TargetForm(unit_choices=choices)
    upload = TargetImportForm()
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and "file" in request.FILES:
        upload = TargetImportForm(request.POST, request.FILES)
        if upload.is_valid():
            f = upload.cleaned_data["file"]
            try:
                report = targets_import(acting_user=request.user, file_name=f.name, content=f.read())
            except (TargetInvalid, TargetFileError, TargetNotAllowed) as exc:
                errors = getattr(exc, "errors", None) or [("", str(exc))]
            else:
                messages.success(request, f"Đã nhập {report.rows} mục tiêu ({report.created} mới, "
                                          f"{report.updated} cập nhật).")
                return redirect("dashboards:targets")
    elif request.method == "POST":
        form = TargetForm(request.POST, unit_choices=choices)
        if form.is_valid():
            try:
                target_set(acting_user=request.user, unit_id=form.cleaned_data["unit"], **{
                    k: form.cleaned_data[k] for k in ("year", "poor_rate", "near_poor_rate", "households_out", "source")
                })
            except TargetInvalid as exc:
                errors = exc.errors
            else:
                messages.success(request, "Đã lưu mục tiêu.")
                return redirect("dashboards:targets")
    return render(request, "dashboards/targets.html", {
        "form": form, "upload": upload, "errors": errors, "targets": target_list(request.user),
        "columns": COLUMN_TITLES,
    }, status=400 if errors else 200)


@login_required
def targets_template(request: HttpRequest) -> HttpResponse:
    """An .xlsx to fill in: one row per province/commune in scope, next year pre-filled."""
    if not can(request.user, "manage_targets"):
        raise Http404("Không tìm thấy trang.")
    from giamngheo.dashboards.exports import Table

    year = timezone.localdate().year
    keys = ("code", "name", "year", "poor_rate", "near_poor_rate", "households_out", "source")
    rows = tuple((u.code, u.name, year, None, None, None, None) for u in target_units(request.user))
    table = Table("muc-tieu", "Mục tiêu giảm nghèo", tuple(COLUMN_TITLES[k] for k in keys), rows)
    content = tables_xlsx((table,), heading="Nhập mục tiêu (xóa 2 dòng đầu trước khi tải lên)")
    return _download(content, f"mau-muc-tieu-{year}.xlsx", XLSX)


def public_index(request: HttpRequest) -> HttpResponse:
    provinces = public_provinces()
    if len(provinces) == 1:
        return redirect("dashboards_public:unit", provinces[0].id)
    return render(request, "dashboards/public_index.html", {"provinces": provinces})


def public_summary(request: HttpRequest, unit_id: int) -> HttpResponse:
    aggregates_catch_up()
    unit = public_unit(unit_id)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    d = dashboard_get(unit, year=_year(request))
    links = {c.unit.id for c in d.children if c.unit.level in ("province", "commune")}
    return render(request, "dashboards/public.html", {
        "d": d, "charts": chart_data(d, public=True, link_ids=links),
        "ancestors": [a for a in d.ancestors if a.level in ("province", "commune")],
    })


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
