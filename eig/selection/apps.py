from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "eig.selection"
    label = "selection"
    verbose_name = "Sélection"
