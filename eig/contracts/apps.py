from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "eig.contracts"
    label = "contracts"
    verbose_name = "Offres et contrats"
