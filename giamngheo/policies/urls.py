from django.urls import path

from giamngheo.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("moi/", views.policy_new, name="new"),
    path("thay-doi-2027/", views.changes_2027, name="changes_2027"),
    path("tra-cuu/", views.lookup_log, name="lookup_log"),
    path("xa/", views.communes, name="communes"),
    path("ho/<int:household_id>/", views.household, name="household"),
    path("ho/<int:household_id>/dac-diem/", views.household_circumstances, name="household_circumstances"),
    path("ho/<int:household_id>/in/", views.household_print, name="household_print"),
    path("<slug:code>/", views.policy_detail, name="detail"),
    path("<slug:code>/sua/", views.policy_edit, name="edit"),
    path("<slug:code>/lich-su/", views.policy_history, name="history"),
    path("<slug:code>/danh-sach.<str:fmt>", views.policy_export, name="export"),
]
