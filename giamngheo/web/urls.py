from django.urls import path

from giamngheo.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("dia-ban/", views.workspace, name="workspace"),
    path("dia-ban/<int:unit_id>/", views.unit_detail, name="unit"),
    path("ho/<int:household_id>/", views.household_detail, name="household"),
    path("ho/<int:household_id>/chuyen-ho/", views.household_transfer_view, name="household_transfer"),
    path("ho/<int:household_id>/xoa-ten/", views.household_close_view, name="household_close"),
    path("ho/<int:household_id>/khoi-phuc/", views.household_reopen_view, name="household_reopen"),
    path("nhat-ky/", views.audit_log, name="audit"),
]
