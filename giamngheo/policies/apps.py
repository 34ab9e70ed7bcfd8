from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "giamngheo.policies"
    label = "policies"
    verbose_name = "Chính sách và quyền lợi"
