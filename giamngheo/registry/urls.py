from django.urls import path

from giamngheo.registry import views

app_name = "registry"
urlpatterns = [
    path("nhap/", views.import_list, name="imports"),
    path("nhap/<int:batch_id>/", views.import_detail, name="import"),
    path("nhap/<int:batch_id>/trang-thai/", views.import_status, name="import_status"),
    path("nhap/<int:batch_id>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap/<int:batch_id>/tu-choi/", views.import_reject, name="import_reject"),
]
