"""The public resident lookup page: no session, no JavaScript, one small HTML response either way."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from giamngheo.common.middleware import client_ip
from giamngheo.outreach.selectors import commune_news
from giamngheo.policies.lookup import FAILURE_MESSAGE, lookup_perform

MAX_BODY = 2048


def _page(template: str, context: dict[str, object]) -> HttpResponse:
    # Rendered without the request: no context processors, so no session, cookie or extra query.
    response = HttpResponse(render_to_string(template, context))
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def lookup_fields(request: HttpRequest) -> tuple[str, str]:
    """Return (code, factor) from a small form body; oversized or malformed bodies give empty values."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        return "", ""
    try:
        data = request.POST
        return str(data.get("ma_ho", "")), str(data.get("so_dinh_danh", ""))
    except (RequestDataTooBig, SuspiciousOperation, UnicodeDecodeError):
        return "", ""


# No CSRF token: the page keeps no session and changes nothing for the visitor, and a token would put a
# cookie and a per-request value into responses that must look the same for every failure.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page("policies/lookup_form.html", {"failed": False, "code": request.GET.get("ma_ho", "")[:32]})
    code, factor = lookup_fields(request)
    sheet = lookup_perform(code=code, factor=factor, ip=client_ip(request),
                           user_agent=request.META.get("HTTP_USER_AGENT", ""), channel="web")
    if sheet is None:
        return _page("policies/lookup_form.html", {"failed": True, "failure_message": FAILURE_MESSAGE})
    return _page("policies/sheet.html", {"sheet": sheet, "news": commune_news(sheet.commune_id), "lookup": True})
