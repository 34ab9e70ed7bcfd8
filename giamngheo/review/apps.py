from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "giamngheo.review"
    label = "review"
    verbose_name = "Rà soát hộ nghèo"
