from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "convener.accounts"
    label = "accounts"
    verbose_name = "Accounts"
