"""News pages: the public portal (no login, no script needed) and the editors' pages (edit_content, own units)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from giamngheo.accounts.access import can
from giamngheo.outreach import selectors, services
from giamngheo.outreach.models import ArticleStatus
from giamngheo.outreach.services import SUMMARY_MAX, TITLE_MAX, ArticleNotAllowed, scope_units

PAGE_SIZE = 10
FIELDS = ("title", "summary", "body", "unit_id", "emergency")
FIELD_LABELS = {"title": "Tiêu đề", "summary": "Tóm tắt", "body": "Nội dung", "unit": "Dành cho"}


# ---------------------------------------------------------------------------------------------- public portal


def portal(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("xa", "").strip()
    commune = selectors.commune_by_code(code) if code else None
    page = Paginator(selectors.public_articles(commune=commune), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "outreach/portal.html", {
        "page": page, "commune": commune, "code": code, "unknown_code": bool(code) and commune is None,
        "communes": selectors.news_communes(),
    })


def article(request: HttpRequest, article_id: int) -> HttpResponse:
    found = selectors.public_article_get(article_id)
    if found is None:
        raise Http404("Không tìm thấy tin.")
    return render(request, "outreach/article.html", {"article": found})


# ---------------------------------------------------------------------------------------------- editors


def _editor(request: HttpRequest) -> None:
    if not can(request.user, "edit_content"):
        raise Http404("Không tìm thấy trang.")


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _editor(request)
    articles = selectors.articles_editable_by(request.user)
    status = request.GET.get("trang-thai", "")
    if status in ArticleStatus.values:
        articles = articles.filter(status=status)
    page = Paginator(articles, 25).get_page(request.GET.get("trang"))
    return render(request, "outreach/manage.html", {
        "page": page, "status": status, "statuses": ArticleStatus.choices,
    })


def _form(request: HttpRequest, article_id: int | None) -> HttpResponse:
    _editor(request)
    found = selectors.article_editable_get(request.user, article_id) if article_id else None
    if article_id and found is None:
        raise Http404("Không tìm thấy tin.")
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in FIELDS}
        values["emergency"] = request.POST.get("emergency") == "on"
        try:
            if found is None:
                found = services.article_create(acting_user=request.user, **values)
            else:
                found = services.article_update(acting_user=request.user, article_id=found.pk, **values)
        except ValidationError as error:
            errors = error.message_dict
        except ArticleNotAllowed as error:
            raise Http404("Không tìm thấy tin.") from error
        else:
            if request.POST.get("publish") and not found.is_published:
                services.article_publish(acting_user=request.user, article_id=found.pk)
                messages.success(request, "Đã lưu và đăng tin; người dân xem được trên cổng tin tức.")
            elif found.is_published:
                messages.success(request, "Đã lưu thay đổi; tin đang đăng đã được cập nhật.")
            else:
                messages.success(request, "Đã lưu bản nháp. Bấm “Đăng” để đưa tin lên cổng tin tức.")
            return redirect("news:edit", article_id=found.pk)
    elif found is not None:
        values = {name: getattr(found, name) for name in FIELDS}
    else:
        values = {"title": "", "summary": "", "body": "", "unit_id": "", "emergency": False}
    units = list(scope_units(request.user))
    selected = str(values.get("unit_id") or (units[0].pk if len(units) == 1 else ""))
    return render(request, "outreach/form.html", {
        "article": found, "values": values, "errors": [(FIELD_LABELS.get(k, ""), m) for k, ms in errors.items()
                                                       for m in ms],
        "error_fields": set(errors), "units": units, "title_max": TITLE_MAX,
        "summary_max": SUMMARY_MAX, "selected_unit": selected,
    })


@login_required
def article_new(request: HttpRequest) -> HttpResponse:
    return _form(request, None)


@login_required
def article_edit(request: HttpRequest, article_id: int) -> HttpResponse:
    return _form(request, article_id)


@login_required
@require_POST
def article_publish(request: HttpRequest, article_id: int) -> HttpResponse:
    _editor(request)
    try:
        services.article_publish(acting_user=request.user, article_id=article_id)
    except ArticleNotAllowed as error:
        raise Http404("Không tìm thấy tin.") from error
    messages.success(request, "Đã đăng tin; người dân xem được trên cổng tin tức.")
    return redirect("news:edit", article_id=article_id)


@login_required
@require_POST
def article_unpublish(request: HttpRequest, article_id: int) -> HttpResponse:
    _editor(request)
    try:
        services.article_unpublish(acting_user=request.user, article_id=article_id)
    except ArticleNotAllowed as error:
        raise Http404("Không tìm thấy tin.") from error
    messages.success(request, "Đã gỡ tin xuống; tin không còn hiện với người dân.")
    return redirect("news:edit", article_id=article_id)
