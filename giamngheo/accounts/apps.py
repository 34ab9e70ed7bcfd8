from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "giamngheo.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phạm vi"
