from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "giamngheo.api"
    label = "api"
    verbose_name = "API"
