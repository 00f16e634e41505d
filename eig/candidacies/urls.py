from django.urls import path

from eig.candidacies.views import candidate, personal_data, staff

app_name = "candidacies"

urlpatterns = [
    # The candidate's profile
    path("espace/profil/", candidate.profile, name="profile"),
    path("espace/profil/experiences/ajouter/", candidate.venture_add, name="venture_add"),
    path("espace/profil/experiences/<int:pk>/", candidate.venture_edit, name="venture_edit"),
    path(
        "espace/profil/experiences/<int:pk>/supprimer/",
        candidate.venture_delete,
        name="venture_delete",
    ),
    path("espace/profil/cv/", candidate.cv_upload, name="cv_upload"),
    path("espace/profil/cv/telecharger/", candidate.cv_download, name="cv_download"),
    # The candidate's applications
    path("espace/candidatures/", candidate.candidacy_list, name="list"),
    path("espace/candidatures/nouvelle/", candidate.candidacy_start, name="start"),
    path("espace/candidatures/<int:pk>/", candidate.candidacy_detail, name="detail"),
    path("espace/candidatures/<int:pk>/modifier/", candidate.candidacy_edit, name="edit"),
    path("espace/candidatures/<int:pk>/deposer/", candidate.candidacy_submit, name="submit"),
    path("espace/candidatures/<int:pk>/retirer/", candidate.candidacy_withdraw, name="withdraw"),
    # Personal data
    path("espace/mes-donnees/", personal_data.my_data, name="my_data"),
    path("espace/mes-donnees/export/", personal_data.my_data_export, name="my_data_export"),
    path("espace/mes-donnees/supprimer/", personal_data.account_delete, name="account_delete"),
    # The programme team
    path("equipe/candidatures/", staff.candidacy_list, name="staff_list"),
    path(
        "equipe/candidatures/voeux.json",
        staff.challenge_suggestions,
        name="staff_challenge_suggestions",
    ),
    path("equipe/candidatures/export.csv", staff.export_csv, name="staff_export_csv"),
    path("equipe/candidatures/export.xlsx", staff.export_xlsx, name="staff_export_xlsx"),
    path("equipe/candidatures/exports/", staff.export_list, name="staff_export_list"),
    path(
        "equipe/candidatures/exports/<int:pk>/telecharger/",
        staff.export_download,
        name="staff_export_download",
    ),
    path("equipe/candidatures/<int:pk>/", staff.candidacy_detail, name="staff_detail"),
    path(
        "equipe/candidatures/<int:pk>/experiences/<int:venture_pk>/description/",
        staff.venture_description_hide,
        name="staff_venture_description",
    ),
    path("equipe/candidat-es/<int:pk>/cv/", staff.cv_download, name="staff_cv"),
]
