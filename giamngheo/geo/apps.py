from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "giamngheo.geo"
    label = "geo"
    verbose_name = "Đơn vị hành chính"
