from django.urls import path

from eig.selection.views import review, screening

app_name = "selection"

urlpatterns = [
    # The programme team
    path("equipe/selection/", screening.round_list, name="round_list"),
    path("equipe/selection/motifs/", screening.reason_list, name="reason_list"),
    path("equipe/selection/motifs/ajouter/", screening.reason_edit, name="reason_create"),
    path("equipe/selection/motifs/<int:pk>/", screening.reason_edit, name="reason_edit"),
    path("equipe/selection/sessions/<int:round_pk>/", screening.board, name="board"),
    path(
        "equipe/selection/sessions/<int:round_pk>/decisions/",
        screening.bulk_decide,
        name="bulk_decide",
    ),
    path(
        "equipe/selection/sessions/<int:round_pk>/attribution/",
        review.assignment,
        name="assignment",
    ),
    path("equipe/selection/sessions/<int:round_pk>/publier/", screening.publish, name="publish"),
    path("equipe/selection/candidatures/<int:pk>/", review.application, name="application"),
    path("equipe/selection/candidatures/<int:pk>/recevabilite/", screening.screen, name="screen"),
    path(
        "equipe/selection/candidatures/<int:pk>/comite/",
        screening.committee_decide,
        name="committee",
    ),
    path("equipe/selection/candidatures/<int:pk>/evaluateurs/", review.assign, name="assign"),
    path(
        "equipe/selection/candidatures/<int:pk>/evaluateurs/<int:review_pk>/retirer/",
        review.unassign,
        name="unassign",
    ),
    path(
        "equipe/selection/candidatures/<int:pk>/conflits/",
        review.conflict_record,
        name="conflict_record",
    ),
    # Reviewers
    path("espace/evaluations/", review.reviewer_home, name="reviewer_home"),
    path("espace/evaluations/<int:pk>/", review.review, name="review"),
    path("espace/evaluations/<int:pk>/rendre/", review.review_submit, name="review_submit"),
    path("espace/evaluations/<int:pk>/cv/", review.review_cv, name="review_cv"),
    path(
        "espace/evaluations/sessions/<int:round_pk>/conflits/",
        review.conflicts,
        name="conflicts",
    ),
]
