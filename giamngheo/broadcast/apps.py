from django.apps import AppConfig


class BroadcastConfig(AppConfig):
    name = "giamngheo.broadcast"
    label = "broadcast"
    verbose_name = "Truyền thanh cơ sở"
