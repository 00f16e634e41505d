from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eig.core"
    label = "core"
    verbose_name = "Socle"
