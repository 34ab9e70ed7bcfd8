from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "giamngheo.dashboards"
    label = "dashboards"
    verbose_name = "Bảng theo dõi"
