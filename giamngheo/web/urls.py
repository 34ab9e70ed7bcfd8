from django.urls import path

from giamngheo.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("dia-ban/", views.workspace, name="workspace"),
    path("dia-ban/<int:unit_id>/", views.unit_detail, name="unit"),
    path("ho/<int:household_id>/", views.household_detail, name="household"),
    path("nhat-ky/", views.audit_log, name="audit"),
]
