from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "eig.impact"
    label = "impact"
    verbose_name = "Impact"
