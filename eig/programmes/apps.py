from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "eig.programmes"
    label = "programmes"
    verbose_name = "Paramètres du programme"
