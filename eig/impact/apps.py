from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "eig.impact"
    label = "impact"
    verbose_name = "Impact"

    def ready(self) -> None:
        # Imported once the registry is ready: apps.py is read before any models module.
        from eig.candidacies.privacy import eraser_register, export_section_register
        from eig.impact.surveys import alumni_surveys_erase, alumni_surveys_export

        # An erased person's answers stay, anonymous, for the public figures.
        eraser_register(alumni_surveys_erase)
        export_section_register("enquetes_alumni", alumni_surveys_export)
