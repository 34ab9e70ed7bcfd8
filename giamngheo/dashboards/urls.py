from django.urls import path

from giamngheo.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:unit_id>/", views.unit_dashboard, name="unit"),
    path("<int:unit_id>/xuat/<slug:table>.<str:fmt>", views.export, name="export"),
    path("<int:unit_id>/ban-tin.pdf", views.brief, name="brief"),
    path("muc-tieu/", views.targets, name="targets"),
    path("muc-tieu/mau.xlsx", views.targets_template, name="targets_template"),
]
