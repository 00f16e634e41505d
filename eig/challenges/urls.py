from django.urls import path

from eig.challenges.views import agent, coach, impact, public, staff

app_name = "challenges"

urlpatterns = [
    # The administration's agents
    path("espace/defis/", agent.challenge_list, name="list"),
    path("espace/defis/nouveau/", agent.challenge_create, name="create"),
    path("espace/defis/<int:pk>/", agent.challenge_detail, name="detail"),
    path("espace/defis/<int:pk>/modifier/<slug:section>/", agent.challenge_edit, name="edit"),
    path("espace/defis/<int:pk>/indicateurs/ajouter/", agent.indicator_add, name="indicator_add"),
    path(
        "espace/defis/<int:pk>/indicateurs/<int:indicator_pk>/modifier/",
        agent.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "espace/defis/<int:pk>/indicateurs/<int:indicator_pk>/supprimer/",
        agent.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "espace/defis/<int:pk>/pieces-jointes/ajouter/",
        agent.attachment_add,
        name="attachment_add",
    ),
    path(
        "espace/defis/<int:pk>/pieces-jointes/<int:attachment_pk>/",
        agent.attachment_download,
        name="attachment_download",
    ),
    path(
        "espace/defis/<int:pk>/pieces-jointes/<int:attachment_pk>/supprimer/",
        agent.attachment_delete,
        name="attachment_delete",
    ),
    path(
        "espace/defis/<int:pk>/indicateurs/<int:indicator_pk>/mesures/ajouter/",
        impact.measurement_add,
        name="measurement_add",
    ),
    path(
        "espace/defis/<int:pk>/indicateurs/<int:indicator_pk>/mesures/<int:measurement_pk>/supprimer/",
        impact.measurement_delete,
        name="measurement_delete",
    ),
    path("espace/defis/<int:pk>/devenir/", impact.outcome_record, name="outcome_record"),
    path("espace/defis/<int:pk>/deposer/", agent.challenge_submit, name="submit"),
    path("espace/defis/<int:pk>/retirer/", agent.challenge_withdraw, name="withdraw"),
    # The programme team
    path("equipe/defis/", staff.challenge_list, name="staff_list"),
    path(
        "equipe/defis/administrations.json",
        staff.organisation_suggestions,
        name="staff_organisation_suggestions",
    ),
    path("equipe/defis/export.csv", staff.export_csv, name="staff_export_csv"),
    path("equipe/defis/export.xlsx", staff.export_xlsx, name="staff_export_xlsx"),
    path("equipe/defis/decisions/", staff.challenges_bulk, name="staff_bulk"),
    path("equipe/defis/<int:pk>/", staff.challenge_detail, name="staff_detail"),
    path("equipe/defis/<int:pk>/transition/", staff.challenge_transition, name="staff_transition"),
    path(
        "equipe/defis/<int:pk>/devenir/", impact.staff_outcome_record, name="staff_outcome_record"
    ),
    path("equipe/defis/<int:pk>/annotations/", staff.note_add, name="staff_note_add"),
    path("equipe/defis/<int:pk>/avis/", staff.opinion_request, name="staff_opinion_request"),
    path("equipe/politiques-prioritaires/", staff.policy_list, name="policy_list"),
    path("equipe/politiques-prioritaires/ajouter/", staff.policy_create, name="policy_create"),
    path("equipe/politiques-prioritaires/<int:pk>/", staff.policy_edit, name="policy_edit"),
    # beta.gouv.fr coaches
    path("espace/avis/", coach.opinion_list, name="coach_list"),
    path("espace/avis/<int:pk>/", coach.challenge_detail, name="coach_detail"),
    # The public
    path("defis/", public.catalogue, name="catalogue"),
    path(
        "defis/administrations.json",
        public.organisation_suggestions,
        name="catalogue_organisation_suggestions",
    ),
    path("defis/donnees.csv", public.opendata_csv, name="opendata_csv"),
    path("defis/donnees.json", public.opendata_json, name="opendata_json"),
    path("defis/donnees.schema.json", public.opendata_schema, name="opendata_schema"),
    path("defis/<int:pk>/", public.challenge_detail, name="public_detail"),
]
