from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "giamngheo.policies"
    label = "policies"
    verbose_name = "Chính sách và quyền lợi"

    def ready(self) -> None:
        from giamngheo.policies import tasks  # noqa: F401 — connects the receiver of new review results
