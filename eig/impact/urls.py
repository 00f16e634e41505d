from django.urls import path

from eig.impact.views import public, staff, survey

app_name = "impact"

urlpatterns = [
    # The public
    path("impact/", public.impact_page, name="page"),
    path("impact/chiffres.csv", public.figures_csv, name="figures_csv"),
    path("impact/chiffres.json", public.figures_json, name="figures_json"),
    path("impact/promotions.csv", public.promotions_csv, name="promotions_csv"),
    path("impact/promotions.json", public.promotions_json, name="promotions_json"),
    path("impact/chiffres.schema.json", public.figures_schema, name="figures_schema"),
    path("impact/promotions.schema.json", public.promotions_schema, name="promotions_schema"),
    path("donnees-ouvertes/", public.opendata_page, name="opendata"),
    # Alumni, from the link in the survey e-mail
    path("enquete-alumni/<str:token>/", survey.survey_answer, name="survey"),
    # The programme team
    path("equipe/pilotage/", staff.dashboard, name="staff_dashboard"),
]
