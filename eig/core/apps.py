from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eig.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from eig.core.public_cache import watch_models

        watch_models()
