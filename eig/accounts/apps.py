from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eig.accounts"
    label = "accounts"
    verbose_name = "Comptes"
