from django.contrib import admin
from django.urls import include, path

from giamngheo.api.api import api

admin.site.site_header = "giamngheo — quản trị"
admin.site.site_title = "giamngheo"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("tai-khoan/", include("giamngheo.accounts.urls")),
    path("so-ho/", include("giamngheo.registry.urls")),
    path("ra-soat/", include("giamngheo.review.urls")),
    path("xac-minh/", include("giamngheo.review.urls_public")),
    path("tra-cuu/", include("giamngheo.web.lookup_urls")),
    path("chinh-sach/", include("giamngheo.policies.urls")),
    path("bang-theo-doi/", include("giamngheo.dashboards.urls")),
    path("so-lieu-giam-ngheo/", include("giamngheo.dashboards.public_urls")),
    path("tin-tuc/", include("giamngheo.outreach.urls")),
    path("", include("giamngheo.web.urls")),
]
