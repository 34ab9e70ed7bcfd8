from django.urls import path

from giamngheo.review.views import documents, reports, rounds

app_name = "review"
urlpatterns = [
    path("", rounds.round_list, name="rounds"),
    path("mo-dot/", rounds.round_new, name="round_new"),
    path("<int:round_id>/", rounds.round_detail, name="round"),
    path("<int:round_id>/<slug:action>/", rounds.round_action, name="round_action"),
    path("van-ban/<int:document_id>.pdf", documents.document_download, name="document"),
    path("van-ban/<int:document_id>/ban-da-ky/", documents.signed_scan_download, name="signed_scan"),
    path("van-ban/<int:document_id>/ban-da-ky/tai-len/", documents.signed_scan_upload, name="signed_scan_upload"),
    path("bao-cao/", reports.report_home, name="reports"),
    path("bao-cao/<int:unit_id>/<int:year>/", reports.report_view, name="report"),
    path("bao-cao/<int:unit_id>/<int:year>.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("bao-cao/<int:unit_id>/<int:year>/cap-nhat/", reports.report_refresh, name="report_refresh"),
]
