from django.urls import path

from eig.selection.views import interviews, jury

app_name = "interviews"

urlpatterns = [
    # The programme team: interviews
    path("equipe/selection/entretiens/", interviews.staff_list, name="staff_list"),
    path(
        "equipe/selection/candidatures/<int:pk>/entretien/",
        interviews.interview_create,
        name="create",
    ),
    path("equipe/selection/entretiens/<int:pk>/", interviews.staff_detail, name="staff_detail"),
    path(
        "equipe/selection/entretiens/<int:pk>/modifier/",
        interviews.interview_reschedule,
        name="reschedule",
    ),
    path(
        "equipe/selection/entretiens/<int:pk>/annuler/",
        interviews.interview_cancel,
        name="cancel",
    ),
    # The programme team: proposals to défis, joint interviews
    path("equipe/selection/defis/", jury.proposal_challenges, name="proposal_challenges"),
    path(
        "equipe/selection/defis/<int:pk>/propositions/",
        jury.proposal_page,
        name="proposal_page",
    ),
    path(
        "equipe/selection/propositions/<int:pk>/entretien-conjoint/",
        jury.joint_interview_create,
        name="joint_create",
    ),
    # Interviewers (programme team, reviewers)
    path("espace/entretiens/", interviews.my_interviews, name="my_interviews"),
    path("espace/entretiens/<int:pk>/evaluation/", interviews.interview_review, name="review"),
    # The administration's jury (agents of the défi's organisation)
    path("espace/jury/", jury.jury_index, name="jury_index"),
    path("espace/defis/<int:pk>/candidat-es/", jury.jury_list, name="jury_list"),
    path(
        "espace/defis/<int:pk>/candidat-es/<int:proposal_pk>/",
        jury.jury_candidate,
        name="jury_candidate",
    ),
    path(
        "espace/defis/<int:pk>/candidat-es/<int:proposal_pk>/cv/",
        jury.jury_cv,
        name="jury_cv",
    ),
]
