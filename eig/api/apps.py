from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "eig.api"
    label = "api"
    verbose_name = "API"
