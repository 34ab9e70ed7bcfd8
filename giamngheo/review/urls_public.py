"""The public certificate check behind the QR code: no login, minimal data."""

from django.urls import path

from giamngheo.review.views import documents

app_name = "verify"
urlpatterns = [
    path("", documents.verify_home, name="home"),
    path("<str:token>/", documents.verify, name="certificate"),
]
