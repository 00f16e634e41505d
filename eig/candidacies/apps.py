from django.apps import AppConfig


class CandidaciesConfig(AppConfig):
    name = "eig.candidacies"
    label = "candidacies"
    verbose_name = "Candidatures"
