from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "eig.public"
    label = "public"
    verbose_name = "Pages publiques"
