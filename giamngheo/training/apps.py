from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "giamngheo.training"
    label = "training"
    verbose_name = "Đào tạo cán bộ"
