from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "eig.organisations"
    label = "organisations"
    verbose_name = "Administrations"
