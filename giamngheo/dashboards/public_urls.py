from django.urls import path

from giamngheo.dashboards import views

app_name = "dashboards_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:unit_id>/", views.public_summary, name="unit"),
]
