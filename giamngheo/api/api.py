"""The HTTP API: one router per context, mounted under /api/v1/."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from giamngheo.api import audit, dashboards, geo, households, news, policies, registry_import, review, standards

api = NinjaAPI(
    title="giamngheo API",
    version="1",
    description="API của nền tảng giảm nghèo đa chiều. Đăng nhập bằng phiên (session) của tài khoản cán bộ.",
    urls_namespace="api",
    auth=django_auth,
)
api.add_router("/units", geo.router)
api.add_router("/households", households.router)
api.add_router("/audit", audit.router)
api.add_router("/policies", policies.router)
api.add_router("/households", policies.entitlements_router)
api.add_router("/lookup", policies.lookup_router)
api.add_router("/standards", standards.standards_router)
api.add_router("/assess", standards.assess_router)
api.add_router("/dashboards", dashboards.router)
api.add_router("/review", review.router)
api.add_router("/imports", registry_import.router)
api.add_router("/news", news.router)
