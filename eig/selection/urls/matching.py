"""The matching ("affectation"): rankings of both sides and the programme team's runs."""

from django.urls import path

from eig.selection.views import matching

app_name = "matching"

urlpatterns = [
    path(
        "espace/affectation/<int:pk>/",
        matching.candidate_ranking,
        name="candidate_ranking",
    ),
    path(
        "espace/affectation/<int:pk>/defis/<int:challenge_pk>/",
        matching.jury_ranking,
        name="jury_ranking",
    ),
    path(
        "equipe/selection/sessions/<int:pk>/affectation/", matching.staff_round, name="staff_round"
    ),
    path(
        "equipe/selection/sessions/<int:pk>/affectation/places/<int:challenge_pk>/",
        matching.places_set,
        name="places_set",
    ),
    path(
        "equipe/selection/sessions/<int:pk>/affectation/lancer/",
        matching.run_start,
        name="run_start",
    ),
    path(
        "equipe/selection/affectations/<int:pk>/modifier/",
        matching.run_override,
        name="run_override",
    ),
    path(
        "equipe/selection/affectations/<int:pk>/publier/",
        matching.run_publish,
        name="run_publish",
    ),
    path(
        "equipe/selection/sessions/<int:pk>/affectation/offres/<int:offer_pk>/confirmer/",
        matching.draft_offer_confirm,
        name="offer_confirm",
    ),
]
