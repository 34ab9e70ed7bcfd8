from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "giamngheo.outreach"
    label = "outreach"
    verbose_name = "Truyền thông"
