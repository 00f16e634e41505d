from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "eig.selection"
    label = "selection"
    verbose_name = "Sélection"

    def ready(self) -> None:
        # Imported once the registry is ready: apps.py is read before any models module.
        from eig.candidacies.privacy import eraser_register
        from eig.selection.privacy import selection_texts_erase

        eraser_register(selection_texts_erase)
