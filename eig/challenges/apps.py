from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "eig.challenges"
    label = "challenges"
    verbose_name = "Défis"
