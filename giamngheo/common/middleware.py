from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from giamngheo.common.request_context import RequestOrigin, reset_origin, set_origin


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is trusted by the reverse proxy's own configuration, not here.
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        token = set_origin(
            RequestOrigin(
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
                channel=channel,
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)
